package io.vaultgate.simulator.http;

import java.util.Map;

/**
 * A failure that a simulated service reports to its caller as an error response (status, code and message, in
 * the service's own error format). The state API throws it too, so "another administrator" meets the same
 * validation as a REST client.
 */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final Map<String, String> headers;

  public ApiError(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  public ApiError(int status, String code, String message, Map<String, String> headers) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = Map.copyOf(headers);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** Extra response headers, e.g. {@code Retry-After}. */
  public Map<String, String> headers() {
    return headers;
  }

  public static ApiError badRequest(String message) {
    return new ApiError(400, "BadRequest", message);
  }

  /** 405 in the words ARM and Azure DevOps share, under the service's own code. */
  public static ApiError unsupportedMethod(String code, SimRequest request) {
    return new ApiError(405, code, "The requested resource does not support http method '" + request.method()
        + "'.");
  }

  public static ApiError invalidContent(String detail) {
    return new ApiError(400, "InvalidRequestContent",
        "The request content was invalid and could not be deserialized: '" + detail + "'.");
  }
}
