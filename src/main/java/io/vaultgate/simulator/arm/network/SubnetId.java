package io.vaultgate.simulator.arm.network;

import io.vaultgate.simulator.arm.ResourceId;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Names one subnet: its virtual network and its name (ARM compares them ignoring case). */
public record SubnetId(ResourceId virtualNetwork, String name) {
  private static final Pattern RESOURCE_ID = Pattern.compile(
      "(/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.Network/virtualNetworks/[^/]+)"
          + "/subnets/([^/]+)/?", Pattern.CASE_INSENSITIVE);

  public SubnetId {
    Objects.requireNonNull(virtualNetwork, "virtualNetwork");
    Objects.requireNonNull(name, "name");
  }

  /** Empty if the id is not {@code .../providers/Microsoft.Network/virtualNetworks/{vnet}/subnets/{name}}. */
  public static Optional<SubnetId> tryParse(String resourceId) {
    Matcher m = RESOURCE_ID.matcher(resourceId);
    if (!m.matches()) {
      return Optional.empty();
    }
    return ResourceId.tryParse(m.group(1), VirtualNetworks.TYPE).map(network -> new SubnetId(network, m.group(2)));
  }

  /** @throws IllegalArgumentException if it is not a subnet resource id */
  public static SubnetId parse(String resourceId) {
    return tryParse(resourceId).orElseThrow(() -> new IllegalArgumentException("not a subnet resource id: "
        + resourceId));
  }

  /** The canonical ARM resource id. */
  public String resourceId() {
    return virtualNetwork.resourceId() + "/subnets/" + name;
  }

  /** Identity ignoring case. */
  public String key() {
    return resourceId().toLowerCase(Locale.ROOT);
  }
}
