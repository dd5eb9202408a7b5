package io.vaultgate.simulator.arm;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The subscriptions and resource groups ARM knows; seeded through the state API. Names keep their first casing. */
public final class ResourceGroups {
  /** Used when a resource group is seeded without a location. */
  public static final String DEFAULT_LOCATION = "westeurope";

  public record ResourceGroup(String subscriptionId, String name, String location) {
  }

  private final Map<String, String> subscriptions = new ConcurrentHashMap<>();
  private final Map<String, ResourceGroup> groups = new ConcurrentHashMap<>();

  /** Adds the subscription and resource group unless present; returns the stored group. */
  public ResourceGroup seed(String subscriptionId, String resourceGroup, String location) {
    String sub = subscriptions.computeIfAbsent(lower(subscriptionId), k -> subscriptionId);
    return groups.computeIfAbsent(key(subscriptionId, resourceGroup),
        k -> new ResourceGroup(sub, resourceGroup, ArmService.normaliseLocation(location)));
  }

  Optional<String> subscription(String subscriptionId) {
    return Optional.ofNullable(subscriptions.get(lower(subscriptionId)));
  }

  public Optional<ResourceGroup> find(String subscriptionId, String resourceGroup) {
    return Optional.ofNullable(groups.get(key(subscriptionId, resourceGroup)));
  }

  private static String key(String subscriptionId, String resourceGroup) {
    return lower(subscriptionId) + "/" + lower(resourceGroup);
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
