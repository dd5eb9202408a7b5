package io.vaultgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The API server's rules for ages, as kubectl shows them. */
class HumanAgeTest {

  @Test
  void agesRoundAsKubectlShowsThem() {
    assertThat(HumanAge.of(Duration.ofSeconds(-1))).isEqualTo("0s");
    assertThat(HumanAge.of(Duration.ofSeconds(-5))).isEqualTo("<invalid>");
    assertThat(HumanAge.of(Duration.ofSeconds(40))).isEqualTo("40s");
    assertThat(HumanAge.of(Duration.ofSeconds(119))).isEqualTo("119s");
    assertThat(HumanAge.of(Duration.ofSeconds(312))).isEqualTo("5m12s");
    assertThat(HumanAge.of(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThat(HumanAge.of(Duration.ofMinutes(42))).isEqualTo("42m");
    assertThat(HumanAge.of(Duration.ofMinutes(200))).isEqualTo("3h20m");
    assertThat(HumanAge.of(Duration.ofHours(30))).isEqualTo("30h");
    assertThat(HumanAge.of(Duration.ofHours(75))).isEqualTo("3d3h");
    assertThat(HumanAge.of(Duration.ofDays(40))).isEqualTo("40d");
    assertThat(HumanAge.of(Duration.ofDays(800))).isEqualTo("2y70d");
    assertThat(HumanAge.of(Duration.ofDays(365 * 9))).isEqualTo("9y");
  }

  @Test
  void timestampsThatDoNotParseAreInvalid() {
    Instant now = Instant.parse("2026-01-01T00:01:00Z");
    assertThat(HumanAge.since("2026-01-01T00:00:00Z", now)).isEqualTo("60s");
    assertThat(HumanAge.since("yesterday", now)).isEqualTo("<invalid>");
  }
}
