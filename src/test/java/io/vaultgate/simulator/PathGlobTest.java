package io.vaultgate.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathGlobTest {
  private static final String VAULT = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-a";

  @ParameterizedTest(name = "{0} ~ {1}: {2}")
  @CsvSource({
      "/subscriptions/*/resourceGroups/*/providers/Microsoft.KeyVault/vaults/*, " + VAULT + ", true",
      "/subscriptions/*/resourceGroups/*/providers/Microsoft.KeyVault/vaults/*, " + VAULT + "/secrets, false",
      "/subscriptions/*/providers/Microsoft.KeyVault/vaults/*, " + VAULT + ", false",
      "/subscriptions/**/vaults/kv-*, " + VAULT + ", true",
      "/subscriptions/**/vaults/kv-*, " + VAULT + "/secrets, false",
      "/subscriptions/**, " + VAULT + "/secrets/s, true",
      "/subscriptions/s1/**, /subscriptions/s1, true",
      "/subscriptions/s1/**, /subscriptions/s10, false",
      "/subscriptions/**/resourceGroups/rg/**, /subscriptions/s1/resourceGroups/rg, true",
      "/**, /v1.0/applications, true",
      "/**/secrets, " + VAULT + "/secrets, true",
      "/SUBSCRIPTIONS/S1/**, " + VAULT + ", true",
      "/subscriptions/s1.x, /subscriptions/s1ax, false",
      "/org/_apis/projects/*, /org/_apis/projects/p1, true",
      "/org/_apis/projects/*, /org/_apis/projects, false",
  })
  void starsStandForOneSegmentAndDoubleStarsForAnyNumberIgnoringCase(String glob, String path, boolean matches) {
    assertThat(PathGlob.of(glob).matches(path)).isEqualTo(matches);
  }

  @ParameterizedTest
  @CsvSource({"subscriptions/**", "**", "''"})
  void aGlobStartsWithASlash(String glob) {
    assertThatThrownBy(() -> PathGlob.of(glob)).isInstanceOf(IllegalArgumentException.class);
  }
}
