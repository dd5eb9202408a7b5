package io.vaultgate.simulator;

import io.vaultgate.simulator.arm.keyvault.KeyVaults;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Every request the simulated services received (including those answered by an injected fault and all
 * errors), in the order they were answered. An entry is recorded before its response is sent, so a caller that
 * has its response finds it counted. Thread-safe. Benchmarks and "no writes at steady state" tests read it.
 */
public final class RequestLog {
  private final ConcurrentLinkedQueue<RecordedRequest> entries = new ConcurrentLinkedQueue<>();

  /** How many requests one route received. */
  public record RouteCount(String service, String method, String route, long count) {
  }

  void record(RecordedRequest request) {
    entries.add(request);
  }

  public List<RecordedRequest> snapshot() {
    return List.copyOf(entries);
  }

  /**
   * Requests of one route; {@code method} and {@code route} (a template such as {@link KeyVaults#VAULT_ROUTE})
   * ignore case.
   */
  public long count(String service, String method, String route) {
    return count(r -> r.service().equals(service) && r.method().equalsIgnoreCase(method)
        && r.route().equalsIgnoreCase(route));
  }

  public long count(Predicate<RecordedRequest> filter) {
    return entries.stream().filter(filter).count();
  }

  /** GET and HEAD requests to any service. */
  public long reads() {
    return count(RecordedRequest::isRead);
  }

  /** PUT, PATCH, POST and DELETE requests to any service. */
  public long writes() {
    return count(RecordedRequest::isWrite);
  }

  /**
   * Reads of one service at or below a path prefix (e.g. a vault's resource id), ignoring case.
   * A null service or prefix matches all.
   */
  public long reads(String service, String pathPrefix) {
    return count(filter(service, pathPrefix).and(RecordedRequest::isRead));
  }

  /** Writes of one service at or below a path prefix, as {@link #reads(String, String)}. */
  public long writes(String service, String pathPrefix) {
    return count(filter(service, pathPrefix).and(RecordedRequest::isWrite));
  }

  /** Counts grouped by service, method and route; sorted by service, route, method. */
  public List<RouteCount> byRoute() {
    record Key(String service, String method, String route) {
    }
    Map<Key, Long> counts = entries.stream().collect(
        Collectors.groupingBy(r -> new Key(r.service(), r.method(), r.route()), Collectors.counting()));
    return counts.entrySet().stream()
        .map(e -> new RouteCount(e.getKey().service(), e.getKey().method(), e.getKey().route(), e.getValue()))
        .sorted(Comparator.comparing(RouteCount::service).thenComparing(RouteCount::route)
            .thenComparing(RouteCount::method))
        .toList();
  }

  public void clear() {
    entries.clear();
  }

  private static Predicate<RecordedRequest> filter(String service, String pathPrefix) {
    return r -> (service == null || r.service().equals(service))
        && (pathPrefix == null || r.isUnder(pathPrefix));
  }
}
