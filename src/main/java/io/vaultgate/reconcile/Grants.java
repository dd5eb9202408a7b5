package io.vaultgate.reconcile;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.vaultgate.api.AgentIpGrant;
import io.vaultgate.api.AgentIpGrantStatus;
import io.vaultgate.model.DurationText;
import io.vaultgate.model.VaultId;
import io.vaultgate.validate.GrantInput;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.Set;

/**
 * What vaultgate reads off an {@code AgentIpGrant}, null-safe: who it is to the vault writer, the access it names,
 * when it expires and what its ledger holds. It reads; it decides nothing.
 */
final class Grants {

  /** Owners in ledgers and the vault writer; never {@code namespace/name}, which is a PrivateVaultAccess's. */
  static final String OWNER_PREFIX = "AgentIpGrant/";

  private Grants() {
  }

  static String ownerOf(AgentIpGrant g) {
    return OWNER_PREFIX + g.getMetadata().getNamespace() + "/" + g.getMetadata().getName();
  }

  static long generation(AgentIpGrant g) {
    return g.getMetadata().getGeneration() == null ? 0 : g.getMetadata().getGeneration();
  }

  static AgentIpGrantStatus statusOf(AgentIpGrant g) {
    return g.getStatus() == null ? new AgentIpGrantStatus() : g.getStatus();
  }

  /** The spec as plain values for the validator. */
  static GrantInput input(AgentIpGrant g) {
    var s = g.getSpec();
    var ref = s == null ? null : s.accessRef;
    return new GrantInput(g.getMetadata().getNamespace(), ref == null ? null : ref.name,
        ref == null ? null : ref.namespace, s == null ? null : s.ipAddress, s == null ? null : s.ttl);
  }

  /** The PrivateVaultAccess the grant names, in its own namespace, when it names one. */
  static Optional<ResourceID> access(AgentIpGrant g) {
    var s = g.getSpec();
    return s == null || s.accessRef == null || s.accessRef.name == null ? Optional.empty()
        : Optional.of(new ResourceID(s.accessRef.name, g.getMetadata().getNamespace()));
  }

  /** When the API server created it: expiry counts from here, so it survives restarts and cannot be reset. */
  static Instant created(AgentIpGrant g) {
    String t = g.getMetadata().getCreationTimestamp();
    return t == null ? Instant.EPOCH : OffsetDateTime.parse(t).toInstant();
  }

  /** Creation plus the spec's ttl, when the ttl reads. */
  static Optional<Instant> expiry(AgentIpGrant g) {
    return g.getSpec() == null ? Optional.empty() : DurationText.parse(g.getSpec().ttl).map(created(g)::plus);
  }

  /** Whether it may still hold its rule: not being deleted and not expired. */
  static boolean live(AgentIpGrant g, Instant now) {
    return !g.isMarkedForDeletion() && expiry(g).map(now::isBefore).orElse(false);
  }

  /** Its ledger: the vault and the IP rules vaultgate added for it (and was about to). */
  static Ledger ledger(AgentIpGrantStatus s) {
    AgentIpGrantStatus.FirewallLedger fw = s == null ? null : s.firewall;
    if (fw == null) {
      return Ledger.ipRulesOnly(Optional.empty(), Set.of(), Set.of());
    }
    return Ledger.ipRulesOnly(fw.vault == null ? Optional.empty() : VaultId.parse(fw.vault),
        Ledger.rules(fw.ownedIpRules), Ledger.rules(fw.pendingIpRules));
  }
}
