/**
 * Azure Resource Manager: its front door, the subscriptions and resource groups, resource ids and scopes, entity
 * tags, and the long-running operations of its resource providers with the URLs that report them. The providers
 * live in the packages below and register their routes here; this package knows none of them.
 */
package io.vaultgate.simulator.arm;
