/**
 * Key Vault's data plane ({@code https://<vault>.vault.azure.net}) as the simulator answers it: may this caller,
 * from this origin, list and get this vault's secrets? It follows a request the way the network and the service
 * would — the vault's name resolved in the caller's virtual network, a private endpoint or the public endpoint with
 * its firewall, then authorization — from the state of the Key Vault, Network, Private DNS, private endpoint,
 * Authorization and directory simulations, and answers in Key Vault's own words. It builds on those packages (none
 * of them depends on it); Azure DevOps's simulation asks it on behalf of a service connection.
 */
package io.vaultgate.simulator.dataplane;
