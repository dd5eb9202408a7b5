package io.vaultgate.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4RangeTest {

  @Test
  void bareAddressIsSlash32() {
    assertThat(Ipv4Range.parse("124.56.78.91")).isEqualTo(Ipv4Range.parse("124.56.78.91/32"));
    assertThat(Ipv4Range.parse("124.56.78.91").toString()).isEqualTo("124.56.78.91/32");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4/33", "1.2.3.4/", "::1",
      "2620:1ec:50::/48", "a.b.c.d", "1.2.3.4/-1", " /24"})
  void rejectsWhatIsNotIpv4(String text) {
    assertThatThrownBy(() -> Ipv4Range.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an IPv4");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "10.1.0.0/16|10.0.0.0/8 (private, RFC 1918)",
      "172.20.0.0/16|172.16.0.0/12 (private, RFC 1918)",
      "192.168.1.0/24|192.168.0.0/16 (private, RFC 1918)",
      "127.0.0.1|127.0.0.0/8 (loopback)",
      "169.254.10.0/24|169.254.0.0/16 (link-local)",
      "100.64.1.0/24|100.64.0.0/10 (carrier-grade NAT, RFC 6598)",
      "224.0.0.1|224.0.0.0/4 (multicast)",
      "0.0.0.0/0|0.0.0.0/8 (\"this network\", RFC 1122)"})
  void namesTheReservedBlockARangeTouches(String range, String block) {
    assertThat(Ipv4Range.parse(range).reservedBlock()).contains(block);
  }

  @Test
  void publicRangesAreNotReserved() {
    assertThat(Ipv4Range.parse("20.37.158.0/23").reservedBlock()).isEmpty();
    assertThat(Ipv4Range.parse("100.128.0.0/16").reservedBlock()).isEmpty();
  }

  @Test
  void hostBitsAreDetected() {
    assertThat(Ipv4Range.parse("20.37.158.5/23").hasHostBits()).isTrue();
    assertThat(Ipv4Range.parse("20.37.158.5/23").network()).hasToString("20.37.158.0/23");
    assertThat(Ipv4Range.parse("20.37.158.0/23").hasHostBits()).isFalse();
  }
}
