package io.vaultgate.simulator.http;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** The access token every request must carry as {@code Authorization: Bearer <value>}; random per simulator. */
public record BearerToken(String value) {
  /** Whom the token stands for: the caller's application (client) id, as ARM names it in its 403s. */
  public static final String CALLER_CLIENT_ID = "5b6e7a0c-1d2f-4e3a-9b8c-7d6e5f4a3b2c";
  /** The caller's object id, which the services record as creator (role assignments, Azure DevOps resources). */
  public static final String CALLER_OBJECT_ID = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";

  public static BearerToken random() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return new BearerToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /** Empty when the request is authenticated; otherwise the 401 ARM would answer. */
  public Optional<ApiError> check(SimRequest request) {
    Optional<String> header = request.header("Authorization");
    if (header.isEmpty()) {
      return Optional.of(unauthorized("AuthenticationFailed",
          "Authentication failed. The 'Authorization' header is missing."));
    }
    String[] parts = header.get().trim().split("\\s+", 2);
    if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
      return Optional.of(unauthorized("AuthenticationFailed",
          "Authentication failed. The 'Authorization' header is provided in an invalid format."));
    }
    if (!parts[1].equals(value)) {
      return Optional.of(unauthorized("InvalidAuthenticationToken", "The access token is invalid."));
    }
    return Optional.empty();
  }

  private static ApiError unauthorized(String code, String message) {
    return new ApiError(401, code, message, Map.of("WWW-Authenticate",
        "Bearer authorization_uri=\"https://login.microsoftonline.com/common\", error=\"invalid_token\","
            + " error_description=\"" + message + "\""));
  }
}
