package io.vaultgate.operator;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Liveness and readiness. Ready means the operator has started and, when this replica leads, its informers are
 * synced and healthy; a standby replica (waiting for the Lease) is ready too, so a rollout can proceed.
 */
final class OperatorHealth {

  private final AtomicBoolean leading = new AtomicBoolean();
  private volatile Operator operator;

  LeaderCallbacks callbacks() {
    return new LeaderCallbacks(() -> leading.set(true), () -> leading.set(false), leader -> {
    });
  }

  void attach(Operator operator, boolean leaderElection) {
    this.operator = operator;
    if (!leaderElection) {
      leading.set(true);
    }
  }

  boolean live() {
    return true;
  }

  boolean ready() {
    Operator o = operator;
    return o != null && o.getRuntimeInfo().isStarted()
        && (!leading.get() || o.getRuntimeInfo().allEventSourcesAreHealthy());
  }

  boolean leading() {
    return leading.get();
  }
}
