package io.vaultgate.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * JSON over an azure-core {@link HttpPipeline}, for the REST APIs without a Java management library (Azure DevOps,
 * Microsoft Graph federated credentials). The pipeline brings the same retry, authentication and logging stack as
 * the Azure SDK clients; failures come out as {@link AzureFailure}, classified in {@link AzureErrors}.
 */
public final class RestCalls {

  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpPipeline pipeline;

  public RestCalls(HttpPipeline pipeline) {
    this.pipeline = pipeline;
  }

  /** The JSON body of a 2xx answer (missing node when empty); 404 is empty; other statuses throw. */
  public Optional<JsonNode> send(HttpMethod method, String url, JsonNode body, Map<String, String> headers) {
    HttpRequest request = new HttpRequest(method, url);
    request.setHeader(HttpHeaderName.ACCEPT, "application/json");
    headers.forEach(request::setHeader);
    if (body != null) {
      request.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json");
      request.setBody(body.toString());
    }
    try (HttpResponse response = pipeline.sendSync(request, Context.NONE)) {
      int status = response.getStatusCode();
      String text = response.getBodyAsBinaryData() == null ? "" : response.getBodyAsBinaryData().toString();
      if (status == 404) {
        return Optional.empty();
      }
      if (status >= 400) {
        throw failure(status, text, response);
      }
      return Optional.of(text.isBlank() ? MissingNode.getInstance() : JSON.readTree(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      throw AzureErrors.classify(e);
    }
  }

  public Optional<JsonNode> get(String url) {
    return send(HttpMethod.GET, url, null, Map.of());
  }

  /** A failure whose code and message come from the body: Azure DevOps ({@code typeKey}) or Graph/ARM ({@code error}). */
  private static AzureFailure failure(int status, String text, HttpResponse response) {
    String code = "";
    String message = "HTTP " + status;
    try {
      JsonNode body = text.isBlank() ? MissingNode.getInstance() : JSON.readTree(text);
      if (body.has("error")) {
        code = body.path("error").path("code").asText("");
        message = body.path("error").path("message").asText(message);
      } else if (body.has("message")) {
        code = body.path("typeKey").asText("");
        message = body.path("message").asText(message);
      }
    } catch (IOException e) {
      // not JSON (e.g. a sign-in page): keep the status line
    }
    return new AzureFailure(AzureErrors.kindOf(status), status, code, message, AzureErrors.retryAfter(response));
  }
}
