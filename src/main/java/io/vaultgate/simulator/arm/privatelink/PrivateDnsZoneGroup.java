package io.vaultgate.simulator.arm.privatelink;

import io.vaultgate.simulator.arm.ProvisioningState;
import java.util.List;
import java.util.Objects;

/**
 * A private endpoint's DNS zone group: while it exists, each zone it names holds an A record for the endpoint's
 * FQDN pointing at the endpoint's address.
 */
public record PrivateDnsZoneGroup(String name, List<Config> configs, ProvisioningState provisioningState,
                  String etag) {
  /** One {@code privateDnsZoneConfigs} entry. */
  public record Config(String name, String privateDnsZoneId) {
    public Config {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(privateDnsZoneId, "privateDnsZoneId");
    }
  }

  public PrivateDnsZoneGroup {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(provisioningState, "provisioningState");
    configs = List.copyOf(configs);
  }

  PrivateDnsZoneGroup with(ProvisioningState state) {
    return new PrivateDnsZoneGroup(name, configs, state, etag);
  }
}
