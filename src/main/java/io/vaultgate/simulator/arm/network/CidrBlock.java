package io.vaultgate.simulator.arm.network;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A block of IPv4 addresses as unsigned 32-bit numbers, both ends included: a firewall rule's range or a virtual
 * network's address prefix.
 */
public record CidrBlock(long first, long last) {
  private static final Pattern IPV4 = Pattern.compile(
      "(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})(?:/(0|[1-9]\\d?))?");

  /**
   * The addresses of {@code a.b.c.d} (one address) or {@code a.b.c.d/n} (host bits ignored, as firewalls read
   * it); empty if it is neither.
   */
  public static Optional<CidrBlock> parse(String value) {
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
    return Optional.of(new CidrBlock(first, first + size - 1));
  }

  /**
   * A prefix in strict CIDR notation: {@code a.b.c.d/n} whose host bits are zero (as virtual networks require);
   * empty otherwise.
   */
  public static Optional<CidrBlock> parseCidr(String value) {
    return parse(value).filter(r -> value.contains("/") && r.cidr().equals(value));
  }

  public static String format(long address) {
    return (address >>> 24 & 0xFF) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "."
        + (address & 0xFF);
  }

  public boolean isSingleAddress() {
    return first == last;
  }

  public boolean contains(long address) {
    return first <= address && address <= last;
  }

  public boolean contains(CidrBlock other) {
    return first <= other.first && other.last <= last;
  }

  public boolean overlaps(CidrBlock other) {
    return first <= other.last && other.first <= last;
  }

  /** {@code a.b.c.d/n}. */
  public String cidr() {
    return format(first) + "/" + (32 - Long.numberOfTrailingZeros(last - first + 1));
  }
}
