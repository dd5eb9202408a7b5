package io.vaultgate.reconcile;

import static io.vaultgate.reconcile.OperatorHarness.condition;
import static io.vaultgate.reconcile.OperatorHarness.pva;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vaultgate.api.Conditions;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.Reason;
import io.vaultgate.simulator.arm.keyvault.NetworkAcls;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Periodic resync (shortened to one second here): zero writes when nothing drifted, repair when it did. */
class DriftAndSteadyStateTest {

  static final String FOREIGN = "131.107.0.0/16";
  static final Duration RESYNC = Duration.ofSeconds(1);
  @RegisterExtension
  static final OperatorHarness h = new OperatorHarness(withResync(RESYNC), Optional.empty());

  static ReconcileSettings withResync(Duration resync) {
    ReconcileSettings fast = OperatorHarness.fastSettings();
    return new ReconcileSettings(resync, fast.slowRetry(), fast.transientRetry(), fast.gatherWindow(),
        fast.requestTimeout());
  }

  private static void awaitResyncs(String vault, long reads) {
    long start = h.reads(vault);
    await().atMost(Duration.ofSeconds(20)).until(() -> h.reads(vault) >= start + reads);
  }

  @Test
  void steadyStateResyncMakesNoWritesNoStatusWritesAndOneReadPerVault() {
    String vault = h.createVault("kv-steady", NetworkAcls.deny(FOREIGN));
    h.apply(pva("steady-a", "pipelines", vault, "UnitedStates"));
    h.apply(pva("steady-b", "pipelines", vault, "UnitedStates", "52.1.2.3"));
    h.awaitReason("steady-a", "pipelines", Reason.Converged);
    PrivateVaultAccess b = h.awaitReason("steady-b", "pipelines", Reason.Converged);
    awaitResyncs(vault, 1);
    long writes = h.writes(vault);
    String versionA = h.get("steady-a", "pipelines").getMetadata().getResourceVersion();
    String transition = condition(b, Conditions.READY).lastTransitionTime;
    long reads = h.reads(vault);
    long started = System.nanoTime();

    awaitResyncs(vault, 4);
    long cycles = Duration.ofNanos(System.nanoTime() - started).toMillis() / RESYNC.toMillis();
    assertThat(h.writes(vault)).as("no Azure write at steady state").isEqualTo(writes);
    assertThat(h.reads(vault) - reads).as("two resources on one vault share one read per resync")
        .isLessThanOrEqualTo(cycles + 1);
    assertThat(h.get("steady-a", "pipelines").getMetadata().getResourceVersion())
        .as("status not rewritten when unchanged").isEqualTo(versionA);
    assertThat(condition(h.get("steady-b", "pipelines"), Conditions.READY).lastTransitionTime)
        .isEqualTo(transition);
  }

  @Test
  void ownedRuleRemovedOutsideIsRestoredAndForeignAdditionIsLeftAlone() {
    String vault = h.createVault("kv-drift", NetworkAcls.deny(FOREIGN));
    h.apply(pva("drift", "pipelines", vault, "Europe"));
    h.awaitReason("drift", "pipelines", Reason.Converged);

    SimVaultId id = SimVaultId.parse(vault);
    h.azure.keyVaults().removeIpRule(id, "40.74.28.0/23");
    h.azure.keyVaults().addIpRule(id, "52.200.0.0/16");
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(h.ipRules(vault)).contains("40.74.28.0/23"));
    assertThat(h.ipRules(vault)).contains("52.200.0.0/16", FOREIGN);
    PrivateVaultAccess r = h.get("drift", "pipelines");
    assertThat(r.getStatus().firewall.ownedIpRules).containsExactlyInAnyOrder("40.74.28.0/23", "20.166.41.0/24");
    assertThat(r.getStatus().plan).anySatisfy(c -> assertThat(c.detail).contains("restored"));

    h.delete("drift", "pipelines");
    h.awaitGone("drift", "pipelines");
    assertThat(h.ipRules(vault)).containsExactlyInAnyOrder(FOREIGN, "52.200.0.0/16");
  }
}
