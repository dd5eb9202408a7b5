package io.vaultgate.simulator.arm.keyvault;

import io.vaultgate.simulator.arm.network.CidrBlock;
import io.vaultgate.simulator.arm.network.SimSubnet;
import io.vaultgate.simulator.arm.network.SubnetId;
import io.vaultgate.simulator.arm.network.VirtualNetworks;
import io.vaultgate.simulator.http.ApiError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Key Vault's firewall validation and normalisation, applied to every write of {@code networkAcls} (REST and
 * state API alike). Failures are 400 {@code BadRequest} naming the offending field, as the service does.
 */
public final class NetworkAclsRules {
  static final int MAX_IP_RULES = 1000;
  static final int MAX_VIRTUAL_NETWORK_RULES = 200;
  private static final String PATH = "properties.networkAcls";

  /** The RFC 1918 ranges, which the service refuses in IP rules, with the wording of its error. */
  private record Forbidden(CidrBlock range, String text) {
  }

  private static final List<Forbidden> FORBIDDEN = List.of(
      new Forbidden(CidrBlock.parse("10.0.0.0/8").orElseThrow(), "10.0.0.0–10.255.255.255 (private IP addresses)"),
      new Forbidden(CidrBlock.parse("172.16.0.0/12").orElseThrow(),
          "172.16.0.0–172.31.255.255 (private IP addresses)"),
      new Forbidden(CidrBlock.parse("192.168.0.0/16").orElseThrow(),
          "192.168.0.0–192.168.255.255 (private IP addresses)"));

  private NetworkAclsRules() {
  }

  /** The normalised form of {@code acls}, or an {@link ApiError} describing the first problem. */
  static NetworkAcls normalise(NetworkAcls acls) {
    return new NetworkAcls(
        canonical(acls.bypass(), PATH + ".bypass", NetworkAcls.AZURE_SERVICES, NetworkAcls.NONE),
        canonical(acls.defaultAction(), PATH + ".defaultAction", NetworkAcls.ALLOW, NetworkAcls.DENY),
        ipRules(acls.ipRules()),
        virtualNetworkRules(acls.virtualNetworkRules()));
  }

  /** {@code 1.2.3.4} becomes {@code 1.2.3.4/32}; anything that is not a public IPv4 address or range fails. */
  static String normaliseIpRule(String value, String field) {
    if (value.contains(":")) {
      throw ApiError.badRequest("Invalid value found at " + field + ": " + value
          + ". Only IPv4 addresses are supported at this time.");
    }
    CidrBlock range = CidrBlock.parse(value).orElseThrow(() -> invalidIpRule(field, value));
    for (Forbidden forbidden : FORBIDDEN) {
      // Any overlap counts: a wider range that contains private addresses is refused too.
      if (range.overlaps(forbidden.range())) {
        throw ApiError.badRequest("Invalid value found at " + field + ": " + value
            + " belongs to forbidden range " + forbidden.text());
      }
    }
    return value.contains("/") ? value : value + "/32";
  }

  /** Whether the value is one IPv4 address (no prefix). */
  public static boolean isIpv4Address(String value) {
    return !value.contains("/") && CidrBlock.parse(value).isPresent();
  }

  /**
   * Checks the subnets of the virtual network rules a write adds, as Key Vault asks the Network resource provider
   * about them: each must exist and, unless its rule sets {@code ignoreMissingVnetServiceEndpoint}, have the
   * Microsoft.KeyVault service endpoint. Rules the vault already has are not checked again: Azure keeps a rule
   * whose subnet later changes or goes. Failures are 400 {@code VirtualNetworkNotValid}, wrapping the Network
   * resource provider's answer as the service does.
   *
   * @param before  the stored networkAcls, null when none
   * @param after   the normalised networkAcls to store, null when none
   * @param subnets finds a subnet by id (any case)
   */
  static void checkNewSubnets(NetworkAcls before, NetworkAcls after, Function<String, Optional<SimSubnet>> subnets) {
    if (after == null) {
      return;
    }
    Set<String> existing = before == null ? Set.of() : before.virtualNetworkRules().stream()
        .map(r -> r.id().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    Map<String, List<SimSubnet>> missingEndpoint = new LinkedHashMap<>();
    for (SimVirtualNetworkRule rule : after.virtualNetworkRules()) {
      if (existing.contains(rule.id().toLowerCase(Locale.ROOT))) {
        continue;
      }
      SimSubnet subnet = subnets.apply(rule.id()).orElseThrow(() -> virtualNetworkNotValid("404 (NotFound)",
          "NotFound", "Resource " + rule.id() + " not found."));
      if (!rule.ignoreMissingVnetServiceEndpoint() && !subnet.hasServiceEndpoint(VirtualNetworks.KEY_VAULT_SERVICE)) {
        missingEndpoint.computeIfAbsent(subnet.id().virtualNetwork().resourceId(), k -> new ArrayList<>())
            .add(subnet);
      }
    }
    missingEndpoint.entrySet().stream().findFirst().ifPresent(e -> {
      throw virtualNetworkNotValid("400 (BadRequest)", "SubnetsHaveNoServiceEndpointsConfigured", "Subnets "
          + e.getValue().stream().map(SimSubnet::name).collect(Collectors.joining(",")) + " of virtual network "
          + e.getKey() + " do not have ServiceEndpoints for Microsoft.KeyVault resources configured. Add"
          + " Microsoft.KeyVault to subnet's ServiceEndpoints collection before trying to ACL Microsoft.KeyVault"
          + " resources to these subnets.");
    });
  }

  /** Key Vault's wording when the Network resource provider refuses a rule's subnet (as seen in the wild). */
  private static ApiError virtualNetworkNotValid(String status, String code, String message) {
    return new ApiError(400, "VirtualNetworkNotValid", "Operation on Virtual Network could not be performed."
        + " StatusCode: " + status + ". Error Code: " + code + ". Error Message: " + message + ".");
  }

  private static List<String> ipRules(List<String> rules) {
    if (rules.size() > MAX_IP_RULES) {
      throw ApiError.badRequest("Invalid value found at " + PATH + ".ipRules: " + rules.size()
          + " rules exceed the limit of " + MAX_IP_RULES + " IP rules per vault.");
    }
    List<String> result = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      String field = PATH + ".ipRules[" + i + "].value";
      String rule = normaliseIpRule(rules.get(i), field);
      rejectDuplicate(seen.putIfAbsent(rule, i), field, rule, PATH + ".ipRules");
      result.add(rule);
    }
    return result;
  }

  private static List<SimVirtualNetworkRule> virtualNetworkRules(List<SimVirtualNetworkRule> rules) {
    if (rules.size() > MAX_VIRTUAL_NETWORK_RULES) {
      throw ApiError.badRequest("Invalid value found at " + PATH + ".virtualNetworkRules: " + rules.size()
          + " rules exceed the limit of " + MAX_VIRTUAL_NETWORK_RULES + " virtual network rules per vault.");
    }
    List<SimVirtualNetworkRule> result = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      String field = PATH + ".virtualNetworkRules[" + i + "].id";
      SimVirtualNetworkRule rule = rules.get(i);
      if (SubnetId.tryParse(rule.id()).isEmpty()) {
        throw ApiError.badRequest("Invalid value found at " + field + ": " + rule.id()
            + " is not a valid subnet resource id.");
      }
      // The service stores and returns subnet ids in lower case.
      String id = rule.id().toLowerCase(Locale.ROOT);
      rejectDuplicate(seen.putIfAbsent(id, i), field, id, PATH + ".virtualNetworkRules");
      result.add(new SimVirtualNetworkRule(id, rule.ignoreMissingVnetServiceEndpoint()));
    }
    return result;
  }

  private static void rejectDuplicate(Integer earlier, String field, String value, String list) {
    if (earlier != null) {
      throw ApiError.badRequest("Invalid value found at " + field + ": " + value + " duplicates " + list + "["
          + earlier + "].");
    }
  }

  /** Enum values are accepted in any case and stored in the service's spelling. */
  private static String canonical(String value, String field, String... allowed) {
    for (String candidate : allowed) {
      if (candidate.equalsIgnoreCase(value)) {
        return candidate;
      }
    }
    throw ApiError.badRequest("Invalid value found at " + field + ": " + value + ". Allowed values are "
        + String.join(", ", allowed) + ".");
  }

  private static ApiError invalidIpRule(String field, String value) {
    return ApiError.badRequest("Invalid value found at " + field + ": " + value
        + " is not a valid IPv4 address or CIDR range.");
  }
}
