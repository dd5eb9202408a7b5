package io.vaultgate.reconcile;

import io.vaultgate.api.PrivateVaultAccessStatus;
import io.vaultgate.api.PrivateVaultAccessStatus.PrivateEndpointStatus;
import io.vaultgate.model.Ipv4Range;
import io.vaultgate.model.LiveFirewall;
import io.vaultgate.model.VaultId;
import io.vaultgate.plan.AccessPolicyPlanner.Grant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a resource's status says vaultgate created for it, read into typed values: the rules and permissions it owns
 * in its vault (and those it recorded as about to add), its role assignments, and what it owns outside the vault.
 * Only what this proves is ever removed; a lost status leaks, it never removes something foreign.
 *
 * @param vault the vault the vault-side entries refer to
 * @param principal the pipeline identity's principal last resolved
 */
record Ledger(Optional<VaultId> vault, Set<Ipv4Range> ipRules, Set<Ipv4Range> pendingIpRules, Set<String> subnets,
    Set<String> pendingSubnets, Optional<Grant> accessPolicy, Optional<Grant> pendingAccessPolicy,
    Set<String> roleAssignments, Optional<String> principal, Optional<String> serviceConnection,
    boolean federatedCredential, Optional<String> variableGroup, Optional<PrivateEndpointStatus> privateEndpoint) {

  static Ledger of(PrivateVaultAccessStatus s) {
    var fw = s.firewall;
    var sa = s.secretAccess;
    return new Ledger(
        fw == null || fw.vault == null ? Optional.empty() : VaultId.parse(fw.vault),
        fw == null ? Set.of() : rules(fw.ownedIpRules),
        fw == null ? Set.of() : rules(fw.pendingIpRules),
        fw == null ? Set.of() : copy(fw.ownedVirtualNetworkRules),
        fw == null ? Set.of() : copy(fw.pendingVirtualNetworkRules),
        sa == null ? Optional.empty() : grant(sa.accessPolicyObjectId, sa.ownedSecretPermissions),
        sa == null ? Optional.empty() : grant(sa.accessPolicyObjectId, sa.pendingSecretPermissions),
        sa == null ? Set.of() : copy(sa.ownedRoleAssignments),
        sa == null ? Optional.empty() : Optional.ofNullable(sa.principalId),
        Optional.ofNullable(s.serviceConnection).map(PrivateVaultAccessStatus.ServiceConnectionStatus::name),
        s.federatedCredential != null,
        Optional.ofNullable(s.variableGroup).map(PrivateVaultAccessStatus.VariableGroupStatus::name),
        Optional.ofNullable(s.privateEndpoint));
  }

  /** A ledger of IP rules only, as an {@code AgentIpGrant} keeps. */
  static Ledger ipRulesOnly(Optional<VaultId> vault, Set<Ipv4Range> owned, Set<Ipv4Range> pending) {
    return new Ledger(vault, owned, pending, Set.of(), Set.of(), Optional.empty(), Optional.empty(), Set.of(),
        Optional.empty(), Optional.empty(), false, Optional.empty(), Optional.empty());
  }

  /** Whether it owns nothing in its vault: no rule, permission or role assignment, owned or about to be. */
  boolean ownsNothingInVault() {
    return ipRules.isEmpty() && pendingIpRules.isEmpty() && subnets.isEmpty() && pendingSubnets.isEmpty()
        && accessPolicy.isEmpty() && pendingAccessPolicy.isEmpty() && roleAssignments.isEmpty();
  }

  boolean ownsSomethingInDevOps() {
    return serviceConnection.isPresent() || federatedCredential || variableGroup.isPresent();
  }

  boolean ownsNothing() {
    return ownsNothingInVault() && !ownsSomethingInDevOps() && privateEndpoint.isEmpty();
  }

  /** In words, for Events. */
  String describe() {
    int permissions = accessPolicy.map(g -> g.permissions().size()).orElse(0);
    return ipRules.size() + " IP rule(s), " + permissions + " access-policy permission(s), " + roleAssignments.size()
        + " role assignment(s)" + serviceConnection.map(n -> ", service connection " + n).orElse("")
        + variableGroup.map(n -> ", variable group " + n).orElse("")
        + privateEndpoint.map(p -> ", private endpoint " + p.id()).orElse("");
  }

  static Set<Ipv4Range> rules(List<String> values) {
    return values == null ? Set.of() : values.stream().map(LiveFirewall::parseRule).flatMap(Optional::stream)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  private static Set<String> copy(List<String> values) {
    return values == null ? Set.of() : new LinkedHashSet<>(values);
  }

  private static Optional<Grant> grant(String principalId, List<String> permissions) {
    return principalId == null || permissions == null || permissions.isEmpty() ? Optional.empty()
        : Optional.of(new Grant(principalId, Set.copyOf(permissions)));
  }
}
