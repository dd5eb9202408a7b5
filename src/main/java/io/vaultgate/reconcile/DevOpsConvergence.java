package io.vaultgate.reconcile;

import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.PrivateVaultAccessStatus;
import io.vaultgate.api.PrivateVaultAccessStatus.FederatedCredentialStatus;
import io.vaultgate.api.PrivateVaultAccessStatus.ServiceConnectionStatus;
import io.vaultgate.api.PrivateVaultAccessStatus.VariableGroupStatus;
import io.vaultgate.api.ServiceConnectionScope;
import io.vaultgate.azure.AzureFailure;
import io.vaultgate.azure.FederatedCredentialPort;
import io.vaultgate.azure.IdentityPort.Principal;
import io.vaultgate.devops.DevOpsPort;
import io.vaultgate.devops.DevOpsPort.EndpointDefinition;
import io.vaultgate.devops.DevOpsPort.GroupDefinition;
import io.vaultgate.devops.DevOpsPort.ServiceEndpoint;
import io.vaultgate.devops.DevOpsPort.VariableGroup;
import io.vaultgate.plan.Change;
import io.vaultgate.plan.DesiredAccess;
import io.vaultgate.plan.DevOpsDesired;
import io.vaultgate.plan.DevOpsPlans;
import io.vaultgate.plan.DevOpsPlans.Owner;
import io.vaultgate.plan.IdentityRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Converges the Azure DevOps side for one resource, in the order the procedure requires: organization and project,
 * the service connection, the federated credential built from the issuer and subject Azure DevOps returned, the
 * connection's readiness (polled on later reconciles, never awaited), pipeline permissions, then the variable
 * group. Only objects carrying this resource's marker are updated or deleted; anything else with the wanted name is
 * a conflict and is left alone.
 */
final class DevOpsConvergence {

  static final String ENDPOINT = "endpoint";
  static final String VARIABLE_GROUP = "variablegroup";
  static final String DUPLICATE_CONNECTION = "DuplicateServiceConnectionException";

  private final ReconcileSettings settings;

  DevOpsConvergence(ReconcileSettings settings) {
    this.settings = settings;
  }

  /** One reconcile's view: who, what, and how to talk to Azure DevOps. */
  record Input(PrivateVaultAccess resource, DesiredAccess access, Optional<Principal> principal, String tenantId,
      DevOpsPort devOps, FederatedCredentialPort credentials) {
    String marker() {
      return DevOpsPlans.marker(resource.getMetadata().getNamespace(), resource.getMetadata().getName(),
          resource.getMetadata().getUid());
    }

    String uid() {
      return resource.getMetadata().getUid();
    }

    boolean dryRun() {
      return access.dryRun();
    }
  }

  /** The condition types a spec asks for. */
  static List<String> types(DevOpsDesired devOps) {
    List<String> types = new ArrayList<>();
    if (devOps.serviceConnection().isPresent()) {
      types.add(Conditions.SERVICE_CONNECTION_READY);
      types.add(Conditions.FEDERATED_CREDENTIAL_READY);
    }
    if (devOps.variableGroup().isPresent()) {
      types.add(Conditions.VARIABLE_GROUP_READY);
    }
    return types;
  }

  static boolean ownsSomething(PrivateVaultAccessStatus s) {
    return s.serviceConnection != null || s.federatedCredential != null || s.variableGroup != null;
  }

  /** Runs the chain; returns one result per requested capability and updates the ledgers in {@code next}. */
  List<CapabilityResult> converge(Input in, PrivateVaultAccessStatus next) {
    DevOpsDesired wanted = in.access().devOps();
    List<String> types = types(wanted);
    if (types.isEmpty() && !ownsSomething(next)) {
      return List.of();
    }
    List<Change> changes = new ArrayList<>();
    List<Notice> notices = new ArrayList<>();
    String org = wanted.organization();
    if (wanted.serviceConnection().isPresent() && in.principal().isEmpty()) {
      return all(types, Capability.retrying("", Reason.IdentityNotFound, Severity.Warning, in.access().identity()
          .map(Object::toString).orElse("the identity") + " does not exist; the service connection waits for it"),
          changes, notices, settings.slowRetry());
    }
    Optional<String> orgId = in.devOps().organizationId(org);
    if (orgId.isEmpty()) {
      return all(types, Capability.stalled("", Reason.OrganizationNotFound, "Azure DevOps organization '" + org
          + "' was not found, or the operator's identity is not a member of it"), changes, notices, settings.slowRetry());
    }
    String projectName = wanted.project().orElse(next.serviceConnection == null ? null
        : next.serviceConnection.projectId());
    Optional<String> projectId = projectName == null ? Optional.empty() : in.devOps().projectId(org, projectName);
    if (projectId.isEmpty()) {
      return all(types, Capability.stalled("", Reason.ProjectNotFound, "Azure DevOps project '" + projectName
          + "' was not found in organization '" + org + "'"), changes, notices, settings.slowRetry());
    }
    String project = projectId.get();

    if (next.variableGroup != null && !wanted.variableGroup().map(g -> g.name().equals(next.variableGroup.name()))
        .orElse(false)) {
      releaseGroup(releaser(in), org, project, next, changes);
    }
    List<CapabilityResult> results = new ArrayList<>();
    if (wanted.serviceConnection().isEmpty()) {
      releaseConnection(releaser(in), org, project, next, changes);
      return results;
    }
    DevOpsDesired.Connection sc = wanted.serviceConnection().get();
    EndpointDefinition definition = definition(in, sc, project);
    // the ledger's id first: a connection still being set up is missing from lists by name
    Optional<ServiceEndpoint> live = Optional.ofNullable(next.serviceConnection)
        .filter(l -> l.name().equals(sc.name()))
        .flatMap(l -> in.devOps().getEndpoint(org, project, l.id()))
        .or(() -> in.devOps().findEndpoint(org, project, sc.name()));
    if (live.isPresent() && DevOpsPlans.ownerOf(live.get().definition().description(), in.uid())
        != Owner.THIS_RESOURCE) {
      String message = "a service connection named '" + sc.name() + "' already exists in project '" + projectName
          + "' and is not this resource's; vaultgate leaves it alone (choose another name, or remove it)";
      results.add(new CapabilityResult(Capability.stalled(Conditions.SERVICE_CONNECTION_READY, Reason.NameConflict,
          message), changes, List.of(Notice.state(EventRecorder.Type.Warning, Reason.NameConflict.name(), message)),
          settings.resync()));
      results.addAll(blocked(wanted, "blocked: " + message));
      return results;
    }
    if (next.serviceConnection != null && !next.serviceConnection.name().equals(sc.name())) {
      releaseConnection(releaser(in), org, project, next, changes);
    }
    ServiceEndpoint endpoint;
    if (live.isEmpty()) {
      changes.add(new Change("Add", "serviceConnection", sc.name(), "workload identity federation, " + scopeOf(sc)));
      if (in.dryRun()) {
        changes.add(new Change("Add", "federatedCredential", "vaultgate-<connection id>", "on "
            + in.access().identity().orElseThrow()));
        wanted.variableGroup().ifPresent(g -> changes.add(new Change("Add", "variableGroup", g.name(), "secrets "
            + String.join(", ", g.secrets()))));
        return planned(wanted, changes);
      }
      try {
        endpoint = in.devOps().createEndpoint(org, definition);
      } catch (AzureFailure failure) {
        if (!DUPLICATE_CONNECTION.equals(failure.code())) {
          throw failure;
        }
        // created before (a crash lost the id) and still being set up, so not listed by name yet
        return List.of(new CapabilityResult(Capability.retrying(Conditions.SERVICE_CONNECTION_READY,
            Reason.WaitingForServiceConnection, Severity.Info, "service connection '" + sc.name() + "' exists but"
            + " Azure DevOps is still setting it up"), List.of(), List.of(), settings.transientRetry()));
      }
    } else if (!same(live.get().definition(), definition)) {
      changes.add(new Change("Update", "serviceConnection", sc.name(), "restored to the spec"));
      endpoint = in.dryRun() ? live.get() : in.devOps().updateEndpoint(org, live.get().id(), definition);
    } else {
      endpoint = live.get();
    }
    next.serviceConnection = new ServiceConnectionStatus(endpoint.id(), sc.name(), org, orgId.get(), project,
        endpoint.issuer(), endpoint.subject());

    CapabilityResult credential = federatedCredential(in, endpoint, next, changes);
    if (!endpoint.ready()) {
      String message = "service connection '" + sc.name() + "' is not ready yet (" + (endpoint.state().isEmpty()
          ? "not ready" : endpoint.state()) + ")";
      results.add(new CapabilityResult(Capability.retrying(Conditions.SERVICE_CONNECTION_READY,
          Reason.WaitingForServiceConnection, Severity.Info, message), changes, notices, settings.transientRetry()));
      results.add(credential);
      wanted.variableGroup().ifPresent(g -> results.add(new CapabilityResult(Capability.retrying(
          Conditions.VARIABLE_GROUP_READY, Reason.WaitingForServiceConnection, Severity.Info, "waiting: " + message),
          List.of(), List.of(), settings.transientRetry())));
      return results;
    }
    if (sc.authorizeAllPipelines()) {
      authorize(in, org, project, ENDPOINT, endpoint.id(), "serviceConnection " + sc.name(), changes);
    }
    if (!changes.isEmpty() && !in.dryRun()) {
      notices.add(Notice.change("ServiceConnectionUpdated", "Azure DevOps " + org + "/" + projectName + ": "
          + changes.stream().map(Change::toString).collect(Collectors.joining("; "))));
    }
    results.add(done(Conditions.SERVICE_CONNECTION_READY, in, "service connection '" + sc.name() + "' ("
        + endpoint.id() + ") is ready, " + scopeOf(sc), changes, notices));
    results.add(credential);
    wanted.variableGroup().ifPresent(g -> results.add(variableGroup(in, org, project, projectName, g, endpoint,
        next)));
    return results;
  }

  private CapabilityResult federatedCredential(Input in, ServiceEndpoint endpoint, PrivateVaultAccessStatus next,
      List<Change> changes) {
    String type = Conditions.FEDERATED_CREDENTIAL_READY;
    if (endpoint.issuer().isBlank() || endpoint.subject().isBlank()) {
      return new CapabilityResult(Capability.retrying(type, Reason.WaitingForServiceConnection, Severity.Info,
          "Azure DevOps has not reported the connection's issuer and subject yet"), List.of(), List.of(),
          settings.transientRetry());
    }
    IdentityRef identity = in.access().identity().orElseThrow();
    String name = DevOpsPlans.credentialName(endpoint.id());
    List<DevOpsPlans.Credential> existing = in.credentials().list(identity).stream()
        .map(c -> new DevOpsPlans.Credential(c.name(), c.issuer(), c.subject(), c.audiences())).toList();
    Optional<String> ledgerName = Optional.ofNullable(next.federatedCredential).map(FederatedCredentialStatus::name);
    DevOpsPlans.CredentialPlan plan = DevOpsPlans.planCredential(existing, name, endpoint.issuer(),
        endpoint.subject(), ledgerName);
    List<Change> mine = new ArrayList<>();
    for (String old : plan.delete()) {
      mine.add(new Change("Remove", "federatedCredential", old, "its service connection was replaced"));
      if (!in.dryRun()) {
        in.credentials().delete(identity, old);
      }
    }
    switch (plan.action()) {
      case LIMIT -> {
        changes.addAll(mine);
        return new CapabilityResult(Capability.stalled(type, Reason.FederatedCredentialLimit, identity + " already has "
            + DevOpsPlans.MAX_FEDERATED_CREDENTIALS + " federated credentials, the most Entra allows; remove one"),
            List.of(), List.of(), settings.resync());
      }
      case UPSERT -> {
        boolean exists = existing.stream().anyMatch(c -> c.name().equalsIgnoreCase(name));
        mine.add(new Change(exists ? "Update" : "Add", "federatedCredential", name, "issuer " + endpoint.issuer()
            + ", subject " + endpoint.subject()));
        if (!in.dryRun()) {
          in.credentials().upsert(identity, new FederatedCredentialPort.Credential(name, endpoint.issuer(),
              endpoint.subject(), List.of(DevOpsPlans.AUDIENCE), in.marker()));
        }
      }
      default -> {
      }
    }
    changes.addAll(mine);
    boolean owned = plan.action() != DevOpsPlans.CredentialAction.ADOPTED;
    next.federatedCredential = owned ? new FederatedCredentialStatus(name, identity.value(), endpoint.issuer(),
        endpoint.subject()) : null;
    return done(type, in, identity + " trusts tokens Azure DevOps issues for the connection ("
        + (owned ? "credential " + name : "through a credential someone else created") + ")", mine, List.of());
  }

  private CapabilityResult variableGroup(Input in, String org, String project, String projectName,
      DevOpsDesired.Group group, ServiceEndpoint endpoint, PrivateVaultAccessStatus next) {
    String type = Conditions.VARIABLE_GROUP_READY;
    List<Change> changes = new ArrayList<>();
    GroupDefinition definition = new GroupDefinition(group.name(), in.marker(), project, endpoint.id(),
        in.access().vault().name(), group.secrets());
    Optional<VariableGroup> live = in.devOps().findVariableGroup(org, project, group.name());
    if (live.isPresent() && DevOpsPlans.ownerOf(live.get().definition().description(), in.uid())
        != Owner.THIS_RESOURCE) {
      String message = "a variable group named '" + group.name() + "' already exists in project '" + projectName
          + "' and is not this resource's; vaultgate leaves it alone";
      return new CapabilityResult(Capability.stalled(type, Reason.NameConflict, message), changes,
          List.of(Notice.state(EventRecorder.Type.Warning, Reason.NameConflict.name(), message)), settings.resync());
    }
    VariableGroup result;
    if (live.isEmpty()) {
      changes.add(new Change("Add", "variableGroup", group.name(), "linked to vault " + definition.vaultName()
          + ", secrets " + String.join(", ", group.secrets())));
      if (in.dryRun()) {
        return done(type, in, "", changes, List.of());
      }
      result = in.devOps().createVariableGroup(org, definition);
    } else if (!same(live.get(), definition)) {
      changes.add(new Change("Update", "variableGroup", group.name(), "restored to vault " + definition.vaultName()
          + ", secrets " + String.join(", ", group.secrets())));
      result = in.dryRun() ? live.get() : in.devOps().updateVariableGroup(org, live.get().id(), definition);
    } else {
      result = live.get();
    }
    next.variableGroup = new VariableGroupStatus(result.id(), group.name());
    if (group.authorizeAllPipelines()) {
      authorize(in, org, project, VARIABLE_GROUP, Integer.toString(result.id()), "variableGroup " + group.name(),
          changes);
    }
    List<Notice> notices = changes.isEmpty() || in.dryRun() ? List.of() : List.of(Notice.change(
        "VariableGroupUpdated", "Azure DevOps " + org + "/" + projectName + ": "
            + changes.stream().map(Change::toString).collect(Collectors.joining("; "))));
    return done(type, in, "variable group '" + group.name() + "' (" + result.id() + ") maps " + group.secrets().size()
        + " secret(s) of vault " + definition.vaultName() + " through the service connection", changes, notices);
  }

  private void authorize(Input in, String org, String project, String resourceType, String id, String what,
      List<Change> changes) {
    if (!in.devOps().allPipelinesAuthorized(org, project, resourceType, id)) {
      changes.add(new Change("Set", "pipelinePermissions", what, "access permission for all pipelines"));
      if (!in.dryRun()) {
        in.devOps().authorizeAllPipelines(org, project, resourceType, id);
      }
    }
  }

  // ---- removal, in reverse order of creation ----

  /**
   * Deletes, in reverse order of creation, the variable group, connection and credential this resource's ledger
   * holds; works from the ledger alone, so a resource with a broken spec can still be cleaned up.
   */
  List<Change> release(PrivateVaultAccess resource, DevOpsPort devOps, FederatedCredentialPort credentials,
      PrivateVaultAccessStatus ledger) {
    List<Change> changes = new ArrayList<>();
    Releaser in = new Releaser(resource.getMetadata().getUid(), devOps, credentials, false);
    ServiceConnectionStatus connection = ledger.serviceConnection;
    if (connection != null) {
      releaseGroup(in, connection.organization(), connection.projectId(), ledger, changes);
      releaseConnection(in, connection.organization(), connection.projectId(), ledger, changes);
    }
    releaseCredential(in, ledger, changes);
    return changes;
  }

  /** What removal needs: whose marker to look for, a client, and whether to only say what it would do. */
  private record Releaser(String uid, DevOpsPort devOps, FederatedCredentialPort credentials, boolean dryRun) {
  }

  private static Releaser releaser(Input in) {
    return new Releaser(in.uid(), in.devOps(), in.credentials(), in.dryRun());
  }

  private void releaseGroup(Releaser in, String org, String project, PrivateVaultAccessStatus ledger,
      List<Change> changes) {
    VariableGroupStatus group = ledger.variableGroup;
    if (group == null) {
      return;
    }
    in.devOps().findVariableGroup(org, project, group.name())
        .filter(g -> g.id() == group.id() && DevOpsPlans.ownerOf(g.definition().description(), in.uid())
            == Owner.THIS_RESOURCE)
        .ifPresent(g -> {
          changes.add(new Change("Remove", "variableGroup", group.name(), "no longer wanted"));
          if (!in.dryRun()) {
            in.devOps().deleteVariableGroup(org, g.id(), project);
          }
        });
    if (!in.dryRun()) {
      ledger.variableGroup = null;
    }
  }

  private void releaseConnection(Releaser in, String org, String project, PrivateVaultAccessStatus ledger,
      List<Change> changes) {
    ServiceConnectionStatus connection = ledger.serviceConnection;
    if (connection != null) {
      in.devOps().getEndpoint(org, project, connection.id())
          .filter(e -> DevOpsPlans.ownerOf(e.definition().description(), in.uid()) == Owner.THIS_RESOURCE)
          .ifPresent(e -> {
            changes.add(new Change("Remove", "serviceConnection", connection.name(), "no longer wanted"));
            if (!in.dryRun()) {
              in.devOps().deleteEndpoint(org, e.id(), project);
            }
          });
      if (!in.dryRun()) {
        ledger.serviceConnection = null;
      }
    }
    releaseCredential(in, ledger, changes);
  }

  private void releaseCredential(Releaser in, PrivateVaultAccessStatus ledger, List<Change> changes) {
    FederatedCredentialStatus credential = ledger.federatedCredential;
    if (credential == null || ledger.serviceConnection != null) {
      return;
    }
    IdentityRef identity = new IdentityRef(credential.parent().startsWith("/") ? IdentityRef.Kind.USER_ASSIGNED
        : IdentityRef.Kind.APPLICATION, credential.parent());
    changes.add(new Change("Remove", "federatedCredential", credential.name(), "no longer wanted"));
    if (!in.dryRun()) {
      in.credentials().delete(identity, credential.name());
      ledger.federatedCredential = null;
    }
  }

  // ---- helpers ----

  private static EndpointDefinition definition(Input in, DevOpsDesired.Connection sc, String projectId) {
    var vault = in.access().vault();
    Optional<String> scope = sc.scope() == ServiceConnectionScope.ResourceGroup
        ? Optional.of("/subscriptions/" + vault.subscriptionId() + "/resourcegroups/" + vault.resourceGroup())
        : Optional.empty();
    return new EndpointDefinition(sc.name(), in.marker(), projectId, vault.subscriptionId(), in.tenantId(),
        in.principal().orElseThrow().clientId(), scope);
  }

  private static String scopeOf(DevOpsDesired.Connection sc) {
    return sc.scope() == ServiceConnectionScope.ResourceGroup ? "scoped to the vault's resource group"
        : "scoped to the vault's subscription";
  }

  static boolean same(EndpointDefinition live, EndpointDefinition wanted) {
    return live.name().equals(wanted.name()) && live.description().equals(wanted.description())
        && live.projectId().equalsIgnoreCase(wanted.projectId())
        && live.subscriptionId().equalsIgnoreCase(wanted.subscriptionId())
        && live.tenantId().equalsIgnoreCase(wanted.tenantId()) && live.clientId().equalsIgnoreCase(wanted.clientId())
        && live.resourceGroupScope().map(String::toLowerCase).equals(wanted.resourceGroupScope()
            .map(String::toLowerCase));
  }

  static boolean same(VariableGroup live, GroupDefinition wanted) {
    GroupDefinition d = live.definition();
    return "AzureKeyVault".equalsIgnoreCase(live.type()) && d.name().equals(wanted.name())
        && d.description().equals(wanted.description()) && d.serviceEndpointId().equalsIgnoreCase(
        wanted.serviceEndpointId()) && d.vaultName().equalsIgnoreCase(wanted.vaultName())
        && DevOpsPlans.sameSecrets(d.secrets(), wanted.secrets());
  }

  private CapabilityResult done(String type, Input in, String message, List<Change> changes, List<Notice> notices) {
    if (in.dryRun()) {
      return changes.isEmpty()
          ? new CapabilityResult(Capability.ready(type, Reason.Planned, "Plan mode: nothing to change"), changes,
              notices, settings.resync())
          : new CapabilityResult(Capability.waiting(type, Reason.Planned, Severity.Info, "Plan mode: Apply would"
              + " make: " + changes.stream().map(Change::toString).collect(Collectors.joining("; "))), changes,
              List.of(), settings.resync());
    }
    return new CapabilityResult(Capability.ready(type, Reason.Converged, message), changes, notices,
        settings.resync());
  }

  private List<CapabilityResult> planned(DevOpsDesired wanted, List<Change> changes) {
    String message = "Plan mode: Apply would make: " + changes.stream().map(Change::toString)
        .collect(Collectors.joining("; "));
    return types(wanted).stream().map(t -> new CapabilityResult(Capability.waiting(t, Reason.Planned, Severity.Info,
        message), t.equals(Conditions.SERVICE_CONNECTION_READY) ? changes : List.of(), List.of(), settings.resync()))
        .toList();
  }

  private List<CapabilityResult> blocked(DevOpsDesired wanted, String message) {
    return types(wanted).stream().filter(t -> !t.equals(Conditions.SERVICE_CONNECTION_READY))
        .map(t -> new CapabilityResult(Capability.stalled(t, Reason.NameConflict, message), List.<Change>of(),
            List.<Notice>of(), settings.resync()))
        .toList();
  }

  private static List<CapabilityResult> all(List<String> types, Capability template, List<Change> changes,
      List<Notice> notices, Duration retry) {
    List<Notice> failure = template.reconciling() ? List.of(Notice.failure(template.reason().name(),
        template.message())) : List.of(Notice.state(EventRecorder.Type.Warning, template.reason().name(),
        template.message()));
    return Capability.all(types, template).stream().map(c -> new CapabilityResult(c, changes, failure, retry))
        .toList();
  }
}
