package io.vaultgate.reconcile;

import io.vaultgate.api.PrivateVaultAccessStatus.PrivateEndpointStatus;
import io.vaultgate.model.Change;
import io.vaultgate.port.NetworkPort;
import io.vaultgate.port.NetworkPort.Link;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Removes a resource's private endpoint and the DNS vaultgate created for it, in order: the endpoint (its zone group
 * goes with it), then the zone's link and the zone when vaultgate created them and no other resource uses them.
 * Azure deletes are long-running: each call starts at most one and says whether anything is left. Works from the
 * ledger alone, so a resource whose spec cannot be read is still cleaned up.
 */
final class PrivateEndpointRelease {

  static final String OWNER_TAG = "vaultgate.io-owner";
  static final String CREATED_BY_TAG = "vaultgate.io-created-by";
  static final String CREATED_BY = "vaultgate";

  private PrivateEndpointRelease() {
  }

  /** Other resources' private endpoints, for what they share with this one: the zone and its links. */
  record Sharing(List<PrivateEndpointStatus> others) {
    boolean usesZone(String zoneId) {
      return others.stream().anyMatch(o -> zoneId.equalsIgnoreCase(o.dnsZoneId()));
    }

    boolean usesLink(String linkId) {
      return others.stream().anyMatch(o -> linkId.equalsIgnoreCase(o.virtualNetworkLinkId()));
    }
  }

  /**
   * Starts the next deletion, adding it to {@code changes}.
   *
   * @return true when nothing is left; false while a deletion is under way (call again later)
   */
  static boolean step(NetworkPort network, String uid, PrivateEndpointStatus ledger, Sharing sharing,
      List<Change> changes) {
    Optional<NetworkPort.PrivateEndpoint> pe = network.privateEndpoint(ledger.id());
    if (pe.isPresent() && uid.equals(pe.get().tags().get(OWNER_TAG))) {
      if (!deleting(pe.get().provisioningState())) {
        network.deletePrivateEndpoint(ledger.id());
        changes.add(Change.remove("privateEndpoint", ledger.id()));
      }
      return false;
    }
    if (ledger.virtualNetworkLinkId() != null && !sharing.usesLink(ledger.virtualNetworkLinkId())) {
      Optional<Link> link = network.links(zoneOf(ledger.virtualNetworkLinkId())).stream()
          .filter(l -> l.id().equalsIgnoreCase(ledger.virtualNetworkLinkId())).findFirst();
      if (link.isPresent()) {
        if (!deleting(link.get().state())) {
          network.deleteLink(link.get().id());
          changes.add(Change.remove("virtualNetworkLink", link.get().id()));
        }
        return false;
      }
    }
    if (ownsZone(ledger, sharing)) {
      Optional<NetworkPort.Zone> zone = network.zone(ledger.dnsZoneId());
      // only the SOA record left: nothing but vaultgate's ever lived there
      if (zone.isPresent() && zone.get().recordSets() <= 1 && network.links(ledger.dnsZoneId()).isEmpty()) {
        if (!deleting(zone.get().provisioningState())) {
          network.deleteZone(ledger.dnsZoneId());
          changes.add(Change.remove("privateDnsZone", ledger.dnsZoneId()));
        }
        return false;
      }
    }
    return true;
  }

  /** What Apply would remove (Plan mode), from the ledger, without reading Azure. */
  static List<Change> planned(PrivateEndpointStatus ledger, Sharing sharing) {
    List<Change> changes = new ArrayList<>();
    changes.add(Change.remove("privateEndpoint", ledger.id()));
    if (ledger.virtualNetworkLinkId() != null && !sharing.usesLink(ledger.virtualNetworkLinkId())) {
      changes.add(Change.remove("virtualNetworkLink", ledger.virtualNetworkLinkId()));
    }
    if (ownsZone(ledger, sharing)) {
      changes.add(Change.remove("privateDnsZone", ledger.dnsZoneId()));
    }
    return changes;
  }

  private static boolean ownsZone(PrivateEndpointStatus ledger, Sharing sharing) {
    return Boolean.TRUE.equals(ledger.dnsZoneCreated()) && ledger.dnsZoneId() != null
        && !sharing.usesZone(ledger.dnsZoneId());
  }

  private static String zoneOf(String linkId) {
    return linkId.substring(0, linkId.indexOf("/virtualNetworkLinks/"));
  }

  private static boolean deleting(String state) {
    return "Deleting".equalsIgnoreCase(state);
  }
}
