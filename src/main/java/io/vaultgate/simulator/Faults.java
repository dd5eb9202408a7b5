package io.vaultgate.simulator;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Injected faults, shared by all simulated services. For each request the first active rule that matches fires
 * (one fault per request). Thread-safe: a rule limited to N requests fires exactly N times under concurrency.
 */
public final class Faults {
  private final List<Active> rules = new CopyOnWriteArrayList<>();

  /** A rule that has been added; tells how often it fired. */
  public static final class Active {
    private final FaultRule rule;
    private final AtomicInteger remaining;
    private final AtomicInteger fired = new AtomicInteger();

    private Active(FaultRule rule) {
      this.rule = rule;
      this.remaining = new AtomicInteger(rule.times());
    }

    public FaultRule rule() {
      return rule;
    }

    public int fired() {
      return fired.get();
    }

    public boolean exhausted() {
      return remaining.get() == 0;
    }

    private boolean tryFire() {
      int left;
      do {
        left = remaining.get();
        if (left == 0) {
          return false;
        }
      } while (left != FaultRule.ALWAYS && !remaining.compareAndSet(left, left - 1));
      fired.incrementAndGet();
      return true;
    }
  }

  public Active add(FaultRule rule) {
    Active active = new Active(rule);
    rules.add(active);
    return active;
  }

  public void remove(Active rule) {
    rules.remove(rule);
  }

  public void clear() {
    rules.clear();
  }

  /** Rules still able to fire, in the order they were added. */
  public List<Active> active() {
    return rules.stream().filter(r -> !r.exhausted()).toList();
  }

  /** The action of the first matching rule that still has firings left, consuming one. */
  Optional<FaultAction> take(String service, String method, String route, String path) {
    for (Active active : rules) {
      if (active.rule.matches(service, method, route, path) && active.tryFire()) {
        if (active.exhausted()) {
          rules.remove(active);
        }
        return Optional.of(active.rule.action());
      }
    }
    return Optional.empty();
  }
}
