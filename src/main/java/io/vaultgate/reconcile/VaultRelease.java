package io.vaultgate.reconcile;

import io.vaultgate.api.Reason;
import io.vaultgate.model.Change;
import io.vaultgate.model.VaultId;
import io.vaultgate.port.AzureFailure;
import io.vaultgate.port.AzurePorts;
import io.vaultgate.reconcile.VaultCoordinator.Done;
import io.vaultgate.reconcile.VaultCoordinator.Failed;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Removes from one vault everything a resource's ledger owns there and no other resource needs: IP and virtual
 * network rules and access-policy permissions (through the vault's writer), then role assignments. Used when a
 * resource is deleted and when it moves to another vault; it works from the ledger alone.
 */
final class VaultRelease {

  private final VaultCoordinator coordinator;
  private final Neighbourhood neighbours;
  private final RoleAssignments roleAssignments = new RoleAssignments();

  VaultRelease(VaultCoordinator coordinator, Neighbourhood neighbours) {
    this.coordinator = coordinator;
    this.neighbours = neighbours;
  }

  /** @return the changes made; an Azure failure (the vault gone among them) propagates */
  List<Change> release(String owner, VaultId vault, Ledger ledger, AzurePorts ports) {
    VaultCoordinator.Result result = coordinator.converge(VaultClaims.release(owner, vault, ledger, ports.vaults()));
    if (result instanceof Failed failed) {
      throw failed.failure();
    }
    Done done = (Done) result;
    if (done.unrevoked().isPresent()) {
      // the ledger is not cleared: the caller keeps the resource (and its finalizer) and tries again
      throw new AzureFailure(AzureFailure.Kind.TRANSIENT, 0, Reason.AccessPolicyNotRevoked.name(),
          SecretAccessCapability.notRevoked(vault.name(), done.unrevoked().get()), null);
    }
    List<Change> changes = new ArrayList<>(done.firewall().changes());
    done.access().ifPresent(o -> changes.addAll(o.changes()));
    if (!ledger.roleAssignments().isEmpty() && ledger.principal().isPresent()) {
      boolean rbac = done.before().rbacAuthorization();
      changes.addAll(roleAssignments.converge(ports.roles(), vault, List.of(), ledger.roleAssignments(),
          Set.of(ledger.principal().get()), neighbours.roleNeeds(owner, vault, rbac), false).changes());
    }
    return changes;
  }

  /** Like {@link #release}, except that a vault that no longer exists has nothing left to release. */
  List<Change> releaseUnlessGone(String owner, VaultId vault, Ledger ledger, AzurePorts ports) {
    try {
      return release(owner, vault, ledger, ports);
    } catch (AzureFailure failure) {
      if (failure.kind() != AzureFailure.Kind.NOT_FOUND) {
        throw failure;
      }
      return List.of();
    }
  }
}
