package io.vaultgate.reconcile;

import io.vaultgate.api.Conditions;
import io.vaultgate.api.EventReason;
import io.vaultgate.api.PrivateVaultAccessStatus;
import io.vaultgate.api.PrivateVaultAccessStatus.ServiceConnectionStatus;
import io.vaultgate.api.Reason;
import io.vaultgate.api.Severity;
import io.vaultgate.model.Change;
import io.vaultgate.model.DesiredAccess;
import io.vaultgate.model.DevOpsDesired;
import io.vaultgate.model.ServiceConnectionScope;
import io.vaultgate.model.VaultId;
import io.vaultgate.port.AzureFailure;
import io.vaultgate.port.DevOpsPort.EndpointDefinition;
import io.vaultgate.port.DevOpsPort.ServiceEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Azure DevOps side, in the order the procedure requires: the service connection (workload identity
 * federation), its federated credential ({@link FederatedCredentialStep}), the connection's readiness (polled on
 * later reconciles, never awaited), pipeline permissions, then the variable group ({@link VariableGroupStep}). The
 * organization, the project and the connection with the spec's name were observed before the pass's first write
 * ({@link Observation}); it starts only once they are there and the name is free or this resource's
 * ({@link Prerequisites}). What the spec dropped is removed ({@link DevOpsRelease}) and listed. Only objects
 * carrying this resource's marker are updated or deleted; a variable group of someone else's with the wanted name is
 * a conflict, left alone.
 */
final class DevOpsCapability implements Capability {

  private final ReconcileSettings settings;

  DevOpsCapability(ReconcileSettings settings) {
    this.settings = settings;
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

  @Override
  public boolean concerns(Pass pass) {
    return concerns(pass.access(), Ledger.of(pass.next()));
  }

  /** Whether the spec asks for something in Azure DevOps, or the ledger still holds something there. */
  static boolean concerns(DesiredAccess access, Ledger ledger) {
    return !types(access.devOps()).isEmpty() || ledger.ownsSomethingInDevOps();
  }

  @Override
  public List<CapabilityResult> converge(Pass pass) {
    DevOpsDesired wanted = pass.access().devOps();
    PrivateVaultAccessStatus next = pass.next();
    // the identity, organization, project and connection name were observed and found (Prerequisites), unless the
    // spec asks for nothing here: then what the ledger holds is released, when its project can still be reached
    Observation.DevOpsPlace place = pass.observed().devOps().orElseThrow();
    String org = place.organization();
    if (place.projectId().isEmpty()) {
      return List.of();
    }
    DevOpsStep step = new DevOpsStep(pass, settings, org, place.organizationId().orElseThrow(),
        place.projectId().get(), place.project().orElseThrow());
    DevOpsRelease release = new DevOpsRelease(step.uid(), pass.devOps(), pass.ports().federatedCredentials(),
        pass.dryRun());
    List<CapabilityResult> results = new ArrayList<>();
    List<Change> group = new ArrayList<>();
    if (next.variableGroup != null && !wanted.variableGroup().map(g -> g.name().equals(next.variableGroup.name()))
        .orElse(false)) {
      release.group(org, step.project(), next, group);
    }
    removed(step, group, EventReason.Change.VariableGroupUpdated).ifPresent(results::add);
    if (wanted.serviceConnection().isEmpty()) {
      List<Change> connection = new ArrayList<>();
      release.connection(org, step.project(), next, connection);
      removed(step, connection, EventReason.Change.ServiceConnectionUpdated).ifPresent(results::add);
    }
    wanted.serviceConnection().ifPresent(sc -> results.addAll(connection(step, release, wanted, sc,
        place.connection())));
    return results;
  }

  /** @param live the connection with the spec's name, observed to be this resource's (or absent) */
  private List<CapabilityResult> connection(DevOpsStep step, DevOpsRelease release, DevOpsDesired wanted,
      DevOpsDesired.Connection sc, Optional<ServiceEndpoint> live) {
    Pass pass = step.pass();
    PrivateVaultAccessStatus next = pass.next();
    String org = step.org();
    String project = step.project();
    EndpointDefinition definition = definition(step, sc);
    List<CapabilityResult> results = new ArrayList<>();
    List<Change> changes = new ArrayList<>();
    if (next.serviceConnection != null && !next.serviceConnection.name().equals(sc.name())) {
      release.connection(org, project, next, changes);
    }
    ServiceEndpoint endpoint;
    if (live.isEmpty()) {
      changes.add(new Change("Add", "serviceConnection", sc.name(), "workload identity federation, " + scopeOf(sc)));
      if (pass.dryRun()) {
        return planned(step, wanted, changes);
      }
      try {
        endpoint = step.devOps().createEndpoint(org, definition);
      } catch (AzureFailure failure) {
        if (failure.kind() != AzureFailure.Kind.ALREADY_EXISTS) {
          throw failure;
        }
        // created before (a crash lost the id) and still being set up, so not listed by name yet
        return List.of(new CapabilityResult(CapabilityState.retrying(Conditions.SERVICE_CONNECTION_READY,
            Reason.WaitingForServiceConnection, Severity.Info, "service connection '" + sc.name() + "' exists but"
            + " Azure DevOps is still setting it up"), List.of(), List.of(), settings.transientRetry()));
      }
    } else if (!same(live.get().definition(), definition)) {
      changes.add(new Change("Update", "serviceConnection", sc.name(), "restored to the spec"));
      endpoint = pass.dryRun() ? live.get() : step.devOps().updateEndpoint(org, live.get().id(), definition);
    } else {
      endpoint = live.get();
    }
    next.serviceConnection = new ServiceConnectionStatus(endpoint.id(), sc.name(), org, step.orgId(), project,
        endpoint.issuer(), endpoint.subject());
    CapabilityResult credential = FederatedCredentialStep.converge(step, endpoint, changes);
    if (!endpoint.ready()) {
      String message = "service connection '" + sc.name() + "' is not ready yet (" + (endpoint.state().isEmpty()
          ? "not ready" : endpoint.state()) + ")";
      results.add(new CapabilityResult(CapabilityState.retrying(Conditions.SERVICE_CONNECTION_READY,
          Reason.WaitingForServiceConnection, Severity.Info, message), changes, List.of(),
          settings.transientRetry()));
      results.add(credential);
      wanted.variableGroup().ifPresent(g -> results.add(VariableGroupStep.blocked(step, g).orElseGet(() ->
          new CapabilityResult(CapabilityState.retrying(Conditions.VARIABLE_GROUP_READY,
              Reason.WaitingForServiceConnection, Severity.Info, "waiting: " + message), List.of(), List.of(),
              settings.transientRetry()))));
      return results;
    }
    if (sc.authorizeAllPipelines()) {
      step.authorize(DevOpsStep.ENDPOINT, endpoint.id(), "serviceConnection " + sc.name(), changes);
    }
    List<Notice> notices = changes.isEmpty() || pass.dryRun() ? List.of()
        : List.of(Notice.change(EventReason.Change.ServiceConnectionUpdated, step.where(changes)));
    results.add(step.done(Conditions.SERVICE_CONNECTION_READY, "service connection '" + sc.name() + "' ("
        + endpoint.id() + ") is ready, " + scopeOf(sc), changes, notices));
    results.add(credential);
    wanted.variableGroup().ifPresent(g -> results.add(VariableGroupStep.converge(step, g, endpoint)));
    return results;
  }

  /** What the spec dropped, removed (in Plan mode: listed), with its Event. */
  private Optional<CapabilityResult> removed(DevOpsStep step, List<Change> changes, EventReason.Change event) {
    return changes.isEmpty() ? Optional.empty() : Optional.of(CapabilityResult.removed(changes, step.dryRun()
        ? List.of() : List.of(Notice.change(event, step.where(changes))), settings.resync()));
  }

  /**
   * Plan mode, nothing created yet: the whole chain Apply would create, on every condition; a variable group that
   * Apply would not create (a mapped secret is missing) says why instead.
   */
  private List<CapabilityResult> planned(DevOpsStep step, DevOpsDesired wanted, List<Change> changes) {
    changes.add(new Change("Add", "federatedCredential", "vaultgate-<connection id>", "on "
        + step.pass().access().identity().orElseThrow()));
    Optional<CapabilityResult> blocked = wanted.variableGroup().flatMap(g -> VariableGroupStep.blocked(step, g));
    wanted.variableGroup().filter(g -> blocked.isEmpty()).ifPresent(g -> changes.add(new Change("Add",
        "variableGroup", g.name(), "secrets " + String.join(", ", g.secrets()))));
    String message = PlanMode.wouldMake("Azure DevOps", changes);
    return types(wanted).stream().map(t -> t.equals(Conditions.VARIABLE_GROUP_READY) && blocked.isPresent()
        ? blocked.get() : new CapabilityResult(CapabilityState.waiting(t, Reason.Planned, Severity.Info, message),
            t.equals(Conditions.SERVICE_CONNECTION_READY) ? changes : List.of(), List.of(), settings.resync()))
        .toList();
  }

  private static EndpointDefinition definition(DevOpsStep step, DevOpsDesired.Connection sc) {
    VaultId vault = step.pass().access().vault();
    Optional<String> scope = sc.scope() == ServiceConnectionScope.ResourceGroup
        ? Optional.of("/subscriptions/" + vault.subscriptionId() + "/resourcegroups/" + vault.resourceGroup())
        : Optional.empty();
    return new EndpointDefinition(sc.name(), step.marker(), step.project(), vault.subscriptionId(),
        step.pass().vault().before().tenantId(), step.pass().observed().principal().orElseThrow().clientId(), scope);
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
}
