package io.vaultgate.reconcile;

import io.vaultgate.api.Reason;
import io.vaultgate.api.Severity;
import io.vaultgate.port.AzureFailure;
import java.time.Duration;

/**
 * A grant's Azure failure as its state and when to try again: by the failure's kind (retried with backoff, after
 * Retry-After, or slowly when a human must act), in Azure's own words and never with a token or credential.
 */
final class GrantFailures {

  /** The state to report and the delay before the next attempt. */
  record Verdict(CapabilityState state, Duration retry) {
  }

  private final ReconcileSettings settings;
  private final Backoff backoff;

  GrantFailures(ReconcileSettings settings, Backoff backoff) {
    this.settings = settings;
    this.backoff = backoff;
  }

  Verdict of(AzureFailure failure, String owner, String vault) {
    String azure = failure.code().isEmpty() ? failure.getMessage() : failure.code() + ": " + failure.getMessage();
    return switch (failure.kind()) {
      case NOT_FOUND -> retrying(Reason.VaultNotFound, "Key Vault " + vault + " was not found (" + azure + ")",
          settings.slowRetry());
      case AUTHORIZATION_FAILED -> new Verdict(CapabilityState.stalled("", Reason.AuthorizationFailed, "the Azure"
          + " identity of the grant's PrivateVaultAccess may not do what the grant needs"
          + " (Microsoft.KeyVault/vaults/read and /write on vault " + vault + ", and for the address check"
          + " Microsoft.Network/locations/serviceTags/read on its subscription): " + azure), settings.slowRetry());
      case THROTTLED -> {
        Duration after = failure.retryAfter().orElse(settings.slowRetry());
        yield retrying(Reason.Throttled, "Azure is throttling requests; retrying after " + after.toSeconds() + "s: "
            + azure, after);
      }
      case TRANSIENT -> retrying(Reason.AzureError, "Azure call failed, retrying: " + azure, backoff.next(owner));
      case REJECTED, ALREADY_EXISTS -> new Verdict(CapabilityState.stalled("", Reason.AzureError, "Azure rejected a"
          + " change for vault " + vault + ": " + azure), settings.slowRetry());
    };
  }

  private static Verdict retrying(Reason reason, String message, Duration retry) {
    return new Verdict(CapabilityState.retrying("", reason, Severity.Warning, message), retry);
  }
}
