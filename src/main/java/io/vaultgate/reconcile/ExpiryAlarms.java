package io.vaultgate.reconcile;

import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.vaultgate.api.AgentIpGrant;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wakes a grant's reconcile at its expiry instant, by the {@link Timekeeper}'s clock (so that tests move time rather
 * than wait). One alarm per grant and instant; an alarm that rings after a restart is harmless, and a restart needs
 * none: every grant is reconciled once the informers have synced, so one that expired meanwhile is closed then.
 */
final class ExpiryAlarms extends AbstractEventSource<Void, AgentIpGrant> {

  private final Timekeeper time;
  private final Map<ResourceID, Instant> armed = new ConcurrentHashMap<>();

  ExpiryAlarms(Timekeeper time) {
    super(Void.class, "agentipgrant-expiry");
    this.time = time;
  }

  /** Reconciles the grant at {@code when}, unless an alarm for that instant is already set. */
  void at(ResourceID grant, Instant when) {
    if (when.equals(armed.put(grant, when))) {
      return;
    }
    time.at(when, () -> {
      if (armed.remove(grant, when) && isRunning()) {
        getEventHandler().handleEvent(new Event(grant));
      }
    });
  }

  @Override
  public Set<Void> getSecondaryResources(AgentIpGrant primary) {
    return Set.of();
  }
}
