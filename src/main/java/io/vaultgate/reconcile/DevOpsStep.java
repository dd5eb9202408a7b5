package io.vaultgate.reconcile;

import io.vaultgate.api.Reason;
import io.vaultgate.model.Change;
import io.vaultgate.plan.DevOpsPlans;
import io.vaultgate.port.DevOpsPort;
import java.util.List;

/**
 * What the Azure DevOps steps share in one pass: where they work (organization and project, by name and id), how
 * they mark what they create, and how they report.
 *
 * @param project the project's id, which Azure DevOps' write APIs take
 * @param projectName the project as the spec names it, for messages
 */
record DevOpsStep(Pass pass, ReconcileSettings settings, String org, String orgId, String project,
    String projectName) {

  static final String ENDPOINT = "endpoint";
  static final String VARIABLE_GROUP = "variablegroup";

  DevOpsPort devOps() {
    return pass.devOps();
  }

  boolean dryRun() {
    return pass.dryRun();
  }

  String uid() {
    return pass.ref().uid();
  }

  /** The description vaultgate gives what it creates, naming the owning resource: how it is recognised later. */
  String marker() {
    return DevOpsPlans.marker(pass.ref().namespace(), pass.ref().name(), pass.ref().uid());
  }

  /** Turns on "grant access permission to all pipelines" for a resource, when it is off. */
  void authorize(String resourceType, String id, String what, List<Change> changes) {
    if (!devOps().allPipelinesAuthorized(org, project, resourceType, id)) {
      changes.add(new Change("Set", "pipelinePermissions", what, "access permission for all pipelines"));
      if (!dryRun()) {
        devOps().authorizeAllPipelines(org, project, resourceType, id);
      }
    }
  }

  /** A step's result: ready, or in Plan mode what Apply would change. */
  CapabilityResult done(String type, String message, List<Change> changes, List<Notice> notices) {
    if (dryRun()) {
      return new CapabilityResult(PlanMode.state(type, "Azure DevOps", changes), changes, List.of(),
          settings.resync());
    }
    return new CapabilityResult(CapabilityState.ready(type, Reason.Converged, message), changes, notices,
        settings.resync());
  }

  /** "Azure DevOps contoso/payments: Add serviceConnection ...", for the Event of a change. */
  String where(List<Change> changes) {
    return "Azure DevOps " + org + "/" + projectName + ": " + PlanMode.listed(changes);
  }
}
