package io.vaultgate.simulator.arm.keyvault;

import java.util.Objects;

/** A subnet allowed through the vault firewall; {@code id} is the subnet's resource id. */
public record SimVirtualNetworkRule(String id, boolean ignoreMissingVnetServiceEndpoint) {
  public SimVirtualNetworkRule {
    Objects.requireNonNull(id, "id");
  }

  public static SimVirtualNetworkRule of(String subnetId) {
    return new SimVirtualNetworkRule(subnetId, false);
  }
}
