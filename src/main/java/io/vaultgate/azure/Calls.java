package io.vaultgate.azure;

import io.vaultgate.http.ErrorClassifier;
import io.vaultgate.port.AzureFailure;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How the adapters call the SDK: every failure classified once, "not found" read as an empty result where asked. */
final class Calls {

  /** A user-assigned managed identity's id: subscription, resource group, name. */
  private static final Pattern USER_ASSIGNED = Pattern.compile(
      "^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.ManagedIdentity/userAssignedIdentities/"
          + "([^/]+)$", Pattern.CASE_INSENSITIVE);

  private Calls() {
  }

  static <T> T call(Supplier<T> request) {
    try {
      return request.get();
    } catch (RuntimeException e) {
      throw ErrorClassifier.classify(e);
    }
  }

  static void run(Runnable request) {
    call(() -> {
      request.run();
      return null;
    });
  }

  /** Empty for a 404. */
  static <T> Optional<T> found(Supplier<T> read) {
    try {
      return Optional.ofNullable(read.get());
    } catch (RuntimeException e) {
      AzureFailure failure = ErrorClassifier.classify(e);
      if (failure.kind() == AzureFailure.Kind.NOT_FOUND) {
        return Optional.empty();
      }
      throw failure;
    }
  }

  /** A delete: one that finds nothing to delete has nothing left to do. */
  static void delete(Runnable request) {
    found(() -> {
      request.run();
      return Boolean.TRUE;
    });
  }

  /** The parts of a user-assigned identity's id, or empty when it is not one. */
  static Optional<Matcher> userAssigned(String resourceId) {
    Matcher m = USER_ASSIGNED.matcher(resourceId);
    return m.matches() ? Optional.of(m) : Optional.empty();
  }
}
