/**
 * {@code Microsoft.KeyVault} vaults: their properties, firewall and access policies, the vault owner's side of
 * private endpoint connections, their secrets as the management plane lists them (names and attributes, never
 * values), and the data plane's decision whether a principal may read secrets. As Key Vault does, it asks the
 * Network provider about the subnets of virtual network rules and Authorization about roles.
 */
package io.vaultgate.simulator.arm.keyvault;
