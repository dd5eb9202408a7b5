package io.vaultgate.http;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.vaultgate.port.AzureFailure;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * JSON over an azure-core {@link HttpPipeline}, for the REST APIs without a Java management library (Azure DevOps,
 * Microsoft Graph federated credentials, long-running operation status). The pipeline brings the same retry,
 * authentication and metrics stack as the Azure SDK clients; failures come out as {@link AzureFailure}, classified
 * by {@link ErrorClassifier}. A success whose body is not JSON is not an Azure failure but a broken contract, and
 * says so.
 */
public final class RestCalls {

  public static final ObjectMapper JSON = new ObjectMapper();

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
    int status;
    String text;
    try (HttpResponse response = pipeline.sendSync(request, Context.NONE)) {
      status = response.getStatusCode();
      text = response.getBodyAsBinaryData() == null ? "" : response.getBodyAsBinaryData().toString();
      if (status >= 400 && status != 404) {
        throw failure(status, text, response);
      }
    } catch (RuntimeException e) {
      throw ErrorClassifier.classify(e);
    }
    if (status == 404) {
      return Optional.empty();
    }
    return Optional.of(text.isBlank() ? MissingNode.getInstance() : parse(method, url, status, text));
  }

  public Optional<JsonNode> get(String url) {
    return send(HttpMethod.GET, url, null, Map.of());
  }

  /** A path segment or query value, percent-encoded (spaces as %20, as the services expect). */
  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static JsonNode parse(HttpMethod method, String url, int status, String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      // the path only: a query string may carry nothing secret, but a body might
      throw new IllegalStateException(method + " " + url.replaceFirst("\\?.*", "") + " answered " + status
          + " with a body that is not JSON", e);
    }
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
    } catch (JsonProcessingException e) {
      // not JSON (e.g. a sign-in page): keep the status line
    }
    return ErrorClassifier.failure(status, code, message, ErrorClassifier.retryAfter(response));
  }
}
