package io.vaultgate.simulator.arm;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names one top-level resource in a resource group, e.g. a virtual network or a private DNS zone: subscription,
 * resource group, type ({@code Microsoft.Network/virtualNetworks}) and name. ARM compares all of them ignoring
 * case.
 */
public record ResourceId(String subscriptionId, String resourceGroup, String type, String name) {
  private static final Pattern RESOURCE_ID = Pattern.compile(
      "/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/([^/]+/[^/]+)/([^/]+)/?", Pattern.CASE_INSENSITIVE);

  public ResourceId {
    Objects.requireNonNull(subscriptionId, "subscriptionId");
    Objects.requireNonNull(resourceGroup, "resourceGroup");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
  }

  /** Any top-level resource id, {@code /subscriptions/{s}/resourceGroups/{g}/providers/{ns}/{type}/{name}}. */
  public static Optional<ResourceId> tryParse(String resourceId) {
    Matcher m = RESOURCE_ID.matcher(resourceId);
    return m.matches() ? Optional.of(new ResourceId(m.group(1), m.group(2), m.group(3), m.group(4)))
        : Optional.empty();
  }

  /** A resource id of the given type (any case); empty if it is malformed or of another type. */
  public static Optional<ResourceId> tryParse(String resourceId, String type) {
    return tryParse(resourceId).filter(id -> id.type().equalsIgnoreCase(type));
  }

  /**
   * Parses a resource id of the given type.
   *
   * @throws IllegalArgumentException if it is malformed or of another type
   */
  public static ResourceId parse(String resourceId, String type) {
    return tryParse(resourceId, type).orElseThrow(() ->
        new IllegalArgumentException("not a " + type + " resource id: " + resourceId));
  }

  /** The canonical ARM resource id. */
  public String resourceId() {
    return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup + "/providers/" + type + "/"
        + name;
  }

  /** Identity ignoring case. */
  public String key() {
    return resourceId().toLowerCase(Locale.ROOT);
  }
}
