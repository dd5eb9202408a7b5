package io.vaultgate.simulator.dataplane;

import io.vaultgate.simulator.arm.keyvault.NetworkAclsRules;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a request to a vault's data plane comes from: a caller on the internet, or an agent in a subnet of a
 * virtual network.
 */
public sealed interface SecretReadOrigin {

  /**
   * A caller on the internet, e.g. Azure DevOps's service or a Microsoft-hosted agent, seen by the vault at its
   * public IPv4 address.
   */
  record PublicAddress(String address) implements SecretReadOrigin {
    public PublicAddress {
      requireIpv4(address);
    }
  }

  /**
   * A self-hosted agent in a subnet (by resource id, any case). {@code publicEgressAddress} is the public IPv4
   * address its traffic to the internet leaves from (NAT gateway, load balancer, default outbound access), if
   * known; the vault sees it when the request takes the public endpoint without a service endpoint.
   */
  record FromSubnet(String subnetId, Optional<String> publicEgressAddress) implements SecretReadOrigin {
    public FromSubnet {
      Objects.requireNonNull(subnetId, "subnetId");
      publicEgressAddress.ifPresent(SecretReadOrigin::requireIpv4);
    }
  }

  private static void requireIpv4(String address) {
    if (!NetworkAclsRules.isIpv4Address(Objects.requireNonNull(address, "address"))) {
      throw new IllegalArgumentException("not an IPv4 address: " + address);
    }
  }
}
