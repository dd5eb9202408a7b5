package io.vaultgate.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Key Vault's firewall validation and normalisation, applied to every write of {@code networkAcls} (REST and
 * state API alike). Failures are 400 {@code BadRequest} naming the offending field, as the service does.
 */
final class NetworkAclsRules {
  static final int MAX_IP_RULES = 1000;
  static final int MAX_VIRTUAL_NETWORK_RULES = 200;
  private static final String PATH = "properties.networkAcls";

  private static final Pattern IPV4 = Pattern.compile(
      "(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})(?:/(0|[1-9]\\d?))?");
  private static final Pattern SUBNET_ID = Pattern.compile(
      "/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.Network"
          + "/virtualNetworks/[^/]+/subnets/[^/]+",
      Pattern.CASE_INSENSITIVE);

  /** The RFC 1918 ranges, which the service refuses in IP rules, with the wording of its error. */
  private record Forbidden(long first, long last, String text) {
  }

  private record Range(long first, long last) {
  }

  private static final List<Forbidden> FORBIDDEN = List.of(
      new Forbidden(ip(10, 0, 0, 0), ip(10, 255, 255, 255), "10.0.0.0–10.255.255.255 (private IP addresses)"),
      new Forbidden(ip(172, 16, 0, 0), ip(172, 31, 255, 255),
          "172.16.0.0–172.31.255.255 (private IP addresses)"),
      new Forbidden(ip(192, 168, 0, 0), ip(192, 168, 255, 255),
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
    Range range = range(value).orElseThrow(() -> invalidIpRule(field, value));
    for (Forbidden forbidden : FORBIDDEN) {
      // Any overlap counts: a wider range that contains private addresses is refused too.
      if (range.first() <= forbidden.last() && forbidden.first() <= range.last()) {
        throw ApiError.badRequest("Invalid value found at " + field + ": " + value
            + " belongs to forbidden range " + forbidden.text());
      }
    }
    return value.contains("/") ? value : value + "/32";
  }

  /** Whether the value is one IPv4 address (no prefix). */
  static boolean isIpv4Address(String value) {
    return !value.contains("/") && range(value).isPresent();
  }

  /**
   * Whether a request from this IPv4 address gets past the vault's firewall: no networkAcls, default action
   * Allow, or an IP rule whose range holds the address. (Trusted-service bypass and virtual network rules never
   * apply to a caller on the public internet.)
   */
  static boolean admits(NetworkAcls acls, String address) {
    if (acls == null || acls.defaultAction().equalsIgnoreCase(NetworkAcls.ALLOW)) {
      return true;
    }
    long ip = range(address).filter(r -> r.first() == r.last())
        .orElseThrow(() -> new IllegalArgumentException("not an IPv4 address: " + address)).first();
    return acls.ipRules().stream().map(NetworkAclsRules::range).flatMap(Optional::stream)
        .anyMatch(r -> r.first() <= ip && ip <= r.last());
  }

  /** The addresses of {@code a.b.c.d} or {@code a.b.c.d/n}; empty if it is neither. */
  private static Optional<Range> range(String value) {
    Matcher m = IPV4.matcher(value);
    if (!m.matches()) {
      return Optional.empty();
    }
    long address = 0;
    for (int i = 1; i <= 4; i++) {
      int octet = Integer.parseInt(m.group(i));
      if (octet > 255) {
        return Optional.empty();
      }
      address = (address << 8) | octet;
    }
    int prefix = m.group(5) == null ? 32 : Integer.parseInt(m.group(5));
    if (prefix > 32) {
      return Optional.empty();
    }
    long size = 1L << (32 - prefix);
    long first = address & ~(size - 1) & 0xFFFFFFFFL;
    return Optional.of(new Range(first, first + size - 1));
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

  private static List<VirtualNetworkRule> virtualNetworkRules(List<VirtualNetworkRule> rules) {
    if (rules.size() > MAX_VIRTUAL_NETWORK_RULES) {
      throw ApiError.badRequest("Invalid value found at " + PATH + ".virtualNetworkRules: " + rules.size()
          + " rules exceed the limit of " + MAX_VIRTUAL_NETWORK_RULES + " virtual network rules per vault.");
    }
    List<VirtualNetworkRule> result = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      String field = PATH + ".virtualNetworkRules[" + i + "].id";
      VirtualNetworkRule rule = rules.get(i);
      if (!SUBNET_ID.matcher(rule.id()).matches()) {
        throw ApiError.badRequest("Invalid value found at " + field + ": " + rule.id()
            + " is not a valid subnet resource id.");
      }
      // The service stores and returns subnet ids in lower case.
      String id = rule.id().toLowerCase(Locale.ROOT);
      rejectDuplicate(seen.putIfAbsent(id, i), field, id, PATH + ".virtualNetworkRules");
      result.add(new VirtualNetworkRule(id, rule.ignoreMissingVnetServiceEndpoint()));
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

  private static long ip(int a, int b, int c, int d) {
    return ((long) a << 24) | (b << 16) | (c << 8) | d;
  }
}
