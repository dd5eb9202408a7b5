package io.vaultgate.reconcile;

import static io.vaultgate.reconcile.OperatorHarness.condition;
import static io.vaultgate.reconcile.OperatorHarness.pva;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vaultgate.api.Conditions;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.PrivateVaultAccessSpec;
import io.vaultgate.api.PrivateVaultAccessStatus;
import io.vaultgate.api.Reason;
import io.vaultgate.simulator.FaultAction;
import io.vaultgate.simulator.FaultRule;
import io.vaultgate.simulator.arm.keyvault.NetworkAcls;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** What vaultgate must never do: remove what it cannot prove it added, open what it was not asked to, leak tokens. */
class SafetyTest {

  static final String FOREIGN = "131.107.0.0/16";
  @RegisterExtension
  static final OperatorHarness h = new OperatorHarness();


  @Test
  void lostLedgerFailsSafeRulesLeakAndNothingForeignIsRemoved() {
    String vault = h.createVault("kv-lost", NetworkAcls.deny(FOREIGN));
    h.apply(pva("lost", "pipelines", vault, "UnitedKingdom"));
    h.awaitReason("lost", "pipelines", Reason.Converged);

    h.stopOperator();
    PrivateVaultAccess r = h.get("lost", "pipelines");
    r.setStatus(new PrivateVaultAccessStatus());
    h.client.resource(r).updateStatus();
    h.startOperator();
    h.edit("lost", "pipelines", p -> {
      p.getSpec().devOps.organization = "contoso2";
      return p;
    });
    PrivateVaultAccess again = h.awaitReason("lost", "pipelines", Reason.Converged);
    assertThat(again.getStatus().firewall.ownedIpRules).as("an unproven rule is never owned").isEmpty();
    assertThat(again.getStatus().firewall.unownedIpRules).as("but it is not orphaned silently: the status names it")
        .containsExactly("51.104.26.0/24");

    h.delete("lost", "pipelines");
    h.awaitGone("lost", "pipelines");
    assertThat(h.ipRules(vault)).containsExactlyInAnyOrder(FOREIGN, "51.104.26.0/24");
  }

  /** Cleanup works from the ledger alone: a resource whose spec cannot be read still gives back what it took. */
  @Test
  void aResourceWithoutASpecIsCleanedUpFromItsLedger() {
    String vault = h.createVault("kv-nospec", NetworkAcls.deny(FOREIGN));
    h.apply(pva("nospec", "pipelines", vault, "UnitedKingdom", "52.9.9.9"));
    h.awaitReason("nospec", "pipelines", Reason.Converged);
    assertThat(h.ipRules(vault)).contains("51.104.26.0/24", "52.9.9.9/32");

    h.edit("nospec", "pipelines", p -> {
      p.setSpec(null);
      return p;
    });
    PrivateVaultAccess broken = h.awaitReason("nospec", "pipelines", Reason.InvalidSpec);
    assertThat(condition(broken, Conditions.READY).message).contains("spec: required");
    assertThat(broken.getStatus().firewall.ownedIpRules).as("the ledger stays").contains("52.9.9.9/32");

    h.delete("nospec", "pipelines");
    h.awaitGone("nospec", "pipelines");
    assertThat(h.ipRules(vault)).containsExactly(FOREIGN);
  }

  @Test
  void intentRecordedBeforeAWriteThatLandedMakesTheRuleOwnedAfterACrash() {
    String vault = h.createVault("kv-crash", NetworkAcls.deny(FOREIGN));
    h.stopOperator();
    try {
      PrivateVaultAccess r = h.apply(pva("crash", "pipelines", vault, "UnitedKingdom"));
      PrivateVaultAccessStatus status = new PrivateVaultAccessStatus();
      status.firewall = new PrivateVaultAccessStatus.FirewallStatus();
      status.firewall.pendingIpRules = List.of("51.104.26.0/24");
      r.setStatus(status);
      h.client.resource(r).updateStatus();
      // the write landed, then the process died before recording it
      h.azure.keyVaults().addIpRule(SimVaultId.parse(vault), "51.104.26.0/24");
    } finally {
      h.startOperator();
    }
    PrivateVaultAccess r = h.awaitReason("crash", "pipelines", Reason.Converged);
    assertThat(r.getStatus().firewall.ownedIpRules).containsExactly("51.104.26.0/24");
    assertThat(r.getStatus().firewall.pendingIpRules).isEmpty();

    h.delete("crash", "pipelines");
    h.awaitGone("crash", "pipelines");
    assertThat(h.ipRules(vault)).containsExactly(FOREIGN);
  }

  @Test
  void defaultActionAllowIsReportedNotChangedAndDenyIsSetOnlyWhenAsked() {
    String vault = h.createVault("kv-allow", new NetworkAcls("AzureServices", "Allow", List.of(), List.of()));
    h.apply(pva("allow", "pipelines", vault, "UnitedKingdom"));
    PrivateVaultAccess r = h.awaitReason("allow", "pipelines", Reason.Converged);
    assertThat(condition(r, Conditions.FIREWALL_READY).message).contains("default action is Allow");
    assertThat(h.acls(vault).defaultAction()).isEqualTo("Allow");
    assertThat(h.events("allow", "pipelines")).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo("DefaultActionAllow");
    });

    h.edit("allow", "pipelines", p -> {
      p.getSpec().network.firewall = new PrivateVaultAccessSpec.FirewallSpec();
      p.getSpec().network.firewall.defaultAction = "Deny";
      return p;
    });
    h.awaitReady("allow", "pipelines", c -> "True".equals(c.status) && !c.message.contains("Allow"));
    assertThat(h.acls(vault).defaultAction()).isEqualTo("Deny");

    h.delete("allow", "pipelines");
    h.awaitGone("allow", "pipelines");
    assertThat(h.acls(vault).defaultAction()).as("never set back to Allow").isEqualTo("Deny");
  }

  @Test
  void publicNetworkAccessDisabledIsReportedInTheVendorsWordsAndEnabledOnlyWhenAsked() {
    String vault = h.createVault("kv-private", "Disabled", NetworkAcls.deny(FOREIGN));
    h.apply(pva("private", "pipelines", vault, "UnitedKingdom"));
    PrivateVaultAccess r = h.awaitReason("private", "pipelines", Reason.PublicNetworkAccessDisabled);
    // the rules are in place; what fails is the Microsoft-hosted agents' path over the public endpoint
    assertThat(condition(r, Conditions.FIREWALL_READY).status).isEqualTo("True");
    assertThat(condition(r, Conditions.ACCESS_READY).status).isEqualTo("False");
    assertThat(condition(r, Conditions.STALLED).status).isEqualTo("True");
    assertThat(condition(r, Conditions.READY).message).contains("MicrosoftHostedAgents: Public network access is"
        + " disabled and request is not from a trusted service nor via an approved private link");
    assertThat(r.getStatus().access).singleElement().satisfies(a -> {
      assertThat(a.path()).isEqualTo("MicrosoftHostedAgents");
      assertThat(a.open()).isEqualTo("False");
      assertThat(a.code()).isEqualTo("ForbiddenByConnection");
    });
    assertThat(h.azure.keyVaults().properties(SimVaultId.parse(vault)).publicNetworkAccess()).isEqualTo("Disabled");

    h.edit("private", "pipelines", p -> {
      p.getSpec().network.firewall = new PrivateVaultAccessSpec.FirewallSpec();
      p.getSpec().network.firewall.publicNetworkAccess = "Enabled";
      return p;
    });
    h.awaitReason("private", "pipelines", Reason.Converged);
    assertThat(h.azure.keyVaults().properties(SimVaultId.parse(vault)).publicNetworkAccess()).isEqualTo("Enabled");
  }

  @Test
  void exceedingTheRuleLimitStallsWithoutAPartialWrite() {
    List<String> rules = new ArrayList<>();
    for (int i = 0; i < 995; i++) {
      rules.add("52." + (i / 250) + "." + (i % 250) + ".0/24");
    }
    String vault = h.createVault("kv-full", NetworkAcls.deny(rules.toArray(String[]::new)));
    h.apply(pva("full", "pipelines", vault, "UnitedStates"));
    PrivateVaultAccess r = h.awaitReason("full", "pipelines", Reason.RuleLimitExceeded);
    assertThat(condition(r, Conditions.STALLED).status).isEqualTo("True");
    assertThat(condition(r, Conditions.READY).message).contains("1004").contains("1000");
    assertThat(h.writes(vault)).isZero();
    assertThat(h.ipRules(vault)).hasSize(995);
  }

  @Test
  void noTokenInLogsStatusOrEvents() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    try {
      String vault = h.createVault("kv-secret", NetworkAcls.deny(FOREIGN));
      var denied = h.azure.faults().add(FaultRule.next(1, "arm", FaultAction.authorizationFailed())
          .withPathMatching("/kv-secret$"));
      h.apply(pva("secret", "pipelines", vault, "UnitedKingdom"));
      h.awaitReason("secret", "pipelines", Reason.AuthorizationFailed);
      h.azure.faults().remove(denied);
      h.awaitReason("secret", "pipelines", Reason.Converged);

      String token = h.azure.bearerToken();
      assertThat(logs.list).isNotEmpty().allSatisfy(e -> {
        assertThat(e.getFormattedMessage()).doesNotContain(token);
        if (e.getThrowableProxy() != null) {
          assertThat(e.getThrowableProxy().getMessage()).doesNotContain(token);
        }
      });
      String status = h.client.getKubernetesSerialization().asJson(h.get("secret", "pipelines").getStatus());
      assertThat(status).doesNotContain(token);
      assertThat(h.events("secret", "pipelines")).isNotEmpty()
          .allSatisfy(e -> assertThat(e.getMessage()).doesNotContain(token));
    } finally {
      root.detachAppender(logs);
    }
  }
}
