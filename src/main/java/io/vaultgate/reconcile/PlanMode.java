package io.vaultgate.reconcile;

import io.vaultgate.api.Reason;
import io.vaultgate.api.Severity;
import io.vaultgate.model.Change;
import java.util.List;
import java.util.stream.Collectors;

/** How every capability reports in Plan mode: what Apply would change, in one wording. */
final class PlanMode {

  private PlanMode() {
  }

  /** "Plan mode: Apply would make 2 firewall change(s): Add ipRule ...; Set defaultAction Deny". */
  static String wouldMake(String subject, List<Change> changes) {
    return "Plan mode: Apply would make " + changes.size() + " " + subject + " change(s): " + listed(changes);
  }

  static String nothingToChange(String subject) {
    return "Plan mode: nothing to change in " + subject;
  }

  /** Ready with reason Planned when nothing would change, else waiting for Apply with the list. */
  static CapabilityState state(String type, String subject, List<Change> changes) {
    return changes.isEmpty()
        ? CapabilityState.ready(type, Reason.Planned, nothingToChange(subject))
        : CapabilityState.waiting(type, Reason.Planned, Severity.Info, wouldMake(subject, changes));
  }

  static String listed(List<Change> changes) {
    return changes.stream().map(Change::toString).collect(Collectors.joining("; "));
  }
}
