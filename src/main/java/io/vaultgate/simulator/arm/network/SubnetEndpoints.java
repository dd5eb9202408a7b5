package io.vaultgate.simulator.arm.network;

import java.util.List;

/**
 * The private endpoints in a subnet, by resource id: the Network resource provider lists them on the subnet and
 * keeps a subnet in use from changing its address prefix. The endpoints are kept by their own package, which
 * builds on this one, so they reach the subnets through this interface and never the other way round.
 */
@FunctionalInterface
public interface SubnetEndpoints {
  List<String> endpointIds(SubnetId subnet);
}
