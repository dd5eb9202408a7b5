package io.vaultgate.simulator.arm.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultgate.simulator.ArmClient;
import io.vaultgate.simulator.RequestLog;
import io.vaultgate.simulator.TestIds;
import io.vaultgate.simulator.arm.Scopes;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.Guid;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Microsoft.Authorization role assignments and role definitions over raw HTTPS. */
class RoleAssignmentsHttpTest {
  @RegisterExtension
  static final ArmClient arm = new ArmClient();

  private static final String API = "?api-version=2022-04-01";
  private static final String SUBSCRIPTION = "/subscriptions/" + TestIds.SUBSCRIPTION;
  private static final String GROUP = SUBSCRIPTION + "/resourceGroups/" + TestIds.RESOURCE_GROUP;

  private static String pipeline;
  private static String operator;

  @BeforeAll
  static void principals() {
    pipeline = arm.sim().directory().seedApp("pipeline").servicePrincipalObjectId();
    operator = arm.sim().directory().seedApp("operator").servicePrincipalObjectId();
  }

  private static String vault() {
    SimVaultId id = TestIds.freshVault();
    arm.sim().keyVaults().create(id, "westeurope", TestIds.TENANT, true, "Enabled", null);
    return id.resourceId();
  }

  private static String assignment(String scope, String name) {
    return scope + "/providers/Microsoft.Authorization/roleAssignments/" + name + API;
  }

  private static String list(String scope, String encodedFilter) {
    return scope + "/providers/Microsoft.Authorization/roleAssignments" + API
        + (encodedFilter == null ? "" : "&$filter=" + encodedFilter);
  }

  private static String roleId(String role) {
    return SUBSCRIPTION + "/providers/Microsoft.Authorization/roleDefinitions/" + role;
  }

  private static String body(String roleDefinitionId, String principalId, String principalType) {
    return "{\"properties\":{\"roleDefinitionId\":\"" + roleDefinitionId + "\",\"principalId\":\"" + principalId
        + "\"" + (principalType == null ? "" : ",\"principalType\":\"" + principalType + "\"") + "}}";
  }

  private static ArmClient.Response put(String scope, String name, String role, String principal) {
    return arm.put(assignment(scope, name), body(roleId(role), principal, "ServicePrincipal"));
  }

  private static List<String> names(ArmClient.Response response) {
    assertThat(response.status()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    response.json().path("value").forEach(a -> names.add(a.path("name").asText()));
    return names;
  }

  @Test
  void putCreatesWith201AndTheFullShape() {
    String vault = vault();
    String name = UUID.randomUUID().toString();

    ArmClient.Response created = put(vault, name, BuiltInRoles.KEY_VAULT_SECRETS_USER, pipeline);

    assertThat(created.status()).isEqualTo(201);
    JsonNode a = created.json();
    assertThat(a.path("id").asText()).isEqualTo(vault + "/providers/Microsoft.Authorization/roleAssignments/"
        + name);
    assertThat(a.path("type").asText()).isEqualTo("Microsoft.Authorization/roleAssignments");
    assertThat(a.path("name").asText()).isEqualTo(name);
    JsonNode p = a.path("properties");
    assertThat(p.path("roleDefinitionId").asText()).isEqualTo(roleId(BuiltInRoles.KEY_VAULT_SECRETS_USER));
    assertThat(p.path("principalId").asText()).isEqualTo(pipeline);
    assertThat(p.path("principalType").asText()).isEqualTo("ServicePrincipal");
    assertThat(p.path("scope").asText()).isEqualTo(vault);
    assertThat(p.path("createdOn").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z");
    assertThat(p.path("updatedOn").asText()).isEqualTo(p.path("createdOn").asText());
    assertThat(p.has("condition")).isTrue();
    assertThat(arm.get(assignment(vault, name)).json()).isEqualTo(a);
  }

  @Test
  void theSamePutAgainIs200AndChangesNothing() {
    String vault = vault();
    String name = UUID.randomUUID().toString();
    JsonNode first = put(vault, name, BuiltInRoles.KEY_VAULT_SECRETS_USER, pipeline).json();

    ArmClient.Response again = arm.put(assignment(vault.toUpperCase(Locale.ROOT).replace("SUBSCRIPTIONS",
        "subscriptions"), name.toUpperCase(Locale.ROOT)), body(roleId(BuiltInRoles.KEY_VAULT_SECRETS_USER),
        pipeline, null));

    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json()).isEqualTo(first);
    assertThat(arm.sim().roleAssignments().forPrincipal(pipeline)).filteredOn(r -> r.name().equals(name))
        .hasSize(1);
  }

  @ParameterizedTest
  @CsvSource({"principal", "role", "scope"})
  void theSameNameWithAnotherPrincipalRoleOrScopeIsNotAnUpdate(String change) {
    String vault = vault();
    String name = UUID.randomUUID().toString();
    put(vault, name, BuiltInRoles.KEY_VAULT_SECRETS_USER, pipeline);

    ArmClient.Response response = switch (change) {
      case "principal" -> put(vault, name, BuiltInRoles.KEY_VAULT_SECRETS_USER, operator);
      case "role" -> put(vault, name, BuiltInRoles.KEY_VAULT_SECRETS_OFFICER, pipeline);
      default -> put(GROUP, name, BuiltInRoles.KEY_VAULT_SECRETS_USER, pipeline);
    };

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("RoleAssignmentUpdateNotPermitted");
    assertThat(response.errorMessage())
        .isEqualTo("Tenant ID, application ID, principal ID, and scope are not allowed to be updated.");
    assertThat(arm.sim().roleAssignments().find(name).orElseThrow().scope()).isEqualTo(vault);
  }

  @Test
  void theSameAssignmentUnderAnotherNameIs409() {
    String vault = vault();
    put(vault, UUID.randomUUID().toString(), BuiltInRoles.KEY_VAULT_SECRETS_USER, pipeline);
    String other = UUID.randomUUID().toString();

    ArmClient.Response response = put(vault, other, BuiltInRoles.KEY_VAULT_SECRETS_USER, pipeline);

    assertThat(response.status()).isEqualTo(409);
    assertThat(response.errorCode()).isEqualTo("RoleAssignmentExists");
    assertThat(response.errorMessage()).isEqualTo("The role assignment already exists.");
    assertThat(arm.sim().roleAssignments().find(other)).isEmpty();
    assertThat(put(GROUP, other, BuiltInRoles.KEY_VAULT_SECRETS_USER, pipeline).status())
        .as("the same role and principal at another scope is another assignment").isEqualTo(201);
    arm.sim().roleAssignments().delete(other);
  }

  @Test
  void anUnknownPrincipalIsPrincipalNotFoundNamingTheDirectory() {
    String principal = "6c0a1e2b-3d4f-4a5b-9c8d-7e6f5a4b3c2d";

    ArmClient.Response response = put(vault(), UUID.randomUUID().toString(), BuiltInRoles.KEY_VAULT_SECRETS_USER,
        principal);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("PrincipalNotFound");
    assertThat(response.errorMessage()).isEqualTo("Principal 6c0a1e2b3d4f4a5b9c8d7e6f5a4b3c2d does not exist in the"
        + " directory " + TestIds.TENANT + ". Check that you have the correct principal ID. If you are creating"
        + " this principal and then immediately assigning a role, this error might be related to a replication"
        + " delay. In this case, set the role assignment principalType property to a value, such as"
        + " ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype");
  }

  @Test
  void invalidNamesRolesAndTypesAreBadRequests() {
    String vault = vault();
    String name = UUID.randomUUID().toString();
    String unknownRole = "11111111-2222-3333-4444-555555555555";

    ArmClient.Response badName = put(vault, "pipeline-secrets", BuiltInRoles.KEY_VAULT_SECRETS_USER, pipeline);
    ArmClient.Response noSuchRole = put(vault, name, unknownRole, pipeline);
    ArmClient.Response badRoleId = arm.put(assignment(vault, name), body(BuiltInRoles.KEY_VAULT_SECRETS_USER,
        pipeline, null));
    ArmClient.Response wrongType = arm.put(assignment(vault, name),
        body(roleId(BuiltInRoles.KEY_VAULT_SECRETS_USER), pipeline, "User"));
    ArmClient.Response noPrincipal = arm.put(assignment(vault, name), "{\"properties\":{\"roleDefinitionId\":\""
        + roleId(BuiltInRoles.KEY_VAULT_SECRETS_USER) + "\"}}");

    assertThat(badName.status()).isEqualTo(400);
    assertThat(badName.errorCode()).isEqualTo("InvalidRoleAssignmentId");
    assertThat(badName.errorMessage()).isEqualTo("The role assignment ID 'pipeline-secrets' is not valid. The role"
        + " assignment ID must be a GUID.");
    assertThat(noSuchRole.errorCode()).isEqualTo("RoleDefinitionDoesNotExist");
    assertThat(noSuchRole.errorMessage()).isEqualTo("The specified role definition with ID '" + unknownRole
        + "' does not exist.");
    assertThat(badRoleId.errorCode()).isEqualTo("InvalidRoleDefinitionId");
    assertThat(wrongType.errorCode()).isEqualTo("UnmatchedPrincipalType");
    assertThat(wrongType.errorMessage()).isEqualTo("The PrincipalId '" + pipeline + "' has type 'ServicePrincipal'"
        + " , which is different from specified PrinciaplType 'User'.");
    assertThat(noPrincipal.errorMessage()).isEqualTo("The property 'properties.principalId' is required.");
    assertThat(List.of(noSuchRole, badRoleId, wrongType, noPrincipal)).extracting(ArmClient.Response::status)
        .containsOnly(400);
    assertThat(arm.sim().roleAssignments().find(name)).isEmpty();
  }

  @Test
  void theScopeMustExist() {
    String name = UUID.randomUUID().toString();
    String missingGroup = SUBSCRIPTION + "/resourceGroups/rg-missing";
    String missingVault = GROUP + "/providers/Microsoft.KeyVault/vaults/kv-missing";

    ArmClient.Response noGroup = put(missingGroup, name, BuiltInRoles.READER, pipeline);
    ArmClient.Response noVault = put(missingVault, name, BuiltInRoles.READER, pipeline);
    ArmClient.Response noSubscription = arm.get(list("/subscriptions/" + UUID.randomUUID(), null));

    assertThat(noGroup.status()).isEqualTo(404);
    assertThat(noGroup.errorCode()).isEqualTo("ResourceGroupNotFound");
    assertThat(noVault.status()).isEqualTo(404);
    assertThat(noVault.errorMessage()).startsWith("The Resource 'Microsoft.KeyVault/vaults/kv-missing' under"
        + " resource group '" + TestIds.RESOURCE_GROUP + "' was not found.");
    assertThat(noSubscription.errorCode()).isEqualTo("SubscriptionNotFound");
    assertThat(arm.sim().roleAssignments().find(name)).isEmpty();
  }

  @Test
  void getAndDeleteWorkByNameAtTheScope() {
    String vault = vault();
    String name = UUID.randomUUID().toString();
    JsonNode created = put(vault, name, BuiltInRoles.KEY_VAULT_SECRETS_USER, pipeline).json();

    ArmClient.Response elsewhere = arm.get(assignment(GROUP, name));
    ArmClient.Response deletedElsewhere = arm.delete(assignment(GROUP, name));
    ArmClient.Response deleted = arm.delete(assignment(vault, name));
    ArmClient.Response again = arm.delete(assignment(vault, name));
    ArmClient.Response gone = arm.get(assignment(vault, name));

    assertThat(elsewhere.status()).isEqualTo(404);
    assertThat(elsewhere.errorCode()).isEqualTo("RoleAssignmentNotFound");
    assertThat(deletedElsewhere.status()).isEqualTo(204);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.json()).isEqualTo(created);
    assertThat(again.status()).isEqualTo(204);
    assertThat(again.body()).isEmpty();
    assertThat(gone.errorMessage()).isEqualTo("The role assignment '" + name + "' is not found.");
  }

  @Test
  void listsCoverTheScopeAboveAndBelowAndAtScopeOnlyAtAndAbove() {
    String vault = vault();
    String atSubscription = UUID.randomUUID().toString();
    String atGroup = UUID.randomUUID().toString();
    String atVault = UUID.randomUUID().toString();
    String otherPrincipal = UUID.randomUUID().toString();
    put(SUBSCRIPTION, atSubscription, BuiltInRoles.READER, pipeline);
    put(GROUP, atGroup, BuiltInRoles.KEY_VAULT_CONTRIBUTOR, pipeline);
    put(vault, atVault, BuiltInRoles.KEY_VAULT_SECRETS_USER, pipeline);
    put(vault, otherPrincipal, BuiltInRoles.KEY_VAULT_SECRETS_USER, operator);
    String mine = "principalId%20eq%20'" + pipeline + "'";
    try {
      assertThat(names(arm.get(list(GROUP, mine))))
          .containsExactlyInAnyOrder(atSubscription, atGroup, atVault);
      assertThat(names(arm.get(list(GROUP, "atScope()%20and%20" + mine))))
          .containsExactlyInAnyOrder(atSubscription, atGroup);
      assertThat(names(arm.get(list(vault, "atScope()%20and%20" + mine))))
          .containsExactlyInAnyOrder(atSubscription, atGroup, atVault);
      assertThat(names(arm.get(list(vault.toLowerCase(Locale.ROOT), "assignedTo('" + pipeline + "')"))))
          .containsExactlyInAnyOrder(atSubscription, atGroup, atVault);
      assertThat(names(arm.get(list(vault, null)))).contains(atSubscription, atGroup, atVault, otherPrincipal);
      assertThat(names(arm.get(list(vault, "atScope()")))).contains(atVault, otherPrincipal)
          .allMatch(name -> arm.sim().roleAssignments().find(name).map(a -> Scopes.isAtOrAbove(a.scope(), vault))
              .orElse(false));
      assertThat(names(arm.get(list(SUBSCRIPTION, "principalId%20eq%20" + operator))))
          .as("the id may come without quotes").containsExactly(otherPrincipal);
    } finally {
      List.of(atSubscription, atGroup, atVault, otherPrincipal).forEach(arm.sim().roleAssignments()::delete);
    }
  }

  @Test
  void unsupportedFiltersAreRefused() {
    ArmClient.Response response = arm.get(list(GROUP, "roleDefinitionId%20eq%20'x'"));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("UnsupportedQuery");
  }

  @Test
  void onlyApiVersion20220401IsServed() {
    ArmClient.Response response = arm.get(GROUP + "/providers/Microsoft.Authorization/roleAssignments"
        + "?api-version=2015-07-01");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("NoRegisteredProviderFound");
    assertThat(response.errorMessage()).contains("'roleAssignments'").contains("'2022-04-01'");
  }

  @Test
  void anotherAdministratorAssignsAndRemovesRoles() {
    String vault = vault();
    RoleAssignmentStore assignments = arm.sim().roleAssignments();

    SimRoleAssignment assigned = assignments.assign(vault, BuiltInRoles.KEY_VAULT_SECRETS_USER, operator);

    assertThat(Guid.is(assigned.name())).isTrue();
    assertThat(assigned.principalType()).isEqualTo("ServicePrincipal");
    assertThat(assigned.createdBy()).isNull();
    assertThat(names(arm.get(list(vault, "atScope()")))).contains(assigned.name());
    assertThat(assignments.create(vault, assigned.name(), BuiltInRoles.KEY_VAULT_SECRETS_USER, operator))
        .as("idempotent").isEqualTo(assigned);
    assertThatThrownBy(() -> assignments.assign(vault, BuiltInRoles.KEY_VAULT_SECRETS_USER, operator))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo("RoleAssignmentExists"));
    assertThatThrownBy(() -> assignments.assign(vault, BuiltInRoles.READER, UUID.randomUUID().toString()))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo("PrincipalNotFound"));
    assertThat(assignments.delete(assigned.name())).isTrue();
    assertThat(arm.get(assignment(vault, assigned.name())).status()).isEqualTo(404);
  }

  @Test
  void writesAreCountedUnderTheScope() {
    String vault = vault();
    String name = UUID.randomUUID().toString();
    arm.sim().requests().clear();

    put(vault, name, BuiltInRoles.KEY_VAULT_SECRETS_USER, pipeline);
    arm.get(assignment(vault, name));
    arm.delete(assignment(vault, name));

    RequestLog log = arm.sim().requests();
    assertThat(log.count("arm", "PUT", RoleAssignmentStore.ASSIGNMENT_ROUTE)).isEqualTo(1);
    assertThat(log.count("arm", "GET", RoleAssignmentStore.ASSIGNMENT_ROUTE)).isEqualTo(1);
    assertThat(log.count("arm", "DELETE", RoleAssignmentStore.ASSIGNMENT_ROUTE)).isEqualTo(1);
    assertThat(log.writes("arm", vault)).isEqualTo(2);
    assertThat(log.reads("arm", vault)).isEqualTo(1);
  }

  // ----- role definitions -----

  @Test
  void builtInRoleDefinitionsAreReadableAtAnyScope() {
    String vault = vault();
    String path = "/providers/Microsoft.Authorization/roleDefinitions/" + BuiltInRoles.KEY_VAULT_ADMINISTRATOR
        + API;

    JsonNode atVault = arm.get(vault + path).json();
    JsonNode atTenant = arm.get(path).json();

    assertThat(atVault.path("id").asText()).isEqualTo(roleId(BuiltInRoles.KEY_VAULT_ADMINISTRATOR));
    assertThat(atVault.path("type").asText()).isEqualTo("Microsoft.Authorization/roleDefinitions");
    assertThat(atVault.path("name").asText()).isEqualTo(BuiltInRoles.KEY_VAULT_ADMINISTRATOR);
    JsonNode p = atVault.path("properties");
    assertThat(p.path("roleName").asText()).isEqualTo("Key Vault Administrator");
    assertThat(p.path("type").asText()).isEqualTo("BuiltInRole");
    assertThat(p.path("assignableScopes").toString()).isEqualTo("[\"/\"]");
    assertThat(p.path("permissions").get(0).path("dataActions").toString())
        .isEqualTo("[\"Microsoft.KeyVault/vaults/*\"]");
    assertThat(p.path("permissions").get(0).path("notDataActions").toString()).isEqualTo("[]");
    assertThat(atTenant.path("id").asText()).isEqualTo("/providers/Microsoft.Authorization/roleDefinitions/"
        + BuiltInRoles.KEY_VAULT_ADMINISTRATOR);
  }

  @Test
  void roleDefinitionsAreListedByRoleName() {
    ArmClient.Response response = arm.get(SUBSCRIPTION + "/providers/Microsoft.Authorization/roleDefinitions" + API
        + "&$filter=roleName%20eq%20'key%20vault%20secrets%20user'");
    ArmClient.Response all = arm.get(SUBSCRIPTION + "/providers/Microsoft.Authorization/roleDefinitions" + API);

    assertThat(names(response)).containsExactly(BuiltInRoles.KEY_VAULT_SECRETS_USER);
    assertThat(names(all)).containsExactlyInAnyOrder(BuiltInRoles.KEY_VAULT_SECRETS_USER,
        BuiltInRoles.KEY_VAULT_SECRETS_OFFICER, BuiltInRoles.KEY_VAULT_ADMINISTRATOR, BuiltInRoles.KEY_VAULT_READER,
        BuiltInRoles.KEY_VAULT_CONTRIBUTOR, BuiltInRoles.KEY_VAULT_DATA_ACCESS_ADMINISTRATOR, BuiltInRoles.READER);
  }

  @Test
  void anUnknownRoleDefinitionIs404() {
    ArmClient.Response response = arm.get(SUBSCRIPTION + "/providers/Microsoft.Authorization/roleDefinitions/"
        + UUID.randomUUID() + API);

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.errorCode()).isEqualTo("RoleDefinitionDoesNotExist");
  }
}
