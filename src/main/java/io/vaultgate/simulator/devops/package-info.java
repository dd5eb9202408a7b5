/**
 * Azure DevOps: organizations, projects, service connections, variable groups and pipeline permissions, its front
 * door, and whether a pipeline reads a vault through a service connection, which takes Entra's token exchange
 * (Graph, Managed Identity) and the vault's firewall and permissions (Key Vault). No ARM package depends on it.
 */
package io.vaultgate.simulator.devops;
