package io.vaultgate.simulator.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.BearerToken;
import io.vaultgate.simulator.http.FrontDoor;
import io.vaultgate.simulator.http.RouteTable;
import io.vaultgate.simulator.http.SimJson;
import io.vaultgate.simulator.http.SimRequest;
import io.vaultgate.simulator.http.SimResponse;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Microsoft Graph's front door: Graph's wording of token and routing errors, its error body (with
 * {@code innerError}) and its correlation headers (the bearer token and routing are {@link FrontDoor}'s). Paths
 * start with {@code /v1.0/}; resource sets register their routes with {@link #route}.
 */
public final class GraphService extends FrontDoor {
  static final String NAME = "graph";
  /** What Graph sends with JSON; clients only need the media type. */
  static final String CONTENT_TYPE =
      "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";
  private static final String REQUEST_ID = "request-id";
  private static final String CLIENT_REQUEST_ID = "client-request-id";

  public GraphService(BearerToken token) {
    super(NAME, token);
  }

  void route(String method, String template, RouteTable.Handler handler) {
    routes().add(method, template, handler);
  }

  /** A JSON response with Graph's content type. */
  static SimResponse json(int status, JsonNode body) {
    return SimResponse.json(status, body).withHeaders(Map.of("Content-Type", CONTENT_TYPE));
  }

  /** The request body as a JSON object, or Graph's 400 for a missing, mistyped or malformed one. */
  static ObjectNode jsonBody(SimRequest request) {
    try {
      return SimJson.body(request);
    } catch (ApiError e) {
      throw new ApiError(400, "BadRequest", "Unable to read JSON request payload. Please ensure Content-Type header"
          + " is set and payload is of valid JSON format.");
    }
  }

  /** Graph names every token problem InvalidAuthenticationToken. */
  @Override
  protected ApiError tokenError(ApiError error) {
    return new ApiError(401, "InvalidAuthenticationToken", error.getMessage(), error.headers());
  }

  @Override
  protected ApiError noSuchRoute(SimRequest request) {
    return new ApiError(400, "BadRequest", "Resource not found for the segment '" + lastSegment(request.path())
        + "'.");
  }

  @Override
  protected ApiError methodNotAllowed(SimRequest request) {
    return new ApiError(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request uri.");
  }

  /** The body repeats the response's request ids. */
  @Override
  protected SimResponse errorBody(SimRequest request, ApiError error, Map<String, String> headers) {
    ObjectNode body = SimJson.object();
    ObjectNode err = body.putObject("error").put("code", error.code()).put("message", error.getMessage());
    err.putObject("innerError")
        .put("date", LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
            .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME))
        .put("request-id", headers.get(REQUEST_ID))
        .put("client-request-id", headers.get(CLIENT_REQUEST_ID));
    return json(error.status(), body);
  }

  /** A fresh request id; Graph echoes the client's id, or uses its own request id when the client sent none. */
  @Override
  protected Map<String, String> headers(SimRequest request) {
    String requestId = UUID.randomUUID().toString();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(REQUEST_ID, requestId);
    headers.put(CLIENT_REQUEST_ID, request.header(CLIENT_REQUEST_ID).orElse(requestId));
    return headers;
  }

  private static String lastSegment(String path) {
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }
}
