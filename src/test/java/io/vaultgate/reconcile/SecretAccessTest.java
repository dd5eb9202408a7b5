package io.vaultgate.reconcile;

import static io.vaultgate.reconcile.OperatorHarness.condition;
import static io.vaultgate.reconcile.OperatorHarness.pva;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vaultgate.api.Conditions;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.PrivateVaultAccessSpec;
import io.vaultgate.api.PrivateVaultAccessStatus;
import io.vaultgate.api.Reason;
import io.vaultgate.simulator.FaultAction;
import io.vaultgate.simulator.FaultRule;
import io.vaultgate.simulator.arm.authorization.BuiltInRoles;
import io.vaultgate.simulator.arm.authorization.RoleAssignmentStore;
import io.vaultgate.simulator.arm.authorization.SimRoleAssignment;
import io.vaultgate.simulator.arm.keyvault.AccessPolicy;
import io.vaultgate.simulator.arm.keyvault.AccessPolicyOperation;
import io.vaultgate.simulator.arm.keyvault.NetworkAcls;
import io.vaultgate.simulator.arm.keyvault.PrivateEndpointConnection;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import io.vaultgate.simulator.arm.msi.IdentityId;
import io.vaultgate.simulator.graph.Directory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pipeline identity gets secret get and list, by access policy or RBAC, and the simulator's own data-plane
 * check proves it can really read the vault's secrets.
 */
class SecretAccessTest {

  static final Duration RESYNC = Duration.ofSeconds(1);

  @RegisterExtension
  static final OperatorHarness h = new OperatorHarness(DriftAndSteadyStateTest.withResync(RESYNC), Optional.empty());

  static PrivateVaultAccess withApp(PrivateVaultAccess r, String appId) {
    r.getSpec().identity = new PrivateVaultAccessSpec.IdentitySpec();
    r.getSpec().identity.applicationClientId = appId;
    return r;
  }

  static SimVaultId id(String vault) {
    return SimVaultId.parse(vault);
  }

  private static List<String> secrets(String vault, String principal) {
    return h.azure.keyVaults().accessPolicies(id(vault)).stream()
        .filter(p -> p.objectId().equalsIgnoreCase(principal)).flatMap(p -> p.permissions().secrets().stream())
        .toList();
  }

  private static long vaultGets(String vault) {
    return h.azure.requests().count(r -> r.method().equals("GET") && r.path().equalsIgnoreCase(vault));
  }

  private static long lookups(String appId) {
    return h.azure.requests().count(r -> r.route().equals(Directory.SERVICE_PRINCIPALS_ROUTE)
        && r.query().getOrDefault("$filter", List.of()).stream().anyMatch(f -> f.contains(appId)));
  }

  private static long count(String method, String route) {
    return h.azure.requests().count(r -> r.method().equals(method) && r.route().equals(route));
  }

  private static List<SimRoleAssignment> assignments(String principal) {
    return h.azure.roleAssignments().forPrincipal(principal);
  }

  @Test
  void accessPolicyVaultGrantsGetAndListAndDeleteTakesOnlyWhatItAdded() {
    String vault = h.createVault("kv-ap", NetworkAcls.deny());
    Directory.AppRegistration app = h.azure.directory().seedApp("pipelines-ap");
    String sp = app.servicePrincipalObjectId();
    h.azure.keyVaults().updateAccessPolicies(id(vault), AccessPolicyOperation.ADD, List.of(AccessPolicy.of(
        h.azure.tenantId(), sp, AccessPolicy.Permissions.secrets("get", "set"))));
    assertThat(h.azure.canReadSecrets(id(vault), sp)).isFalse();

    h.apply(withApp(pva("sa-ap", "pipelines", vault, "UnitedKingdom"), app.appId()));
    PrivateVaultAccess r = h.awaitReason("sa-ap", "pipelines", Reason.Converged);
    assertThat(h.azure.canReadSecrets(id(vault), sp)).isTrue();
    PrivateVaultAccessStatus.SecretAccessStatus status = r.getStatus().secretAccess;
    assertThat(status.model).isEqualTo("AccessPolicy");
    assertThat(status.principalId).isEqualToIgnoringCase(sp);
    assertThat(status.ownedSecretPermissions).as("get was there already").containsExactly("list");
    assertThat(condition(r, Conditions.SECRET_ACCESS_READY).status).isEqualTo("True");

    h.delete("sa-ap", "pipelines");
    h.awaitGone("sa-ap", "pipelines");
    // the vault stores "List" and accessPolicies/remove matches case-sensitively (azure-rest-api-specs #42963):
    // removing "list" would answer 200 and leave it
    assertThat(secrets(vault, sp)).as("pre-existing get and set stay, the List vaultgate added is gone")
        .containsExactlyInAnyOrder("Get", "Set");
  }

  /**
   * The service answers {@code accessPolicies/remove} with 200 and changes nothing when no name matched (specs issue
   * #42963): a fault answering 200 without applying stands for it. The grant stays owned, is reported, and goes once
   * the vault takes the removal.
   */
  @Test
  void aRemovalTheVaultAnswersWithoutApplyingIsReportedAndTheGrantStaysOwnedUntilItGoes() {
    String vault = h.createVault("kv-unrevoked", NetworkAcls.deny());
    Directory.AppRegistration app = h.azure.directory().seedApp("pipelines-unrevoked");
    String sp = app.servicePrincipalObjectId();
    h.apply(withApp(pva("sa-unrevoked", "pipelines", vault, "UnitedKingdom"), app.appId()));
    h.awaitReason("sa-unrevoked", "pipelines", Reason.Converged);
    var ignored = h.azure.faults().add(FaultRule.always("arm", FaultAction.respond(200, "OK", "accepted"))
        .withMethod("PUT").withPathMatching("/accessPolicies/remove"));
    try {
      h.edit("sa-unrevoked", "pipelines", r -> {
        r.getSpec().identity = null;
        return r;
      });
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        var c = condition(h.get("sa-unrevoked", "pipelines"), Conditions.SECRET_ACCESS_READY);
        return c != null && Reason.AccessPolicyNotRevoked.name().equals(c.reason);
      });
      PrivateVaultAccess held = h.get("sa-unrevoked", "pipelines");
      assertThat(condition(held, Conditions.SECRET_ACCESS_READY).message).contains("still holds secret get, list");
      assertThat(held.getStatus().secretAccess.ownedSecretPermissions).containsExactly("get", "list");
      assertThat(h.events("sa-unrevoked", "pipelines")).anyMatch(e -> "Warning".equals(e.getType())
          && Reason.AccessPolicyNotRevoked.name().equals(e.getReason()));

      h.delete("sa-unrevoked", "pipelines");
      await().atMost(Duration.ofSeconds(20)).until(() -> h.events("sa-unrevoked", "pipelines").stream()
          .anyMatch(e -> Reason.Deleting.name().equals(e.getReason()) && e.getMessage().contains("still holds")));
      assertThat(h.get("sa-unrevoked", "pipelines")).as("the finalizer stays").isNotNull();
      assertThat(h.azure.canReadSecrets(id(vault), sp)).isTrue();
    } finally {
      h.azure.faults().remove(ignored);
    }
    h.awaitGone("sa-unrevoked", "pipelines");
    assertThat(h.azure.canReadSecrets(id(vault), sp)).isFalse();
  }

  @Test
  void rbacVaultGetsADeterministicSecretsUserAssignmentThatDeleteRemoves() {
    String vault = h.createRbacVault("kv-rbac");
    Directory.AppRegistration app = h.azure.directory().seedApp("pipelines-rbac");
    String sp = app.servicePrincipalObjectId();
    h.apply(withApp(pva("sa-rbac", "pipelines", vault, "UnitedKingdom"), app.appId()));
    PrivateVaultAccess r = h.awaitReason("sa-rbac", "pipelines", Reason.Converged);
    assertThat(h.azure.canReadSecrets(id(vault), sp)).isTrue();
    assertThat(r.getStatus().secretAccess.model).isEqualTo("Rbac");
    assertThat(r.getStatus().secretAccess.ownedRoleAssignments).hasSize(1);
    assertThat(assignments(sp)).singleElement().satisfies(a -> {
      assertThat(a.roleDefinitionId()).endsWith(BuiltInRoles.KEY_VAULT_SECRETS_USER);
      assertThat(a.id()).isEqualToIgnoringCase(r.getStatus().secretAccess.ownedRoleAssignments.get(0));
    });

    h.delete("sa-rbac", "pipelines");
    h.awaitGone("sa-rbac", "pipelines");
    assertThat(assignments(sp)).isEmpty();
    assertThat(h.azure.canReadSecrets(id(vault), sp)).isFalse();
  }

  @Test
  void preExistingRoleAssignmentIsAdoptedNotOwnedAndSurvivesDelete() {
    String vault = h.createRbacVault("kv-adopt");
    Directory.AppRegistration app = h.azure.directory().seedApp("pipelines-adopt");
    String sp = app.servicePrincipalObjectId();
    SimRoleAssignment theirs = h.azure.roleAssignments().assign(vault, BuiltInRoles.KEY_VAULT_SECRETS_USER, sp);
    h.apply(withApp(pva("sa-adopt", "pipelines", vault, "UnitedKingdom"), app.appId()));
    PrivateVaultAccess r = h.awaitReason("sa-adopt", "pipelines", Reason.Converged);
    assertThat(r.getStatus().secretAccess.ownedRoleAssignments).isEmpty();
    assertThat(condition(r, Conditions.SECRET_ACCESS_READY).message).contains("granted by someone else");

    h.delete("sa-adopt", "pipelines");
    h.awaitGone("sa-adopt", "pipelines");
    assertThat(assignments(sp)).extracting(SimRoleAssignment::id).containsExactly(theirs.id());
  }

  @Test
  void forcingTheOtherModelStallsWithoutAnyWrite() {
    String vault = h.createRbacVault("kv-mismatch");
    Directory.AppRegistration app = h.azure.directory().seedApp("pipelines-mismatch");
    PrivateVaultAccess r = withApp(pva("sa-mismatch", "pipelines", vault, "UnitedKingdom"), app.appId());
    r.getSpec().vault.permissionModel = "AccessPolicy";
    h.apply(r);
    PrivateVaultAccess stalled = h.awaitReason("sa-mismatch", "pipelines", Reason.PermissionModelMismatch);
    assertThat(condition(stalled, Conditions.STALLED).status).isEqualTo("True");
    assertThat(condition(stalled, Conditions.SECRET_ACCESS_READY).message).contains("ignores access policies");
    assertThat(h.writes(vault)).isZero();
    assertThat(assignments(app.servicePrincipalObjectId())).isEmpty();
  }

  @Test
  void unknownIdentityIsReportedAndRetriedSlowly() {
    String vault = h.createVault("kv-noid", NetworkAcls.deny());
    h.apply(withApp(pva("sa-noid", "pipelines", vault, "UnitedKingdom"), "0f0f0f0f-0000-4000-8000-000000000000"));
    PrivateVaultAccess r = h.awaitReady("sa-noid", "pipelines", c -> Reason.IdentityNotFound.name().equals(c.reason));
    assertThat(condition(r, Conditions.SECRET_ACCESS_READY).severity).isEqualTo("Warning");
    assertThat(condition(r, Conditions.RECONCILING).status).as("looked for again").isEqualTo("True");
    assertThat(condition(r, Conditions.FIREWALL_READY).reason).as("nothing is written without it")
        .isEqualTo(Reason.IdentityNotFound.name());
    assertThat(h.writes(vault)).isZero();
    assertThat(h.azure.keyVaults().accessPolicies(id(vault))).isEmpty();
  }

  @Test
  void userAssignedIdentityIsResolvedThroughArm() {
    String vault = h.createVault("kv-uami", NetworkAcls.deny());
    var identity = h.azure.managedIdentities().create(new IdentityId(OperatorHarness.SUBSCRIPTION,
        OperatorHarness.RESOURCE_GROUP, "pipelines-uami"), "westeurope");
    PrivateVaultAccess r = pva("sa-uami", "pipelines", vault, "UnitedKingdom");
    r.getSpec().identity = new PrivateVaultAccessSpec.IdentitySpec();
    r.getSpec().identity.userAssignedIdentityId = identity.resourceId();
    h.apply(r);
    h.awaitReason("sa-uami", "pipelines", Reason.Converged);
    assertThat(h.azure.canReadSecrets(id(vault), identity.principalId())).isTrue();
  }

  @Test
  void twoResourcesSharingOnePrincipalKeepAccessUntilTheLastGoes() {
    String vault = h.createVault("kv-two", NetworkAcls.deny());
    Directory.AppRegistration app = h.azure.directory().seedApp("pipelines-two");
    String sp = app.servicePrincipalObjectId();
    h.apply(withApp(pva("sa-two-a", "pipelines", vault, "UnitedKingdom"), app.appId()));
    h.apply(withApp(pva("sa-two-b", "pipelines", vault, "Europe"), app.appId()));
    h.awaitReason("sa-two-a", "pipelines", Reason.Converged);
    h.awaitReason("sa-two-b", "pipelines", Reason.Converged);

    h.delete("sa-two-a", "pipelines");
    h.awaitGone("sa-two-a", "pipelines");
    assertThat(h.azure.canReadSecrets(id(vault), sp)).as("sa-two-b still needs it").isTrue();
    h.delete("sa-two-b", "pipelines");
    h.awaitGone("sa-two-b", "pipelines");
    assertThat(h.azure.canReadSecrets(id(vault), sp)).isFalse();
  }

  @Test
  void driftIsRestoredAndSteadyStateWritesNothing() {
    String ap = h.createVault("kv-drift-ap", NetworkAcls.deny());
    String rbac = h.createRbacVault("kv-drift-rbac");
    Directory.AppRegistration app = h.azure.directory().seedApp("pipelines-drift");
    String sp = app.servicePrincipalObjectId();
    h.apply(withApp(pva("sa-drift-ap", "pipelines", ap, "UnitedKingdom"), app.appId()));
    h.apply(withApp(pva("sa-drift-rbac", "pipelines", rbac, "UnitedKingdom"), app.appId()));
    h.awaitReason("sa-drift-ap", "pipelines", Reason.Converged);
    h.awaitReason("sa-drift-rbac", "pipelines", Reason.Converged);

    long writes = h.azure.requests().writes();
    long vaultReads = vaultGets(ap) + vaultGets(rbac);
    long lists = count("GET", RoleAssignmentStore.ASSIGNMENTS_ROUTE);
    long lookups = lookups(app.appId());
    long before = vaultGets(ap);
    await().atMost(Duration.ofSeconds(20)).until(() -> vaultGets(ap) >= before + 3);
    long resyncs = vaultGets(ap) + vaultGets(rbac) - vaultReads;
    assertThat(h.azure.requests().writes()).as("no write of any kind at steady state").isEqualTo(writes);
    assertThat(count("GET", RoleAssignmentStore.ASSIGNMENTS_ROUTE) - lists)
        .as("one role-assignment list per resync of the RBAC vault's resource").isLessThanOrEqualTo(resyncs);
    // a reconcile looks the principal up before it reads the vault: one per resource may straddle the window
    assertThat(lookups(app.appId()) - lookups).as("one service-principal lookup per resync")
        .isLessThanOrEqualTo(resyncs + 2);

    h.azure.keyVaults().updateAccessPolicies(id(ap), AccessPolicyOperation.REMOVE, List.of(AccessPolicy.of(
        h.azure.tenantId(), sp, AccessPolicy.Permissions.secrets("list"))));
    h.azure.roleAssignments().forPrincipal(sp).forEach(a -> h.azure.roleAssignments().delete(a.name()));
    await().atMost(Duration.ofSeconds(20)).until(() -> h.azure.canReadSecrets(id(ap), sp)
        && h.azure.canReadSecrets(id(rbac), sp));
  }

  @Test
  void crashBetweenCreateAndRecordHealsWithoutDuplicates() {
    String ap = h.createVault("kv-crash-ap", NetworkAcls.deny());
    String rbac = h.createRbacVault("kv-crash-rbac");
    Directory.AppRegistration app = h.azure.directory().seedApp("pipelines-crash");
    String sp = app.servicePrincipalObjectId();
    h.stopOperator();
    try {
      PrivateVaultAccess a = h.apply(withApp(pva("sa-crash-ap", "pipelines", ap, "UnitedKingdom"), app.appId()));
      PrivateVaultAccessStatus pending = new PrivateVaultAccessStatus();
      pending.secretAccess = new PrivateVaultAccessStatus.SecretAccessStatus();
      pending.secretAccess.vault = ap;
      pending.secretAccess.accessPolicyObjectId = sp;
      pending.secretAccess.pendingSecretPermissions = List.of("get", "list");
      a.setStatus(pending);
      h.client.resource(a).updateStatus();
      // both writes landed, then the process died before recording them
      h.azure.keyVaults().updateAccessPolicies(id(ap), AccessPolicyOperation.ADD, List.of(AccessPolicy.of(
          h.azure.tenantId(), sp, AccessPolicy.Permissions.secrets("get", "list"))));
      String name = new io.vaultgate.model.RoleNeed(rbac, sp,
          io.vaultgate.model.Role.KEY_VAULT_SECRETS_USER).assignmentName();
      h.azure.roleAssignments().create(rbac, name, BuiltInRoles.KEY_VAULT_SECRETS_USER, sp);
      h.apply(withApp(pva("sa-crash-rbac", "pipelines", rbac, "UnitedKingdom"), app.appId()));
    } finally {
      h.startOperator();
    }
    PrivateVaultAccess a = h.awaitReason("sa-crash-ap", "pipelines", Reason.Converged);
    PrivateVaultAccess b = h.awaitReason("sa-crash-rbac", "pipelines", Reason.Converged);
    assertThat(a.getStatus().secretAccess.ownedSecretPermissions).containsExactlyInAnyOrder("get", "list");
    assertThat(b.getStatus().secretAccess.ownedRoleAssignments).hasSize(1);
    assertThat(assignments(sp)).hasSize(1);

    h.delete("sa-crash-ap", "pipelines");
    h.delete("sa-crash-rbac", "pipelines");
    h.awaitGone("sa-crash-ap", "pipelines");
    h.awaitGone("sa-crash-rbac", "pipelines");
    assertThat(secrets(ap, sp)).isEmpty();
    assertThat(assignments(sp)).isEmpty();
  }

  @Test
  void planModeShowsSecretAccessChangesWithoutWriting() {
    String vault = h.createRbacVault("kv-plan-sa");
    Directory.AppRegistration app = h.azure.directory().seedApp("pipelines-plan");
    PrivateVaultAccess r = withApp(pva("sa-plan", "pipelines", vault, "UnitedKingdom"), app.appId());
    r.getSpec().mode = "Plan";
    r.getSpec().identity.readerOnSubscription = true;
    h.apply(r);
    PrivateVaultAccess planned = h.awaitReason("sa-plan", "pipelines", Reason.Planned);
    assertThat(planned.getStatus().plan).extracting(c -> c.target + " " + c.value)
        .contains("roleAssignment Key Vault Secrets User", "roleAssignment Reader");
    assertThat(assignments(app.servicePrincipalObjectId())).isEmpty();

    h.edit("sa-plan", "pipelines", p -> {
      p.getSpec().mode = "Apply";
      return p;
    });
    h.awaitReason("sa-plan", "pipelines", Reason.Converged);
    assertThat(assignments(app.servicePrincipalObjectId())).extracting(SimRoleAssignment::roleDefinitionId)
        .anyMatch(id -> id.endsWith(BuiltInRoles.READER))
        .anyMatch(id -> id.endsWith(BuiltInRoles.KEY_VAULT_SECRETS_USER));
  }

  @Test
  void removingTheIdentityFromTheSpecRevokesWhatVaultgateGranted() {
    String ap = h.createVault("kv-revoke", NetworkAcls.deny());
    Directory.AppRegistration app = h.azure.directory().seedApp("pipelines-revoke");
    String sp = app.servicePrincipalObjectId();
    PrivateVaultAccess r = withApp(pva("sa-revoke", "pipelines", ap, "UnitedKingdom"), app.appId());
    r.getSpec().identity.readerOnSubscription = true;
    h.apply(r);
    h.awaitReason("sa-revoke", "pipelines", Reason.Converged);
    assertThat(h.azure.canReadSecrets(id(ap), sp)).isTrue();
    assertThat(assignments(sp)).hasSize(1);

    h.edit("sa-revoke", "pipelines", p -> {
      p.getSpec().identity = null;
      return p;
    });
    PrivateVaultAccess revoked = h.awaitReady("sa-revoke", "pipelines", c -> "True".equals(c.status));
    assertThat(h.azure.canReadSecrets(id(ap), sp)).isFalse();
    assertThat(assignments(sp)).isEmpty();
    assertThat(revoked.getStatus().secretAccess).isNull();
    assertThat(condition(revoked, Conditions.SECRET_ACCESS_READY)).isNull();
  }

  @Test
  void rbacVaultBehindAPrivateEndpointWithAVariableGroupIsGrantedButWarnedAbout() {
    h.azure.devOps().seedOrganization("contoso-pe");
    h.azure.devOps().seedProject("contoso-pe", "payments");
    String vault = h.createRbacVault("kv-rbac-pe");
    h.azure.keyVaults().secrets().add(id(vault), "dbPassword");
    h.azure.keyVaults().setPrivateEndpointConnection(id(vault), new PrivateEndpointConnection(
        "agents", "/subscriptions/" + OperatorHarness.SUBSCRIPTION + "/resourceGroups/rg-net/providers/"
        + "Microsoft.Network/privateEndpoints/agents", PrivateEndpointConnection.APPROVED));
    Directory.AppRegistration app = h.azure.directory().seedApp("pipelines-rbac-pe");
    PrivateVaultAccess r = withApp(pva("sa-rbac-pe", "pipelines", vault, "UnitedKingdom"), app.appId());
    r.getSpec().devOps.organization = "contoso-pe";
    r.getSpec().devOps.project = "payments";
    r.getSpec().serviceConnection = new PrivateVaultAccessSpec.ServiceConnectionSpec();
    r.getSpec().serviceConnection.name = "kv-rbac-pe";
    r.getSpec().variableGroup = new PrivateVaultAccessSpec.VariableGroupSpec();
    r.getSpec().variableGroup.name = "rbac-pe-secrets";
    r.getSpec().variableGroup.secrets = List.of("dbPassword");
    h.apply(r);
    PrivateVaultAccess done = h.awaitReason("sa-rbac-pe", "pipelines", Reason.Converged);
    assertThat(condition(done, Conditions.SECRET_ACCESS_READY).status).isEqualTo("True");
    assertThat(condition(done, Conditions.SECRET_ACCESS_READY).message).contains("does not support")
        .contains("access-policy permission model");
    await().untilAsserted(() -> assertThat(h.events("sa-rbac-pe", "pipelines")).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getReason()).isEqualTo("RbacPrivateEndpointVariableGroup");
    }));
    assertThat(h.azure.canReadSecrets(id(vault), app.servicePrincipalObjectId())).isTrue();
  }
}
