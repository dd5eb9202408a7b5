package io.vaultgate.reconcile;

import io.vaultgate.api.Conditions;
import io.vaultgate.api.PrivateVaultAccessStatus;
import io.vaultgate.api.PrivateVaultAccessStatus.FederatedCredentialStatus;
import io.vaultgate.api.Reason;
import io.vaultgate.api.Severity;
import io.vaultgate.model.Change;
import io.vaultgate.model.IdentityRef;
import io.vaultgate.plan.DevOpsPlans;
import io.vaultgate.port.DevOpsPort.ServiceEndpoint;
import io.vaultgate.port.FederatedCredentialPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The federated identity credential on the pipeline identity, built from the issuer and subject Azure DevOps
 * reported for the connection (never computed). A credential someone else made that matches is used, not owned;
 * Entra's limit of 20 per identity is respected.
 */
final class FederatedCredentialStep {

  private static final String TYPE = Conditions.FEDERATED_CREDENTIAL_READY;

  private FederatedCredentialStep() {
  }

  /** @param changes the connection's changes, to which the credential's are added for its Event */
  static CapabilityResult converge(DevOpsStep step, ServiceEndpoint endpoint, List<Change> changes) {
    if (endpoint.issuer().isBlank() || endpoint.subject().isBlank()) {
      return new CapabilityResult(CapabilityState.retrying(TYPE, Reason.WaitingForServiceConnection, Severity.Info,
          "Azure DevOps has not reported the connection's issuer and subject yet"), List.of(), List.of(),
          step.settings().transientRetry());
    }
    PrivateVaultAccessStatus next = step.pass().next();
    FederatedCredentialPort credentials = step.pass().ports().federatedCredentials();
    IdentityRef identity = step.pass().access().identity().orElseThrow();
    String name = DevOpsPlans.credentialName(endpoint.id());
    List<DevOpsPlans.Credential> existing = credentials.list(identity).stream()
        .map(c -> new DevOpsPlans.Credential(c.name(), c.issuer(), c.subject(), c.audiences())).toList();
    Optional<String> ledgerName = Optional.ofNullable(next.federatedCredential).map(FederatedCredentialStatus::name);
    DevOpsPlans.CredentialPlan plan = DevOpsPlans.planCredential(existing, name, endpoint.issuer(),
        endpoint.subject(), ledgerName);
    List<Change> mine = new ArrayList<>();
    for (String old : plan.delete()) {
      mine.add(new Change("Remove", "federatedCredential", old, "its service connection was replaced"));
      if (!step.dryRun()) {
        credentials.delete(identity, old);
      }
    }
    switch (plan.action()) {
      case LIMIT -> {
        changes.addAll(mine);
        return new CapabilityResult(CapabilityState.stalled(TYPE, Reason.FederatedCredentialLimit, identity
            + " already has " + DevOpsPlans.MAX_FEDERATED_CREDENTIALS + " federated credentials, the most Entra"
            + " allows; remove one"), List.of(), List.of(), step.settings().resync());
      }
      case UPSERT -> {
        boolean exists = existing.stream().anyMatch(c -> c.name().equalsIgnoreCase(name));
        mine.add(new Change(exists ? "Update" : "Add", "federatedCredential", name, "issuer " + endpoint.issuer()
            + ", subject " + endpoint.subject()));
        if (!step.dryRun()) {
          credentials.upsert(identity, new FederatedCredentialPort.Credential(name, endpoint.issuer(),
              endpoint.subject(), List.of(DevOpsPlans.AUDIENCE), step.marker()));
        }
      }
      default -> {
      }
    }
    changes.addAll(mine);
    boolean owned = plan.action() != DevOpsPlans.CredentialAction.ADOPTED;
    next.federatedCredential = owned ? new FederatedCredentialStatus(name, identity.value(), endpoint.issuer(),
        endpoint.subject()) : null;
    return step.done(TYPE, identity + " trusts tokens Azure DevOps issues for the connection ("
        + (owned ? "credential " + name : "through a credential someone else created") + ")", mine, List.of());
  }
}
