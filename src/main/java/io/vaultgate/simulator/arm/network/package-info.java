/**
 * {@code Microsoft.Network} virtual networks and their subnets, IPv4 blocks, and the service tag discovery API. It depends on ARM only; the
 * private endpoints in a subnet come in through {@link io.vaultgate.simulator.arm.network.SubnetEndpoints}.
 */
package io.vaultgate.simulator.arm.network;
