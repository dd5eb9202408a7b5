package io.vaultgate.simulator;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Injected faults, shared by all simulated services. For each request the first added rule that matches and fires
 * (its count not used up, its draw under its probability) decides (one fault per request). Rules stay listed, with
 * how often they fired, until removed or cleared. Thread-safe: a rule limited to N requests fires exactly N times
 * under concurrency, and one rule's draws follow the order its matching requests arrive in.
 */
public final class Faults {
  private final List<Active> rules = new CopyOnWriteArrayList<>();
  private final AtomicLong ids = new AtomicLong();

  /** A rule that has been added; tells how often it fired. */
  public static final class Active {
    private final String id;
    private final FaultRule rule;
    private final Random draws;
    private int remaining;
    private int fired;

    private Active(String id, FaultRule rule) {
      this.id = id;
      this.rule = rule;
      this.draws = new Random(rule.seed());
      this.remaining = rule.times();
    }

    /** Unique within its {@link Faults}. */
    public String id() {
      return id;
    }

    public FaultRule rule() {
      return rule;
    }

    public synchronized int fired() {
      return fired;
    }

    public synchronized boolean exhausted() {
      return remaining == 0;
    }

    private synchronized boolean tryFire() {
      if (remaining == 0 || rule.probability() < 1 && draws.nextDouble() >= rule.probability()) {
        return false;
      }
      if (remaining != FaultRule.ALWAYS) {
        remaining--;
      }
      fired++;
      return true;
    }
  }

  public Active add(FaultRule rule) {
    Active active = new Active(Long.toString(ids.incrementAndGet()), rule);
    rules.add(active);
    return active;
  }

  public void remove(Active rule) {
    rules.remove(rule);
  }

  public void clear() {
    rules.clear();
  }

  /** Removes the rules of one service. */
  public void clear(String service) {
    rules.removeIf(r -> r.rule.service().equals(service));
  }

  /** Rules still able to fire, in the order they were added. */
  public List<Active> active() {
    return rules.stream().filter(r -> !r.exhausted()).toList();
  }

  /** The rules of one service, used up or not, in the order they were added. */
  public List<Active> of(String service) {
    return rules.stream().filter(r -> r.rule.service().equals(service)).toList();
  }

  /** The action of the first matching rule that fires, consuming one of its firings. */
  Optional<FaultAction> take(String service, String method, String route, String path) {
    for (Active active : rules) {
      if (active.rule.matches(service, method, route, path) && active.tryFire()) {
        return Optional.of(active.rule.action());
      }
    }
    return Optional.empty();
  }
}
