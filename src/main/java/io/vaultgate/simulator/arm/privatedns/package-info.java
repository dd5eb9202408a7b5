/**
 * {@code Microsoft.Network/privateDnsZones}: zones, their virtual network links and A record sets. Links name
 * virtual networks, so it depends on the Network package; it knows nothing of vaults or private endpoints.
 */
package io.vaultgate.simulator.arm.privatedns;
