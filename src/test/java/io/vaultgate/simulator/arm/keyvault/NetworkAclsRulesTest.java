package io.vaultgate.simulator.arm.keyvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultgate.simulator.http.ApiError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The edges of Key Vault's IP rule validation, without HTTP. */
class NetworkAclsRulesTest {

  @ParameterizedTest
  @CsvSource({
      "1.2.3.4,          1.2.3.4/32",
      "1.2.3.4/32,       1.2.3.4/32",
      "20.37.158.0/23,   20.37.158.0/23",
      "20.37.194.5/24,   20.37.194.5/24",
      "52.150.138.0/31,  52.150.138.0/31",
      "9.255.255.255,    9.255.255.255/32",
      "11.0.0.0/8,       11.0.0.0/8",
      "172.15.255.255,   172.15.255.255/32",
      "172.32.0.0/11,    172.32.0.0/11",
      "192.167.255.255,  192.167.255.255/32",
      "192.169.0.0/16,   192.169.0.0/16"})
  void publicAddressesAndRangesAreAccepted(String rule, String normalised) {
    assertThat(NetworkAclsRules.normaliseIpRule(rule, "f")).isEqualTo(normalised);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.0", "10.255.255.255", "172.16.0.0", "172.31.255.255/32", "192.168.0.0",
      "192.168.255.255", "0.0.0.0/0", "8.0.0.0/6", "172.0.0.0/8"})
  void anythingTouchingAPrivateRangeIsRefused(String rule) {
    assertThatThrownBy(() -> NetworkAclsRules.normaliseIpRule(rule, "f"))
        .isInstanceOf(ApiError.class).hasMessageContaining("belongs to forbidden range");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " 1.2.3.4", "1.2.3.4 ", "01.2.3.4", "1.2.3.4/", "1.2.3.4/032", "1.2.3.4/-1",
      "1.2.3.4.5", "256.1.1.1", "a.b.c.d", "1.2.3.4/8/8"})
  void malformedValuesAreRefused(String rule) {
    assertThatThrownBy(() -> NetworkAclsRules.normaliseIpRule(rule, "properties.networkAcls.ipRules[0].value"))
        .isInstanceOf(ApiError.class)
        .hasMessage("Invalid value found at properties.networkAcls.ipRules[0].value: " + rule
            + " is not a valid IPv4 address or CIDR range.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"::1", "2620:1ec:50::/48", "::ffff:1.2.3.4"})
  void ipv6IsRefused(String rule) {
    assertThatThrownBy(() -> NetworkAclsRules.normaliseIpRule(rule, "f"))
        .isInstanceOf(ApiError.class).hasMessageContaining("Only IPv4 addresses are supported");
  }
}
