package io.vaultgate.azure;

import io.vaultgate.plan.FirewallWrite;
import io.vaultgate.plan.LiveFirewall;
import io.vaultgate.plan.VaultId;

/** A vault's network settings. Implementations translate; they decide nothing. Failures are {@link AzureFailure}. */
public interface VaultFirewallPort {

  LiveFirewall read(VaultId vault);

  /** Writes the whole {@code networkAcls} in one request; returns the firewall as Azure reports it afterwards. */
  LiveFirewall write(VaultId vault, FirewallWrite write);
}
