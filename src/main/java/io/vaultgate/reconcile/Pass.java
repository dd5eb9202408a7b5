package io.vaultgate.reconcile;

import io.vaultgate.api.PrivateVaultAccessStatus;
import io.vaultgate.model.DesiredAccess;
import io.vaultgate.port.AzurePorts;
import io.vaultgate.port.DevOpsPort;

/**
 * One reconcile of one resource, as its capabilities see it: who it is, what it wants, how to reach Azure, what was
 * observed, what the vault writer did, and the status being built. Capabilities record what they own in
 * {@code next}; they never write it to the API server.
 *
 * @param devOps Azure DevOps as this resource's credentials (its personal access token, else an Entra identity)
 * @param vault the vault writer's outcome for this resource's firewall and access-policy claims
 * @param previous the status as it was before this pass's capabilities ran
 */
record Pass(Resources.Ref ref, DesiredAccess access, AzurePorts ports, DevOpsPort devOps, Observation observed,
    VaultCoordinator.Done vault, PrivateVaultAccessStatus previous, PrivateVaultAccessStatus next) {

  boolean dryRun() {
    return access.dryRun();
  }
}
