package io.vaultgate.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.vaultgate.api.AgentIpGrant;
import io.vaultgate.api.AgentIpGrantStatus;
import io.vaultgate.api.Conditions;
import io.vaultgate.api.EventReason;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.Reason;
import io.vaultgate.api.Severity;
import io.vaultgate.model.Change;
import io.vaultgate.model.LiveFirewall;
import io.vaultgate.model.VaultId;
import io.vaultgate.plan.FirewallPlanner;
import io.vaultgate.port.AzureFailure;
import io.vaultgate.reconcile.GrantPass.Admitted;
import io.vaultgate.reconcile.GrantPass.Facts;
import io.vaultgate.reconcile.VaultCoordinator.Done;
import io.vaultgate.reconcile.VaultCoordinator.Failed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A grant's one rule in its vault, opened or closed through the vault's one writer (shared with every
 * PrivateVaultAccess), and the status, Events and next wake-up that follow. Opening records the address as pending
 * before the write; closing removes only what the ledger holds and nothing another resource still needs.
 */
final class GrantFirewall {

  /** What one reconcile concluded. */
  record Verdict(AgentIpGrantStatus status, List<Notice> events, Optional<Duration> retry, Optional<Instant> wake) {
  }

  private final ReconcileSettings settings;
  private final VaultCoordinator coordinator;
  private final GrantRelease release;
  private final GrantFailures failures;
  private final Backoff backoff;
  private final Clock clock;

  GrantFirewall(ReconcileSettings settings, VaultCoordinator coordinator, GrantRelease release, Backoff backoff,
      Clock clock) {
    this.settings = settings;
    this.coordinator = coordinator;
    this.release = release;
    this.failures = new GrantFailures(settings, backoff);
    this.backoff = backoff;
    this.clock = clock;
  }

  /** Every check passed: leave a vault the access no longer names, then open the address. */
  Verdict open(AgentIpGrant grant, StatusPatch<AgentIpGrant, AgentIpGrantStatus> status, Admitted admitted) {
    VaultId vault = admitted.vault();
    Optional<Instant> wake = Optional.of(admitted.expiresAt());
    List<Notice> events = new ArrayList<>();
    try {
      Ledger held = Grants.ledger(status.current());
      if (GrantRelease.holds(held) && !held.vault().get().equals(vault)) {
        leave(grant, held, admitted, events);
        AgentIpGrantStatus moved = GrantStatuses.copyOf(status.current());
        moved.firewall = GrantStatuses.ledger(vault, Set.of(), Set.of());
        status.write(moved);
        held = Grants.ledger(status.current());
      }
      // a ledger of another vault holds nothing here (it was just left), so its rules are empty
      FirewallPlanner.Claim claim = new FirewallPlanner.Claim(Grants.ownerOf(grant), Map.of(admitted.rule(),
          "AgentIpGrant " + grant.getMetadata().getName() + " until " + admitted.expiresAt()), held.ipRules(),
          held.pendingIpRules(), false, false, false);
      VaultCoordinator.Result result = coordinator.converge(new VaultCoordinator.Request(vault,
          admitted.ports().vaults(), claim, Optional.empty(),
          (rules, subnets, perms) -> status.write(GrantStatuses.withIntent(status.current(), vault, rules))));
      if (result instanceof Failed failed) {
        throw failed.failure();
      }
      return opened(grant, GrantStatuses.copyOf(status.current()), admitted, (Done) result, events, wake);
    } catch (AzureFailure failure) {
      return failed(grant, status.current(), admitted.facts(), failure, events, wake);
    }
  }

  /** The write's outcome read back: open, or why not. */
  private Verdict opened(AgentIpGrant grant, AgentIpGrantStatus next, Admitted admitted, Done done,
      List<Notice> events, Optional<Instant> wake) {
    String vault = admitted.vault().name();
    String address = admitted.rule().toString();
    Facts facts = admitted.facts();
    FirewallPlanner.Outcome outcome = done.firewall();
    if (outcome.status() == FirewallPlanner.Status.RULE_LIMIT_EXCEEDED) {
      return verdict(grant, next, facts, CapabilityState.stalled("", Reason.RuleLimitExceeded, "vault " + vault
          + ": " + outcome.message()), events, Optional.empty(), wake);
    }
    next.firewall = GrantStatuses.ledger(admitted.vault(), outcome.ledger(), Set.of());
    if (!outcome.changes().isEmpty()) {
      events.add(Notice.change(EventReason.Change.GrantOpened, "vault " + vault + ": added " + address + " until "
          + admitted.expiresAt()));
    }
    LiveFirewall after = done.after().firewall();
    if (after.ipRules().stream().map(LiveFirewall::parseRule).flatMap(Optional::stream)
        .noneMatch(admitted.rule()::equals)) {
      return verdict(grant, next, facts, CapabilityState.retrying("", Reason.AzureError, Severity.Warning, "vault "
          + vault + " did not take the write: " + address + " is still missing"), events,
          Optional.of(backoff.next(Grants.ownerOf(grant))), wake);
    }
    if (after.publicNetworkAccessDisabled()) {
      return verdict(grant, next, facts, CapabilityState.stalled("", Reason.PublicNetworkAccessDisabled, "Public"
          + " network access is disabled and request is not from a trusted service nor via an approved private"
          + " link: vault " + vault + " ignores IP rules, " + address + " among them"), events, Optional.empty(),
          wake);
    }
    backoff.reset(Grants.ownerOf(grant));
    boolean owned = outcome.ledger().contains(admitted.rule());
    return verdict(grant, next, facts, CapabilityState.ready("", Reason.Open, "vault " + vault + " allows " + address
        + " until " + admitted.expiresAt() + (owned ? "" : "; the rule was there before vaultgate, so it stays after"
        + " the grant")), events, Optional.empty(), wake);
  }

  /**
   * A refusal: release what the ledger holds (unless the scope policy keeps vaultgate out of its vault), and say
   * why the grant is closed.
   */
  Verdict close(AgentIpGrant grant, StatusPatch<AgentIpGrant, AgentIpGrantStatus> status, GrantPass.Refused refused,
      Optional<PrivateVaultAccess> access, KubernetesClient client) {
    Facts facts = refused.facts();
    Optional<Instant> wake = facts.expiresAt().filter(clock.instant()::isBefore);
    Optional<Duration> retry = refused.retry() ? Optional.of(settings.slowRetry()) : Optional.empty();
    List<Notice> events = new ArrayList<>();
    AgentIpGrantStatus next = GrantStatuses.copyOf(status.current());
    CapabilityState state = refused.state();
    Ledger held = Grants.ledger(status.current());
    if (GrantRelease.holds(held)) {
      try {
        GrantRelease.Outcome outcome = release.release(grant.getMetadata().getNamespace(), Grants.ownerOf(grant),
            held, release.portsFor(access, client));
        if (outcome.left().isPresent()) {
          state = with(state, state.message() + "; " + outcome.left().get());
        } else {
          next.firewall = GrantStatuses.ledger(held.vault().get(), Set.of(), Set.of());
          events.add(closed(held, outcome.removed(), state.reason().name()));
        }
      } catch (AzureFailure failure) {
        return failed(grant, next, facts, failure, events, wake);
      }
    }
    return verdict(grant, next, facts, state, events, retry, wake);
  }

  /** Nothing decided (Azure could not be read): the ledger stays, and the read is retried. */
  Verdict unread(AgentIpGrant grant, AgentIpGrantStatus current, GrantPass.Unread unread) {
    return failed(grant, GrantStatuses.copyOf(current), unread.facts(), unread.failure(), new ArrayList<>(),
        unread.facts().expiresAt());
  }

  /** The access now names another vault: what the grant holds in the old one goes first. */
  private void leave(AgentIpGrant grant, Ledger held, Admitted admitted, List<Notice> events) {
    GrantRelease.Outcome outcome = release.release(grant.getMetadata().getNamespace(), Grants.ownerOf(grant), held,
        admitted.ports());
    events.add(outcome.left().map(left -> Notice.failure(Reason.PolicyDenied, left))
        .orElseGet(() -> closed(held, outcome.removed(), "its PrivateVaultAccess moved to vault "
            + admitted.vault().name())));
  }

  private static Notice closed(Ledger held, List<Change> removed, String why) {
    String vault = held.vault().get().name();
    String rules = String.join(", ", Statuses.sorted(held.ipRules()));
    return Notice.change(EventReason.Change.GrantClosed, "vault " + vault + ": " + (removed.isEmpty()
        ? rules + " stays: another resource still needs it, or it is already gone"
        : "removed " + PlanMode.listed(removed)) + " (" + why + ")");
  }

  private Verdict failed(AgentIpGrant grant, AgentIpGrantStatus next, Facts facts, AzureFailure failure,
      List<Notice> events, Optional<Instant> wake) {
    GrantFailures.Verdict v = failures.of(failure, Grants.ownerOf(grant), facts.vault().map(VaultId::name)
        .orElse("(unknown)"));
    events.add(Notice.failure(v.state().reason(), v.state().message()));
    return verdict(grant, next, facts, v.state(), events, Optional.of(v.retry()), wake);
  }

  /**
   * The status from the state, and the Events: changes and failures always (a repeat updates the one Event), the
   * state itself only when the Ready message changes, so a standing refusal does not repeat an Event every resync.
   */
  private Verdict verdict(AgentIpGrant grant, AgentIpGrantStatus next, Facts facts, CapabilityState state,
      List<Notice> events, Optional<Duration> retry, Optional<Instant> wake) {
    AgentIpGrantStatus status = GrantStatuses.next(next, Grants.generation(grant), facts.vault(), facts.rule(),
        facts.expiresAt(), state, clock.instant());
    boolean quiet = readyMessage(status).equals(readyMessage(Grants.statusOf(grant)));
    List<Notice> all = new ArrayList<>(events);
    if (!state.ready() && all.stream().noneMatch(e -> e.reason() == state.reason())) {
      all.add(Notice.state(state.stalled() || state.reconciling() ? EventRecorder.Type.Warning
          : EventRecorder.Type.Normal, state.reason(), state.message()));
    }
    return new Verdict(status, all.stream().filter(e -> e.always() || !quiet).distinct().toList(), retry, wake);
  }

  private static Optional<String> readyMessage(AgentIpGrantStatus s) {
    return Optional.ofNullable(Conditions.find(s.conditions, Conditions.READY)).map(c -> c.message);
  }

  private static CapabilityState with(CapabilityState s, String message) {
    return new CapabilityState(s.type(), s.ready(), s.reason(), s.severity(), message, s.reconciling(), s.stalled());
  }
}
