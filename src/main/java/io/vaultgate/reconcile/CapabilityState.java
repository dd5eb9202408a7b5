package io.vaultgate.reconcile;

import io.vaultgate.api.Reason;
import io.vaultgate.api.Severity;
import java.util.List;

/**
 * The state of one requested capability (firewall, secret access, ...), which becomes its own condition, and from
 * which {@link ConditionWriter} derives {@code Ready}, {@code Reconciling} and {@code Stalled}.
 *
 * @param reconciling work is in progress or being retried
 * @param stalled it cannot progress without a human
 */
record CapabilityState(String type, boolean ready, Reason reason, Severity severity, String message,
    boolean reconciling, boolean stalled) {

  static CapabilityState ready(String type, Reason reason, String message) {
    return new CapabilityState(type, true, reason, Severity.Info, message, false, false);
  }

  /** Progressing or retrying: may heal by itself. */
  static CapabilityState retrying(String type, Reason reason, Severity severity, String message) {
    return new CapabilityState(type, false, reason, severity, message, true, false);
  }

  /** Needs a human. */
  static CapabilityState stalled(String type, Reason reason, String message) {
    return new CapabilityState(type, false, reason, Severity.Error, message, false, true);
  }

  /** Not ready and not working on it: Plan mode, or the skip policy reporting drift. */
  static CapabilityState waiting(String type, Reason reason, Severity severity, String message) {
    return new CapabilityState(type, false, reason, severity, message, false, false);
  }

  /** The same state for another condition type. */
  CapabilityState as(String otherType) {
    return new CapabilityState(otherType, ready, reason, severity, message, reconciling, stalled);
  }

  /** The same state in other words. */
  CapabilityState withMessage(String otherMessage) {
    return new CapabilityState(type, ready, reason, severity, otherMessage, reconciling, stalled);
  }

  /** The same state for every type in the list, e.g. when the vault itself could not be read. */
  static List<CapabilityState> all(List<String> types, CapabilityState template) {
    return types.stream().map(template::as).toList();
  }
}
