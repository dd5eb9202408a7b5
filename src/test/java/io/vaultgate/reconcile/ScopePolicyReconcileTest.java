package io.vaultgate.reconcile;

import static io.vaultgate.reconcile.OperatorHarness.condition;
import static io.vaultgate.reconcile.OperatorHarness.pva;
import static org.assertj.core.api.Assertions.assertThat;

import io.vaultgate.api.Conditions;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.Reason;
import io.vaultgate.simulator.arm.keyvault.NetworkAcls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A namespace may only touch the Azure scopes the scope policy gives it. */
class ScopePolicyReconcileTest {

  static final Path POLICY = policyFile();

  @RegisterExtension
  static final OperatorHarness h = new OperatorHarness(OperatorHarness.fastSettings(), Optional.of(POLICY));

  static Path policyFile() {
    try {
      Path policy = Files.createTempFile("scope-policy", ".yaml");
      Files.writeString(policy, "namespaces:\n  payments:\n    - /subscriptions/" + OperatorHarness.SUBSCRIPTION
          + "/resourceGroups/" + OperatorHarness.RESOURCE_GROUP.toUpperCase() + "\n");
      return policy;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterAll
  static void removePolicy() throws Exception {
    Files.deleteIfExists(POLICY);
  }

  @Test
  void namespaceOutsideItsScopesIsDeniedWithoutAnyAzureCall() {
    String vault = h.createVault("kv-policy", NetworkAcls.deny());
    h.apply(pva("intruders", "pipelines", vault, "UnitedKingdom"));
    PrivateVaultAccess r = h.awaitReason("intruders", "pipelines", Reason.PolicyDenied);
    assertThat(condition(r, Conditions.STALLED).status).isEqualTo("True");
    assertThat(condition(r, Conditions.READY).message).contains("namespace 'intruders'");
    assertThat(h.calls(vault)).isZero();

    h.apply(pva("payments", "pipelines", vault, "UnitedKingdom"));
    h.awaitReason("payments", "pipelines", Reason.Converged);
    assertThat(h.ipRules(vault)).containsExactly("51.104.26.0/24");
  }
}
