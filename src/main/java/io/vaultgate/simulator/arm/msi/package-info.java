/**
 * {@code Microsoft.ManagedIdentity}: user-assigned identities and their federated identity credentials. Each
 * identity has a service principal in the directory, so it depends on the Graph package.
 */
package io.vaultgate.simulator.arm.msi;
