package io.vaultgate.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultgate.model.GrantRequest;
import io.vaultgate.model.Ipv4Range;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GrantValidatorTest {

  static final Duration MAX = Duration.ofHours(1);

  static GrantInput grant(String address, String ttl) {
    return new GrantInput("team-payments", "payments-pipelines", null, address, ttl);
  }

  static GrantValidator.Result validate(GrantInput input) {
    return GrantValidator.validate(input, MAX);
  }

  static String problems(GrantInput input) {
    return ((GrantValidator.Invalid) validate(input)).message();
  }

  @Test
  void aPublicAddressAndATtlWithinTheMaximumMakeA32Request() {
    GrantRequest request = ((GrantValidator.Valid) validate(grant("52.168.77.41", "15m"))).request();
    assertThat(request.address()).hasToString("52.168.77.41/32");
    assertThat(request.ttl()).isEqualTo(Duration.ofMinutes(15));
    assertThat(request.accessName()).isEqualTo("payments-pipelines");
    assertThat(validate(grant("52.168.77.41/32", "1h"))).isInstanceOf(GrantValidator.Valid.class);
    assertThat(validate(grant("52.168.77.41", "PT1H"))).isInstanceOf(GrantValidator.Valid.class);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "61m|spec.ttl: '61m' is longer than this operator's maximum of 1h",
      "2h|spec.ttl: '2h' is longer than this operator's maximum of 1h",
      "0s|spec.ttl: '0s' is not a positive duration",
      "-5m|spec.ttl: '-5m' is not a positive duration",
      "soon|spec.ttl: 'soon' is not a positive duration",
      "15|spec.ttl: '15' is not a positive duration",
      "15M|spec.ttl: '15M' is not a positive duration",
      "pt15m|spec.ttl: 'pt15m' is not a positive duration",
      "' 15m'|spec.ttl: ' 15m' is not a positive duration",
      "'15m '|spec.ttl: '15m ' is not a positive duration",
      "PT|spec.ttl: 'PT' is not a positive duration"})
  void aTtlOutsideZeroToTheMaximumIsRefused(String ttl, String problem) {
    assertThat(problems(grant("52.168.77.41", ttl))).contains(problem);
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT1H", "PT45M30S", "PT90S", "250ms", "1h", "59m"})
  void theSpellingsOfTheCrdPatternAreAccepted(String ttl) {
    assertThat(validate(grant("52.168.77.41", ttl))).isInstanceOf(GrantValidator.Valid.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"52.168.77", "52.168.77.410", "::1", "2603:1030::1", "agent", "052.168.77.41",
      " 52.168.77.41", "52.168.77.41 ", "52.168.77.41\n", ""})
  void whatIsNotOneIpv4AddressIsRefused(String address) {
    assertThat(problems(grant(address, "15m"))).startsWith("spec.ipAddress: '" + address + "' is not an IPv4");
  }

  @Test
  void aRangeIsRefused() {
    assertThat(problems(grant("52.168.77.0/24", "15m"))).contains("spec.ipAddress: '52.168.77.0/24' is a range");
  }

  @Test
  void missingFieldsAreNamed() {
    assertThat(problems(new GrantInput("team-payments", null, null, null, null)))
        .contains("spec.accessRef.name: required", "spec.ipAddress: required", "spec.ttl: required");
  }

  @Test
  void aNamespaceThatIsNoNamespaceNameIsRefused() {
    assertThat(problems(new GrantInput("team-payments", "payments", "", "52.168.77.41", "15m")))
        .isEqualTo("spec.accessRef.namespace: '' is not a namespace name");
    assertThat(problems(new GrantInput("team-payments", "payments", "team-payments ", "52.168.77.41", "15m")))
        .isEqualTo("spec.accessRef.namespace: 'team-payments ' is not a namespace name");
  }

  @Test
  void anAccessNameWithABlankOrAControlCharacterIsRefused() {
    assertThat(problems(new GrantInput("team-payments", " payments", null, "52.168.77.41", "15m")))
        .isEqualTo("spec.accessRef.name: ' payments' is not a Kubernetes object name");
    assertThat(problems(new GrantInput("team-payments", "pay\u0007ments", null, "52.168.77.41", "15m")))
        .startsWith("spec.accessRef.name: 'pay\u0007ments'");
  }

  @Test
  void anAccessInAnotherNamespaceIsRefused() {
    assertThat(problems(new GrantInput("team-payments", "payments", "team-data", "52.168.77.41", "15m")))
        .isEqualTo("spec.accessRef.namespace: 'team-data': a grant may only name a PrivateVaultAccess in its own"
            + " namespace (team-payments)");
    assertThat(validate(new GrantInput("team-payments", "payments", "team-payments", "52.168.77.41", "15m")))
        .isInstanceOf(GrantValidator.Valid.class);
  }

  /** Private, loopback, link-local, carrier-grade NAT, multicast, "this network", reserved and documentation. */
  static final List<String> RESERVED = List.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
      "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15",
      "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4");

  @Provide
  Arbitrary<String> reservedAddresses() {
    return Combinators.combine(Arbitraries.of(RESERVED), Arbitraries.integers().between(0, Integer.MAX_VALUE))
        .as((block, bits) -> {
          Ipv4Range b = Ipv4Range.parse(block);
          int host = b.prefix() == 0 ? bits : bits & ((1 << (32 - b.prefix())) - 1);
          return new Ipv4Range(b.address() | host, 32).toString().replace("/32", "");
        });
  }

  @Property
  void everyPrivateOrReservedAddressIsRefused(@ForAll("reservedAddresses") String address) {
    assertThat(problems(grant(address, "15m"))).startsWith("spec.ipAddress: '" + address + "' is in ")
        .contains("public addresses only");
  }
}
