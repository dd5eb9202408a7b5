package io.vaultgate.reconcile;

import io.vaultgate.access.AccessEvaluator;
import io.vaultgate.access.AccessNeeds;
import io.vaultgate.access.AccessVerdict;
import io.vaultgate.access.Denial;
import io.vaultgate.access.Openness;
import io.vaultgate.api.Conditions;
import io.vaultgate.api.PrivateVaultAccessStatus.AccessStatus;
import io.vaultgate.api.Reason;
import io.vaultgate.api.Severity;
import io.vaultgate.model.InboundRangeTable;
import io.vaultgate.model.MessageText;
import io.vaultgate.port.IdentityPort.Principal;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The last step of a pass: whether the pipelines can read the secrets now. It observes the live state the paths
 * depend on, lets {@link AccessEvaluator} judge each path, records the verdicts in {@code status.access}, and turns
 * them into the {@code AccessReady} condition, so that {@code Ready} means "a pipeline's read would succeed" and not
 * only "the objects exist". It writes nothing to Azure.
 */
final class AccessStep {

  private static final String TYPE = Conditions.ACCESS_READY;

  private final ReconcileSettings settings;
  private final AccessObservation observation;

  AccessStep(ReconcileSettings settings, InboundRangeTable ranges, Clock clock) {
    this.settings = settings;
    this.observation = new AccessObservation(ranges, clock);
  }

  /** @param others the other capabilities' results of this pass: a closed path may be theirs to heal */
  CapabilityResult converge(Pass pass, List<CapabilityResult> others) {
    AccessNeeds needs = observation.needs(pass.access());
    Optional<String> zone = Optional.ofNullable(pass.next().privateEndpoint).map(p -> p.dnsZoneId());
    List<AccessVerdict> verdicts = AccessEvaluator.evaluate(needs, observation.world(pass.access(), needs,
        pass.ports(), pass.vault().after(), pass.observed().principal().map(Principal::objectId), zone));
    pass.next().access = verdicts.stream().map(v -> new AccessStatus(v.path().name(), v.open().name(),
        v.denial().map(Denial::name).orElse(null), MessageText.printable(v.message(), ConditionWriter.MAX_MESSAGE)))
        .toList();
    List<AccessVerdict> closed = verdicts.stream().filter(v -> v.open() == Openness.False).toList();
    if (closed.isEmpty()) {
      return new CapabilityResult(CapabilityState.ready(TYPE, Reason.Converged, verdicts.isEmpty()
          ? "no access path to judge" : "pipelines can read: " + verdicts.stream().map(AccessStep::describe)
          .collect(Collectors.joining("; "))), List.of(), List.of(), settings.resync());
    }
    Reason reason = reason(closed.get(0).denial().orElseThrow());
    String message = closed.stream().map(v -> v.path() + ": " + v.message()).collect(Collectors.joining("; "));
    boolean othersWorking = others.stream().flatMap(r -> r.state().stream()).anyMatch(CapabilityState::reconciling);
    if (pass.dryRun()) {
      return new CapabilityResult(CapabilityState.waiting(TYPE, reason, Severity.Warning, message), List.of(),
          List.of(), settings.resync());
    }
    if (othersWorking) {
      return new CapabilityResult(CapabilityState.retrying(TYPE, reason, Severity.Info, message), List.of(),
          List.of(), settings.transientRetry());
    }
    return new CapabilityResult(CapabilityState.stalled(TYPE, reason, message), List.of(),
        List.of(Notice.state(EventRecorder.Type.Warning, reason, message)), settings.resync());
  }

  private static String describe(AccessVerdict v) {
    return v.path() + (v.open() == Openness.OnDemand ? " on demand (" : " (") + v.message() + ")";
  }

  static Reason reason(Denial denial) {
    return switch (denial) {
      case ForbiddenByConnection -> Reason.PublicNetworkAccessDisabled;
      case ForbiddenByFirewall, ForbiddenByNsp -> Reason.AddressNotAllowed;
      case PrivateLinkNotApproved, NameNotResolved -> Reason.PrivateLinkUnavailable;
      case SubnetNotFound -> Reason.SubnetNotFound;
      case SecretPermissionMissing -> Reason.SecretPermissionMissing;
      case IdentityNotFound -> Reason.IdentityNotFound;
    };
  }
}
