package io.vaultgate.reconcile;

import static io.vaultgate.reconcile.OperatorHarness.condition;
import static io.vaultgate.reconcile.OperatorHarness.pva;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.vaultgate.api.Conditions;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.PrivateVaultAccessSpec;
import io.vaultgate.api.Reason;
import io.vaultgate.simulator.FaultAction;
import io.vaultgate.simulator.FaultRule;
import io.vaultgate.simulator.RecordedRequest;
import io.vaultgate.simulator.arm.keyvault.NetworkAcls;
import io.vaultgate.simulator.arm.msi.IdentityId;
import io.vaultgate.simulator.devops.DevOps;
import io.vaultgate.simulator.devops.PipelinePermissions;
import io.vaultgate.simulator.devops.Project;
import io.vaultgate.simulator.graph.Directory;
import io.vaultgate.simulator.graph.FederatedIdentityCredential;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * The Azure DevOps half: service connection, federated credential, pipeline permissions and variable group — and
 * the simulator proving a pipeline using the connection really can read the vault.
 */
class DevOpsReconcileTest {

  static final String ORG = "contoso";
  static final Duration RESYNC = Duration.ofSeconds(1);

  @RegisterExtension
  static final OperatorHarness h = new OperatorHarness(DriftAndSteadyStateTest.withResync(RESYNC), Optional.empty());

  static Project project;

  @BeforeAll
  static void seed() {
    h.azure.devOps().seedOrganization(ORG);
    project = h.azure.devOps().seedProject(ORG, "payments");
  }

  static PrivateVaultAccess full(String namespace, String vault, String appId, String connection, String group) {
    PrivateVaultAccess r = pva(namespace, "pipelines", vault, "UnitedStates");
    r.getSpec().devOps.project = "payments";
    r.getSpec().identity = new PrivateVaultAccessSpec.IdentitySpec();
    r.getSpec().identity.applicationClientId = appId;
    r.getSpec().serviceConnection = new PrivateVaultAccessSpec.ServiceConnectionSpec();
    r.getSpec().serviceConnection.name = connection;
    r.getSpec().serviceConnection.authorizeAllPipelines = true;
    r.getSpec().variableGroup = new PrivateVaultAccessSpec.VariableGroupSpec();
    r.getSpec().variableGroup.name = group;
    r.getSpec().variableGroup.secrets = List.of("dbPassword", "apiKey");
    r.getSpec().variableGroup.authorizeAllPipelines = true;
    return r;
  }

  /** A firewalled vault holding (by name) the secrets {@link #full} maps. */
  static String vault(String name) {
    String vault = h.createVault(name, NetworkAcls.deny());
    List.of("dbPassword", "apiKey").forEach(s -> h.azure.keyVaults().secrets().add(
        io.vaultgate.simulator.arm.keyvault.SimVaultId.parse(vault), s));
    return vault;
  }

  static String vaultName(String vault) {
    return io.vaultgate.simulator.arm.keyvault.SimVaultId.parse(vault).name();
  }

  static boolean pipelineReads(PrivateVaultAccess r, String vault) {
    return h.azure.pipelineCanReadVault(ORG, "payments", r.getStatus().serviceConnection.id(), vaultName(vault))
        .ok();
  }

  @Test
  void appRegistrationChainLetsAPipelineReadTheVault() {
    String vault = vault("kv-devops-app");
    Directory.AppRegistration app = h.azure.directory().seedApp("pipelines-devops");
    h.apply(full("do-app", vault, app.appId(), "kv-app", "app-secrets"));
    PrivateVaultAccess r = h.awaitReason("do-app", "pipelines", Reason.Converged);

    for (String type : List.of(Conditions.FIREWALL_READY, Conditions.SECRET_ACCESS_READY,
        Conditions.SERVICE_CONNECTION_READY, Conditions.FEDERATED_CREDENTIAL_READY, Conditions.VARIABLE_GROUP_READY)) {
      assertThat(condition(r, type).status).as(type).isEqualTo("True");
    }
    var sc = r.getStatus().serviceConnection;
    var endpoint = h.azure.devOps().serviceEndpoints().find(ORG, sc.id()).orElseThrow();
    assertThat(sc.workloadIdentityFederationSubject()).isEqualTo(endpoint.parameter("workloadIdentityFederationSubject").orElseThrow());
    assertThat(r.getStatus().federatedCredential.name()).isEqualTo("vaultgate-" + sc.id());
    assertThat(h.azure.pipelineToken(ORG, "payments", sc.id())).contains(app.servicePrincipalObjectId());
    assertThat(pipelineReads(r, vault)).as("token, firewall and secret permission all hold").isTrue();
    var group = h.azure.devOps().variableGroups().find(ORG, r.getStatus().variableGroup.id()).orElseThrow();
    assertThat(group.variables()).containsOnlyKeys("dbPassword", "apiKey");
    assertThat(group.providerData().vault()).isEqualTo("kv-devops-app");
    assertThat(h.azure.devOps().pipelinePermissions().get(ORG, project.id(), PipelinePermissions.ENDPOINT, sc.id())
        .allPipelinesAuthorized()).isTrue();
    assertThat(h.azure.devOps().pipelinePermissions().get(ORG, project.id(), PipelinePermissions.VARIABLE_GROUP,
        Integer.toString(group.id())).allPipelinesAuthorized()).isTrue();
  }

  /** Removals are changes too: listed in status.plan and recorded as Events, like additions. */
  @Test
  void droppingTheVariableGroupThenTheConnectionRemovesThemWithEventsAndPlan() {
    String vault = vault("kv-devops-drop");
    Directory.AppRegistration app = h.azure.directory().seedApp("pipelines-drop");
    h.apply(full("do-drop", vault, app.appId(), "kv-drop", "drop-secrets"));
    PrivateVaultAccess r = h.awaitReason("do-drop", "pipelines", Reason.Converged);
    String connection = r.getStatus().serviceConnection.id();
    int group = r.getStatus().variableGroup.id();

    h.edit("do-drop", "pipelines", x -> {
      x.getSpec().variableGroup = null;
      return x;
    });
    r = h.awaitReason("do-drop", "pipelines", Reason.Converged);
    assertThat(r.getStatus().plan).anySatisfy(c -> {
      assertThat(c.action).isEqualTo("Remove");
      assertThat(c.target).isEqualTo("variableGroup");
      assertThat(c.value).isEqualTo("drop-secrets");
    });
    assertThat(r.getStatus().variableGroup).isNull();
    assertThat(h.azure.devOps().variableGroups().find(ORG, group)).isEmpty();
    assertThat(h.events("do-drop", "pipelines")).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("VariableGroupUpdated");
      assertThat(e.getMessage()).contains("Remove variableGroup drop-secrets");
    });
    assertThat(h.azure.devOps().serviceEndpoints().find(ORG, connection)).as("the connection stays").isPresent();

    h.edit("do-drop", "pipelines", x -> {
      x.getSpec().serviceConnection = null;
      return x;
    });
    r = h.awaitReason("do-drop", "pipelines", Reason.Converged);
    assertThat(r.getStatus().plan).extracting(c -> c.action + " " + c.target)
        .contains("Remove serviceConnection", "Remove federatedCredential");
    assertThat(r.getStatus().serviceConnection).isNull();
    assertThat(r.getStatus().federatedCredential).isNull();
    assertThat(h.azure.devOps().serviceEndpoints().find(ORG, connection)).isEmpty();
    assertThat(h.azure.directory().federatedCredentials(app.appId())).isEmpty();
    assertThat(h.events("do-drop", "pipelines")).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("ServiceConnectionUpdated");
      assertThat(e.getMessage()).contains("Remove serviceConnection kv-drop");
    });
  }

  @Test
  void userAssignedIdentityChainWorksThroughArm() {
    String vault = vault("kv-devops-uami");
    var identity = h.azure.managedIdentities().create(new IdentityId(OperatorHarness.SUBSCRIPTION,
        OperatorHarness.RESOURCE_GROUP, "pipelines-devops"), "westeurope");
    PrivateVaultAccess r = full("do-uami", vault, "unused", "kv-uami", "uami-secrets");
    r.getSpec().identity.applicationClientId = null;
    r.getSpec().identity.userAssignedIdentityId = identity.resourceId();
    h.apply(r);
    PrivateVaultAccess done = h.awaitReason("do-uami", "pipelines", Reason.Converged);
    assertThat(h.azure.managedIdentities().federatedCredentials(identity.identityId())).hasSize(1);
    assertThat(pipelineReads(done, vault)).isTrue();
  }

  @Test
  void connectionWithTheNameThatIsNotOursIsAConflictAndLeftAlone() {
    String vault = vault("kv-devops-conflict");
    Directory.AppRegistration app = h.azure.directory().seedApp("pipelines-conflict");
    var theirs = new DevOpsAdmin(h.azure).createConnection(ORG, project.id(), "kv-taken", h.azure.tenantId(),
        app.appId());
    h.apply(full("do-conflict", vault, app.appId(), "kv-taken", "conflict-secrets"));
    PrivateVaultAccess r = h.awaitReady("do-conflict", "pipelines", c -> Reason.NameConflict.name().equals(c.reason));
    assertThat(condition(r, Conditions.STALLED).status).isEqualTo("True");
    assertThat(h.azure.devOps().serviceEndpoints().find(ORG, theirs.path("id").asText()).orElseThrow().description())
        .isEqualTo("made by hand");
    assertThat(h.azure.directory().federatedCredentials(app.appId())).isEmpty();
    assertThat(h.azure.devOps().variableGroups().all(ORG)).noneMatch(g -> g.name().equals("conflict-secrets"));
  }

  @Test
  void driftIsHealedAndSteadyStateWritesNothing() {
    String vault = vault("kv-devops-drift");
    Directory.AppRegistration app = h.azure.directory().seedApp("pipelines-drift-devops");
    h.apply(full("do-drift", vault, app.appId(), "kv-drift", "drift-secrets"));
    PrivateVaultAccess r = h.awaitReason("do-drift", "pipelines", Reason.Converged);
    awaitResync(vault, 2);
    long writes = h.azure.requests().writes();
    awaitResync(vault, 3);
    assertThat(h.azure.requests().writes()).as("no write to ARM, Graph or Azure DevOps at steady state")
        .isEqualTo(writes);

    // the group's secret mapping edited in the UI
    new DevOpsAdmin(h.azure).remapGroup(ORG, project.id(), r.getStatus().variableGroup.id(), "somethingElse");
    await().atMost(Duration.ofSeconds(20)).until(() -> h.azure.devOps().variableGroups()
        .find(ORG, r.getStatus().variableGroup.id()).orElseThrow().variables().keySet()
        .equals(java.util.Set.of("dbPassword", "apiKey")));

    // the pipeline permission revoked
    String scId = r.getStatus().serviceConnection.id();
    h.azure.devOps().pipelinePermissions().authorizeAllPipelines(ORG, project.id(), PipelinePermissions.ENDPOINT, scId,
        false);
    await().atMost(Duration.ofSeconds(20)).until(() -> h.azure.devOps().pipelinePermissions()
        .get(ORG, project.id(), PipelinePermissions.ENDPOINT, scId).allPipelinesAuthorized());

    // the credential's subject changed
    var ours = h.azure.directory().federatedCredentials(app.appId()).get(0);
    h.azure.directory().replaceFederatedCredential(app.appId(), new FederatedIdentityCredential(ours.id(),
        ours.name(), ours.issuer(), "sc://tampered", ours.audiences(), ours.description()));
    await().atMost(Duration.ofSeconds(20)).until(() -> pipelineReads(h.get("do-drift", "pipelines"), vault));

    // the connection deleted: recreated, and the credential follows its new subject
    h.azure.devOps().serviceEndpoints().delete(ORG, scId);
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      PrivateVaultAccess now = h.get("do-drift", "pipelines");
      return !now.getStatus().serviceConnection.id().equals(scId) && pipelineReads(now, vault);
    });
    assertThat(h.azure.directory().federatedCredentials(app.appId())).as("the old credential is gone").hasSize(1);
  }

  @Test
  void deleteRemovesGroupConnectionAndCredentialInThatOrderAndNothingElse() {
    String vault = vault("kv-devops-delete");
    Directory.AppRegistration app = h.azure.directory().seedApp("pipelines-delete");
    h.azure.directory().addFederatedCredential(app.appId(), "github", "https://token.actions.githubusercontent.com",
        "repo:contoso/app:ref:refs/heads/main");
    h.apply(full("do-delete", vault, app.appId(), "kv-delete", "delete-secrets"));
    PrivateVaultAccess r = h.awaitReason("do-delete", "pipelines", Reason.Converged);
    int groupId = r.getStatus().variableGroup.id();
    String scId = r.getStatus().serviceConnection.id();
    long from = System.nanoTime();

    h.delete("do-delete", "pipelines");
    h.awaitGone("do-delete", "pipelines");
    assertThat(h.azure.devOps().variableGroups().find(ORG, groupId)).isEmpty();
    assertThat(h.azure.devOps().serviceEndpoints().find(ORG, scId)).isEmpty();
    assertThat(h.azure.directory().federatedCredentials(app.appId())).extracting(FederatedIdentityCredential::name)
        .containsExactly("github");
    List<String> deletes = h.azure.requests().snapshot().stream()
        .filter(q -> q.nanoTime() > from && q.method().equals("DELETE") && !q.service().equals("arm"))
        .map(RecordedRequest::route).toList();
    assertThat(deletes).hasSize(3);
    assertThat(deletes.get(0)).isEqualTo(DevOps.VARIABLE_GROUP_ROUTE);
    assertThat(deletes.get(1)).isEqualTo(DevOps.ENDPOINT_ROUTE);
    assertThat(deletes.get(2)).contains("/federatedIdentityCredentials/");
  }

  @Test
  void twentyCredentialsOnTheIdentityIsReported() {
    String vault = vault("kv-devops-limit");
    Directory.AppRegistration app = h.azure.directory().seedApp("pipelines-limit");
    for (int i = 0; i < 20; i++) {
      h.azure.directory().addFederatedCredential(app.appId(), "other-" + i, "https://issuer.example", "s" + i);
    }
    h.apply(full("do-limit", vault, app.appId(), "kv-limit", "limit-secrets"));
    PrivateVaultAccess r = h.awaitReady("do-limit", "pipelines",
        c -> Reason.FederatedCredentialLimit.name().equals(c.reason));
    assertThat(condition(r, Conditions.FEDERATED_CREDENTIAL_READY).message).contains("20 federated credentials");
    assertThat(h.azure.directory().federatedCredentials(app.appId())).hasSize(20);
  }

  @Test
  void throttlingAndServerErrorsOnAzureDevOpsAreRetried() {
    String vault = vault("kv-devops-faults");
    Directory.AppRegistration app = h.azure.directory().seedApp("pipelines-faults");
    h.azure.faults().add(FaultRule.next(1, "devops", FaultAction.tooManyRequests(1)).withMethod("POST")
        .withRoute(DevOps.ENDPOINTS_ROUTE));
    h.azure.faults().add(FaultRule.next(1, "devops", FaultAction.serverError(503)).withMethod("POST")
        .withRoute(DevOps.VARIABLE_GROUPS_ROUTE));
    h.apply(full("do-faults", vault, app.appId(), "kv-faults", "faults-secrets"));
    PrivateVaultAccess r = h.awaitReason("do-faults", "pipelines", Reason.Converged);
    assertThat(pipelineReads(r, vault)).isTrue();
    assertThat(h.azure.requests().count(q -> q.route().equals(DevOps.ENDPOINTS_ROUTE) && q.status() == 429))
        .isEqualTo(1);
    assertThat(h.azure.devOps().serviceEndpoints().all(ORG)).filteredOn(e -> e.name().equals("kv-faults")).hasSize(1);
  }

  @Test
  void planModeListsTheAzureDevOpsChangesWithoutMakingThem() {
    String vault = vault("kv-devops-plan");
    Directory.AppRegistration app = h.azure.directory().seedApp("pipelines-plan-devops");
    PrivateVaultAccess r = full("do-plan", vault, app.appId(), "kv-plan", "plan-secrets");
    r.getSpec().mode = "Plan";
    h.apply(r);
    PrivateVaultAccess planned = h.awaitReason("do-plan", "pipelines", Reason.Planned);
    assertThat(planned.getStatus().plan).extracting(c -> c.action + " " + c.target + " " + c.value)
        .contains("Add serviceConnection kv-plan", "Add variableGroup plan-secrets");
    assertThat(h.azure.devOps().serviceEndpoints().all(ORG)).noneMatch(e -> e.name().equals("kv-plan"));
  }

  @Test
  void personalAccessTokenFromTheResourcesSecretIsUsedAndNeverShown() {
    // an organization the operator's identity is not a member of: only a personal access token gets in
    h.azure.devOps().seedOrganization("fabrikam");
    h.azure.devOps().seedProject("fabrikam", "payments");
    h.azure.devOps().refuseEntraTokens("fabrikam");
    String token = h.azure.devOps().seedPersonalAccessToken("fabrikam");
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    try {
      String vault = vault("kv-devops-pat");
      Directory.AppRegistration app = h.azure.directory().seedApp("pipelines-pat");
      PrivateVaultAccess r = full("do-pat", vault, app.appId(), "kv-pat", "pat-secrets");
      r.getSpec().devOps.organization = "fabrikam";
      r.getSpec().credentialsSecretRef = new PrivateVaultAccessSpec.SecretReference();
      r.getSpec().credentialsSecretRef.name = "azure-devops";
      h.apply(r);
      PrivateVaultAccess refused = h.awaitReady("do-pat", "pipelines",
          c -> Reason.CredentialsInvalid.name().equals(c.reason));
      assertThat(condition(refused, Conditions.SERVICE_CONNECTION_READY).message).contains("'azure-devops'");

      h.client.secrets().inNamespace("do-pat").resource(new SecretBuilder().withNewMetadata()
          .withName("azure-devops").withNamespace("do-pat").endMetadata()
          .withStringData(Map.of("azureDevOpsPat", token)).build()).create();
      h.edit("do-pat", "pipelines", p -> {
        p.getMetadata().setAnnotations(Map.of("example.com/poke", "1"));
        return p;
      });
      PrivateVaultAccess done = h.awaitReason("do-pat", "pipelines", Reason.Converged);
      assertThat(h.azure.pipelineCanReadVault("fabrikam", "payments", done.getStatus().serviceConnection.id(),
          "kv-devops-pat").ok()).isTrue();

      assertThat(logs.list).isNotEmpty().allSatisfy(e -> {
        assertThat(e.getFormattedMessage()).doesNotContain(token);
        if (e.getThrowableProxy() != null) {
          assertThat(e.getThrowableProxy().getMessage()).doesNotContain(token);
        }
      });
      assertThat(h.client.getKubernetesSerialization().asJson(done.getStatus())).doesNotContain(token);
      assertThat(h.events("do-pat", "pipelines")).allSatisfy(e -> assertThat(e.getMessage()).doesNotContain(token));
    } finally {
      root.detachAppender(logs);
    }
  }

  @Test
  void missingCredentialsSecretStallsEveryCapabilityNamingTheSecret() {
    String vault = vault("kv-devops-nosecret");
    Directory.AppRegistration app = h.azure.directory().seedApp("pipelines-nosecret");
    PrivateVaultAccess r = full("do-nosecret", vault, app.appId(), "kv-nosecret", "nosecret-secrets");
    r.getSpec().credentialsSecretRef = new PrivateVaultAccessSpec.SecretReference();
    r.getSpec().credentialsSecretRef.name = "missing";
    h.apply(r);
    PrivateVaultAccess stalled = h.awaitReady("do-nosecret", "pipelines",
        c -> Reason.CredentialsInvalid.name().equals(c.reason));
    assertThat(condition(stalled, Conditions.SERVICE_CONNECTION_READY).message).contains("'missing'")
        .contains("was not found");
    assertThat(condition(stalled, Conditions.FIREWALL_READY).reason).isEqualTo(Reason.CredentialsInvalid.name());
    assertThat(h.writes(vault)).isZero();
  }

  private static void awaitResync(String vault, int times) {
    long start = h.reads(vault);
    await().atMost(Duration.ofSeconds(20)).until(() -> h.reads(vault) >= start + times);
  }

  @Test
  void unknownOrganizationOrProjectIsReported() {
    String vault = vault("kv-devops-where");
    Directory.AppRegistration app = h.azure.directory().seedApp("pipelines-where");
    PrivateVaultAccess org = full("do-noorg", vault, app.appId(), "kv-noorg", "noorg-secrets");
    org.getSpec().devOps.organization = "nosuchorg";
    h.apply(org);
    h.awaitReady("do-noorg", "pipelines", c -> Reason.OrganizationNotFound.name().equals(c.reason));

    PrivateVaultAccess project = full("do-noproject", vault, app.appId(), "kv-noproject", "noproject-secrets");
    project.getSpec().devOps.project = "nosuchproject";
    h.apply(project);
    PrivateVaultAccess r = h.awaitReady("do-noproject", "pipelines",
        c -> Reason.ProjectNotFound.name().equals(c.reason));
    assertThat(condition(r, Conditions.VARIABLE_GROUP_READY).message).contains("'nosuchproject'");
  }

  @Test
  void variableGroupWithTheNameThatIsNotOursIsAConflict() {
    String vault = vault("kv-devops-vgconflict");
    Directory.AppRegistration app = h.azure.directory().seedApp("pipelines-vgconflict");
    new DevOpsAdmin(h.azure).send("POST", ORG + "/_apis/distributedtask/variablegroups?api-version=7.1", """
        {"name": "taken-secrets", "type": "Vsts", "description": "made by hand",
         "variables": {"x": {"value": "1"}},
         "variableGroupProjectReferences": [{"name": "taken-secrets", "projectReference": {"id": "%s"}}]}
        """.formatted(project.id()));
    h.apply(full("do-vgconflict", vault, app.appId(), "kv-vgconflict", "taken-secrets"));
    PrivateVaultAccess r = h.awaitReady("do-vgconflict", "pipelines",
        c -> Reason.NameConflict.name().equals(c.reason));
    assertThat(condition(r, Conditions.SERVICE_CONNECTION_READY).status).as("the connection is fine").isEqualTo("True");
    assertThat(condition(r, Conditions.VARIABLE_GROUP_READY).status).isEqualTo("False");
    assertThat(h.azure.devOps().variableGroups().all(ORG)).filteredOn(g -> g.name().equals("taken-secrets"))
        .singleElement().satisfies(g -> assertThat(g.description()).isEqualTo("made by hand"));
  }

  @Test
  void connectionStillBeingSetUpIsWaitedForWithoutBlocking() {
    h.azure.devOps().serviceEndpoints().setReadyDelay(Duration.ofSeconds(3));
    try {
      String vault = vault("kv-devops-slow");
      Directory.AppRegistration app = h.azure.directory().seedApp("pipelines-slow");
      h.apply(full("do-slow", vault, app.appId(), "kv-slow", "slow-secrets"));
      PrivateVaultAccess waiting = h.awaitReady("do-slow", "pipelines",
          c -> Reason.WaitingForServiceConnection.name().equals(c.reason));
      assertThat(condition(waiting, Conditions.RECONCILING).status).isEqualTo("True");
      assertThat(condition(waiting, Conditions.FEDERATED_CREDENTIAL_READY).status).as("created meanwhile")
          .isEqualTo("True");
      PrivateVaultAccess done = h.awaitReason("do-slow", "pipelines", Reason.Converged);
      assertThat(h.azure.devOps().serviceEndpoints().all(ORG)).filteredOn(e -> e.name().equals("kv-slow")).hasSize(1);
      assertThat(pipelineReads(done, vault)).isTrue();
    } finally {
      h.azure.devOps().serviceEndpoints().setReadyDelay(java.time.Duration.ofMillis(200));
    }
  }
}
