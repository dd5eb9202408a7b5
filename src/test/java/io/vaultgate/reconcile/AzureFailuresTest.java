package io.vaultgate.reconcile;

import static io.vaultgate.reconcile.OperatorHarness.condition;
import static io.vaultgate.reconcile.OperatorHarness.pva;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vaultgate.api.Conditions;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.Reason;
import io.vaultgate.simulator.FaultAction;
import io.vaultgate.simulator.FaultRule;
import io.vaultgate.simulator.RecordedRequest;
import io.vaultgate.simulator.arm.keyvault.NetworkAcls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Azure answering with errors: each is classified in one place and handled as its kind requires. */
class AzureFailuresTest {

  static final String FOREIGN = "131.107.0.0/16";
  @RegisterExtension
  static final OperatorHarness h = new OperatorHarness();


  private static List<RecordedRequest> patches(String vault) {
    return h.azure.requests().snapshot().stream()
        .filter(r -> r.method().equals("PATCH") && r.isUnder(vault)).toList();
  }

  @Test
  void throttlingIsRetriedAfterRetryAfter() {
    String vault = h.createVault("kv-429", NetworkAcls.deny(FOREIGN));
    h.azure.faults().add(FaultRule.next(1, "arm", FaultAction.tooManyRequests(1)).withMethod("PATCH")
        .withPathMatching("/kv-429$"));
    h.apply(pva("throttled", "pipelines", vault, "UnitedKingdom"));
    h.awaitReason("throttled", "pipelines", Reason.Converged);

    List<RecordedRequest> patches = patches(vault);
    assertThat(patches).extracting(RecordedRequest::status).containsExactly(429, 200);
    assertThat(Duration.ofNanos(patches.get(1).nanoTime() - patches.get(0).nanoTime()))
        .as("the retry waited for Retry-After").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(h.ipRules(vault)).contains("51.104.26.0/24");
  }

  @Test
  void longRetryAfterIsNotSleptOnButRescheduled() {
    String vault = h.createVault("kv-429-long", NetworkAcls.deny(FOREIGN));
    h.azure.faults().add(FaultRule.next(1, "arm", FaultAction.tooManyRequests(4)).withMethod("PATCH")
        .withPathMatching("/kv-429-long$"));
    h.apply(pva("throttled-long", "pipelines", vault, "UnitedKingdom"));
    PrivateVaultAccess r = h.awaitReason("throttled-long", "pipelines", Reason.Throttled);
    assertThat(condition(r, Conditions.RECONCILING).status).isEqualTo("True");
    assertThat(condition(r, Conditions.READY).severity).isEqualTo("Warning");
    h.awaitReason("throttled-long", "pipelines", Reason.Converged);
    List<RecordedRequest> patches = patches(vault);
    assertThat(patches).extracting(RecordedRequest::status).containsExactly(429, 200);
    assertThat(Duration.ofNanos(patches.get(1).nanoTime() - patches.get(0).nanoTime()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void serverErrorsAndResetsAreRetried() {
    String vault = h.createVault("kv-5xx", NetworkAcls.deny(FOREIGN));
    h.azure.faults().add(FaultRule.next(1, "arm", FaultAction.serverError(503)).withMethod("GET")
        .withPathMatching("/kv-5xx$"));
    h.azure.faults().add(FaultRule.next(1, "arm", FaultAction.reset()).withMethod("PATCH")
        .withPathMatching("/kv-5xx$"));
    h.apply(pva("flaky", "pipelines", vault, "UnitedKingdom"));
    h.awaitReason("flaky", "pipelines", Reason.Converged);
    assertThat(h.ipRules(vault)).contains("51.104.26.0/24");
    assertThat(h.azure.requests().snapshot().stream().filter(r -> r.isUnder(vault)).map(RecordedRequest::status))
        .containsSubsequence(503, 200, RecordedRequest.RESET, 200);
  }

  @Test
  void persistentServerErrorsReportAzureErrorAndHealWhenAzureRecovers() {
    String vault = h.createVault("kv-down", NetworkAcls.deny(FOREIGN));
    var outage = h.azure.faults().add(FaultRule.always("arm", FaultAction.serverError(500))
        .withPathMatching("/kv-down$"));
    h.apply(pva("outage", "pipelines", vault, "UnitedKingdom"));
    PrivateVaultAccess r = h.awaitReason("outage", "pipelines", Reason.AzureError);
    assertThat(condition(r, Conditions.RECONCILING).status).isEqualTo("True");
    assertThat(condition(r, Conditions.STALLED).status).isEqualTo("False");
    assertThat(condition(r, Conditions.READY).message).contains("InternalServerError");
    h.azure.faults().remove(outage);
    h.awaitReason("outage", "pipelines", Reason.Converged);
  }

  @Test
  void forbiddenIsStalledWithErrorSeverityAndRetriedOnlySlowly() {
    String vault = h.createVault("kv-403", NetworkAcls.deny(FOREIGN));
    var denied = h.azure.faults().add(FaultRule.always("arm", FaultAction.authorizationFailed()).withMethod("PATCH")
        .withPathMatching("/kv-403$"));
    h.apply(pva("forbidden", "pipelines", vault, "UnitedKingdom"));
    PrivateVaultAccess r = h.awaitReason("forbidden", "pipelines", Reason.AuthorizationFailed);
    assertThat(condition(r, Conditions.STALLED).status).isEqualTo("True");
    assertThat(condition(r, Conditions.READY).severity).isEqualTo("Error");
    assertThat(condition(r, Conditions.READY).message).contains("does not have authorization to perform action"
        + " 'Microsoft.KeyVault/vaults/write'");
    assertThat(h.events("forbidden", "pipelines")).anySatisfy(e -> assertThat(e.getReason())
        .isEqualTo("AuthorizationFailed"));

    long before = patches(vault).size();
    await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> true);
    assertThat(patches(vault).size() - before).as("no hot loop: at most one slow retry (2s) in a second")
        .isLessThanOrEqualTo(1);
    h.azure.faults().remove(denied);
    h.awaitReason("forbidden", "pipelines", Reason.Converged);
  }

  @Test
  void missingVaultIsReportedAndConvergesOnceItExists() {
    String vault = "/subscriptions/" + OperatorHarness.SUBSCRIPTION + "/resourceGroups/"
        + OperatorHarness.RESOURCE_GROUP + "/providers/Microsoft.KeyVault/vaults/kv-later";
    h.apply(pva("later", "pipelines", vault, "UnitedKingdom"));
    PrivateVaultAccess r = h.awaitReason("later", "pipelines", Reason.VaultNotFound);
    assertThat(condition(r, Conditions.READY).severity).isEqualTo("Warning");
    assertThat(condition(r, Conditions.READY).message).contains("ResourceNotFound");
    assertThat(condition(r, Conditions.STALLED).status).isEqualTo("False");

    h.createVault("kv-later", NetworkAcls.deny(FOREIGN));
    h.awaitReason("later", "pipelines", Reason.Converged);
    assertThat(h.ipRules(vault)).contains("51.104.26.0/24");
  }

  @Test
  void vaultDeletedBeforeTheResourceLetsTheFinalizerGo() {
    String vault = h.createVault("kv-gone", NetworkAcls.deny(FOREIGN));
    h.apply(pva("gone", "pipelines", vault, "UnitedKingdom"));
    h.awaitReason("gone", "pipelines", Reason.Converged);
    h.azure.keyVaults().delete(io.vaultgate.simulator.arm.keyvault.SimVaultId.parse(vault));

    List<String> reasons = new ArrayList<>();
    h.delete("gone", "pipelines");
    h.awaitGone("gone", "pipelines");
    h.events("gone", "pipelines").forEach(e -> reasons.add(e.getReason()));
    assertThat(reasons).contains("VaultGone");
  }
}
