package io.vaultgate.model;

import java.util.List;
import java.util.Optional;

/**
 * An IPv4 address range in CIDR form, the unit of a Key Vault IP rule. Key Vault reads a bare address back as
 * {@code /32}, so {@link #parse} treats both spellings as the same range and {@link #toString} always writes the
 * prefix: comparing normalised values is what keeps a steady-state resync from writing.
 */
public record Ipv4Range(int address, int prefix) implements Comparable<Ipv4Range> {

  /** Blocks that are not public unicast addresses; Key Vault accepts public addresses only. */
  private static final List<Reserved> RESERVED = List.of(
      new Reserved(parse("0.0.0.0/8"), "\"this network\", RFC 1122"),
      new Reserved(parse("10.0.0.0/8"), "private, RFC 1918"),
      new Reserved(parse("100.64.0.0/10"), "carrier-grade NAT, RFC 6598"),
      new Reserved(parse("127.0.0.0/8"), "loopback"),
      new Reserved(parse("169.254.0.0/16"), "link-local"),
      new Reserved(parse("172.16.0.0/12"), "private, RFC 1918"),
      new Reserved(parse("192.0.0.0/24"), "IETF protocol assignments"),
      new Reserved(parse("192.0.2.0/24"), "documentation, TEST-NET-1"),
      new Reserved(parse("192.168.0.0/16"), "private, RFC 1918"),
      new Reserved(parse("198.18.0.0/15"), "benchmarking, RFC 2544"),
      new Reserved(parse("198.51.100.0/24"), "documentation, TEST-NET-2"),
      new Reserved(parse("203.0.113.0/24"), "documentation, TEST-NET-3"),
      new Reserved(parse("224.0.0.0/4"), "multicast"),
      new Reserved(parse("240.0.0.0/4"), "reserved, RFC 1112"));

  private record Reserved(Ipv4Range block, String kind) {
  }

  public Ipv4Range {
    if (prefix < 0 || prefix > 32) {
      throw new IllegalArgumentException("prefix must be 0 to 32: " + prefix);
    }
  }

  /**
   * Parses {@code a.b.c.d} or {@code a.b.c.d/n}: four decimal octets without leading zeros (which some parsers
   * read as octal) and a prefix of 0 to 32, and nothing else: a blank around it is refused, not trimmed, as the
   * CRD's pattern refuses it.
   */
  public static Ipv4Range parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("not an IPv4 address or CIDR range: null");
    }
    String s = text;
    int slash = s.indexOf('/');
    String addressPart = slash < 0 ? s : s.substring(0, slash);
    int prefix = 32;
    if (slash >= 0) {
      prefix = number(s.substring(slash + 1), 32, text);
    }
    String[] octets = addressPart.split("\\.", -1);
    if (octets.length != 4) {
      throw notIpv4(text);
    }
    int address = 0;
    for (String octet : octets) {
      address = (address << 8) | number(octet, 255, text);
    }
    return new Ipv4Range(address, prefix);
  }

  private static int number(String digits, int max, String text) {
    if (digits.isEmpty() || digits.length() > 3 || (digits.length() > 1 && digits.charAt(0) == '0')
        || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw notIpv4(text);
    }
    int value = Integer.parseInt(digits);
    if (value > max) {
      throw notIpv4(text);
    }
    return value;
  }

  private static IllegalArgumentException notIpv4(String text) {
    return new IllegalArgumentException("not an IPv4 address or CIDR range: " + text);
  }

  private int mask() {
    return prefix == 0 ? 0 : -1 << (32 - prefix);
  }

  /** True when the address has bits set below the prefix, e.g. {@code 20.37.158.5/23}. */
  public boolean hasHostBits() {
    return (address & ~mask()) != 0;
  }

  /** The range with its host bits cleared. */
  public Ipv4Range network() {
    return new Ipv4Range(address & mask(), prefix);
  }

  public boolean overlaps(Ipv4Range other) {
    int shorter = Math.min(prefix, other.prefix);
    int m = shorter == 0 ? 0 : -1 << (32 - shorter);
    return (address & m) == (other.address & m);
  }

  /** Whether every address of {@code other} is in this range. */
  public boolean contains(Ipv4Range other) {
    return prefix <= other.prefix && overlaps(other);
  }

  /** Whether every address of this range is in some of the given ranges (together, not necessarily one). */
  public boolean coveredBy(java.util.Collection<Ipv4Range> ranges) {
    if (ranges.stream().anyMatch(r -> r.contains(this))) {
      return true;
    }
    List<Ipv4Range> inside = ranges.stream().filter(this::overlaps).toList();
    if (inside.isEmpty() || prefix == 32) {
      return false;
    }
    Ipv4Range base = network();
    Ipv4Range low = new Ipv4Range(base.address, prefix + 1);
    Ipv4Range high = new Ipv4Range(base.address | (1 << (31 - prefix)), prefix + 1);
    return low.coveredBy(inside) && high.coveredBy(inside);
  }

  /** The reserved block this range touches, described, if any. */
  public Optional<String> reservedBlock() {
    return RESERVED.stream()
        .filter(r -> r.block.overlaps(this))
        .map(r -> r.block + " (" + r.kind + ")")
        .findFirst();
  }

  @Override
  public int compareTo(Ipv4Range o) {
    int c = Integer.compareUnsigned(address, o.address);
    return c != 0 ? c : Integer.compare(prefix, o.prefix);
  }

  @Override
  public String toString() {
    return ((address >>> 24) & 255) + "." + ((address >>> 16) & 255) + "." + ((address >>> 8) & 255) + "."
        + (address & 255) + "/" + prefix;
  }
}
