package io.vaultgate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScopePolicyTest {
  static final String SUB = "/subscriptions/00000000-0000-0000-0000-000000000001";
  static final String VAULT = SUB + "/resourceGroups/rg-pay/providers/Microsoft.KeyVault/vaults/kv1";

  @Test
  void allowsPrefixCaseInsensitivelyOnWholeSegments() {
    ScopePolicy p = ScopePolicy.of(Map.of("team", List.of(SUB.toUpperCase() + "/resourcegroups/RG-PAY/")));
    assertThat(p.denial("team", VAULT)).isEmpty();
    assertThat(p.denial("team", SUB + "/resourceGroups/rg-pay2/providers/Microsoft.KeyVault/vaults/kv1"))
        .hasValueSatisfying(m -> assertThat(m).contains("outside the Azure scopes").contains("'team'"));
  }

  @Test
  void unlistedNamespaceMayTargetNothingUnlessWildcard() {
    ScopePolicy p = ScopePolicy.of(Map.of("team", List.of(SUB)));
    assertThat(p.denial("other", VAULT)).contains("the scope policy allows namespace 'other' no Azure scope");
    ScopePolicy wildcard = ScopePolicy.of(Map.of("*", List.of(SUB)));
    assertThat(wildcard.denial("other", VAULT)).isEmpty();
  }

  @Test
  void noPolicyAllowsEverything() {
    assertThat(ScopePolicy.allowAll().denial("any", VAULT)).isEmpty();
  }

  @Test
  void loadsYamlAndRejectsWhatIsNotAScope(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("policy.yaml");
    Files.writeString(f, "namespaces:\n  team:\n    - " + SUB + "\n");
    assertThat(ScopePolicy.load(f).denial("team", VAULT)).isEmpty();
    Files.writeString(f, "namespaces:\n  team:\n    - rg-pay\n");
    assertThatThrownBy(() -> ScopePolicy.load(f)).hasMessageContaining("'rg-pay' is not a resource-id prefix");
  }
}
