package io.vaultgate.simulator.arm.network;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A subnet to seed through the state API. Service endpoints without locations get the service's default ones
 * ({@code *} for Microsoft.KeyVault, the virtual network's region otherwise).
 *
 * @param privateEndpointNetworkPolicies Disabled (the service's default), Enabled, NetworkSecurityGroupEnabled or
 *                                       RouteTableEnabled
 */
public record SubnetSpec(String name, String addressPrefix, List<SubnetServiceEndpoint> serviceEndpoints,
             String privateEndpointNetworkPolicies) {
  public SubnetSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(addressPrefix, "addressPrefix");
    Objects.requireNonNull(privateEndpointNetworkPolicies, "privateEndpointNetworkPolicies");
    serviceEndpoints = List.copyOf(serviceEndpoints);
  }

  /** A subnet with service endpoints for these services (e.g. "Microsoft.KeyVault"), at their default locations. */
  public static SubnetSpec of(String name, String addressPrefix, String... services) {
    return new SubnetSpec(name, addressPrefix, Arrays.stream(services)
        .map(s -> new SubnetServiceEndpoint(s, List.of())).toList(), SimSubnet.POLICIES_DISABLED);
  }

  public SubnetSpec withPrivateEndpointNetworkPolicies(String policies) {
    return new SubnetSpec(name, addressPrefix, serviceEndpoints, policies);
  }
}
