package io.vaultgate.reconcile;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.PrivateVaultAccessStatus;

/** Writes one {@code PrivateVaultAccess}'s status during one reconcile, only when it changed ({@link StatusPatch}). */
final class StatusWriter {

  private final StatusPatch<PrivateVaultAccess, PrivateVaultAccessStatus> patch;

  StatusWriter(PrivateVaultAccess resource, Context<PrivateVaultAccess> context) {
    this.patch = new StatusPatch<>(resource, context, PrivateVaultAccessStatus::new);
  }

  PrivateVaultAccessStatus current() {
    return patch.current();
  }

  /** @return whether a write was made */
  boolean write(PrivateVaultAccessStatus status) {
    return patch.write(status);
  }
}
