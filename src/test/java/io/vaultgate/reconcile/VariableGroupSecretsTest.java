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
import io.vaultgate.simulator.arm.keyvault.KeyVaults;
import io.vaultgate.simulator.arm.keyvault.NetworkAcls;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import io.vaultgate.simulator.devops.DevOps;
import io.vaultgate.simulator.graph.Directory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A variable group mapping a secret the vault does not have: reported as {@code SecretNotFound}, naming it, with no
 * variable-group write in Azure DevOps, while the other capabilities converge; it heals on resync once the secret
 * is there. The vault's secret names are read through ARM, names only, and only for a variable group.
 */
class VariableGroupSecretsTest {

  static final String ORG = "contoso";

  @RegisterExtension
  static final OperatorHarness h = new OperatorHarness(DriftAndSteadyStateTest.withResync(Duration.ofSeconds(1)),
      Optional.empty());

  @BeforeAll
  static void seed() {
    h.azure.devOps().seedOrganization(ORG);
    h.azure.devOps().seedProject(ORG, "payments");
  }

  private static String vault(String name, String... secrets) {
    String vault = h.createVault(name, NetworkAcls.deny());
    for (String secret : secrets) {
      h.azure.keyVaults().secrets().add(SimVaultId.parse(vault), secret);
    }
    return vault;
  }

  private static PrivateVaultAccess spec(String namespace, String vault, String app) {
    return DevOpsReconcileTest.full(namespace, vault, h.azure.directory().seedApp(app).appId(), "kv-" + namespace,
        namespace + "-secrets");
  }

  /** Creates, updates and deletes of variable groups, in any project. */
  private static long groupWrites() {
    Set<String> routes = Set.of(DevOps.VARIABLE_GROUPS_ROUTE, DevOps.VARIABLE_GROUP_ROUTE,
        DevOps.PROJECT_VARIABLE_GROUPS_ROUTE, DevOps.PROJECT_VARIABLE_GROUP_ROUTE);
    return h.azure.requests().count(q -> q.service().equals("devops") && q.isWrite() && routes.contains(q.route()));
  }

  private static long secretLists(String vault) {
    return h.azure.requests().count(q -> q.route().equals(KeyVaults.SECRETS_ROUTE) && q.isUnder(vault));
  }

  private static PrivateVaultAccess awaitGroup(String namespace, Reason reason) {
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      io.vaultgate.api.Condition group = condition(h.get(namespace, "pipelines"), Conditions.VARIABLE_GROUP_READY);
      return group != null && reason.name().equals(group.reason);
    });
    return h.get(namespace, "pipelines");
  }

  @Test
  void aMissingSecretStallsOnlyTheVariableGroupNamingItUntilItIsAdded() {
    // the vault spells one mapped secret differently: Key Vault names compare ignoring case
    String vault = vault("kv-vgs-missing", "DBPASSWORD");
    long writesBefore = groupWrites();
    h.apply(spec("vgs-missing", vault, "pipelines-vgs-missing"));

    List<String> others = List.of(Conditions.FIREWALL_READY, Conditions.SECRET_ACCESS_READY,
        Conditions.SERVICE_CONNECTION_READY, Conditions.FEDERATED_CREDENTIAL_READY);
    await("the other capabilities go on converging").atMost(Duration.ofSeconds(20)).until(() -> {
      PrivateVaultAccess now = h.get("vgs-missing", "pipelines");
      return others.stream().allMatch(t -> condition(now, t) != null && "True".equals(condition(now, t).status));
    });
    PrivateVaultAccess r = h.awaitReason("vgs-missing", "pipelines", Reason.SecretNotFound);
    var group = condition(r, Conditions.VARIABLE_GROUP_READY);
    assertThat(group.status).isEqualTo("False");
    assertThat(group.message).isEqualTo("secret(s) apiKey not found in vault kv-vgs-missing"
        + " (spec.variableGroup.secrets); add them to the vault or remove them from the spec");
    assertThat(condition(r, Conditions.STALLED).status).isEqualTo("True");
    assertThat(groupWrites()).as("no variable-group write in Azure DevOps").isEqualTo(writesBefore);
    assertThat(h.azure.devOps().variableGroups().all(ORG)).noneMatch(g -> g.name().equals("vgs-missing-secrets"));
    assertThat(r.getStatus().variableGroup).isNull();
    await().untilAsserted(() -> assertThat(h.events("vgs-missing", "pipelines")).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo("SecretNotFound");
      assertThat(e.getMessage()).contains("apiKey");
    }));
    RecordedRequest firstList = h.azure.requests().snapshot().stream()
        .filter(q -> q.route().equals(KeyVaults.SECRETS_ROUTE) && q.isUnder(vault)).findFirst().orElseThrow();
    assertThat(h.azure.requests().snapshot().stream().filter(q -> q.isWrite() && q.isUnder(vault)).findFirst())
        .hasValueSatisfying(w -> assertThat(w.nanoTime()).as("names read before the first write")
            .isGreaterThan(firstList.nanoTime()));

    h.azure.keyVaults().secrets().add(SimVaultId.parse(vault), "apiKey");
    PrivateVaultAccess healed = h.awaitReason("vgs-missing", "pipelines", Reason.Converged);
    assertThat(h.azure.devOps().variableGroups().find(ORG, healed.getStatus().variableGroup.id()).orElseThrow()
        .variables()).containsOnlyKeys("dbPassword", "apiKey");
  }

  @Test
  void anExistingGroupIsLeftUntouchedWhileANewlyMappedSecretIsMissing() {
    String vault = vault("kv-vgs-existing", "dbPassword", "apiKey");
    h.apply(spec("vgs-existing", vault, "pipelines-vgs-existing"));
    int id = h.awaitReason("vgs-existing", "pipelines", Reason.Converged).getStatus().variableGroup.id();
    long writesBefore = groupWrites();

    h.edit("vgs-existing", "pipelines", x -> {
      x.getSpec().variableGroup.secrets = List.of("dbPassword", "apiKey", "tlsCert");
      return x;
    });
    PrivateVaultAccess r = h.awaitReason("vgs-existing", "pipelines", Reason.SecretNotFound);

    assertThat(condition(r, Conditions.VARIABLE_GROUP_READY).message).startsWith("secret(s) tlsCert not found");
    assertThat(groupWrites()).as("not updated, not deleted").isEqualTo(writesBefore);
    assertThat(h.azure.devOps().variableGroups().find(ORG, id).orElseThrow().variables())
        .containsOnlyKeys("dbPassword", "apiKey");
    assertThat(r.getStatus().variableGroup.id()).as("still in the ledger").isEqualTo(id);
  }

  @Test
  void planModeReportsTheMissingSecretAndPlansNoVariableGroup() {
    String vault = vault("kv-vgs-plan", "dbPassword");
    PrivateVaultAccess spec = spec("vgs-plan", vault, "pipelines-vgs-plan");
    spec.getSpec().mode = "Plan";
    long writesBefore = groupWrites();
    h.apply(spec);

    PrivateVaultAccess r = awaitGroup("vgs-plan", Reason.SecretNotFound);

    assertThat(condition(r, Conditions.VARIABLE_GROUP_READY).message).contains("apiKey not found in vault kv-vgs-plan");
    assertThat(condition(r, Conditions.SERVICE_CONNECTION_READY).reason).isEqualTo(Reason.Planned.name());
    assertThat(r.getStatus().plan).extracting(c -> c.action + " " + c.target)
        .contains("Add serviceConnection").doesNotContain("Add variableGroup");
    assertThat(groupWrites()).isEqualTo(writesBefore);
  }

  @Test
  void secretNamesTheOperatorMayNotListStallOnlyTheVariableGroup() {
    String vault = vault("kv-vgs-denied", "dbPassword", "apiKey");
    var denied = h.azure.faults().add(FaultRule.always("arm", FaultAction.authorizationFailed()).withMethod("GET")
        .withRoute(KeyVaults.SECRETS_ROUTE).withPathMatching("/kv-vgs-denied/secrets$"));
    try {
      h.apply(spec("vgs-denied", vault, "pipelines-vgs-denied"));
      PrivateVaultAccess r = awaitGroup("vgs-denied", Reason.AuthorizationFailed);

      assertThat(condition(r, Conditions.VARIABLE_GROUP_READY).message)
          .contains("Microsoft.KeyVault/vaults/secrets/read").contains("kv-vgs-denied");
      assertThat(condition(r, Conditions.FIREWALL_READY).status).isEqualTo("True");
      assertThat(h.azure.devOps().variableGroups().all(ORG)).noneMatch(g -> g.name().equals("vgs-denied-secrets"));
    } finally {
      h.azure.faults().remove(denied);
    }
    h.awaitReason("vgs-denied", "pipelines", Reason.Converged);
  }

  @Test
  void withoutAVariableGroupNoSecretNamesAreRead() {
    String vault = vault("kv-vgs-none");
    h.apply(pva("vgs-none", "pipelines", vault, "UnitedStates"));
    h.awaitReason("vgs-none", "pipelines", Reason.Converged);

    assertThat(secretLists(vault)).isZero();
  }
}
