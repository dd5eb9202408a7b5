package io.vaultgate.simulator.arm.privatedns;

import io.vaultgate.simulator.arm.ProvisioningState;
import io.vaultgate.simulator.arm.ResourceId;
import java.util.Map;
import java.util.Objects;

/** A private DNS zone as stored (its links and record sets are kept beside it). */
public record PrivateDnsZone(ResourceId id, Map<String, String> tags, ProvisioningState provisioningState,
               String etag) {
  public PrivateDnsZone {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(provisioningState, "provisioningState");
    Objects.requireNonNull(etag, "etag");
    tags = Map.copyOf(tags);
  }

  public String name() {
    return id.name();
  }

  public String resourceId() {
    return id.resourceId();
  }

  PrivateDnsZone with(ProvisioningState state) {
    return new PrivateDnsZone(id, tags, state, etag);
  }
}
