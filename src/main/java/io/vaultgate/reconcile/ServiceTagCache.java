package io.vaultgate.reconcile;

import io.vaultgate.model.ServiceTag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Azure's published service tags, read at most once per subscription per refresh interval: Microsoft publishes them
 * weekly, and a grant should not cost an Azure read. A failed read is not remembered, so the next grant tries again.
 */
final class ServiceTagCache {

  private record Read(Instant at, ServiceTag.Published tags) {
  }

  private final Duration refresh;
  private final Clock clock;
  private final Map<String, Read> bySubscription = new ConcurrentHashMap<>();

  ServiceTagCache(Duration refresh, Clock clock) {
    this.refresh = refresh;
    this.clock = clock;
  }

  /** The subscription's tags, read through {@code read} when none are cached or they are older than the refresh. */
  ServiceTag.Published tags(String subscription, Supplier<ServiceTag.Published> read) {
    return bySubscription.compute(subscription.toLowerCase(Locale.ROOT), (k, cached) -> {
      Instant now = clock.instant();
      return cached != null && now.isBefore(cached.at().plus(refresh)) ? cached : new Read(now, read.get());
    }).tags();
  }
}
