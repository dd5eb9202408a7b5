package io.vaultgate.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What time it is for the reconcilers, and a way to be woken at an instant of that time: the system clock and one
 * timer thread in production; tests move a clock of their own and fire what came due, instead of sleeping. It keeps
 * time; it decides nothing.
 */
public interface Timekeeper extends AutoCloseable {

  Clock clock();

  /** Runs the task once this clock reaches the instant (at once when it already has); never on the caller's lock. */
  void at(Instant when, Runnable task);

  @Override
  default void close() {
  }

  /** The system clock, and a daemon thread that runs each task at its instant. */
  static Timekeeper system() {
    Clock clock = Clock.systemUTC();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "vaultgate-alarms");
      t.setDaemon(true);
      return t;
    });
    return new Timekeeper() {
      @Override
      public Clock clock() {
        return clock;
      }

      @Override
      public void at(Instant when, Runnable task) {
        // one millisecond late rather than early: the task must find the instant passed
        long delay = Math.max(0, Duration.between(clock.instant(), when).toMillis()) + 1;
        timer.schedule(task, delay, TimeUnit.MILLISECONDS);
      }

      @Override
      public void close() {
        timer.shutdownNow();
      }
    };
  }
}
