package io.vaultgate.reconcile;

import static io.vaultgate.reconcile.OperatorHarness.condition;
import static io.vaultgate.reconcile.OperatorHarness.pva;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vaultgate.api.Conditions;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.Reason;
import io.vaultgate.simulator.arm.keyvault.NetworkAcls;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The operator converging vault firewalls: create, change, drift, foreign rules, delete. */
class FirewallReconcileTest {

  static final List<String> US = List.of("20.37.158.0/23", "52.150.138.0/24", "20.42.5.0/24", "20.41.6.0/23",
      "40.80.187.0/24", "40.119.10.0/24", "40.82.252.0/24", "20.42.134.0/23", "20.125.155.0/24");
  static final String FOREIGN = "131.107.0.0/16";

  @RegisterExtension
  static final OperatorHarness h = new OperatorHarness();


  @Test
  void usGeographyOpensAllNineUsRangesAndKeepsTheForeignRule() {
    String vault = h.createVault("kv-create", NetworkAcls.deny(FOREIGN));
    h.apply(pva("team-a", "pipelines", vault, "UnitedStates", "52.1.2.3"));

    PrivateVaultAccess r = h.awaitReason("team-a", "pipelines", Reason.Converged);
    assertThat(h.ipRules(vault)).startsWith(FOREIGN).containsAll(US).contains("52.1.2.3/32").hasSize(11);
    assertThat(r.getStatus().firewall.ownedIpRules).hasSize(10).doesNotContain(FOREIGN).contains("52.1.2.3/32");
    assertThat(r.getStatus().firewall.pendingIpRules).isEmpty();
    assertThat(r.getStatus().firewall.rangesVersion).isEqualTo("2024-01-02");
    assertThat(r.getStatus().vaultName).isEqualTo("kv-create");
    assertThat(r.getStatus().observedGeneration).isEqualTo(r.getMetadata().getGeneration());
    assertThat(condition(r, Conditions.READY).status).isEqualTo("True");
    assertThat(condition(r, Conditions.FIREWALL_READY).status).isEqualTo("True");
    assertThat(condition(r, Conditions.STALLED).status).isEqualTo("False");
    assertThat(condition(r, Conditions.RECONCILING).status).isEqualTo("False");
    assertThat(r.getStatus().plan).hasSize(10).allSatisfy(c -> assertThat(c.action).isEqualTo("Add"));
    assertThat(r.getMetadata().getFinalizers()).contains(PrivateVaultAccess.FINALIZER);
    assertThat(h.writes(vault)).as("one write for all ten rules").isEqualTo(1);
    await().untilAsserted(() -> assertThat(h.events("team-a", "pipelines"))
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("FirewallUpdated")));
  }

  @Test
  void changingTheSpecAddsAndRemovesOnlyOwnedRules() {
    String vault = h.createVault("kv-change", NetworkAcls.deny(FOREIGN, "51.104.26.0/24"));
    h.apply(pva("team-b", "pipelines", vault, "Europe", "52.1.2.3"));
    h.awaitReason("team-b", "pipelines", Reason.Converged);

    h.edit("team-b", "pipelines", r -> {
      r.getSpec().devOps.geography = "UnitedKingdom";
      r.getSpec().network.additionalIpRanges = List.of();
      return r;
    });
    PrivateVaultAccess r = h.awaitReady("team-b", "pipelines", c -> "True".equals(c.status));
    assertThat(h.ipRules(vault)).containsExactlyInAnyOrder(FOREIGN, "51.104.26.0/24");
    assertThat(r.getStatus().firewall.ownedIpRules).as("UK South was there before vaultgate").isEmpty();
  }

  @Test
  void deleteRemovesOwnedRulesOnlyAndReleasesTheFinalizer() {
    String vault = h.createVault("kv-delete", NetworkAcls.deny(FOREIGN, "20.37.158.0/23"));
    h.apply(pva("team-c", "pipelines", vault, "UnitedStates"));
    h.awaitReason("team-c", "pipelines", Reason.Converged);
    assertThat(h.ipRules(vault)).hasSize(10);

    h.delete("team-c", "pipelines");
    h.awaitGone("team-c", "pipelines");
    assertThat(h.ipRules(vault)).containsExactly(FOREIGN, "20.37.158.0/23");
  }

  @Test
  void movingToAnotherVaultCleansTheOldOneAndNeverTouchesTheNewOnesForeignRules() {
    String first = h.createVault("kv-move-a", NetworkAcls.deny(FOREIGN));
    String second = h.createVault("kv-move-b", NetworkAcls.deny(FOREIGN, "51.104.26.0/24"));
    h.apply(pva("team-d", "pipelines", first, "UnitedKingdom", "52.1.2.3"));
    h.awaitReason("team-d", "pipelines", Reason.Converged);
    assertThat(h.ipRules(first)).containsExactly(FOREIGN, "51.104.26.0/24", "52.1.2.3/32");

    h.edit("team-d", "pipelines", r -> {
      r.getSpec().vault.resourceId = second;
      r.getSpec().devOps.geography = "Europe";
      r.getSpec().network.additionalIpRanges = List.of();
      return r;
    });
    PrivateVaultAccess r = h.awaitReady("team-d", "pipelines", c -> "True".equals(c.status));
    assertThat(h.ipRules(first)).as("what it owned in the old vault is gone").containsExactly(FOREIGN);
    assertThat(h.ipRules(second)).as("UK South was the new vault's own rule")
        .containsExactly(FOREIGN, "51.104.26.0/24", "40.74.28.0/23", "20.166.41.0/24");
    assertThat(r.getStatus().firewall.vault).isEqualToIgnoringCase(second);
    assertThat(r.getStatus().firewall.ownedIpRules).containsExactlyInAnyOrder("40.74.28.0/23", "20.166.41.0/24");
  }
}
