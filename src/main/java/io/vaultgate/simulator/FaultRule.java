package io.vaultgate.simulator;

import io.vaultgate.simulator.arm.keyvault.KeyVaults;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which requests a fault applies to, how often, and what it does. Build with {@link #next} or {@link #always}
 * and narrow with the {@code with...} methods; unset filters match everything. It describes a fault; the state of
 * one added to {@link Faults} (how often it fired, its random draws) lives there.
 *
 * @param service     service name, e.g. "arm"
 * @param method      HTTP method (ignoring case), or null for any
 * @param route       route template (ignoring case), e.g. {@link KeyVaults#VAULT_ROUTE}, or null for any
 * @param pathPattern a regular expression found anywhere in the path (ignoring case), or null for any
 * @param pathGlob    a glob the whole path must match (see {@link PathGlob}), or null for any
 * @param times       how many matching requests it fires for, or {@link #ALWAYS}
 * @param probability the chance, from 0 to 1, that it fires for a matching request
 * @param seed        seeds the draws that {@code probability} decides by, so a fixed seed and request order give
 *                    the same firings
 * @param action      what it does
 */
public record FaultRule(String service, String method, String route, Pattern pathPattern, PathGlob pathGlob,
            int times, double probability, long seed, FaultAction action) {
  public static final int ALWAYS = -1;

  public FaultRule {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(action, "action");
    if (times < 1 && times != ALWAYS) {
      throw new IllegalArgumentException("times must be positive or ALWAYS: " + times);
    }
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("probability must be from 0 to 1: " + probability);
    }
  }

  /** Fires for the next {@code times} matching requests, then retires. */
  public static FaultRule next(int times, String service, FaultAction action) {
    return new FaultRule(service, null, null, null, null, times, 1, 0, action);
  }

  /** Fires for every matching request until removed. */
  public static FaultRule always(String service, FaultAction action) {
    return next(ALWAYS, service, action);
  }

  public FaultRule withMethod(String method) {
    return new FaultRule(service, method, route, pathPattern, pathGlob, times, probability, seed, action);
  }

  public FaultRule withRoute(String route) {
    return new FaultRule(service, method, route, pathPattern, pathGlob, times, probability, seed, action);
  }

  public FaultRule withPathMatching(String regex) {
    return new FaultRule(service, method, route, Pattern.compile(regex, Pattern.CASE_INSENSITIVE), pathGlob, times,
        probability, seed, action);
  }

  public FaultRule withPathGlob(String glob) {
    return new FaultRule(service, method, route, pathPattern, PathGlob.of(glob), times, probability, seed, action);
  }

  /** Fires for a matching request only with this chance, drawn from a {@link java.util.Random} of this seed. */
  public FaultRule withProbability(double probability, long seed) {
    return new FaultRule(service, method, route, pathPattern, pathGlob, times, probability, seed, action);
  }

  boolean matches(String service, String method, String route, String path) {
    return this.service.equals(service)
        && (this.method == null || this.method.equalsIgnoreCase(method))
        && (this.route == null || this.route.equalsIgnoreCase(route))
        && (pathPattern == null || pathPattern.matcher(path).find())
        && (pathGlob == null || pathGlob.matches(path));
  }
}
