/**
 * A local simulation of the Azure services vaultgate calls, for tests and {@code vaultgate sandbox}: the facade
 * {@link io.vaultgate.simulator.AzureSimulator}, which wires the services together, and what serves all of them
 * alike: the HTTPS host, its TLS material, the request log and fault injection. Nothing in the service packages
 * depends on this one; it depends on all of them.
 */
package io.vaultgate.simulator;
