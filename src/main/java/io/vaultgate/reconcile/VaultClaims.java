package io.vaultgate.reconcile;

import io.vaultgate.model.DefaultActionPolicy;
import io.vaultgate.model.DesiredAccess;
import io.vaultgate.model.PermissionModel;
import io.vaultgate.model.PublicNetworkAccessPolicy;
import io.vaultgate.model.VaultId;
import io.vaultgate.plan.FirewallPlanner.Claim;
import io.vaultgate.port.IdentityPort.Principal;
import io.vaultgate.port.VaultPort;
import io.vaultgate.reconcile.VaultCoordinator.AccessRequest;
import io.vaultgate.reconcile.VaultCoordinator.IntentRecorder;
import io.vaultgate.reconcile.VaultCoordinator.Request;
import java.util.Map;
import java.util.Optional;

/** What a resource asks of its vault's writer: to converge its firewall and access-policy needs, or to release them. */
final class VaultClaims {

  private VaultClaims() {
  }

  /** The spec's needs against the ledger's holdings, once every prerequisite was found ({@link Prerequisites}). */
  static Request converge(String owner, DesiredAccess access, Observation observed, Ledger ledger, VaultPort port,
      IntentRecorder intent) {
    Claim firewall = new Claim(owner, access.ipRules(), ledger.ipRules(), ledger.pendingIpRules(),
        observed.subnets().usable(), ledger.subnets(), ledger.pendingSubnets(),
        access.defaultAction() == DefaultActionPolicy.Deny,
        access.publicNetworkAccess() == PublicNetworkAccessPolicy.Enabled, access.dryRun());
    Optional<String> principal = observed.principal().map(Principal::objectId);
    boolean concerned = access.identity().isPresent() || ledger.accessPolicy().isPresent()
        || ledger.pendingAccessPolicy().isPresent();
    Optional<AccessRequest> accessRequest = concerned
        ? Optional.of(new AccessRequest(principal, access.permissionModel(), ledger.accessPolicy(),
            ledger.pendingAccessPolicy()))
        : Optional.empty();
    return new Request(access.vault(), port, firewall, accessRequest, intent);
  }

  /** Nothing wanted: everything the ledger holds in the vault goes, unless another resource needs it. */
  static Request release(String owner, VaultId vault, Ledger ledger, VaultPort port) {
    Claim firewall = new Claim(owner, Map.of(), ledger.ipRules(), ledger.pendingIpRules(), Map.of(), ledger.subnets(),
        ledger.pendingSubnets(), false, false, false);
    Optional<AccessRequest> access = ledger.accessPolicy().or(ledger::pendingAccessPolicy).isPresent()
        ? Optional.of(new AccessRequest(Optional.empty(), PermissionModel.Auto, ledger.accessPolicy(),
            ledger.pendingAccessPolicy()))
        : Optional.empty();
    return new Request(vault, port, firewall, access, (rules, subnets, perms) -> {
    });
  }
}
