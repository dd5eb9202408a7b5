package io.vaultgate.model;

import java.util.List;
import java.util.Optional;

/**
 * How self-hosted agents reach the vault: virtual network rules for their subnets, and/or a private endpoint.
 *
 * @param subnetIds agent subnets, as written in the spec
 */
public record AgentsDesired(List<String> subnetIds, boolean enableServiceEndpoint, Optional<Endpoint> privateEndpoint) {

  public AgentsDesired {
    subnetIds = List.copyOf(subnetIds);
  }

  public static AgentsDesired none() {
    return new AgentsDesired(List.of(), false, Optional.empty());
  }

  /**
   * @param dnsZone empty for {@code None}; {@link #CREATE} to create or reuse the zone; else an existing zone's id
   */
  public record Endpoint(String subnetId, Optional<String> dnsZone, boolean manualApproval) {
    public static final String CREATE = "Create";
  }
}
