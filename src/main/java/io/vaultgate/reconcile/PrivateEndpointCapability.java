package io.vaultgate.reconcile;

import static io.vaultgate.reconcile.PrivateEndpointNames.endpointId;
import static io.vaultgate.reconcile.PrivateEndpointNames.fqdn;
import static io.vaultgate.reconcile.PrivateEndpointNames.linkName;
import static io.vaultgate.reconcile.PrivateEndpointNames.name;
import static io.vaultgate.reconcile.PrivateEndpointNames.zoneIdFor;
import static io.vaultgate.reconcile.PrivateEndpointRelease.CREATED_BY;
import static io.vaultgate.reconcile.PrivateEndpointRelease.CREATED_BY_TAG;
import static io.vaultgate.reconcile.PrivateEndpointRelease.OWNER_TAG;

import io.vaultgate.api.Conditions;
import io.vaultgate.api.EventReason;
import io.vaultgate.api.PrivateVaultAccessStatus;
import io.vaultgate.api.PrivateVaultAccessStatus.PrivateEndpointStatus;
import io.vaultgate.api.Reason;
import io.vaultgate.api.Severity;
import io.vaultgate.model.AgentsDesired;
import io.vaultgate.model.Change;
import io.vaultgate.model.DesiredAccess;
import io.vaultgate.model.VaultId;
import io.vaultgate.port.NetworkPort;
import io.vaultgate.port.NetworkPort.Link;
import io.vaultgate.port.NetworkPort.OperationState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Converges the vault's private endpoint for self-hosted agents and its DNS: the endpoint in the agents' subnet,
 * the {@code privatelink.vaultcore.azure.net} zone linked to their virtual network, and the endpoint's zone group,
 * which keeps the vault's A record on the endpoint's address. Every write is a long-running Azure operation: it is
 * started, its URL kept in the status, and polled on later reconciles; no thread waits for it. Everything vaultgate
 * creates is tagged, and removed ({@link PrivateEndpointRelease}) only when nothing else needs it. The agents'
 * subnet and a zone the spec names are prerequisites: observed, and found, before the pass's first write
 * ({@link Prerequisites}).
 */
final class PrivateEndpointCapability implements Capability {

  private final ReconcileSettings settings;
  private final Neighbourhood neighbours;

  PrivateEndpointCapability(ReconcileSettings settings, Neighbourhood neighbours) {
    this.settings = settings;
    this.neighbours = neighbours;
  }

  @Override
  public boolean concerns(Pass pass) {
    return pass.access().agents().privateEndpoint().isPresent() || pass.next().privateEndpoint != null;
  }

  @Override
  public List<CapabilityResult> converge(Pass pass) {
    return List.of(result(pass));
  }

  private CapabilityResult result(Pass pass) {
    NetworkPort network = pass.ports().network();
    DesiredAccess access = pass.access();
    PrivateVaultAccessStatus next = pass.next();
    String uid = pass.ref().uid();
    PrivateEndpointRelease.Sharing sharing = neighbours.endpointSharing(pass.ref().owner());
    Optional<AgentsDesired.Endpoint> wanted = access.agents().privateEndpoint();
    if (wanted.isEmpty()) {
      return dropped(pass, network, sharing);
    }
    AgentsDesired.Endpoint endpoint = wanted.get();
    VaultId vault = access.vault();
    String id = endpointId(vault, uid);
    String fqdn = fqdn(vault);
    List<Change> changes = new ArrayList<>();
    if (next.privateEndpoint != null && !next.privateEndpoint.id().equalsIgnoreCase(id)) {
      // the vault changed: the old vault's endpoint goes first
      if (access.dryRun()) {
        changes.add(new Change("Remove", "privateEndpoint", next.privateEndpoint.id(), "the vault changed"));
      } else if (!PrivateEndpointRelease.step(network, uid, next.privateEndpoint, sharing, changes)) {
        return progressing("removing the private endpoint of the previous vault", changes);
      } else {
        next.privateEndpoint = null;
      }
    }
    PrivateEndpointStatus ledger = Optional.ofNullable(next.privateEndpoint).orElse(
        new PrivateEndpointStatus(id, null, null, fqdn, null, null, null, null));

    if (ledger.operation() != null) {
      if (network.poll(new NetworkPort.Operation(ledger.operation())) == OperationState.IN_PROGRESS) {
        next.privateEndpoint = ledger;
        return progressing("an Azure operation for the private endpoint is under way", changes);
      }
      ledger = ledger.withOperation(null);
    }
    // observed before the pass's first write, and found (Prerequisites)
    NetworkPort.Subnet subnet = pass.observed().endpointSubnet().orElseThrow();
    Optional<NetworkPort.PrivateEndpoint> live = network.privateEndpoint(id);
    if (live.isPresent() && !uid.equals(live.get().tags().get(OWNER_TAG))) {
      next.privateEndpoint = ledger;
      return result(CapabilityState.stalled(type(), Reason.NameConflict, "private endpoint " + id
          + " exists and is not this resource's"), changes, settings.resync());
    }
    if (live.isPresent() && !live.get().subnetId().equalsIgnoreCase(endpoint.subnetId())) {
      changes.add(new Change("Remove", "privateEndpoint", id, "moving to subnet " + endpoint.subnetId()));
      return start(access, next, ledger, changes, "the private endpoint is being replaced",
          () -> network.deletePrivateEndpoint(id));
    }
    if (live.isEmpty()) {
      changes.add(new Change("Add", "privateEndpoint", id, "in subnet " + endpoint.subnetId() + " ("
          + subnet.location() + ")" + (endpoint.manualApproval() ? ", approval requested" : "")));
      if (access.dryRun()) {
        plannedDns(network, access, endpoint, subnet, id, changes);
      }
      return start(access, next, ledger, changes, "creating the private endpoint",
          () -> network.createPrivateEndpoint(id, subnet.location(), endpoint.subnetId(), vault.toString(),
              endpoint.manualApproval(), Map.of(OWNER_TAG, uid, CREATED_BY_TAG, CREATED_BY)));
    }
    NetworkPort.PrivateEndpoint pe = live.get();
    ledger = new PrivateEndpointStatus(id, pe.connectionStatus(), pe.privateIp().orElse(null), fqdn, null,
        ledger.dnsZoneId(), ledger.dnsZoneCreated(), ledger.virtualNetworkLinkId());
    next.privateEndpoint = ledger;
    String state = pe.provisioningState();
    if (!"Succeeded".equalsIgnoreCase(state)) {
      return "Failed".equalsIgnoreCase(state)
          ? result(CapabilityState.stalled(type(), Reason.AzureError, "private endpoint " + id
              + " failed to provision"), changes, settings.slowRetry())
          : progressing("the private endpoint is " + state, changes);
    }
    switch (pe.connectionStatus().toLowerCase(Locale.ROOT)) {
      case "approved" -> {
      }
      case "pending" -> {
        return result(CapabilityState.retrying(type(), Reason.WaitingForApproval, Severity.Info,
            "the private endpoint connection waits for the vault owner's approval (az keyvault"
                + " private-endpoint-connection approve)"), changes, settings.slowRetry());
      }
      case "rejected" -> {
        return result(CapabilityState.stalled(type(), Reason.PrivateEndpointRejected, "the vault owner"
            + " rejected the private endpoint connection"), changes, settings.slowRetry());
      }
      default -> {
        return result(CapabilityState.stalled(type(), Reason.PrivateEndpointDisconnected, "the private"
            + " endpoint connection is " + pe.connectionStatus() + "; the vault owner removed it"), changes,
            settings.slowRetry());
      }
    }
    String address = pe.privateIp().orElse("its address");
    if (endpoint.dnsZone().isEmpty()) {
      return ready("private endpoint " + name(id) + " (" + address + ") is approved; DNS is left to"
          + " you (privateDnsZone: None): agents must resolve " + fqdn + " to " + address, changes);
    }
    return dns(network, pass, ledger, endpoint, subnet, pe, changes);
  }

  private CapabilityResult dns(NetworkPort network, Pass pass, PrivateEndpointStatus ledger,
      AgentsDesired.Endpoint endpoint, NetworkPort.Subnet subnet, NetworkPort.PrivateEndpoint pe,
      List<Change> changes) {
    DesiredAccess access = pass.access();
    PrivateVaultAccessStatus next = pass.next();
    boolean create = AgentsDesired.Endpoint.CREATE.equals(endpoint.dnsZone().get());
    String zoneId = create ? zoneIdFor(access.vault()) : endpoint.dnsZone().get();
    // a zone the spec names is a prerequisite, observed and found before the pass's first write
    Optional<NetworkPort.Zone> zone = create ? network.zone(zoneId) : pass.observed().dnsZone();
    if (zone.isEmpty()) {
      changes.add(new Change("Add", "privateDnsZone", zoneId, "linked to virtual network " + subnet
          .virtualNetworkId()));
      PrivateEndpointStatus created = with(ledger, zoneId, true, ledger.virtualNetworkLinkId());
      return start(access, next, created, changes, "creating the private DNS zone",
          () -> network.createZone(zoneId, Map.of(CREATED_BY_TAG, CREATED_BY)));
    }
    boolean zoneOurs = Boolean.TRUE.equals(ledger.dnsZoneCreated())
        || CREATED_BY.equals(zone.get().tags().get(CREATED_BY_TAG));
    ledger = with(ledger, zoneId, zoneOurs, ledger.virtualNetworkLinkId());
    next.privateEndpoint = ledger;
    Optional<Link> link = network.links(zoneId).stream()
        .filter(l -> l.virtualNetworkId().equalsIgnoreCase(subnet.virtualNetworkId())).findFirst();
    if (link.isEmpty()) {
      String linkName = linkName(subnet);
      String linkId = zoneId + "/virtualNetworkLinks/" + linkName;
      changes.add(new Change("Add", "virtualNetworkLink", linkId, "registration disabled"));
      return start(access, next, with(ledger, zoneId, zoneOurs, linkId), changes, "linking the zone to the"
          + " agents' virtual network", () -> network.createLink(zoneId, linkName, subnet.virtualNetworkId(),
          Map.of(CREATED_BY_TAG, CREATED_BY)));
    }
    if (CREATED_BY.equals(link.get().tags().get(CREATED_BY_TAG))) {
      ledger = with(ledger, zoneId, zoneOurs, link.get().id());
      next.privateEndpoint = ledger;
    }
    if (pe.zoneIds().stream().noneMatch(zoneId::equalsIgnoreCase)) {
      changes.add(zoneGroupChange(pe.id(), ledger.fqdn()));
      return start(access, next, ledger, changes, "adding the endpoint's DNS zone group",
          () -> network.putZoneGroup(pe.id(), zoneId));
    }
    String vaultName = access.vault().name();
    List<String> addresses = network.aRecord(zoneId, vaultName);
    if (pe.privateIp().isEmpty() || !addresses.contains(pe.privateIp().get())) {
      return progressing("waiting for " + ledger.fqdn() + " to resolve to the endpoint's address", changes);
    }
    return ready("private endpoint " + name(pe.id()) + " (" + pe.privateIp().get() + ") is approved; "
        + ledger.fqdn() + " resolves to it in virtual network " + name(subnet.virtualNetworkId()), changes);
  }

  /** What DNS would need once the endpoint exists, so that Plan mode shows all of it at once. */
  private static void plannedDns(NetworkPort network, DesiredAccess access, AgentsDesired.Endpoint endpoint,
      NetworkPort.Subnet subnet, String endpointId, List<Change> changes) {
    if (endpoint.dnsZone().isEmpty()) {
      return;
    }
    boolean create = AgentsDesired.Endpoint.CREATE.equals(endpoint.dnsZone().get());
    String zoneId = create ? zoneIdFor(access.vault()) : endpoint.dnsZone().get();
    boolean zoneExists = network.zone(zoneId).isPresent();
    if (!zoneExists && create) {
      changes.add(new Change("Add", "privateDnsZone", zoneId, "linked to virtual network "
          + subnet.virtualNetworkId()));
    }
    if (!zoneExists || network.links(zoneId).stream()
        .noneMatch(l -> l.virtualNetworkId().equalsIgnoreCase(subnet.virtualNetworkId()))) {
      changes.add(new Change("Add", "virtualNetworkLink", zoneId + "/virtualNetworkLinks/" + linkName(subnet),
          "registration disabled"));
    }
    changes.add(zoneGroupChange(endpointId, fqdn(access.vault())));
  }

  private static Change zoneGroupChange(String endpointId, String fqdn) {
    return new Change("Add", "privateDnsZoneGroup", endpointId + "/privateDnsZoneGroups/default",
        "keeps " + fqdn + " on the endpoint's address");
  }

  /** The spec dropped the endpoint: remove it and its DNS, step by step, listed in status.plan and Events. */
  private CapabilityResult dropped(Pass pass, NetworkPort network, PrivateEndpointRelease.Sharing sharing) {
    PrivateEndpointStatus ledger = pass.next().privateEndpoint;
    if (pass.dryRun()) {
      return CapabilityResult.removed(PrivateEndpointRelease.planned(ledger, sharing), List.of(), settings.resync());
    }
    List<Change> changes = new ArrayList<>();
    boolean done = PrivateEndpointRelease.step(network, pass.ref().uid(), ledger, sharing, changes);
    if (done) {
      pass.next().privateEndpoint = null;
    }
    return CapabilityResult.removed(changes, notices(changes), done ? settings.resync() : settings.transientRetry());
  }

  // ---- helpers ----

  private CapabilityResult start(DesiredAccess access, PrivateVaultAccessStatus next, PrivateEndpointStatus ledger,
      List<Change> changes, String doing, Supplier<NetworkPort.Operation> write) {
    if (access.dryRun()) {
      return new CapabilityResult(PlanMode.state(type(), "the private endpoint", changes), changes, List.of(),
          settings.resync());
    }
    NetworkPort.Operation operation = write.get();
    next.privateEndpoint = ledger.withOperation(operation.url().isEmpty() ? null : operation.url());
    return progressing(doing, changes);
  }

  private static PrivateEndpointStatus with(PrivateEndpointStatus s, String zoneId, boolean zoneCreated,
      String linkId) {
    return new PrivateEndpointStatus(s.id(), s.connectionState(), s.privateIpAddress(), s.fqdn(), s.operation(),
        zoneId, zoneCreated, linkId);
  }

  private CapabilityResult progressing(String message, List<Change> changes) {
    return result(CapabilityState.retrying(type(), Reason.Progressing, Severity.Info, message), changes,
        settings.transientRetry());
  }

  private CapabilityResult ready(String message, List<Change> changes) {
    return result(CapabilityState.ready(type(), Reason.Converged, message), changes, settings.resync());
  }

  private static CapabilityResult result(CapabilityState state, List<Change> changes, java.time.Duration retry) {
    return new CapabilityResult(state, changes, notices(changes), retry);
  }

  private static List<Notice> notices(List<Change> changes) {
    return changes.isEmpty() ? List.of()
        : List.of(Notice.change(EventReason.Change.PrivateEndpointUpdated, PlanMode.listed(changes)));
  }

  private static String type() {
    return Conditions.PRIVATE_ENDPOINT_READY;
  }
}
