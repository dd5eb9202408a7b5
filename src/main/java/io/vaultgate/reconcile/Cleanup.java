package io.vaultgate.reconcile;

import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.vaultgate.api.EventReason;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.PrivateVaultAccessStatus;
import io.vaultgate.api.Reason;
import io.vaultgate.model.Change;
import io.vaultgate.model.ReconcilePolicy;
import io.vaultgate.model.VaultId;
import io.vaultgate.policy.ScopePolicy;
import io.vaultgate.port.AzureFailure;
import io.vaultgate.port.AzurePorts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Deleting a resource: removes what its ledger says vaultgate created and no other resource still needs, Azure
 * DevOps first (the variable group and connection depend on the vault access, not the reverse), then the private
 * endpoint and its DNS, then the vault's rules, permissions and role assignments. It works from the ledger alone, so
 * a resource whose spec cannot be read is still cleaned up. The reconcile policy ({@code skip},
 * {@code detach-on-delete}), Plan mode and the scope policy leave Azure untouched; a vault already gone lets the
 * finalizer go. It never removes anything the ledger does not hold.
 */
final class Cleanup {

  private final ReconcileSettings settings;
  private final ScopePolicy scopePolicy;
  private final AzurePorts.Factory portsFactory;
  private final VaultRelease release;
  private final Neighbourhood neighbours;
  private final Backoff backoff;

  Cleanup(ReconcileSettings settings, ScopePolicy scopePolicy, AzurePorts.Factory portsFactory,
      VaultRelease release, Neighbourhood neighbours, Backoff backoff) {
    this.settings = settings;
    this.scopePolicy = scopePolicy;
    this.portsFactory = portsFactory;
    this.release = release;
    this.neighbours = neighbours;
    this.backoff = backoff;
  }

  DeleteControl cleanup(PrivateVaultAccess resource, EventRecorder events, ResourceCredentials.Read credentialsRead) {
    PrivateVaultAccessStatus status = Resources.statusOf(resource);
    Ledger ledger = Ledger.of(status);
    if (ledger.ownsNothing()) {
      return DeleteControl.defaultDelete();
    }
    Optional<VaultId> vault = ledger.vault().or(() -> Resources.vaultOf(resource));
    ReconcilePolicy policy = Resources.reconcilePolicy(resource);
    String held = ledger.describe();
    String where = vault.map(v -> "vault " + v.name()).orElse("Azure");
    if (policy != ReconcilePolicy.MANAGE || Resources.planMode(resource)) {
      events.record(resource, EventRecorder.Type.Normal, EventReason.Change.Detached, "left " + held + " in " + where
          + " (" + (policy != ReconcilePolicy.MANAGE ? "reconcile-policy " + policy.value()
          : "Plan mode writes nothing") + ")");
      return DeleteControl.defaultDelete();
    }
    Optional<String> denial = vault.flatMap(v -> scopePolicy.denial(resource.getMetadata().getNamespace(),
        v.toString()));
    if (denial.isPresent()) {
      events.record(resource, EventRecorder.Type.Warning, Reason.PolicyDenied, "left " + held + " in " + where + ": "
          + denial.get());
      return DeleteControl.defaultDelete();
    }
    // a broken credentials Secret must not keep the resource from going: clean up as the operator's identity
    ResourceCredentials credentials = credentialsRead instanceof ResourceCredentials.Found found
        ? found.credentials() : ResourceCredentials.none();
    AzurePorts ports = portsFactory.ports(credentials.azure());
    String owner = Resources.ownerOf(resource);
    try {
      List<Change> removed = new ArrayList<>(new DevOpsRelease(resource.getMetadata().getUid(),
          credentials.devOps(ports), ports.federatedCredentials(), false).all(status));
      if (status.privateEndpoint != null && !PrivateEndpointRelease.step(ports.network(),
          resource.getMetadata().getUid(), status.privateEndpoint, neighbours.endpointSharing(owner), removed)) {
        // deletions are long-running: come back until they are done
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(settings.transientRetry());
      }
      if (vault.isPresent() && !ledger.ownsNothingInVault()) {
        try {
          removed.addAll(release.release(owner, vault.get(), ledger, ports));
        } catch (AzureFailure failure) {
          if (failure.kind() != AzureFailure.Kind.NOT_FOUND) {
            throw failure;
          }
          events.record(resource, EventRecorder.Type.Normal, EventReason.Change.VaultGone, "vault " + vault.get()
              + " no longer exists; nothing to clean up there");
        }
      }
      events.record(resource, EventRecorder.Type.Normal, EventReason.Change.CleanedUp, where + ": "
          + (removed.isEmpty() ? "nothing to remove (still needed by other resources, or already gone)"
          : PlanMode.listed(removed)));
      backoff.reset(owner);
      return DeleteControl.defaultDelete();
    } catch (AzureFailure failure) {
      events.record(resource, EventRecorder.Type.Warning, Reason.Deleting, "could not remove what vaultgate created"
          + " for " + where + ", retrying: " + failure.getMessage());
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(failure.kind() == AzureFailure.Kind.THROTTLED
          ? failure.retryAfter().orElse(settings.slowRetry()) : settings.transientRetry());
    }
  }
}
