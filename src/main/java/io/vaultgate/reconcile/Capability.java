package io.vaultgate.reconcile;

import io.vaultgate.api.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The state of one requested capability (firewall, secret access, ...), which becomes its own condition; the
 * kstatus conditions {@code Ready}, {@code Reconciling} and {@code Stalled} are derived from all of them here, and
 * only here.
 *
 * @param reconciling work is in progress or being retried
 * @param stalled it cannot progress without a human
 */
record Capability(String type, boolean ready, Reason reason, Severity severity, String message, boolean reconciling,
    boolean stalled) {

  static Capability ready(String type, Reason reason, String message) {
    return new Capability(type, true, reason, Severity.Info, message, false, false);
  }

  /** Progressing or retrying: may heal by itself. */
  static Capability retrying(String type, Reason reason, Severity severity, String message) {
    return new Capability(type, false, reason, severity, message, true, false);
  }

  /** Needs a human. */
  static Capability stalled(String type, Reason reason, String message) {
    return new Capability(type, false, reason, Severity.Error, message, false, true);
  }

  /** Not ready and not working on it: Plan mode, or the skip policy reporting drift. */
  static Capability waiting(String type, Reason reason, Severity severity, String message) {
    return new Capability(type, false, reason, severity, message, false, false);
  }

  /** The same failure for every capability in the list, e.g. when the vault itself could not be read. */
  static List<Capability> all(List<String> types, Capability template) {
    return types.stream().map(t -> new Capability(t, template.ready, template.reason, template.severity,
        template.message, template.reconciling, template.stalled)).toList();
  }

  static List<Condition> conditions(List<Condition> previous, List<Capability> capabilities, long generation,
      Instant now) {
    List<Capability> notReady = capabilities.stream().filter(c -> !c.ready).toList();
    boolean ready = notReady.isEmpty();
    Capability lead = ready ? capabilities.get(0) : notReady.stream()
        .sorted(Comparator.comparing((Capability c) -> !c.stalled).thenComparing(c -> !c.reconciling))
        .findFirst().orElseThrow();
    String message = (ready ? capabilities : notReady).stream().map(Capability::message).distinct()
        .collect(Collectors.joining("; "));
    boolean stalled = capabilities.stream().anyMatch(Capability::stalled);
    boolean reconciling = capabilities.stream().anyMatch(Capability::reconciling);
    List<Conditions.Desired> desired = new ArrayList<>();
    desired.add(new Conditions.Desired(Conditions.READY, ready, lead.reason, lead.severity, message));
    desired.add(new Conditions.Desired(Conditions.RECONCILING, reconciling, reconciling ? lead.reason
        : Reason.Converged, Severity.Info, reconciling ? message : ""));
    desired.add(new Conditions.Desired(Conditions.STALLED, stalled, stalled ? lead.reason : Reason.Converged,
        Severity.Error, stalled ? message : ""));
    capabilities.forEach(c -> desired.add(new Conditions.Desired(c.type, c.ready, c.reason, c.severity, c.message)));
    return Conditions.merge(previous, desired, generation, now);
  }
}
