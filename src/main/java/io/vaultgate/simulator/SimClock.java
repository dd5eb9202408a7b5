package io.vaultgate.simulator;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * What day it is for the simulated services' calendar rules (which api-versions are still served): the system
 * clock until a test sets an instant, and again after {@link #useSystemTime()}. Thread-safe. It only tells the
 * time: it schedules nothing, and timestamps the services write (creation times, operation delays) keep the
 * system clock.
 */
public final class SimClock extends Clock {
  private volatile Instant fixed;

  /** From now on the services see this instant, until it is set again. */
  public void set(Instant instant) {
    fixed = instant;
  }

  public void useSystemTime() {
    fixed = null;
  }

  @Override
  public Instant instant() {
    Instant at = fixed;
    return at == null ? Instant.now() : at;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** A clock in another zone showing this one's current instant from now on (a fixed one if set). */
  @Override
  public Clock withZone(ZoneId zone) {
    Instant at = fixed;
    return at == null ? Clock.system(zone) : Clock.fixed(at, zone);
  }
}
