package io.vaultgate.reconcile;

import io.vaultgate.api.Conditions;
import io.vaultgate.api.EventReason;
import io.vaultgate.api.PrivateVaultAccessStatus.VariableGroupStatus;
import io.vaultgate.api.Reason;
import io.vaultgate.model.Change;
import io.vaultgate.model.DevOpsDesired;
import io.vaultgate.plan.DevOpsPlans;
import io.vaultgate.plan.DevOpsPlans.Owner;
import io.vaultgate.port.DevOpsPort.GroupDefinition;
import io.vaultgate.port.DevOpsPort.ServiceEndpoint;
import io.vaultgate.port.DevOpsPort.VariableGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Library variable group linked to the vault through the service connection, mapping exactly the spec's
 * secrets (their values are read by pipelines at run time, never here). A mapped secret the vault lacks stops it
 * before any Azure DevOps call, and a group it made before is left as it is. A group of that name that is not this
 * resource's is a conflict and is left alone.
 */
final class VariableGroupStep {

  private static final String TYPE = Conditions.VARIABLE_GROUP_READY;

  private VariableGroupStep() {
  }

  static CapabilityResult converge(DevOpsStep step, DevOpsDesired.Group group, ServiceEndpoint endpoint) {
    Optional<CapabilityResult> blocked = blocked(step, group);
    if (blocked.isPresent()) {
      return blocked.get();
    }
    List<Change> changes = new ArrayList<>();
    GroupDefinition definition = new GroupDefinition(group.name(), step.marker(), step.project(), endpoint.id(),
        step.pass().access().vault().name(), group.secrets());
    Optional<VariableGroup> live = step.devOps().findVariableGroup(step.org(), step.project(), group.name());
    if (live.isPresent() && DevOpsPlans.ownerOf(live.get().definition().description(), step.uid())
        != Owner.THIS_RESOURCE) {
      String message = "a variable group named '" + group.name() + "' already exists in project '"
          + step.projectName() + "' and is not this resource's; vaultgate leaves it alone";
      return new CapabilityResult(CapabilityState.stalled(TYPE, Reason.NameConflict, message), changes,
          List.of(Notice.state(EventRecorder.Type.Warning, Reason.NameConflict, message)), step.settings().resync());
    }
    VariableGroup result;
    if (live.isEmpty()) {
      changes.add(new Change("Add", "variableGroup", group.name(), "linked to vault " + definition.vaultName()
          + ", secrets " + String.join(", ", group.secrets())));
      if (step.dryRun()) {
        return step.done(TYPE, "", changes, List.of());
      }
      result = step.devOps().createVariableGroup(step.org(), definition);
    } else if (!same(live.get(), definition)) {
      changes.add(new Change("Update", "variableGroup", group.name(), "restored to vault " + definition.vaultName()
          + ", secrets " + String.join(", ", group.secrets())));
      result = step.dryRun() ? live.get()
          : step.devOps().updateVariableGroup(step.org(), live.get().id(), definition);
    } else {
      result = live.get();
    }
    step.pass().next().variableGroup = new VariableGroupStatus(result.id(), group.name());
    if (group.authorizeAllPipelines()) {
      step.authorize(DevOpsStep.VARIABLE_GROUP, Integer.toString(result.id()), "variableGroup " + group.name(),
          changes);
    }
    List<Notice> notices = changes.isEmpty() || step.dryRun() ? List.of()
        : List.of(Notice.change(EventReason.Change.VariableGroupUpdated, step.where(changes)));
    return step.done(TYPE, "variable group '" + group.name() + "' (" + result.id() + ") maps "
        + group.secrets().size() + " secret(s) of vault " + definition.vaultName() + " through the service"
        + " connection", changes, notices);
  }

  /**
   * What the observed secret names say against the group: a mapped secret the vault lacks ({@code SecretNotFound}),
   * or names the operator may not list. Either needs a human; it is checked again on the next resync, so it heals
   * once the secret (or the permission) is there.
   */
  static Optional<CapabilityResult> blocked(DevOpsStep step, DevOpsDesired.Group group) {
    Observation.SecretNames secrets = step.pass().observed().secrets().orElseThrow();
    String vault = step.pass().access().vault().name();
    List<String> missing = DevOpsPlans.missingSecrets(group.secrets(), secrets.names());
    Optional<CapabilityState> state = secrets.unreadable()
        .map(why -> CapabilityState.stalled(TYPE, Reason.AuthorizationFailed, "the operator's Azure identity may not"
            + " list the secret names of vault " + vault + " (Microsoft.KeyVault/vaults/secrets/read), which the"
            + " variable group is checked against: " + why))
        .or(() -> missing.isEmpty() ? Optional.empty() : Optional.of(CapabilityState.stalled(TYPE,
            Reason.SecretNotFound, "secret(s) " + String.join(", ", missing) + " not found in vault " + vault
            + " (spec.variableGroup.secrets); add them to the vault or remove them from the spec")));
    return state.map(s -> new CapabilityResult(s, List.of(), List.of(Notice.state(EventRecorder.Type.Warning,
        s.reason(), s.message())), step.settings().resync()));
  }

  static boolean same(VariableGroup live, GroupDefinition wanted) {
    GroupDefinition d = live.definition();
    return "AzureKeyVault".equalsIgnoreCase(live.type()) && d.name().equals(wanted.name())
        && d.description().equals(wanted.description()) && d.serviceEndpointId().equalsIgnoreCase(
        wanted.serviceEndpointId()) && d.vaultName().equalsIgnoreCase(wanted.vaultName())
        && DevOpsPlans.sameSecrets(d.secrets(), wanted.secrets());
  }
}
