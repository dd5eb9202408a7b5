package io.vaultgate.simulator.arm.network;

import io.vaultgate.simulator.arm.ProvisioningState;
import java.util.List;
import java.util.Objects;

/**
 * One of a subnet's {@code serviceEndpoints}, e.g. {@code Microsoft.KeyVault}; traffic from the subnet reaches the
 * service over it only once it is provisioned.
 *
 * @param locations the regions it serves ({@code *} for all)
 */
public record SubnetServiceEndpoint(String service, List<String> locations, ProvisioningState provisioningState) {
  public SubnetServiceEndpoint {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(provisioningState, "provisioningState");
    locations = List.copyOf(locations);
  }

  /** A provisioned endpoint. */
  public SubnetServiceEndpoint(String service, List<String> locations) {
    this(service, locations, ProvisioningState.SUCCEEDED);
  }

  SubnetServiceEndpoint withProvisioningState(ProvisioningState state) {
    return new SubnetServiceEndpoint(service, locations, state);
  }
}
