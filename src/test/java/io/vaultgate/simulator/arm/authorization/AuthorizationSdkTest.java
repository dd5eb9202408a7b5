package io.vaultgate.simulator.arm.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.rest.Response;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.Context;
import com.azure.resourcemanager.authorization.AuthorizationManager;
import com.azure.resourcemanager.authorization.fluent.MicrosoftGraphClient;
import com.azure.resourcemanager.authorization.fluent.RoleAssignmentsClient;
import com.azure.resourcemanager.authorization.fluent.models.MicrosoftGraphApplicationInner;
import com.azure.resourcemanager.authorization.fluent.models.MicrosoftGraphServicePrincipalInner;
import com.azure.resourcemanager.authorization.fluent.models.OdataErrorMainException;
import com.azure.resourcemanager.authorization.fluent.models.PermissionInner;
import com.azure.resourcemanager.authorization.fluent.models.RoleAssignmentInner;
import com.azure.resourcemanager.authorization.fluent.models.RoleDefinitionInner;
import com.azure.resourcemanager.authorization.models.PrincipalType;
import com.azure.resourcemanager.authorization.models.RoleAssignmentCreateParameters;
import com.azure.resourcemanager.msi.MsiManager;
import com.azure.resourcemanager.msi.fluent.models.IdentityInner;
import io.vaultgate.simulator.AzureSimulator;
import io.vaultgate.simulator.TestIds;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import io.vaultgate.simulator.arm.msi.IdentityId;
import io.vaultgate.simulator.arm.msi.UserAssignedIdentity;
import io.vaultgate.simulator.graph.Directory;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real Authorization, Microsoft Graph and Managed Identity clients of the Azure SDK against the simulator. */
class AuthorizationSdkTest {
  private static final String SECRETS_USER_ID = "/subscriptions/" + TestIds.SUBSCRIPTION
      + "/providers/Microsoft.Authorization/roleDefinitions/" + BuiltInRoles.KEY_VAULT_SECRETS_USER;

  private static AzureSimulator sim;
  private static AuthorizationManager authorization;
  private static MsiManager msi;

  @BeforeAll
  static void start() {
    sim = AzureSimulator.start(TestIds.TENANT);
    sim.seedResourceGroup(TestIds.SUBSCRIPTION, TestIds.RESOURCE_GROUP);
    // Configured by hand to pin the wiring: Graph's endpoint is the environment's "microsoftGraphResourceId".
    Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
    endpoints.put("resourceManagerEndpointUrl", sim.armBaseUrl());
    endpoints.put("microsoftGraphResourceId", sim.graphBaseUrl());
    AzureProfile profile = new AzureProfile(TestIds.TENANT, TestIds.SUBSCRIPTION, new AzureEnvironment(endpoints));
    HttpClient http = new JdkHttpClientBuilder(
        java.net.http.HttpClient.newBuilder().sslContext(sim.sslContext())).build();
    authorization = AuthorizationManager.configure().withHttpClient(http)
        .authenticate(sim.tokenCredential(), profile);
    msi = MsiManager.configure().withHttpClient(http).authenticate(sim.tokenCredential(), profile);
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static RoleAssignmentsClient assignments() {
    return authorization.roleServiceClient().getRoleAssignments();
  }

  private static RoleAssignmentCreateParameters secretsUser(String principalId) {
    return new RoleAssignmentCreateParameters().withRoleDefinitionId(SECRETS_USER_ID).withPrincipalId(principalId)
        .withPrincipalType(PrincipalType.SERVICE_PRINCIPAL);
  }

  /**
   * The role assignment list sends {@code $filter} as given (the spec marks it x-ms-skip-url-encoding), so the
   * caller encodes it: the JDK HTTP client refuses a URI with spaces.
   */
  private static String encoded(String filter) {
    return URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static SimVaultId rbacVault() {
    SimVaultId vault = TestIds.freshVault();
    sim.keyVaults().create(vault, "westeurope", TestIds.TENANT, true, "Enabled", null);
    return vault;
  }

  @Test
  void assignsListsAndDeletesARoleOnAVault() {
    SimVaultId vault = rbacVault();
    Directory.AppRegistration app = sim.directory().seedApp("pipeline");
    String name = UUID.randomUUID().toString();
    String principal = app.servicePrincipalObjectId();

    Response<RoleAssignmentInner> created =
        assignments().createWithResponse(vault.resourceId(), name, secretsUser(principal), Context.NONE);

    assertThat(created.getStatusCode()).isEqualTo(201);
    RoleAssignmentInner inner = created.getValue();
    assertThat(inner.id()).isEqualTo(vault.resourceId() + "/providers/Microsoft.Authorization/roleAssignments/"
        + name);
    assertThat(inner.name()).isEqualTo(name);
    assertThat(inner.type()).isEqualTo("Microsoft.Authorization/roleAssignments");
    assertThat(inner.scope()).isEqualTo(vault.resourceId());
    assertThat(inner.roleDefinitionId()).isEqualTo(SECRETS_USER_ID);
    assertThat(inner.principalId()).isEqualTo(principal);
    assertThat(inner.principalType()).isEqualTo(PrincipalType.SERVICE_PRINCIPAL);
    assertThat(inner.createdOn()).isNotNull();
    assertThat(sim.canReadSecrets(vault, principal)).isTrue();
    assertThat(assignments().createWithResponse(vault.resourceId(), name, secretsUser(principal), Context.NONE)
        .getStatusCode()).as("the same PUT again").isEqualTo(200);

    List<RoleAssignmentInner> atVault = assignments().listForScope(vault.resourceId(),
        encoded("atScope() and principalId eq '" + principal + "'"), null, null, Context.NONE).stream().toList();
    String group = "/subscriptions/" + TestIds.SUBSCRIPTION + "/resourceGroups/" + TestIds.RESOURCE_GROUP;
    List<RoleAssignmentInner> atGroup = assignments().listForScope(group,
        encoded("atScope() and principalId eq '" + principal + "'"), null, null, Context.NONE).stream().toList();
    List<RoleAssignmentInner> belowGroup = assignments().listForScope(group,
        encoded("principalId eq '" + principal + "'"), null, null, Context.NONE).stream().toList();

    assertThat(atVault).extracting(RoleAssignmentInner::name).containsExactly(name);
    assertThat(atGroup).as("atScope() leaves out assignments below the scope").isEmpty();
    assertThat(belowGroup).extracting(RoleAssignmentInner::name).containsExactly(name);

    Response<RoleAssignmentInner> deleted =
        assignments().deleteWithResponse(vault.resourceId(), name, null, Context.NONE);

    assertThat(deleted.getStatusCode()).isEqualTo(200);
    assertThat(deleted.getValue().name()).isEqualTo(name);
    assertThat(assignments().deleteWithResponse(vault.resourceId(), name, null, Context.NONE).getStatusCode())
        .isEqualTo(204);
    assertThat(sim.roleAssignments().find(name)).isEmpty();
    assertThat(sim.canReadSecrets(vault, principal)).isFalse();
  }

  @Test
  void anUnencodedRoleAssignmentFilterNeverLeavesTheJdkClient() {
    RoleAssignmentsClient noRetries = AuthorizationManager.configure()
        .withHttpClient(sim.sdkHttpClient())
        .withRetryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ZERO)))
        .authenticate(sim.tokenCredential(),
            new AzureProfile(TestIds.TENANT, TestIds.SUBSCRIPTION, sim.azureEnvironment()))
        .roleServiceClient().getRoleAssignments();
    long before = sim.requests().snapshot().size();

    assertThatThrownBy(() -> noRetries.listForScope("/subscriptions/" + TestIds.SUBSCRIPTION,
        "principalId eq '" + UUID.randomUUID() + "'", null, null, Context.NONE).stream().toList())
        .hasRootCauseInstanceOf(URISyntaxException.class);
    assertThat(sim.requests().snapshot()).hasSize((int) before);
  }

  @Test
  void theSameAssignmentUnderAnotherNameIsAConflict() {
    SimVaultId vault = rbacVault();
    String principal = sim.directory().seedApp("pipeline").servicePrincipalObjectId();
    assignments().createWithResponse(vault.resourceId(), UUID.randomUUID().toString(), secretsUser(principal),
        Context.NONE);

    assertThatThrownBy(() -> assignments().createWithResponse(vault.resourceId(), UUID.randomUUID().toString(),
        secretsUser(principal), Context.NONE))
        .isInstanceOfSatisfying(ManagementException.class, e -> {
          assertThat(e.getResponse().getStatusCode()).isEqualTo(409);
          assertThat(e.getValue().getCode()).isEqualTo("RoleAssignmentExists");
          assertThat(e.getValue().getMessage()).isEqualTo("The role assignment already exists.");
        });
  }

  @Test
  void anUnknownPrincipalIsPrincipalNotFound() {
    SimVaultId vault = rbacVault();

    assertThatThrownBy(() -> assignments().createWithResponse(vault.resourceId(), UUID.randomUUID().toString(),
        secretsUser(UUID.randomUUID().toString()), Context.NONE))
        .isInstanceOfSatisfying(ManagementException.class, e -> {
          assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
          assertThat(e.getValue().getCode()).isEqualTo("PrincipalNotFound");
          assertThat(e.getValue().getMessage()).contains("does not exist in the directory " + TestIds.TENANT);
        });
  }

  @Test
  void readsABuiltInRoleDefinition() {
    String scope = "/subscriptions/" + TestIds.SUBSCRIPTION;

    RoleDefinitionInner role = authorization.roleServiceClient().getRoleDefinitions()
        .getWithResponse(scope, BuiltInRoles.KEY_VAULT_SECRETS_USER, Context.NONE).getValue();

    assertThat(role.id()).isEqualTo(SECRETS_USER_ID);
    assertThat(role.name()).isEqualTo(BuiltInRoles.KEY_VAULT_SECRETS_USER);
    assertThat(role.roleName()).isEqualTo("Key Vault Secrets User");
    assertThat(role.roleType()).isEqualTo("BuiltInRole");
    assertThat(role.permissions()).flatExtracting(PermissionInner::dataActions).containsExactly(
        "Microsoft.KeyVault/vaults/secrets/getSecret/action",
        "Microsoft.KeyVault/vaults/secrets/readMetadata/action");
    assertThat(authorization.roleServiceClient().getRoleDefinitions()
        .list(scope, "roleName eq 'Key Vault Administrator'", Context.NONE).stream().toList())
        .extracting(RoleDefinitionInner::name).containsExactly(BuiltInRoles.KEY_VAULT_ADMINISTRATOR);
  }

  @Test
  void findsAServicePrincipalByAppIdThroughGraph() {
    Directory.AppRegistration app = sim.directory().seedApp("sc-pipeline");
    sim.directory().seedApp("someone-else");
    MicrosoftGraphClient graph = authorization.serviceClient();

    List<MicrosoftGraphServicePrincipalInner> found = graph.getServicePrincipalsServicePrincipals()
        .listServicePrincipal(null, null, null, null, "appId eq '" + app.appId() + "'", null, null, null, null,
            Context.NONE).stream().toList();

    assertThat(found).singleElement().satisfies(sp -> {
      assertThat(sp.id()).isEqualTo(app.servicePrincipalObjectId());
      assertThat(sp.appId()).isEqualTo(app.appId());
      assertThat(sp.displayName()).isEqualTo("sc-pipeline");
      assertThat(sp.servicePrincipalType()).isEqualTo("Application");
      assertThat(sp.appOwnerOrganizationId()).hasToString(TestIds.TENANT);
    });
    MicrosoftGraphApplicationInner application = graph.getApplicationsApplications()
        .getApplication(app.applicationObjectId());
    assertThat(application.appId()).isEqualTo(app.appId());
    assertThat(sim.requests().count("graph", "GET", Directory.SERVICE_PRINCIPALS_ROUTE)).isEqualTo(1);
    assertThat(sim.requests().count("graph", "GET", Directory.APPLICATION_ROUTE)).isEqualTo(1);
  }

  @Test
  void graphErrorsSurfaceAsODataErrors() {
    MicrosoftGraphClient graph = authorization.serviceClient();
    String missing = UUID.randomUUID().toString();

    assertThatThrownBy(() -> graph.getServicePrincipalsServicePrincipals().getServicePrincipal(missing))
        .isInstanceOfSatisfying(OdataErrorMainException.class, e -> {
          assertThat(e.getResponse().getStatusCode()).isEqualTo(404);
          assertThat(e.getValue().getCode()).isEqualTo("Request_ResourceNotFound");
          assertThat(e.getValue().getMessage()).startsWith("Resource '" + missing + "' does not exist");
        });
  }

  @Test
  void readsAUserAssignedIdentity() {
    IdentityId id = new IdentityId(TestIds.SUBSCRIPTION, TestIds.RESOURCE_GROUP, "id-pipeline");
    UserAssignedIdentity seeded = sim.managedIdentities().create(id, "westeurope");

    Response<IdentityInner> response = msi.serviceClient().getUserAssignedIdentities()
        .getByResourceGroupWithResponse(id.resourceGroup(), id.name(), Context.NONE);

    assertThat(response.getStatusCode()).isEqualTo(200);
    IdentityInner identity = response.getValue();
    assertThat(identity.name()).isEqualTo("id-pipeline");
    assertThat(identity.location()).isEqualTo("westeurope");
    assertThat(identity.principalId()).hasToString(seeded.principalId());
    assertThat(identity.clientId()).hasToString(seeded.clientId());
    assertThat(identity.tenantId()).hasToString(TestIds.TENANT);
    assertThatThrownBy(() -> msi.serviceClient().getUserAssignedIdentities()
        .getByResourceGroupWithResponse(id.resourceGroup(), "id-missing", Context.NONE))
        .isInstanceOfSatisfying(ManagementException.class, e -> {
          assertThat(e.getResponse().getStatusCode()).isEqualTo(404);
          assertThat(e.getValue().getCode()).isEqualTo("ResourceNotFound");
        });
  }
}
