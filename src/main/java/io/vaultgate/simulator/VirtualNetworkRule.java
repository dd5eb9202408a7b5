package io.vaultgate.simulator;

import java.util.Objects;

/** A subnet allowed through the vault firewall; {@code id} is the subnet's resource id. */
public record VirtualNetworkRule(String id, boolean ignoreMissingVnetServiceEndpoint) {
  public VirtualNetworkRule {
    Objects.requireNonNull(id, "id");
  }

  public static VirtualNetworkRule of(String subnetId) {
    return new VirtualNetworkRule(subnetId, false);
  }
}
