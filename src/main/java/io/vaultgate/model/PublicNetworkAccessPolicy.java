package io.vaultgate.model;

/** Whether vaultgate may enable the vault's public network access, without which IP rules have no effect. */
public enum PublicNetworkAccessPolicy {
  /** Leave it as it is; a disabled vault is reported, not changed. */
  Keep,
  /** Enable it when it is disabled. */
  Enabled
}
