package io.vaultgate.simulator.arm.privatedns;

import io.vaultgate.simulator.arm.ResourceId;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An A record set of a private DNS zone.
 *
 * @param name     relative to the zone, lower case (as the service returns names)
 * @param metadata e.g. who created it; private endpoints' zone groups sign theirs
 */
public record ARecordSet(ResourceId zone, String name, int ttl, List<String> ipv4Addresses,
             Map<String, String> metadata, String etag) {
  public static final String TYPE = PrivateDnsZones.TYPE + "/A";

  public ARecordSet {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(name, "name");
    ipv4Addresses = List.copyOf(ipv4Addresses);
    metadata = Map.copyOf(metadata);
  }

  public String resourceId() {
    return zone.resourceId() + "/A/" + name;
  }

  /** {@code name.zone.} */
  public String fqdn() {
    return name + "." + zone.name() + ".";
  }
}
