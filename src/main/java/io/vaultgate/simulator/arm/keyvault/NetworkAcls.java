package io.vaultgate.simulator.arm.keyvault;

import java.util.List;
import java.util.Objects;

/**
 * A vault's {@code properties.networkAcls}. IP rules are the rule values ({@code "20.37.194.0/24"}); as read back
 * from a vault they are normalised (a bare address carries {@code /32}) and subnet ids are lower case.
 */
public record NetworkAcls(String bypass, String defaultAction, List<String> ipRules,
             List<SimVirtualNetworkRule> virtualNetworkRules) {
  public static final String AZURE_SERVICES = "AzureServices";
  public static final String NONE = "None";
  public static final String ALLOW = "Allow";
  public static final String DENY = "Deny";

  public NetworkAcls {
    Objects.requireNonNull(bypass, "bypass");
    Objects.requireNonNull(defaultAction, "defaultAction");
    ipRules = List.copyOf(ipRules);
    virtualNetworkRules = List.copyOf(virtualNetworkRules);
  }

  /** Firewall on: trusted Azure services pass, otherwise only the given IP rules. */
  public static NetworkAcls deny(String... ipRules) {
    return new NetworkAcls(AZURE_SERVICES, DENY, List.of(ipRules), List.of());
  }

  /** Firewall off. */
  public static NetworkAcls allowAll() {
    return new NetworkAcls(AZURE_SERVICES, ALLOW, List.of(), List.of());
  }

  public NetworkAcls withBypass(String bypass) {
    return new NetworkAcls(bypass, defaultAction, ipRules, virtualNetworkRules);
  }

  public NetworkAcls withDefaultAction(String defaultAction) {
    return new NetworkAcls(bypass, defaultAction, ipRules, virtualNetworkRules);
  }

  public NetworkAcls withIpRules(List<String> ipRules) {
    return new NetworkAcls(bypass, defaultAction, ipRules, virtualNetworkRules);
  }

  public NetworkAcls withVirtualNetworkRules(List<SimVirtualNetworkRule> virtualNetworkRules) {
    return new NetworkAcls(bypass, defaultAction, ipRules, virtualNetworkRules);
  }
}
