/**
 * {@code Microsoft.Network/privateEndpoints} of vaults and their private DNS zone groups. An endpoint takes an
 * address in a subnet, puts its connection on a vault and has its zone group write DNS records, so this package
 * builds on Network, Key Vault and Private DNS; none of them depends on it.
 */
package io.vaultgate.simulator.arm.privatelink;
