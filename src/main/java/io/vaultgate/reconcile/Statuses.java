package io.vaultgate.reconcile;

import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.PrivateVaultAccessStatus;
import io.vaultgate.api.PrivateVaultAccessStatus.FirewallStatus;
import io.vaultgate.api.PrivateVaultAccessStatus.SecretAccessStatus;
import io.vaultgate.model.DesiredAccess;
import io.vaultgate.model.Ipv4Range;
import io.vaultgate.model.VaultId;
import io.vaultgate.plan.AccessPolicyPlanner.Grant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * New statuses made from old ones: a deep copy to build the next one in, the intents recorded before a vault write,
 * and a ledger emptied when the resource moves to another vault. Never touches the API server.
 */
final class Statuses {

  private Statuses() {
  }

  /** A new status for this generation and vault, carrying over the ledgers; the caller sets conditions. */
  static PrivateVaultAccessStatus next(PrivateVaultAccessStatus previous, long generation, DesiredAccess access) {
    PrivateVaultAccessStatus next = copyOf(previous);
    next.observedGeneration = generation;
    next.vaultName = access.vault().name();
    next.firewall.rangesVersion = access.rangesVersion();
    next.firewall.vault = access.vault().toString();
    return next;
  }

  static PrivateVaultAccessStatus copyOf(PrivateVaultAccessStatus status) {
    PrivateVaultAccessStatus next = new PrivateVaultAccessStatus();
    next.observedGeneration = status.observedGeneration;
    next.vaultName = status.vaultName;
    next.conditions = status.conditions;
    next.plan = status.plan;
    next.access = status.access;
    next.firewall = new FirewallStatus();
    if (status.firewall != null) {
      FirewallStatus from = status.firewall;
      next.firewall.vault = from.vault;
      next.firewall.rangesVersion = from.rangesVersion;
      next.firewall.ownedIpRules = from.ownedIpRules;
      next.firewall.pendingIpRules = from.pendingIpRules;
      next.firewall.unownedIpRules = from.unownedIpRules;
      next.firewall.ownedVirtualNetworkRules = from.ownedVirtualNetworkRules;
      next.firewall.pendingVirtualNetworkRules = from.pendingVirtualNetworkRules;
      next.firewall.defaultAction = from.defaultAction;
      next.firewall.publicNetworkAccess = from.publicNetworkAccess;
    }
    next.secretAccess = new SecretAccessStatus();
    if (status.secretAccess != null) {
      SecretAccessStatus from = status.secretAccess;
      next.secretAccess.vault = from.vault;
      next.secretAccess.model = from.model;
      next.secretAccess.principalId = from.principalId;
      next.secretAccess.accessPolicyObjectId = from.accessPolicyObjectId;
      next.secretAccess.ownedSecretPermissions = from.ownedSecretPermissions;
      next.secretAccess.pendingSecretPermissions = from.pendingSecretPermissions;
      next.secretAccess.ownedRoleAssignments = from.ownedRoleAssignments;
    }
    next.serviceConnection = status.serviceConnection;
    next.federatedCredential = status.federatedCredential;
    next.variableGroup = status.variableGroup;
    next.privateEndpoint = status.privateEndpoint;
    return next;
  }

  /** What is about to be added, recorded before the write so that a crash in between still proves ownership. */
  static PrivateVaultAccessStatus withIntents(PrivateVaultAccessStatus current, VaultId vault,
      Set<Ipv4Range> rules, Set<String> subnets, Optional<Grant> permissions) {
    PrivateVaultAccessStatus next = copyOf(current);
    next.firewall.vault = vault.toString();
    Set<Ipv4Range> pending = new LinkedHashSet<>(Ledger.of(current).pendingIpRules());
    pending.addAll(rules);
    next.firewall.pendingIpRules = sorted(pending);
    Set<String> pendingSubnets = new TreeSet<>(next.firewall.pendingVirtualNetworkRules);
    pendingSubnets.addAll(subnets);
    next.firewall.pendingVirtualNetworkRules = List.copyOf(pendingSubnets);
    permissions.ifPresent(g -> {
      next.secretAccess.vault = vault.toString();
      next.secretAccess.accessPolicyObjectId = g.principalId();
      Set<String> perms = new TreeSet<>(next.secretAccess.pendingSecretPermissions);
      perms.addAll(g.permissions());
      next.secretAccess.pendingSecretPermissions = List.copyOf(perms);
    });
    return next;
  }

  /** The ledger once what it owned in its old vault is released: empty, and naming the new vault. */
  static PrivateVaultAccessStatus movedTo(PrivateVaultAccessStatus previous, VaultId vault) {
    PrivateVaultAccessStatus next = copyOf(previous);
    next.firewall.vault = vault.toString();
    next.firewall.ownedIpRules = List.of();
    next.firewall.pendingIpRules = List.of();
    next.firewall.unownedIpRules = List.of();
    next.firewall.ownedVirtualNetworkRules = List.of();
    next.firewall.pendingVirtualNetworkRules = List.of();
    next.secretAccess = new SecretAccessStatus();
    next.secretAccess.vault = vault.toString();
    return next;
  }

  /** A resource whose spec names no identity shows no secret-access ledger unless it still holds something. */
  static PrivateVaultAccessStatus tidy(PrivateVaultAccessStatus status, PrivateVaultAccess resource) {
    SecretAccessStatus s = status.secretAccess;
    boolean identity = resource.getSpec() != null && resource.getSpec().identity != null;
    if (!identity && s != null && s.ownedSecretPermissions.isEmpty() && s.pendingSecretPermissions.isEmpty()
        && s.ownedRoleAssignments.isEmpty()) {
      status.secretAccess = null;
    }
    return status;
  }

  static List<String> sorted(Set<Ipv4Range> rules) {
    return rules.stream().sorted().map(Ipv4Range::toString).toList();
  }
}
