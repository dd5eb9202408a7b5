package io.vaultgate.port;

import io.vaultgate.model.FirewallWrite;
import io.vaultgate.model.LiveVault;
import io.vaultgate.model.VaultId;
import java.util.Map;
import java.util.Set;

/** A Key Vault's control plane. Implementations translate; they decide nothing. Failures are {@link AzureFailure}. */
public interface VaultPort {

  LiveVault read(VaultId vault);

  /** Writes the whole {@code networkAcls} in one request; returns the vault as Azure reports it afterwards. */
  LiveVault writeFirewall(VaultId vault, FirewallWrite write);

  /**
   * The names of the vault's secrets, as the vault spells them, every page read: names only, never a value (ARM's
   * {@code vaults/secrets} list, which the vault's firewall does not guard). Key Vault compares names ignoring
   * case; so must the caller.
   */
  Set<String> secretNames(VaultId vault);

  /** {@code accessPolicies/add}: merges the given secret permissions into each principal's entry. */
  void addSecretPermissions(VaultId vault, String tenantId, Map<String, Set<String>> permissions);

  /** {@code accessPolicies/remove}: removes exactly the given secret permissions from each principal's entry. */
  void removeSecretPermissions(VaultId vault, String tenantId, Map<String, Set<String>> permissions);
}
