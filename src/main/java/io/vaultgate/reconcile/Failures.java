package io.vaultgate.reconcile;

import io.vaultgate.api.Condition;
import io.vaultgate.api.Conditions;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.PrivateVaultAccessStatus;
import io.vaultgate.api.Reason;
import io.vaultgate.api.Severity;
import io.vaultgate.model.DesiredAccess;
import io.vaultgate.model.VaultId;
import io.vaultgate.port.AzureFailure;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Turns what stopped a reconcile into its verdict: an Azure failure by its kind (retried with backoff, after
 * Retry-After, or slowly when a human must act), a spec or policy that needs a human, or an unexpected error in
 * vaultgate itself. Every capability the spec asks for gets the same condition. Messages carry Azure's own words and
 * never a token or credential.
 */
final class Failures {

  private final ReconcileSettings settings;
  private final Backoff backoff;
  private final Clock clock;

  Failures(ReconcileSettings settings, Backoff backoff, Clock clock) {
    this.settings = settings;
    this.backoff = backoff;
    this.clock = clock;
  }

  /** @param status the status built so far (ledgers of what did get done are kept) */
  Verdict azure(PrivateVaultAccess resource, PrivateVaultAccessStatus status, DesiredAccess access,
      AzureFailure failure) {
    String azure = failure.code().isEmpty() ? failure.getMessage() : failure.code() + ": " + failure.getMessage();
    String vault = access.vault().name();
    return switch (failure.kind()) {
      case NOT_FOUND -> retrying(resource, status, access, Reason.VaultNotFound, "Key Vault " + access.vault()
          + " was not found (" + azure + ")", settings.slowRetry());
      case AUTHORIZATION_FAILED -> stalled(resource, status, Reason.AuthorizationFailed, "the operator's Azure"
          + " identity may not do what vault " + vault + " needs (firewall: Microsoft.KeyVault/vaults/read and"
          + " /write; secret access: also Microsoft.Authorization/roleAssignments/read, /write and /delete on RBAC"
          + " vaults, and Microsoft Graph Application.Read.All for app registrations): " + azure, true);
      case THROTTLED -> {
        Duration after = failure.retryAfter().orElse(settings.slowRetry());
        yield retrying(resource, status, access, Reason.Throttled, "Azure is throttling requests; retrying after "
            + after.toSeconds() + "s: " + azure, after);
      }
      case TRANSIENT -> retrying(resource, status, access, Reason.AzureError, "Azure call failed, retrying: "
          + azure, backoff.next(Resources.ownerOf(resource)));
      case REJECTED, ALREADY_EXISTS -> stalled(resource, status, Reason.AzureError, "Azure rejected a change for"
          + " vault " + vault + ": " + azure, true);
    };
  }

  /**
   * Needs a human. Retried slowly when Azure said no (permissions may be granted); not at all for a bad spec, and
   * then its Event is not repeated while the message stays the same.
   */
  Verdict stalled(PrivateVaultAccess resource, PrivateVaultAccessStatus previous, Reason reason, String message,
      boolean retry) {
    List<Notice> events = message.equals(readyMessage(previous)) && !retry ? List.of()
        : List.of(Notice.failure(reason, message));
    return new Verdict(unchanged(resource, previous, CapabilityState.stalled("", reason, message)), events,
        retry ? Optional.of(settings.slowRetry()) : Optional.empty());
  }

  /**
   * A prerequisite is missing ({@link Prerequisites}): nothing was written, the ledger stays as it was, every
   * condition says what is missing, and it is looked for again slowly. Its Event is not repeated while the message
   * stays the same.
   */
  Verdict held(PrivateVaultAccess resource, PrivateVaultAccessStatus previous, CapabilityState missing) {
    List<Notice> events = missing.message().equals(readyMessage(previous)) ? List.of()
        : List.of(Notice.failure(missing.reason(), missing.message()));
    return new Verdict(unchanged(resource, previous, missing), events, Optional.of(settings.slowRetry()));
  }

  /** The previous status with its ledgers as they were, for this generation, every condition in one state. */
  private PrivateVaultAccessStatus unchanged(PrivateVaultAccess resource, PrivateVaultAccessStatus previous,
      CapabilityState state) {
    PrivateVaultAccessStatus next = Statuses.copyOf(previous);
    next.observedGeneration = Resources.generation(resource);
    next.vaultName = Resources.vaultOf(resource).map(VaultId::name).orElse(previous.vaultName);
    next.conditions = conditions(resource, previous, state);
    return next;
  }

  /**
   * A bug in vaultgate or a library, not Azure's doing: Ready=False with reason InternalError, naming the exception
   * and where it was thrown (the stack trace is in the operator's log). JOSDK's retry policy decides when to try
   * again.
   */
  PrivateVaultAccessStatus internalError(PrivateVaultAccess resource, Exception error) {
    PrivateVaultAccessStatus previous = Resources.statusOf(resource);
    PrivateVaultAccessStatus next = Statuses.copyOf(previous);
    next.observedGeneration = Resources.generation(resource);
    next.conditions = conditions(resource, previous, CapabilityState.stalled("", Reason.InternalError,
        "internal error in vaultgate (" + where(error) + "), retrying; the operator's log has the details"));
    return next;
  }

  /**
   * The exception's type and where it was thrown, but not its message: a library's message may quote a response
   * body, and status and Events must never carry what Azure sent.
   */
  static String where(Exception thrown) {
    Throwable error = thrown;
    while (error.getCause() != null && error.getCause() != error) {
      error = error.getCause(); // the root: the Operator SDK wraps what the reconcile threw
    }
    StackTraceElement[] trace = error.getStackTrace();
    return error.getClass().getSimpleName() + (trace.length == 0 ? "" : " at " + trace[0].getClassName() + "."
        + trace[0].getMethodName() + (trace[0].getLineNumber() > 0 ? ":" + trace[0].getLineNumber() : ""));
  }

  private Verdict retrying(PrivateVaultAccess resource, PrivateVaultAccessStatus status, DesiredAccess access,
      Reason reason, String message, Duration retryAfter) {
    PrivateVaultAccessStatus next = Statuses.next(status, Resources.generation(resource), access);
    next.conditions = conditions(resource, status, CapabilityState.retrying("", reason, Severity.Warning, message));
    return new Verdict(next, List.of(Notice.failure(reason, message)), Optional.of(retryAfter));
  }

  /** The same state for every capability the spec asks for, with kstatus's conditions derived from them. */
  private List<Condition> conditions(PrivateVaultAccess resource, PrivateVaultAccessStatus previous,
      CapabilityState template) {
    return ConditionWriter.conditions(previous.conditions, CapabilityState.all(SpecMapping.conditionTypes(resource),
        template), Resources.generation(resource), clock.instant());
  }

  static String readyMessage(PrivateVaultAccessStatus s) {
    Condition ready = Conditions.find(s.conditions, Conditions.READY);
    return ready == null ? null : ready.message;
  }
}
