/**
 * Microsoft Entra ID and Microsoft Graph: the tenant's directory (app registrations, service principals, the
 * federated identity credentials Entra enforces for apps and managed identities) and Graph's front door and
 * resources. It depends on no Azure Resource Manager package.
 */
package io.vaultgate.simulator.graph;
