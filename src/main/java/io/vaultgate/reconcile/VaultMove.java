package io.vaultgate.reconcile;

import io.vaultgate.model.DesiredAccess;
import io.vaultgate.model.VaultId;
import io.vaultgate.policy.ScopePolicy;
import io.vaultgate.port.AzurePorts;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A resource whose spec now names another vault than its ledger: what it owns in the old vault is released first
 * (unless the scope policy no longer lets its namespace touch that vault, when it is left there and said so), then
 * the ledger starts afresh on the new vault. In Plan mode nothing moves.
 */
final class VaultMove {

  private static final Logger LOG = LoggerFactory.getLogger(VaultMove.class);

  private final ScopePolicy scopePolicy;
  private final VaultRelease release;

  VaultMove(ScopePolicy scopePolicy, VaultRelease release) {
    this.scopePolicy = scopePolicy;
    this.release = release;
  }

  /** Moves when needed, writing the emptied ledger; does nothing when the ledger is already on the spec's vault. */
  void moveIfNeeded(Resources.Ref ref, DesiredAccess access, StatusWriter status, AzurePorts ports) {
    Ledger ledger = Ledger.of(status.current());
    Optional<VaultId> old = ledger.vault();
    if (old.isEmpty() || old.get().equals(access.vault()) || access.dryRun()) {
      return;
    }
    Optional<String> denied = scopePolicy.denial(ref.namespace(), old.get().toString());
    if (denied.isEmpty()) {
      release.releaseUnlessGone(ref.owner(), old.get(), ledger, ports);
    }
    status.write(Statuses.movedTo(status.current(), access.vault()));
    LOG.info("{} moved from vault {} to {}: {}", ref.owner(), old.get(), access.vault(), denied.isEmpty()
        ? "released what it owned there" : "left what it owned there: " + denied.get());
  }
}
