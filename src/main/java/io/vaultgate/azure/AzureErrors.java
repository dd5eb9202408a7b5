package io.vaultgate.azure;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * The one place that classifies Azure errors. Adapters pass every failure through {@link #classify} so that the
 * reconciler decides on kinds, never on status codes or exception types.
 */
public final class AzureErrors {

  private AzureErrors() {
  }

  public static AzureFailure classify(Throwable error) {
    if (error instanceof AzureFailure f) {
      return f;
    }
    if (error instanceof HttpResponseException e && e.getResponse() != null) {
      HttpResponse response = e.getResponse();
      int status = response.getStatusCode();
      String code = "";
      String message = e.getMessage();
      if (e instanceof ManagementException m && m.getValue() != null) {
        code = m.getValue().getCode() == null ? "" : m.getValue().getCode();
        message = m.getValue().getMessage() == null ? message : m.getValue().getMessage();
      }
      return new AzureFailure(kindOf(status), status, code, firstLine(message), retryAfter(response));
    }
    if (isConnectionFailure(error)) {
      return new AzureFailure(AzureFailure.Kind.TRANSIENT, 0, "", "connection to Azure failed: "
          + error.getClass().getSimpleName(), null);
    }
    return new AzureFailure(AzureFailure.Kind.TRANSIENT, 0, "", error.getClass().getSimpleName() + ": "
        + firstLine(error.getMessage()), null);
  }

  /** A reset, refused connection or timeout anywhere in the cause chain: worth retrying. */
  static boolean isConnectionFailure(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException || cause instanceof UncheckedIOException || cause instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }

  static AzureFailure.Kind kindOf(int status) {
    if (status == 404) {
      return AzureFailure.Kind.NOT_FOUND;
    }
    if (status == 401 || status == 403) {
      return AzureFailure.Kind.AUTHORIZATION_FAILED;
    }
    if (status == 429) {
      return AzureFailure.Kind.THROTTLED;
    }
    if (status == 408 || status >= 500) {
      return AzureFailure.Kind.TRANSIENT;
    }
    return AzureFailure.Kind.REJECTED;
  }

  /** Retry-After in seconds (ARM's form) or x-ms-retry-after-ms. */
  static Duration retryAfter(HttpResponse response) {
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
