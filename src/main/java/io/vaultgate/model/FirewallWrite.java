package io.vaultgate.model;

import java.util.List;
import java.util.Optional;

/**
 * The complete {@code networkAcls} to send in one PATCH (Azure replaces the rule lists as a whole), plus
 * {@code publicNetworkAccess} when it has to change.
 */
public record FirewallWrite(
    String defaultAction,
    String bypass,
    List<String> ipRules,
    List<LiveFirewall.VirtualNetworkRule> virtualNetworkRules,
    Optional<String> publicNetworkAccess) {

  public FirewallWrite {
    ipRules = List.copyOf(ipRules);
    virtualNetworkRules = List.copyOf(virtualNetworkRules);
  }
}
