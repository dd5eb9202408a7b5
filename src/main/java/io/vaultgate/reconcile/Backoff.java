package io.vaultgate.reconcile;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-resource backoff after transient Azure failures: the first retry after {@code transientRetry}, doubled on each
 * further failure up to {@code slowRetry}, and reset once the resource gets through.
 */
final class Backoff {

  private final ReconcileSettings settings;
  private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

  Backoff(ReconcileSettings settings) {
    this.settings = settings;
  }

  /** The delay before the next attempt, counting this failure. */
  Duration next(String owner) {
    int attempt = attempts.merge(owner, 1, Integer::sum);
    Duration delay = settings.transientRetry().multipliedBy(1L << Math.min(attempt - 1, 16));
    return delay.compareTo(settings.slowRetry()) > 0 ? settings.slowRetry() : delay;
  }

  void reset(String owner) {
    attempts.remove(owner);
  }
}
