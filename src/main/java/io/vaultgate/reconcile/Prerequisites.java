package io.vaultgate.reconcile;

import io.vaultgate.api.Reason;
import io.vaultgate.api.Severity;
import io.vaultgate.model.AgentsDesired;
import io.vaultgate.model.DesiredAccess;
import io.vaultgate.model.DevOpsDesired;
import io.vaultgate.plan.DevOpsPlans;
import io.vaultgate.plan.DevOpsPlans.Owner;
import io.vaultgate.port.DevOpsPort.ServiceEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Whether everything the spec's writes depend on was observed to be there: the pipeline identity, the agents'
 * subnets, the private DNS zone the spec names, the Azure DevOps organization and project, and a service connection
 * name that is free or this resource's. The first that is missing (in that order) stops the whole pass before its
 * first write, so a resource that cannot converge writes nothing: not the vault's firewall or access policies, no
 * role assignment, no private endpoint or DNS, nothing in Microsoft Graph or Azure DevOps.
 *
 * <p>A resource that already holds something and then loses a prerequisite (the project or identity deleted, a
 * subnet removed) is held: what its ledger records stays in Azure and in its status, nothing is added, changed or
 * removed, not even for a spec edit, and every condition says what is missing until it is back. Tearing its access
 * down would break pipelines over what may be a passing mistake, and converging the rest would open the vault for a
 * resource that cannot work. To take the access away meanwhile, delete the resource (clean-up works from the ledger
 * alone) or drop the part of the spec that needs the missing piece.
 *
 * <p>Pure: it reads nothing and writes nothing; the observation did the reading.
 */
final class Prerequisites {

  private Prerequisites() {
  }

  /**
   * The state every condition takes when a prerequisite is missing; empty when all are there.
   *
   * @param uid the resource's uid, which marks what vaultgate made for it in Azure DevOps
   */
  static Optional<CapabilityState> missing(DesiredAccess access, Observation observed, Ledger ledger, String uid) {
    return first(access, observed, uid).map(m -> m.withMessage(m.message() + "; vaultgate writes nothing for this"
        + " resource until then" + (ledger.ownsNothing() ? "" : " and keeps what it holds (delete the resource, or"
        + " drop what needs it from the spec, to release it)")));
  }

  private static Optional<CapabilityState> first(DesiredAccess access, Observation observed, String uid) {
    if (access.identity().isPresent() && observed.principal().isEmpty()) {
      return Optional.of(CapabilityState.retrying("", Reason.IdentityNotFound, Severity.Warning,
          access.identity().get() + " does not exist (or has no service principal); vaultgate never creates"
              + " identities"));
    }
    List<String> subnets = new ArrayList<>(observed.subnets().missing());
    access.agents().privateEndpoint().map(AgentsDesired.Endpoint::subnetId)
        .filter(id -> observed.endpointSubnet().isEmpty() && !subnets.contains(id)).ifPresent(subnets::add);
    if (!subnets.isEmpty()) {
      return stalled(Reason.SubnetNotFound, subnets.stream().map(id -> "subnet " + id + " was not found")
          .collect(Collectors.joining("; ")));
    }
    Optional<String> zone = access.agents().privateEndpoint().flatMap(AgentsDesired.Endpoint::dnsZone)
        .filter(z -> !AgentsDesired.Endpoint.CREATE.equals(z));
    if (zone.isPresent() && observed.dnsZone().isEmpty()) {
      return stalled(Reason.DnsZoneNotFound, "private DNS zone " + zone.get() + " was not found");
    }
    DevOpsDesired wanted = access.devOps();
    if (DevOpsCapability.types(wanted).isEmpty()) {
      return Optional.empty();
    }
    Observation.DevOpsPlace devOps = observed.devOps().orElseThrow();
    String org = devOps.organization();
    if (devOps.organizationId().isEmpty()) {
      return stalled(Reason.OrganizationNotFound, "Azure DevOps organization '" + org + "' was not found, or the"
          + " operator's identity is not a member of it");
    }
    String project = devOps.project().orElseThrow();
    if (devOps.projectId().isEmpty()) {
      return stalled(Reason.ProjectNotFound, "Azure DevOps project '" + project + "' was not found in"
          + " organization '" + org + "'");
    }
    Optional<ServiceEndpoint> taken = devOps.connection()
        .filter(c -> DevOpsPlans.ownerOf(c.definition().description(), uid) != Owner.THIS_RESOURCE);
    return taken.flatMap(c -> stalled(Reason.NameConflict, "a service connection named '"
        + wanted.serviceConnection().orElseThrow().name() + "' already exists in project '" + project
        + "' and is not this resource's; vaultgate leaves it alone"
        + " (choose another name, or remove it)"));
  }

  private static Optional<CapabilityState> stalled(Reason reason, String message) {
    return Optional.of(CapabilityState.stalled("", reason, message));
  }
}
