package io.vaultgate.simulator;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** The access token every request must carry as {@code Authorization: Bearer <value>}; random per simulator. */
record BearerToken(String value) {

  static BearerToken random() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return new BearerToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /** Empty when the request is authenticated; otherwise the 401 ARM would answer. */
  Optional<ApiError> check(SimRequest request) {
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
