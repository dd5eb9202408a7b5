package io.vaultgate.reconcile;

import io.vaultgate.api.Condition;
import io.vaultgate.api.Conditions;
import io.vaultgate.api.Reason;
import io.vaultgate.api.Severity;
import io.vaultgate.model.MessageText;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The only code that writes conditions: kstatus's {@code Ready}, {@code Reconciling} and {@code Stalled} derived
 * from the capabilities' states, then one condition per capability. A condition keeps its {@code lastTransitionTime}
 * unless its status changes, so that a status rebuilt on every reconcile is byte-identical when nothing happened
 * (and is not written). Every message goes out through {@link MessageText#printable}: whatever a spec or a service
 * said, a condition shows no raw control character and no message longer than {@link #MAX_MESSAGE}.
 */
final class ConditionWriter {

  /** The longest condition message, as Kubernetes' own {@code metav1.Condition} allows it. */
  static final int MAX_MESSAGE = 32768;

  private ConditionWriter() {
  }

  /** A condition to set; severity is dropped when the status is True. */
  private record Desired(String type, boolean status, Reason reason, Severity severity, String message) {
  }

  static List<Condition> conditions(List<Condition> previous, List<CapabilityState> capabilities, long generation,
      Instant now) {
    List<CapabilityState> notReady = capabilities.stream().filter(c -> !c.ready()).toList();
    boolean ready = notReady.isEmpty();
    CapabilityState lead = ready ? capabilities.get(0) : notReady.stream()
        .sorted(Comparator.comparing((CapabilityState c) -> !c.stalled()).thenComparing(c -> !c.reconciling()))
        .findFirst().orElseThrow();
    String message = (ready ? capabilities : notReady).stream().map(CapabilityState::message).distinct()
        .collect(Collectors.joining("; "));
    boolean stalled = capabilities.stream().anyMatch(CapabilityState::stalled);
    boolean reconciling = capabilities.stream().anyMatch(CapabilityState::reconciling);
    List<Desired> desired = new ArrayList<>();
    desired.add(new Desired(Conditions.READY, ready, lead.reason(), lead.severity(), message));
    desired.add(new Desired(Conditions.RECONCILING, reconciling, reconciling ? lead.reason() : Reason.Converged,
        Severity.Info, reconciling ? message : ""));
    desired.add(new Desired(Conditions.STALLED, stalled, stalled ? lead.reason() : Reason.Converged,
        Severity.Error, stalled ? message : ""));
    capabilities.forEach(c -> desired.add(new Desired(c.type(), c.ready(), c.reason(), c.severity(), c.message())));
    return merge(previous, desired, generation, now);
  }

  private static List<Condition> merge(List<Condition> previous, List<Desired> desired, long generation,
      Instant now) {
    List<Condition> result = new ArrayList<>();
    for (Desired d : desired) {
      String status = d.status() ? "True" : "False";
      Condition old = Conditions.find(previous, d.type());
      String transition = old != null && Objects.equals(old.status, status) && old.lastTransitionTime != null
          ? old.lastTransitionTime
          : now.truncatedTo(ChronoUnit.SECONDS).toString();
      result.add(new Condition(d.type(), status, d.status() ? null : d.severity().name(), d.reason().name(),
          MessageText.printable(d.message(), MAX_MESSAGE), generation, transition));
    }
    return result;
  }
}
