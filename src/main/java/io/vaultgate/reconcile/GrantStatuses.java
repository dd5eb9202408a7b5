package io.vaultgate.reconcile;

import io.vaultgate.api.AgentIpGrantStatus;
import io.vaultgate.api.Condition;
import io.vaultgate.api.Conditions;
import io.vaultgate.model.Ipv4Range;
import io.vaultgate.model.VaultId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * New grant statuses made from old ones: a deep copy to build the next one in, the intent recorded before a vault
 * write, the ledger after one, and the kstatus conditions (through {@link ConditionWriter}, the only code that
 * writes conditions). Never touches the API server.
 */
final class GrantStatuses {

  private static final List<String> KSTATUS = List.of(Conditions.READY, Conditions.RECONCILING, Conditions.STALLED);

  private GrantStatuses() {
  }

  static AgentIpGrantStatus copyOf(AgentIpGrantStatus s) {
    AgentIpGrantStatus next = new AgentIpGrantStatus();
    next.observedGeneration = s.observedGeneration;
    next.vaultName = s.vaultName;
    next.ipRule = s.ipRule;
    next.expiresAt = s.expiresAt;
    next.conditions = s.conditions;
    if (s.firewall != null) {
      next.firewall = new AgentIpGrantStatus.FirewallLedger();
      next.firewall.vault = s.firewall.vault;
      next.firewall.ownedIpRules = s.firewall.ownedIpRules;
      next.firewall.pendingIpRules = s.firewall.pendingIpRules;
    }
    return next;
  }

  /** The address about to be added, recorded before the write so that a crash in between still proves ownership. */
  static AgentIpGrantStatus withIntent(AgentIpGrantStatus current, VaultId vault, Set<Ipv4Range> rules) {
    Ledger held = Grants.ledger(current);
    Set<Ipv4Range> pending = new LinkedHashSet<>(held.vault().map(vault::equals).orElse(false)
        ? held.pendingIpRules() : Set.of());
    pending.addAll(rules);
    AgentIpGrantStatus next = copyOf(current);
    next.firewall = ledger(vault, held.vault().map(vault::equals).orElse(false) ? held.ipRules() : Set.of(),
        pending);
    return next;
  }

  /** A ledger of the vault: what vaultgate owns there for the grant, and was about to add. */
  static AgentIpGrantStatus.FirewallLedger ledger(VaultId vault, Set<Ipv4Range> owned, Set<Ipv4Range> pending) {
    AgentIpGrantStatus.FirewallLedger ledger = new AgentIpGrantStatus.FirewallLedger();
    ledger.vault = vault.toString();
    ledger.ownedIpRules = Statuses.sorted(owned);
    ledger.pendingIpRules = Statuses.sorted(pending);
    return ledger;
  }

  /**
   * The next status: this generation, the facts known so far, the ledger as it stands, and Ready, Reconciling and
   * Stalled from the one state.
   */
  static AgentIpGrantStatus next(AgentIpGrantStatus current, long generation, Optional<VaultId> vault,
      Optional<Ipv4Range> rule, Optional<Instant> expiresAt, CapabilityState state, Instant now) {
    AgentIpGrantStatus next = copyOf(current);
    next.observedGeneration = generation;
    vault.ifPresent(v -> next.vaultName = v.name());
    next.ipRule = rule.map(Ipv4Range::toString).orElse(null);
    next.expiresAt = expiresAt.map(Instant::toString).orElse(null);
    List<Condition> conditions = new ArrayList<>(ConditionWriter.conditions(current.conditions, List.of(state),
        generation, now));
    // a grant has no capability conditions: only kstatus's three
    conditions.removeIf(c -> !KSTATUS.contains(c.type));
    next.conditions = conditions;
    return next;
  }
}
