package io.vaultgate.model;

/** What an Azure Resource Manager service connection may reach. */
public enum ServiceConnectionScope {
  /** The vault's subscription. */
  Subscription,
  /** Only the vault's resource group. */
  ResourceGroup
}
