/**
 * {@code Microsoft.KeyVault} vaults: their properties, firewall and access policies, the vault owner's side of
 * private endpoint connections, their secrets as the management plane lists them (names and attributes, never
 * values), and whether a principal's access policies or roles let it read secrets (the data plane's authorization;
 * the network path to it is decided in {@code simulator.dataplane}). As Key Vault does, it asks the Network
 * provider about the subnets of virtual network rules and Authorization about roles.
 */
package io.vaultgate.simulator.arm.keyvault;
