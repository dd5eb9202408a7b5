/**
 * Whether each path a resource's pipelines take to the vault would pass Key Vault's network and permission checks,
 * decided from live state as plain values, and why not in the vendor's words. Pure: no I/O, no framework.
 */
package io.vaultgate.access;
