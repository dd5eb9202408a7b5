package io.vaultgate.reconcile;

import java.time.Duration;

/**
 * Timing of reconciles.
 *
 * @param resync how often a converged resource is checked against Azure for drift (ARM throttles: keep it long)
 * @param slowRetry retry interval for failures that need a human or time (vault not found, authorization)
 * @param transientRetry first retry after a transient Azure failure, doubled up to {@code slowRetry}
 * @param gatherWindow how long the vault writer waits to coalesce requests for one vault into one write
 * @param requestTimeout longest a reconcile waits for the vault writer
 */
public record ReconcileSettings(Duration resync, Duration slowRetry, Duration transientRetry, Duration gatherWindow,
    Duration requestTimeout) {

  public static ReconcileSettings defaults() {
    return new ReconcileSettings(Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofSeconds(5),
        Duration.ofMillis(250), Duration.ofMinutes(2));
  }
}
