package io.vaultgate.simulator.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultgate.simulator.arm.ArmService;
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.BearerToken;
import io.vaultgate.simulator.http.RouteTable;
import io.vaultgate.simulator.http.SimJson;
import io.vaultgate.simulator.http.SimRequest;
import io.vaultgate.simulator.http.SimResponse;
import io.vaultgate.simulator.http.SimulatedService;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Microsoft Graph's front door: bearer authentication, Graph's error body (with {@code innerError}) and its
 * correlation headers. Paths start with {@code /v1.0/}; resource sets register their routes with {@link #route}.
 */
public final class GraphService implements SimulatedService {
  static final String NAME = "graph";
  /** What Graph sends with JSON; clients only need the media type. */
  static final String CONTENT_TYPE =
      "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

  private final BearerToken token;
  private final RouteTable routes = new RouteTable();

  public GraphService(BearerToken token) {
    this.token = token;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RouteTable routes() {
    return routes;
  }

  void route(String method, String template, RouteTable.Handler handler) {
    routes.add(method, template, handler);
  }

  /** A JSON response with Graph's content type. */
  static SimResponse json(int status, JsonNode body) {
    return SimResponse.json(status, body).withHeaders(Map.of("Content-Type", CONTENT_TYPE));
  }

  /** The request body as a JSON object, or Graph's 400 for a missing, mistyped or malformed one. */
  static ObjectNode jsonBody(SimRequest request) {
    try {
      return ArmService.jsonBody(request);
    } catch (ApiError e) {
      throw new ApiError(400, "BadRequest", "Unable to read JSON request payload. Please ensure Content-Type header"
          + " is set and payload is of valid JSON format.");
    }
  }

  @Override
  public SimResponse handle(SimRequest request) {
    try {
      // Graph names every token problem InvalidAuthenticationToken.
      token.check(request).ifPresent(e -> {
        throw new ApiError(401, "InvalidAuthenticationToken", e.getMessage(), e.headers());
      });
      RouteTable.Match match = routes.match(request.method(), request.path())
          .orElseThrow(() -> new ApiError(400, "BadRequest", "Resource not found for the segment '"
              + lastSegment(request.path()) + "'."));
      RouteTable.Route route = match.route().orElseThrow(() -> new ApiError(405, "Request_BadRequest",
          "Specified HTTP method is not allowed for the request uri."));
      String requestId = UUID.randomUUID().toString();
      return route.handler().handle(request).withHeaders(graphHeaders(request, requestId));
    } catch (ApiError e) {
      return error(request, e);
    }
  }

  @Override
  public SimResponse error(SimRequest request, ApiError error) {
    String requestId = UUID.randomUUID().toString();
    ObjectNode body = SimJson.object();
    ObjectNode err = body.putObject("error").put("code", error.code()).put("message", error.getMessage());
    err.putObject("innerError")
        .put("date", LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
            .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME))
        .put("request-id", requestId)
        .put("client-request-id", clientRequestId(request, requestId));
    return json(error.status(), body).withHeaders(error.headers()).withHeaders(graphHeaders(request, requestId));
  }

  private static Map<String, String> graphHeaders(SimRequest request, String requestId) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("request-id", requestId);
    headers.put("client-request-id", clientRequestId(request, requestId));
    return headers;
  }

  /** Graph echoes the client's id, or uses its own request id when the client sent none. */
  private static String clientRequestId(SimRequest request, String requestId) {
    return request.header("client-request-id").orElse(requestId);
  }

  private static String lastSegment(String path) {
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }
}
