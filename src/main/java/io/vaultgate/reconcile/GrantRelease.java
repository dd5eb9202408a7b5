package io.vaultgate.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.model.Change;
import io.vaultgate.model.VaultId;
import io.vaultgate.policy.ScopePolicy;
import io.vaultgate.port.AzurePorts;
import java.util.List;
import java.util.Optional;

/**
 * Takes a grant's address out of its vault, when it expires, is refused, is deleted, or its PrivateVaultAccess goes:
 * through the vault's one writer, removing only what the grant's ledger proves vaultgate added and no other resource
 * (a PrivateVaultAccess or another grant) still needs. It never touches a vault the scope policy keeps the grant's
 * namespace out of, and works from the ledger alone.
 */
final class GrantRelease {

  /**
   * @param removed the changes made
   * @param left why the ledger's rules were left in place, when they were
   */
  record Outcome(List<Change> removed, Optional<String> left) {
  }

  private final ScopePolicy scopePolicy;
  private final AzurePorts.Factory portsFactory;
  private final boolean perNamespaceCredentials;
  private final VaultRelease release;

  GrantRelease(ScopePolicy scopePolicy, AzurePorts.Factory portsFactory, boolean perNamespaceCredentials,
      VaultRelease release) {
    this.scopePolicy = scopePolicy;
    this.portsFactory = portsFactory;
    this.perNamespaceCredentials = perNamespaceCredentials;
    this.release = release;
  }

  /** Whether the ledger holds anything to release. */
  static boolean holds(Ledger ledger) {
    return ledger.vault().isPresent() && !(ledger.ipRules().isEmpty() && ledger.pendingIpRules().isEmpty());
  }

  /** Releases what the ledger holds; an Azure failure propagates, a vault that is gone has nothing left. */
  Outcome release(String namespace, String owner, Ledger held, AzurePorts ports) {
    if (!holds(held)) {
      return new Outcome(List.of(), Optional.empty());
    }
    VaultId vault = held.vault().get();
    Optional<String> denial = scopePolicy.denial(namespace, vault.toString());
    if (denial.isPresent()) {
      return new Outcome(List.of(), Optional.of("left " + String.join(", ", Statuses.sorted(held.ipRules()))
          + " in vault " + vault.name() + ": " + denial.get()));
    }
    return new Outcome(release.releaseUnlessGone(owner, vault, held, ports), Optional.empty());
  }

  /**
   * The Azure identity a grant acts as: its PrivateVaultAccess's, when that exists and its credentials read; else
   * the operator's, so that a broken or deleted access never keeps an address open.
   */
  AzurePorts portsFor(Optional<PrivateVaultAccess> access, KubernetesClient client) {
    return portsFactory.ports(access.map(a -> ResourceCredentials.of(a, client, perNamespaceCredentials))
        .filter(ResourceCredentials.Found.class::isInstance).map(r -> ((ResourceCredentials.Found) r).credentials())
        .orElse(ResourceCredentials.none()).azure());
  }
}
