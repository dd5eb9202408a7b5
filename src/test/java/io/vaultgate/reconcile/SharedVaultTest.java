package io.vaultgate.reconcile;

import static io.vaultgate.reconcile.OperatorHarness.pva;
import static org.assertj.core.api.Assertions.assertThat;

import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.Reason;
import io.vaultgate.simulator.arm.keyvault.NetworkAcls;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Several resources, in several namespaces, targeting one vault: union of needs, co-ownership, one writer. */
class SharedVaultTest {

  static final String FOREIGN = "131.107.0.0/16";
  @RegisterExtension
  static final OperatorHarness h = new OperatorHarness();


  @Test
  void tenResourcesCreatedTogetherConvergeWithAtMostThreeVaultWrites() {
    String vault = h.createVault("kv-ten", NetworkAcls.deny(FOREIGN));
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      names.add("team-" + i);
      h.namespace("ten-" + i);
    }
    for (int i = 0; i < 10; i++) {
      h.apply(pva("ten-" + i, "pipelines", vault, i % 2 == 0 ? "UnitedStates" : "Europe", "52.1.2." + i));
    }
    for (int i = 0; i < 10; i++) {
      h.awaitReason("ten-" + i, "pipelines", Reason.Converged);
    }
    assertThat(h.ipRules(vault)).hasSize(1 + 9 + 2 + 10);
    assertThat(h.writes(vault)).isLessThanOrEqualTo(3);
  }

  @Test
  void sharedRuleIsCoOwnedAndGoesOnlyWithTheLastResourceNeedingIt() {
    String vault = h.createVault("kv-shared", NetworkAcls.deny(FOREIGN));
    h.apply(pva("shared-a", "pipelines", vault, "UnitedKingdom", "52.9.9.9"));
    h.awaitReason("shared-a", "pipelines", Reason.Converged);
    h.apply(pva("shared-b", "pipelines", vault, "UnitedKingdom"));
    PrivateVaultAccess b = h.awaitReason("shared-b", "pipelines", Reason.Converged);
    assertThat(b.getStatus().firewall.ownedIpRules).as("added by shared-a, so co-owned").containsExactly(
        "51.104.26.0/24");

    h.delete("shared-a", "pipelines");
    h.awaitGone("shared-a", "pipelines");
    assertThat(h.ipRules(vault)).as("UK South is still needed by shared-b; 52.9.9.9 was only shared-a's")
        .containsExactlyInAnyOrder(FOREIGN, "51.104.26.0/24");

    h.delete("shared-b", "pipelines");
    h.awaitGone("shared-b", "pipelines");
    assertThat(h.ipRules(vault)).containsExactly(FOREIGN);
  }

  @Test
  void removingARangeFromOneSpecKeepsItWhileAnotherResourceNeedsIt() {
    String vault = h.createVault("kv-union", NetworkAcls.deny());
    h.apply(pva("union-a", "pipelines", vault, "Europe"));
    h.apply(pva("union-b", "pipelines", vault, "Europe"));
    h.awaitReason("union-a", "pipelines", Reason.Converged);
    h.awaitReason("union-b", "pipelines", Reason.Converged);

    h.edit("union-a", "pipelines", r -> {
      r.getSpec().network.azureDevOpsInbound = false;
      return r;
    });
    PrivateVaultAccess a = h.awaitReady("union-a", "pipelines", c -> "True".equals(c.status));
    assertThat(h.ipRules(vault)).containsExactlyInAnyOrder("40.74.28.0/23", "20.166.41.0/24");
    assertThat(a.getStatus().firewall.ownedIpRules).isEmpty();
  }
}
