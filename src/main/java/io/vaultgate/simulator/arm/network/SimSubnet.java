package io.vaultgate.simulator.arm.network;

import io.vaultgate.simulator.arm.ProvisioningState;
import java.util.List;
import java.util.Objects;

/**
 * A subnet as stored.
 *
 * @param etag changes with every write (informational, as on all Network resources)
 */
public record SimSubnet(SubnetId id, String addressPrefix, List<SubnetServiceEndpoint> serviceEndpoints,
           String privateEndpointNetworkPolicies, ProvisioningState provisioningState, String etag) {
  public static final String POLICIES_DISABLED = "Disabled";

  public SimSubnet {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(addressPrefix, "addressPrefix");
    Objects.requireNonNull(provisioningState, "provisioningState");
    serviceEndpoints = List.copyOf(serviceEndpoints);
  }

  public String name() {
    return id.name();
  }

  public String resourceId() {
    return id.resourceId();
  }

  /** Whether the subnet lists a service endpoint for the service (provisioned or not), ignoring case. */
  public boolean hasServiceEndpoint(String service) {
    return serviceEndpoints.stream().anyMatch(e -> e.service().equalsIgnoreCase(service)
        && e.provisioningState() != ProvisioningState.FAILED);
  }

  /** Whether traffic to the service flows over the subnet's endpoint: listed and provisioned. */
  public boolean serviceEndpointProvisioned(String service) {
    return serviceEndpoints.stream().anyMatch(e -> e.service().equalsIgnoreCase(service)
        && e.provisioningState() == ProvisioningState.SUCCEEDED);
  }

  public CidrBlock range() {
    return CidrBlock.parseCidr(addressPrefix).orElseThrow();
  }

  /** The outcome of its operation: the subnet and the endpoints it was provisioning take the state. */
  SimSubnet settled(ProvisioningState state) {
    return new SimSubnet(id, addressPrefix, serviceEndpoints.stream()
        .map(e -> e.provisioningState() == ProvisioningState.SUCCEEDED ? e : e.withProvisioningState(state))
        .toList(), privateEndpointNetworkPolicies, state, etag);
  }
}
