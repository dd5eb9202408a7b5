package io.vaultgate.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Time the tests move: the system clock plus an offset that {@link #advance} grows, and alarms that ring when the
 * offset clock passes them (on the thread that moves it, or at once when set in the past). Nothing sleeps.
 */
final class ManualTime implements Timekeeper {

  private record Alarm(Instant when, Runnable task) {
  }

  private volatile Duration offset = Duration.ZERO;
  private final List<Alarm> alarms = new ArrayList<>();

  private final Clock clock = new Clock() {
    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(offset);
    }
  };

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public void at(Instant when, Runnable task) {
    synchronized (alarms) {
      if (clock.instant().isBefore(when)) {
        alarms.add(new Alarm(when, task));
        return;
      }
    }
    task.run();
  }

  /** Moves the clock on and rings every alarm that came due. */
  void advance(Duration by) {
    offset = offset.plus(by);
    List<Alarm> due = new ArrayList<>();
    synchronized (alarms) {
      Instant now = clock.instant();
      alarms.removeIf(a -> !now.isBefore(a.when()) && due.add(a));
    }
    due.forEach(a -> a.task().run());
  }

  /** Back to the system clock (alarms set meanwhile stay set). */
  void reset() {
    offset = Duration.ZERO;
  }

  /** How many alarms are set and not yet rung. */
  int pending() {
    synchronized (alarms) {
      return alarms.size();
    }
  }
}
