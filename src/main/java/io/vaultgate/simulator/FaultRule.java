package io.vaultgate.simulator;

import io.vaultgate.simulator.arm.keyvault.KeyVaults;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which requests a fault applies to, how often, and what it does. Build with {@link #next} or {@link #always}
 * and narrow with the {@code with...} methods; unset filters match everything.
 *
 * @param service     service name, e.g. "arm"
 * @param method      HTTP method (ignoring case), or null for any
 * @param route       route template (ignoring case), e.g. {@link KeyVaults#VAULT_ROUTE}, or null for any
 * @param pathPattern a regular expression found anywhere in the path (ignoring case), or null for any
 * @param times       how many matching requests it fires for, or {@link #ALWAYS}
 * @param action      what it does
 */
public record FaultRule(String service, String method, String route, Pattern pathPattern, int times,
            FaultAction action) {
  public static final int ALWAYS = -1;

  public FaultRule {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(action, "action");
    if (times < 1 && times != ALWAYS) {
      throw new IllegalArgumentException("times must be positive or ALWAYS: " + times);
    }
  }

  /** Fires for the next {@code times} matching requests, then retires. */
  public static FaultRule next(int times, String service, FaultAction action) {
    return new FaultRule(service, null, null, null, times, action);
  }

  /** Fires for every matching request until removed. */
  public static FaultRule always(String service, FaultAction action) {
    return new FaultRule(service, null, null, null, ALWAYS, action);
  }

  public FaultRule withMethod(String method) {
    return new FaultRule(service, method, route, pathPattern, times, action);
  }

  public FaultRule withRoute(String route) {
    return new FaultRule(service, method, route, pathPattern, times, action);
  }

  public FaultRule withPathMatching(String regex) {
    return new FaultRule(service, method, route, Pattern.compile(regex, Pattern.CASE_INSENSITIVE), times, action);
  }

  boolean matches(String service, String method, String route, String path) {
    return this.service.equals(service)
        && (this.method == null || this.method.equalsIgnoreCase(method))
        && (this.route == null || this.route.equalsIgnoreCase(route))
        && (pathPattern == null || pathPattern.matcher(path).find());
  }
}
