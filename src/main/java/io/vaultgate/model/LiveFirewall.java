package io.vaultgate.model;

import java.util.List;
import java.util.Optional;

/**
 * A vault's network settings as read from Azure: {@code properties.networkAcls} and {@code publicNetworkAccess}.
 * IP rules are kept as Azure spelled them so that a write preserves rules vaultgate does not own exactly.
 */
public record LiveFirewall(
    String publicNetworkAccess,
    String defaultAction,
    String bypass,
    List<String> ipRules,
    List<VirtualNetworkRule> virtualNetworkRules) {

  public static final String ALLOW = "Allow";
  public static final String DENY = "Deny";

  public record VirtualNetworkRule(String id, boolean ignoreMissingVnetServiceEndpoint) {
  }

  public LiveFirewall {
    ipRules = List.copyOf(ipRules);
    virtualNetworkRules = List.copyOf(virtualNetworkRules);
  }

  public boolean publicNetworkAccessDisabled() {
    return "Disabled".equalsIgnoreCase(publicNetworkAccess);
  }

  public boolean denies() {
    return DENY.equalsIgnoreCase(defaultAction);
  }

  /** The parsed form of an IP rule, empty for a value Azure holds that vaultgate cannot read (left untouched). */
  public static Optional<Ipv4Range> parseRule(String value) {
    try {
      return Optional.of(Ipv4Range.parse(value));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
