package io.vaultgate.reconcile;

import io.vaultgate.api.PrivateVaultAccessStatus;
import io.vaultgate.api.PrivateVaultAccessStatus.FederatedCredentialStatus;
import io.vaultgate.api.PrivateVaultAccessStatus.ServiceConnectionStatus;
import io.vaultgate.api.PrivateVaultAccessStatus.VariableGroupStatus;
import io.vaultgate.model.Change;
import io.vaultgate.model.IdentityRef;
import io.vaultgate.plan.DevOpsPlans;
import io.vaultgate.plan.DevOpsPlans.Owner;
import io.vaultgate.port.DevOpsPort;
import io.vaultgate.port.FederatedCredentialPort;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes, in reverse order of creation, the variable group, service connection and federated credential a
 * resource's ledger holds, and clears them from it. Only an object still carrying this resource's marker is deleted;
 * works from the ledger alone, so a resource whose spec cannot be read can still be cleaned up. In Plan mode it only
 * lists what Apply would remove.
 *
 * @param uid whose marker to look for
 */
record DevOpsRelease(String uid, DevOpsPort devOps, FederatedCredentialPort credentials, boolean dryRun) {

  /** Everything, as on delete. */
  List<Change> all(PrivateVaultAccessStatus ledger) {
    List<Change> changes = new ArrayList<>();
    ServiceConnectionStatus connection = ledger.serviceConnection;
    if (connection != null) {
      group(connection.organization(), connection.projectId(), ledger, changes);
      connection(connection.organization(), connection.projectId(), ledger, changes);
    } else {
      credential(ledger, changes);
    }
    return changes;
  }

  void group(String org, String project, PrivateVaultAccessStatus ledger, List<Change> changes) {
    VariableGroupStatus group = ledger.variableGroup;
    if (group == null) {
      return;
    }
    devOps.findVariableGroup(org, project, group.name())
        .filter(g -> g.id() == group.id() && DevOpsPlans.ownerOf(g.definition().description(), uid)
            == Owner.THIS_RESOURCE)
        .ifPresent(g -> {
          changes.add(new Change("Remove", "variableGroup", group.name(), "no longer wanted"));
          if (!dryRun) {
            devOps.deleteVariableGroup(org, g.id(), project);
          }
        });
    if (!dryRun) {
      ledger.variableGroup = null;
    }
  }

  /** The connection, then its federated credential. */
  void connection(String org, String project, PrivateVaultAccessStatus ledger, List<Change> changes) {
    ServiceConnectionStatus connection = ledger.serviceConnection;
    if (connection != null) {
      devOps.getEndpoint(org, project, connection.id())
          .filter(e -> DevOpsPlans.ownerOf(e.definition().description(), uid) == Owner.THIS_RESOURCE)
          .ifPresent(e -> {
            changes.add(new Change("Remove", "serviceConnection", connection.name(), "no longer wanted"));
            if (!dryRun) {
              devOps.deleteEndpoint(org, e.id(), project);
            }
          });
      if (!dryRun) {
        ledger.serviceConnection = null;
      }
    }
    credential(ledger, changes);
  }

  /** The credential goes once its connection has (and with it, in Plan mode's list). */
  private void credential(PrivateVaultAccessStatus ledger, List<Change> changes) {
    FederatedCredentialStatus credential = ledger.federatedCredential;
    if (credential == null) {
      return;
    }
    IdentityRef identity = new IdentityRef(credential.parent().startsWith("/") ? IdentityRef.Kind.USER_ASSIGNED
        : IdentityRef.Kind.APPLICATION, credential.parent());
    changes.add(new Change("Remove", "federatedCredential", credential.name(), "no longer wanted"));
    if (!dryRun) {
      credentials.delete(identity, credential.name());
      ledger.federatedCredential = null;
    }
  }
}
