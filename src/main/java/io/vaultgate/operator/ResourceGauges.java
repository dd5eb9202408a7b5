package io.vaultgate.operator;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.vaultgate.api.Condition;
import io.vaultgate.api.PrivateVaultAccess;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Gauges computed from the informer cache when scraped: resources by their Ready reason, and the rules vaultgate
 * owns in each vault (the union of the resources' ledgers).
 */
final class ResourceGauges {

  private final Supplier<Stream<PrivateVaultAccess>> resources;
  private final MultiGauge byReason;
  private final MultiGauge ipRules;
  private final MultiGauge networkRules;

  ResourceGauges(MeterRegistry registry, Supplier<Stream<PrivateVaultAccess>> resources) {
    this.resources = resources;
    this.byReason = MultiGauge.builder("vaultgate_resources")
        .description("PrivateVaultAccess resources by the reason of their Ready condition").register(registry);
    this.ipRules = MultiGauge.builder("vaultgate_owned_ip_rules")
        .description("IP rules vaultgate owns, per vault").register(registry);
    this.networkRules = MultiGauge.builder("vaultgate_owned_virtual_network_rules")
        .description("Virtual network rules vaultgate owns, per vault").register(registry);
  }

  void refresh() {
    Map<String, Integer> reasons = new HashMap<>();
    Map<String, Set<String>> ips = new HashMap<>();
    Map<String, Set<String>> subnets = new HashMap<>();
    resources.get().forEach(r -> {
      Condition ready = r.getStatus() == null ? null : r.getStatus().conditions.stream()
          .filter(c -> "Ready".equals(c.type)).findFirst().orElse(null);
      reasons.merge(ready == null || ready.reason == null ? "Unknown" : ready.reason, 1, Integer::sum);
      if (r.getStatus() != null && r.getStatus().firewall != null && r.getStatus().vaultName != null) {
        String vault = r.getStatus().vaultName;
        ips.computeIfAbsent(vault, v -> new HashSet<>()).addAll(r.getStatus().firewall.ownedIpRules);
        subnets.computeIfAbsent(vault, v -> new HashSet<>()).addAll(r.getStatus().firewall.ownedVirtualNetworkRules);
      }
    });
    byReason.register(rows("reason", reasons), true);
    ipRules.register(rows("vault", sizes(ips)), true);
    networkRules.register(rows("vault", sizes(subnets)), true);
  }

  private static Map<String, Integer> sizes(Map<String, Set<String>> sets) {
    Map<String, Integer> result = new HashMap<>();
    sets.forEach((k, v) -> result.put(k, v.size()));
    return result;
  }

  private static List<MultiGauge.Row<?>> rows(String tag, Map<String, Integer> values) {
    return values.entrySet().stream()
        .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of(tag, e.getKey()), e.getValue()))
        .toList();
  }
}
