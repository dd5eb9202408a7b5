package io.vaultgate.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.policy.ScopePolicy;
import io.vaultgate.ranges.InboundRangeFile;
import io.vaultgate.reconcile.SpecMapping;
import io.vaultgate.validate.SpecValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl apply -f examples/} applies every file there: each is a PrivateVaultAccess that passes the
 * operator's validation. The sample scope policy, an operator file and not a Kubernetes object, lives in
 * {@code policy/} and loads.
 */
class ExamplesTest {

  @Test
  void everyExampleManifestIsValid() throws Exception {
    List<Path> manifests;
    try (Stream<Path> files = Files.list(Path.of("examples"))) {
      manifests = files.toList();
    }
    assertThat(manifests).isNotEmpty().allMatch(p -> p.toString().endsWith(".yaml"));
    KubernetesSerialization serialization = new KubernetesSerialization();
    for (Path manifest : manifests) {
      PrivateVaultAccess r = serialization.unmarshal(Files.readString(manifest), PrivateVaultAccess.class);
      assertThat(r.getKind()).as(manifest + " is a PrivateVaultAccess").isEqualTo("PrivateVaultAccess");
      assertThat(r.getApiVersion()).as(manifest.toString()).isEqualTo(PrivateVaultAccess.GROUP + "/" + PrivateVaultAccess.VERSION);
      var result = SpecMapping.validate(r, InboundRangeFile.builtIn());
      assertThat(result).as(manifest + ": " + result).isInstanceOf(SpecValidator.Valid.class);
    }
  }

  @Test
  void sampleScopePolicyLoads() throws Exception {
    ScopePolicy policy = ScopePolicy.load(Path.of("policy/scope-policy.yaml"));
    assertThat(policy.denial("team-payments", "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/"
        + "rg-payments/providers/Microsoft.KeyVault/vaults/kv-payments")).isEmpty();
    assertThat(policy.denial("team-other", "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/"
        + "rg-payments/providers/Microsoft.KeyVault/vaults/kv-payments")).isPresent();
  }
}
