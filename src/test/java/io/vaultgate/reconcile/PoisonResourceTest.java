package io.vaultgate.reconcile;

import static io.vaultgate.reconcile.OperatorHarness.condition;
import static io.vaultgate.reconcile.OperatorHarness.pva;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.vaultgate.api.Conditions;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.Reason;
import io.vaultgate.simulator.arm.keyvault.NetworkAcls;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A resource this version cannot read (a field only a newer CRD knows, stored before the pods rolled; a value of the
 * wrong type under an older schema) stops neither the operator nor the other resources: it is told why, and nothing
 * is written to Azure for it.
 */
class PoisonResourceTest {

  @RegisterExtension
  static final OperatorHarness h = new OperatorHarness();

  /** Stored as the API server would store it past pruning: raw, without this version's types. */
  static void store(String namespace, String name, Map<String, Object> spec) {
    h.namespace(namespace);
    GenericKubernetesResource raw = new GenericKubernetesResource();
    raw.setApiVersion("vaultgate.io/v1alpha1");
    raw.setKind("PrivateVaultAccess");
    raw.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withNamespace(namespace).withName(name)
        .build());
    raw.setAdditionalProperty("spec", spec);
    h.client.genericKubernetesResources("vaultgate.io/v1alpha1", "PrivateVaultAccess").inNamespace(namespace)
        .resource(raw).create();
  }

  static Map<String, Object> spec(String vault, Map<String, Object> network) {
    return Map.of("vault", Map.of("resourceId", vault), "devOps", Map.of("organization", "contoso", "project",
        "payments", "geography", "UnitedKingdom"), "network", network);
  }

  @Test
  void unreadableResourcesAreToldWhyAndTheOthersConverge() {
    String vault = h.createVault("kv-poison", NetworkAcls.deny());
    store("poison", "future-field", Map.of("vault", Map.of("resourceId", vault), "devOps", Map.of("organization",
        "contoso", "project", "payments", "geography", "UnitedKingdom"), "rotation", Map.of("every", "30d")));
    store("poison", "wrong-type", spec(vault, Map.of("additionalIpRanges", "52.9.9.9")));
    h.apply(pva("poison", "healthy", vault, "UnitedKingdom"));

    h.awaitReason("poison", "healthy", Reason.Converged);
    for (String name : List.of("future-field", "wrong-type")) {
      PrivateVaultAccess poisoned = h.awaitReason("poison", name, Reason.InvalidSpec);
      assertThat(condition(poisoned, Conditions.READY).message).contains("spec");
    }
    assertThat(condition(h.get("poison", "future-field"), Conditions.READY).message).contains("rotation");
    assertThat(condition(h.get("poison", "wrong-type"), Conditions.READY).message).contains("additionalIpRanges");
    assertThat(h.ipRules(vault)).as("only the healthy resource's range").containsExactly("51.104.26.0/24");
  }
}
