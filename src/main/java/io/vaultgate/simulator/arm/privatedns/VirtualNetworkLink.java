package io.vaultgate.simulator.arm.privatedns;

import io.vaultgate.simulator.arm.ProvisioningState;
import io.vaultgate.simulator.arm.ResourceId;
import java.util.Map;
import java.util.Objects;

/**
 * A private DNS zone's link to a virtual network: once provisioned, the network resolves the zone's records.
 *
 * @param virtualNetworkId as given in the request
 */
public record VirtualNetworkLink(ResourceId zone, String name, String virtualNetworkId, boolean registrationEnabled,
                 Map<String, String> tags, ProvisioningState provisioningState, String etag) {
  public static final String TYPE = PrivateDnsZones.TYPE + "/virtualNetworkLinks";

  public VirtualNetworkLink {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(virtualNetworkId, "virtualNetworkId");
    Objects.requireNonNull(provisioningState, "provisioningState");
    tags = Map.copyOf(tags);
  }

  public String resourceId() {
    return zone.resourceId() + "/virtualNetworkLinks/" + name;
  }

  /** {@code virtualNetworkLinkState}: Completed once provisioned, InProgress until then. */
  public String virtualNetworkLinkState() {
    return provisioningState == ProvisioningState.SUCCEEDED ? "Completed" : "InProgress";
  }

  VirtualNetworkLink with(ProvisioningState state) {
    return new VirtualNetworkLink(zone, name, virtualNetworkId, registrationEnabled, tags, state, etag);
  }
}
