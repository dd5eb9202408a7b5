package io.vaultgate.http;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementException;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.vaultgate.port.AzureFailure;
import io.vaultgate.port.AzureFailure.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * The one classification of Azure, Microsoft Graph and Azure DevOps errors: by the service's error code first (one
 * table), by HTTP status second. Adapters pass every failure through {@link #classify}, so that the reconciler decides
 * on kinds, never on codes, statuses or exception types.
 *
 * <p>It classifies only what the services answered (or a connection that failed). Anything else is a bug in
 * vaultgate or a library, and is rethrown as it is: it must never pass for a transient Azure error and be retried
 * quietly for ever.
 */
public final class ErrorClassifier {

  /**
   * Error codes whose meaning differs from their status, or matters more: a 409 may be a conflict worth retrying or
   * an assignment that already exists. Sources: Azure Resource Manager's common error codes
   * (learn.microsoft.com/azure/azure-resource-manager/troubleshooting/common-deployment-errors), the role assignment
   * troubleshooting page, Microsoft Graph's error responses and Azure DevOps' service connection API.
   */
  private static final Map<String, Kind> BY_CODE = Map.ofEntries(
      // another operation holds the resource: it will finish, then the same request succeeds
      Map.entry("Conflict", Kind.TRANSIENT),
      Map.entry("AnotherOperationInProgress", Kind.TRANSIENT),
      Map.entry("RetryableErrorDueToAnotherOperation", Kind.TRANSIENT),
      Map.entry("RetryableError", Kind.TRANSIENT),
      // a principal created moments ago has not replicated yet
      Map.entry("PrincipalNotFound", Kind.TRANSIENT),
      Map.entry("InternalServerError", Kind.TRANSIENT),
      Map.entry("ServiceUnavailable", Kind.TRANSIENT),
      Map.entry("GatewayTimeout", Kind.TRANSIENT),
      // the operator's identity may not do it: a human grants the permission
      Map.entry("AuthorizationFailed", Kind.AUTHORIZATION_FAILED),
      Map.entry("LinkedAuthorizationFailed", Kind.AUTHORIZATION_FAILED),
      Map.entry("AuthenticationFailed", Kind.AUTHORIZATION_FAILED),
      Map.entry("InvalidAuthenticationToken", Kind.AUTHORIZATION_FAILED),
      Map.entry("Authorization_RequestDenied", Kind.AUTHORIZATION_FAILED),
      Map.entry("ForbiddenByPolicy", Kind.AUTHORIZATION_FAILED),
      Map.entry("RequestDisallowedByPolicy", Kind.REJECTED),
      Map.entry("TooManyRequests", Kind.THROTTLED),
      Map.entry("SubscriptionRequestsThrottled", Kind.THROTTLED),
      Map.entry("ResourceNotFound", Kind.NOT_FOUND),
      Map.entry("ResourceGroupNotFound", Kind.NOT_FOUND),
      Map.entry("SubscriptionNotFound", Kind.NOT_FOUND),
      Map.entry("ParentResourceNotFound", Kind.NOT_FOUND),
      Map.entry("Request_ResourceNotFound", Kind.NOT_FOUND),
      // what was asked for is already there, granted by someone else: the need is met
      Map.entry("RoleAssignmentExists", Kind.ALREADY_EXISTS),
      Map.entry("DuplicateServiceConnectionException", Kind.ALREADY_EXISTS));

  private ErrorClassifier() {
  }

  /**
   * The Azure failure an exception stands for.
   *
   * @throws RuntimeException the error itself when it is not an Azure failure (a programming error)
   */
  public static AzureFailure classify(RuntimeException error) {
    if (error instanceof AzureFailure f) {
      return f;
    }
    if (error instanceof ClientAuthenticationException e && e.getResponse() == null) {
      // Microsoft Entra refused the sign-in (bad secret, missing federation): Entra's message, no credential
      return new AzureFailure(Kind.AUTHORIZATION_FAILED, 401, "AuthenticationFailed",
          "sign-in to Microsoft Entra failed: " + firstLine(e.getMessage()), null);
    }
    if (error instanceof HttpResponseException e && e.getResponse() != null) {
      HttpResponse response = e.getResponse();
      String code = "";
      String message = e.getMessage();
      if (e instanceof ManagementException m && m.getValue() != null) {
        code = m.getValue().getCode() == null ? "" : m.getValue().getCode();
        message = m.getValue().getMessage() == null ? message : m.getValue().getMessage();
      }
      return failure(response.getStatusCode(), code, firstLine(message), retryAfter(response));
    }
    if (isConnectionFailure(error)) {
      return new AzureFailure(Kind.TRANSIENT, 0, "", "connection to Azure failed: "
          + error.getClass().getSimpleName(), null);
    }
    throw error;
  }

  /** A failure from an answer: status, the service's error code and message. */
  public static AzureFailure failure(int status, String code, String message, Duration retryAfter) {
    return new AzureFailure(kindOf(status, code), status, code, message, retryAfter);
  }

  /** The table, then the status. */
  public static Kind kindOf(int status, String code) {
    return Optional.ofNullable(BY_CODE.get(code)).orElseGet(() -> kindOf(status));
  }

  /**
   * By status alone: what the HTTP pipeline's retry policy goes by, as it decides before the body is read.
   */
  public static Kind kindOf(int status) {
    if (status == 404) {
      return Kind.NOT_FOUND;
    }
    if (status == 401 || status == 403) {
      return Kind.AUTHORIZATION_FAILED;
    }
    if (status == 429) {
      return Kind.THROTTLED;
    }
    if (status == 408 || status >= 500) {
      return Kind.TRANSIENT;
    }
    return Kind.REJECTED;
  }

  /**
   * A reset, refused connection or timeout anywhere in the cause chain: worth retrying. A body that does not parse
   * is not one of them, though Jackson's parse errors are IOExceptions.
   */
  public static boolean isConnectionFailure(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof JsonProcessingException) {
        return false;
      }
    }
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException || cause instanceof UncheckedIOException || cause instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }

  /** Retry-After in seconds (ARM's form) or x-ms-retry-after-ms. */
  public static Duration retryAfter(HttpResponse response) {
    String ms = response.getHeaderValue(HttpHeaderName.X_MS_RETRY_AFTER_MS);
    String seconds = response.getHeaderValue(HttpHeaderName.RETRY_AFTER);
    try {
      if (ms != null) {
        return Duration.ofMillis(Long.parseLong(ms.trim()));
      }
      if (seconds != null) {
        return Duration.ofSeconds(Long.parseLong(seconds.trim()));
      }
    } catch (NumberFormatException e) {
      return null;
    }
    return null;
  }

  /** SDK messages append the whole response on later lines; the first line is Azure's own sentence. */
  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
