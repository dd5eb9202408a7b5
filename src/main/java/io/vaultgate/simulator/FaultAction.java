package io.vaultgate.simulator;

import io.vaultgate.simulator.http.BearerToken;
import io.vaultgate.simulator.http.SimRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;

/** What an injected fault does to a request it matches. */
public sealed interface FaultAction {
  /** The caller named in {@link #authorizationFailed()} messages: whom the bearer token stands for. */
  String DEFAULT_CLIENT_ID = BearerToken.CALLER_CLIENT_ID;
  String DEFAULT_OBJECT_ID = BearerToken.CALLER_OBJECT_ID;

  /**
   * Answer with an error in the service's own format instead of serving the request.
   *
   * @param message the error message, computed from the request (so it can name the path or action)
   * @param headers extra response headers, e.g. {@code Retry-After}
   */
  record Respond(int status, String code, Function<SimRequest, String> message, Map<String, String> headers)
      implements FaultAction {
    public Respond {
      headers = Map.copyOf(headers);
    }
  }

  /**
   * Close the connection without sending any response; the client sees an {@link java.io.IOException}. Note
   * that the JDK's HttpClient silently retries a GET once when its connection closes before any response byte,
   * so it takes two resets in a row to fail a GET there.
   */
  record Reset() implements FaultAction {
  }

  /** Wait, then serve the request normally. */
  record Delay(Duration duration) implements FaultAction {
  }

  /**
   * Serve the request (its change of state happens), then close the connection without sending the response, as
   * when a response is lost on the way back. The JDK's HttpClient retries a GET once after such a close, as after a
   * {@link Reset}.
   */
  record LoseResponse() implements FaultAction {
  }

  static FaultAction respond(int status, String code, String message) {
    return respond(status, code, message, Map.of());
  }

  static FaultAction respond(int status, String code, String message, Map<String, String> headers) {
    return new Respond(status, code, request -> message, headers);
  }

  /**
   * An error of any 4xx or 5xx status, under the code Azure uses for it, with {@code Retry-After} (seconds) when
   * given: 429 is {@link #tooManyRequests}, 5xx {@link #serverError}.
   */
  static FaultAction status(int status, OptionalLong retryAfterSeconds) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("not an error status: " + status);
    }
    if (status == 429 && retryAfterSeconds.isPresent()) {
      return tooManyRequests(retryAfterSeconds.getAsLong());
    }
    Respond error = (Respond) (status >= 500 ? serverError(status) : respond(status, clientErrorCode(status),
        status == 429 ? "Too many requests. Please try again later." : "The request failed."));
    Map<String, String> headers = new HashMap<>(error.headers());
    retryAfterSeconds.ifPresent(seconds -> headers.put("Retry-After", Long.toString(seconds)));
    return new Respond(error.status(), error.code(), error.message(), headers);
  }

  /** ARM throttling: 429 with {@code Retry-After} (seconds). */
  static FaultAction tooManyRequests(long retryAfterSeconds) {
    return new Respond(429, "TooManyRequests",
        request -> "Number of '" + (request.method().equals("GET") ? "read" : "write")
            + "' requests exceeded. Please try again after '" + retryAfterSeconds
            + "' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling",
        Map.of("Retry-After", Long.toString(retryAfterSeconds)));
  }

  /** A 5xx answer with the code ARM uses for that status. */
  static FaultAction serverError(int status) {
    if (status < 500 || status > 599) {
      throw new IllegalArgumentException("not a server error status: " + status);
    }
    return switch (status) {
      case 500 -> respond(500, "InternalServerError",
          "An internal server error occurred. Please retry the request.");
      case 502 -> respond(502, "BadGateway",
          "The gateway received an invalid response. Please retry the request.");
      case 503 -> respond(503, "ServiceUnavailable",
          "The service is currently unavailable. Please retry the request.");
      case 504 -> respond(504, "GatewayTimeout",
          "The gateway did not receive a response within the specified time period.");
      default -> respond(status, "ServerError", "The server failed to process the request.");
    };
  }

  /** 403 {@code AuthorizationFailed} naming the ARM action and scope of the request, as ARM words it. */
  static FaultAction authorizationFailed() {
    return authorizationFailed(DEFAULT_CLIENT_ID, DEFAULT_OBJECT_ID);
  }

  static FaultAction authorizationFailed(String clientId, String objectId) {
    return new Respond(403, "AuthorizationFailed",
        request -> "The client '" + clientId + "' with object id '" + objectId
            + "' does not have authorization to perform action '" + armAction(request)
            + "' over scope '" + request.path() + "' or the scope is invalid. If access was recently"
            + " granted, please refresh your credentials.",
        Map.of());
  }

  private static String clientErrorCode(int status) {
    return switch (status) {
      case 400 -> "BadRequest";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "NotFound";
      case 408 -> "RequestTimeout";
      case 409 -> "Conflict";
      case 412 -> "PreconditionFailed";
      case 429 -> "TooManyRequests";
      default -> "ClientError";
    };
  }

  static FaultAction reset() {
    return new Reset();
  }

  static FaultAction latency(Duration duration) {
    return new Delay(duration);
  }

  static FaultAction loseResponse() {
    return new LoseResponse();
  }

  /**
   * The ARM permission a request needs, e.g. {@code Microsoft.KeyVault/vaults/write}: the provider namespace,
   * then every resource type after it (the segments at odd offsets), then read, write or delete.
   */
  private static String armAction(SimRequest request) {
    String[] segments = request.path().split("/");
    String type = "Microsoft.Resources/subscriptions/resourceGroups";
    for (int i = segments.length - 2; i >= 0; i--) {
      if (segments[i].equalsIgnoreCase("providers")) {
        StringBuilder b = new StringBuilder(segments[i + 1]);
        for (int t = i + 2; t < segments.length; t += 2) {
          b.append('/').append(segments[t]);
        }
        type = b.toString();
        break;
      }
    }
    String verb = switch (request.method()) {
      case "GET", "HEAD" -> "read";
      case "DELETE" -> "delete";
      case "POST" -> "action";
      default -> "write";
    };
    return type + "/" + verb;
  }
}
