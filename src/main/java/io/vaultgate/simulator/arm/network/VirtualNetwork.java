package io.vaultgate.simulator.arm.network;

import io.vaultgate.simulator.arm.Etags;
import io.vaultgate.simulator.arm.ResourceId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/** A virtual network as stored, with its subnets in creation order. */
public record VirtualNetwork(ResourceId id, String location, List<String> addressPrefixes, List<SimSubnet> subnets,
               String etag) {
  public VirtualNetwork {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(location, "location");
    addressPrefixes = List.copyOf(addressPrefixes);
    subnets = List.copyOf(subnets);
  }

  public String name() {
    return id.name();
  }

  public String resourceId() {
    return id.resourceId();
  }

  public Optional<SimSubnet> subnet(String name) {
    return subnets.stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst();
  }

  /** With the subnet added, or replacing the one of the same name in place. */
  VirtualNetwork withSubnet(SimSubnet subnet) {
    List<SimSubnet> next = subnet(subnet.name()).isPresent()
        ? subnets.stream().map(s -> s.name().equalsIgnoreCase(subnet.name()) ? subnet : s).toList()
        : Stream.concat(subnets.stream(), Stream.of(subnet)).toList();
    return new VirtualNetwork(id, location, addressPrefixes, next, Etags.random());
  }
}
