package io.vaultgate.port;

import java.time.Duration;
import java.util.Optional;

/**
 * An Azure, Microsoft Graph or Azure DevOps call that failed, already classified (by the HTTP layer's one error
 * classifier) into what the reconciler should do about it. The message is the service's own error text, which never
 * contains a token or credential. A programming error is never an {@code AzureFailure}.
 */
public final class AzureFailure extends RuntimeException {

  public enum Kind {
    /** 404: the resource is gone or not there yet. Retried slowly. */
    NOT_FOUND,
    /** 401/403: the operator's identity lacks a permission. Needs a human; retried slowly. */
    AUTHORIZATION_FAILED,
    /** 429 after the client's own retries: come back after Retry-After. */
    THROTTLED,
    /** 5xx, resets, timeouts after the client's own retries: retried with backoff. */
    TRANSIENT,
    /** Any other 4xx: Azure refused the request as made. Needs a human. */
    REJECTED,
    /** What was asked for exists already (e.g. {@code RoleAssignmentExists}): the caller decides what that means. */
    ALREADY_EXISTS
  }

  private final Kind kind;
  private final int statusCode;
  private final String code;
  private final Duration retryAfter;

  public AzureFailure(Kind kind, int statusCode, String code, String message, Duration retryAfter) {
    super(message, null, false, false);
    this.kind = kind;
    this.statusCode = statusCode;
    this.code = code;
    this.retryAfter = retryAfter;
  }

  public Kind kind() {
    return kind;
  }

  public int statusCode() {
    return statusCode;
  }

  /** Azure's error code, e.g. {@code AuthorizationFailed}; empty string when there was no response. */
  public String code() {
    return code;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
