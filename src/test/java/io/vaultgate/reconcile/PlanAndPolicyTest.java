package io.vaultgate.reconcile;

import static io.vaultgate.reconcile.OperatorHarness.condition;
import static io.vaultgate.reconcile.OperatorHarness.pva;
import static org.assertj.core.api.Assertions.assertThat;

import io.vaultgate.api.Conditions;
import io.vaultgate.api.PlannedChange;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.Reason;
import io.vaultgate.simulator.arm.keyvault.NetworkAcls;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Plan mode, the reconcile-policy annotation, and invalid specs: what is shown and what is (not) written. */
class PlanAndPolicyTest {

  static final String FOREIGN = "131.107.0.0/16";
  @RegisterExtension
  static final OperatorHarness h = new OperatorHarness();


  @Test
  void planModeListsTheExactChangesAndApplyMakesExactlyThose() {
    String vault = h.createVault("kv-plan", new NetworkAcls("AzureServices", "Allow", List.of(FOREIGN), List.of()));
    PrivateVaultAccess r = pva("plan", "pipelines", vault, "Europe", "52.1.2.3");
    r.getSpec().mode = "Plan";
    r.getSpec().network.firewall = new io.vaultgate.api.PrivateVaultAccessSpec.FirewallSpec();
    r.getSpec().network.firewall.defaultAction = "Deny";
    h.apply(r);

    PrivateVaultAccess planned = h.awaitReason("plan", "pipelines", Reason.Planned);
    List<PlannedChange> plan = planned.getStatus().plan;
    assertThat(plan).extracting(PlannedChange::toString).containsExactly(
        "Add ipRule 40.74.28.0/23 (Western Europe)", "Add ipRule 20.166.41.0/24 (North Europe)",
        "Add ipRule 52.1.2.3/32 (additionalIpRanges)",
        "Set defaultAction Deny (spec.network.firewall.defaultAction: Deny)");
    assertThat(condition(planned, Conditions.READY).status).isEqualTo("False");
    assertThat(condition(planned, Conditions.READY).severity).isEqualTo("Info");
    assertThat(h.writes(vault)).isZero();

    h.edit("plan", "pipelines", p -> {
      p.getSpec().mode = "Apply";
      return p;
    });
    PrivateVaultAccess applied = h.awaitReason("plan", "pipelines", Reason.Converged);
    assertThat(applied.getStatus().plan).as("Apply made exactly what Plan showed").isEqualTo(plan);
    assertThat(h.acls(vault).defaultAction()).isEqualTo("Deny");
    assertThat(h.ipRules(vault)).containsExactly(FOREIGN, "40.74.28.0/23", "20.166.41.0/24", "52.1.2.3/32");
    assertThat(h.writes(vault)).isEqualTo(1);
  }

  @Test
  void skipPolicyWritesNothingAndReportsDrift() {
    String vault = h.createVault("kv-skip", NetworkAcls.deny(FOREIGN));
    PrivateVaultAccess r = pva("skip", "pipelines", vault, "UnitedKingdom");
    r.getMetadata().setAnnotations(Map.of("vaultgate.io/reconcile-policy", "skip"));
    h.apply(r);
    PrivateVaultAccess skipped = h.awaitReason("skip", "pipelines", Reason.Skipped);
    assertThat(condition(skipped, Conditions.READY).message).contains("drift not corrected")
        .contains("Add ipRule 51.104.26.0/24");
    assertThat(h.writes(vault)).isZero();

    h.delete("skip", "pipelines");
    h.awaitGone("skip", "pipelines");
    assertThat(h.writes(vault)).isZero();
  }

  @Test
  void detachOnDeleteConvergesButLeavesAzureUntouchedOnDelete() {
    String vault = h.createVault("kv-detach", NetworkAcls.deny(FOREIGN));
    PrivateVaultAccess r = pva("detach", "pipelines", vault, "UnitedKingdom");
    r.getMetadata().setAnnotations(Map.of("vaultgate.io/reconcile-policy", "detach-on-delete"));
    h.apply(r);
    h.awaitReason("detach", "pipelines", Reason.Converged);
    long writes = h.writes(vault);
    assertThat(h.ipRules(vault)).contains("51.104.26.0/24");

    h.delete("detach", "pipelines");
    h.awaitGone("detach", "pipelines");
    assertThat(h.writes(vault)).isEqualTo(writes);
    assertThat(h.ipRules(vault)).contains("51.104.26.0/24");
  }

  @Test
  void invalidSpecIsStalledWithTheFieldNamedAndNoAzureCall() {
    String vault = h.createVault("kv-invalid", NetworkAcls.deny(FOREIGN));
    h.apply(pva("invalid", "pipelines", vault, "UnitedStates", "10.1.0.0/16", "2620:1ec:50::/48"));
    PrivateVaultAccess r = h.awaitReason("invalid", "pipelines", Reason.InvalidSpec);
    assertThat(condition(r, Conditions.READY).message)
        .contains("spec.network.additionalIpRanges[0]: '10.1.0.0/16' is in 10.0.0.0/8 (private, RFC 1918)")
        .contains("spec.network.additionalIpRanges[1]: '2620:1ec:50::/48' is not an IPv4");
    assertThat(condition(r, Conditions.STALLED).status).isEqualTo("True");
    assertThat(condition(r, Conditions.READY).severity).isEqualTo("Error");
    assertThat(h.calls(vault)).isZero();
    assertThat(h.events("invalid", "pipelines")).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo("InvalidSpec");
    });

    h.edit("invalid", "pipelines", p -> {
      p.getSpec().network.additionalIpRanges = List.of("52.1.2.3");
      return p;
    });
    h.awaitReason("invalid", "pipelines", Reason.Converged);
  }

  @Test
  void aControlCharacterInTheSpecIsEchoedEscapedAndNothingReachesAzure() {
    String vault = h.createVault("kv-bell", NetworkAcls.deny(FOREIGN));
    PrivateVaultAccess r = pva("bell", "pipelines", vault, "UnitedStates");
    r.getSpec().devOps.project = "pay\u0007ments\n";
    h.apply(r);
    PrivateVaultAccess invalid = h.awaitReason("bell", "pipelines", Reason.InvalidSpec);
    String shown = "spec.devOps.project: 'pay\\u0007ments\\n' is not an Azure DevOps project name";
    assertThat(condition(invalid, Conditions.READY).message).contains(shown).doesNotContain("\u0007", "\n");
    assertThat(h.events("bell", "pipelines")).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("InvalidSpec");
      assertThat(e.getMessage()).contains(shown).doesNotContain("\u0007");
    });
    assertThat(h.calls(vault)).isZero();
  }

  @Test
  void aReconcilePolicyInAnotherCaseIsInvalidAndWritesNothing() {
    String vault = h.createVault("kv-policy-case", NetworkAcls.deny(FOREIGN));
    PrivateVaultAccess r = pva("policy-case", "pipelines", vault, "UnitedKingdom");
    r.getMetadata().setAnnotations(Map.of("vaultgate.io/reconcile-policy", "Skip"));
    h.apply(r);
    PrivateVaultAccess invalid = h.awaitReason("policy-case", "pipelines", Reason.InvalidSpec);
    assertThat(condition(invalid, Conditions.READY).message).contains("metadata.annotations[vaultgate.io/reconcile-"
        + "policy]: unknown value 'Skip' (exactly one of manage, skip, detach-on-delete)");
    assertThat(h.calls(vault)).isZero();
  }
}
