package io.vaultgate.simulator.devops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultgate.simulator.ArmClient;
import io.vaultgate.simulator.AzureSimulator;
import io.vaultgate.simulator.TestIds;
import io.vaultgate.simulator.arm.authorization.BuiltInRoles;
import io.vaultgate.simulator.arm.keyvault.AccessPolicy;
import io.vaultgate.simulator.arm.keyvault.AccessPolicyOperation;
import io.vaultgate.simulator.arm.keyvault.NetworkAcls;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import io.vaultgate.simulator.arm.keyvault.VaultProperties;
import io.vaultgate.simulator.arm.msi.IdentityId;
import io.vaultgate.simulator.arm.msi.UserAssignedIdentity;
import io.vaultgate.simulator.graph.Directory;
import io.vaultgate.simulator.graph.FederatedIdentityCredential;
import io.vaultgate.simulator.http.Guid;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole chain from a service connection to a vault's secrets: the endpoint proxy's AzureKeyVaultSecrets data
 * source over raw HTTPS, and {@link AzureSimulator#pipelineToken} / {@link AzureSimulator#pipelineCanReadVault}.
 */
class PipelineAccessTest {
  /** The organizations' default egress address lies in this Azure DevOps range. */
  private static final String US_CENTRAL = "20.37.158.0/23";

  @RegisterExtension
  static final ArmClient arm = new ArmClient();

  /** A connection of a fresh organization, for an app registration, and a vault with firewall and policies. */
  private record Chain(DevOpsSeeds.Org org, String appId, String principalId, String endpointId, String issuer,
             String subject, SimVaultId vault) {
    PipelineVaultAccess access() {
      return arm.sim().pipelineCanReadVault(org.name(), org.project().name(), endpointId, vault.name());
    }

    ArmClient.Response proxy(String dataSource, String vaultName) {
      return arm.devOps("POST", org.projectPath("_apis/serviceendpoint/endpointproxy?endpointId=" + endpointId,
          "7.1-preview.1"), """
          {"dataSourceDetails":{"dataSourceName":"%s","parameters":{"KeyVaultName":"%s"}},
           "resultTransformationDetails":{}}
          """.formatted(dataSource, vaultName));
    }
  }

  @BeforeEach
  void readyAtOnce() {
    arm.sim().devOps().serviceEndpoints().setReadyDelay(Duration.ZERO);
  }

  @AfterEach
  void defaultDelay() {
    arm.sim().devOps().serviceEndpoints().setReadyDelay(ServiceEndpoints.DEFAULT_READY_DELAY);
  }

  /** Everything in place except the federated identity credential, which {@link #federate} adds. */
  private static Chain chain(boolean rbac) {
    DevOpsSeeds.Org org = DevOpsSeeds.organization(arm.sim());
    Directory.AppRegistration app = arm.sim().directory().seedApp("sc-" + org.name());
    JsonNode endpoint = arm.devOps("POST", org.path("_apis/serviceendpoint/endpoints", "7.1"),
        DevOpsSeeds.azureRmEndpoint("sc-vault", org.project().id(), app.appId())).json();
    JsonNode parameters = endpoint.path("authorization").path("parameters");
    SimVaultId vault = TestIds.freshVault();
    arm.sim().keyVaults().create(vault, "westeurope", TestIds.TENANT, rbac, "Enabled", NetworkAcls.deny(US_CENTRAL));
    if (rbac) {
      arm.sim().roleAssignments().assign(vault.resourceId(), BuiltInRoles.KEY_VAULT_SECRETS_USER,
          app.servicePrincipalObjectId());
    } else {
      grant(vault, app.servicePrincipalObjectId(), "get", "list");
    }
    return new Chain(org, app.appId(), app.servicePrincipalObjectId(), endpoint.path("id").asText(),
        parameters.path("workloadIdentityFederationIssuer").asText(),
        parameters.path("workloadIdentityFederationSubject").asText(), vault);
  }

  private static Chain federate(Chain chain) {
    arm.sim().directory().addFederatedCredential(chain.appId(), "ado-sc", chain.issuer(), chain.subject());
    return chain;
  }

  private static void grant(SimVaultId vault, String principalId, String... secrets) {
    arm.sim().keyVaults().updateAccessPolicies(vault, AccessPolicyOperation.ADD,
        List.of(AccessPolicy.of(TestIds.TENANT, principalId, AccessPolicy.Permissions.secrets(secrets))));
  }

  @Test
  void withTheWholeChainInPlaceAzureDevOpsListsTheSecrets() {
    Chain chain = federate(chain(false));

    ArmClient.Response proxy = chain.proxy("AzureKeyVaultSecrets", chain.vault().name());

    assertThat(proxy.status()).isEqualTo(200);
    assertThat(proxy.json().toString()).isEqualTo("{\"result\":[],\"statusCode\":\"ok\",\"errorMessage\":\"\"}");
    assertThat(chain.access()).isEqualTo(new PipelineVaultAccess(true, "ok", ""));
    assertThat(arm.sim().pipelineToken(chain.org().name(), chain.org().project().id(), chain.endpointId()))
        .hasValue(chain.principalId());
    assertThat(arm.sim().requests().count("devops", "POST", DevOps.ENDPOINT_PROXY_ROUTE)).isPositive();
  }

  @Test
  void withoutAFederatedCredentialTheTokenExchangeFails() {
    Chain chain = chain(false);

    JsonNode proxy = chain.proxy("AzureKeyVaultSecrets", chain.vault().name()).json();

    assertThat(proxy.path("statusCode").asText()).isEqualTo("unauthorized");
    assertThat(proxy.path("errorMessage").asText()).isEqualTo("AADSTS70025: The client '" + chain.appId()
        + "' has no configured federated identity credentials.");
    assertThat(chain.access().ok()).isFalse();
    assertThat(arm.sim().pipelineToken(chain.org().name(), chain.org().project().id(), chain.endpointId())).isEmpty();
  }

  @Test
  void aCredentialForAnotherSubjectOrAudienceDoesNotMatch() {
    Chain chain = chain(false);
    Directory directory = arm.sim().directory();
    directory.addFederatedCredential(chain.appId(), "old-style", chain.issuer(),
        "sc://" + chain.org().name() + "/" + chain.org().project().name() + "/sc-vault");
    directory.replaceFederatedCredential(chain.appId(), new FederatedIdentityCredential(Guid.random(), "audience",
        chain.issuer(), chain.subject(), List.of("api://AzureADTokenExchangeChina"), null));

    PipelineVaultAccess access = chain.access();

    assertThat(access.ok()).isFalse();
    assertThat(access.statusCode()).isEqualTo(PipelineVaultAccess.UNAUTHORIZED);
    assertThat(access.reason()).isEqualTo("AADSTS70021: No matching federated identity record found for presented"
        + " assertion. Assertion Issuer: '" + chain.issuer() + "'. Assertion Subject: '" + chain.subject()
        + "'. Assertion Audience: 'api://AzureADTokenExchange'.");
    assertThat(arm.sim().pipelineToken(chain.org().name(), chain.org().project().id(), chain.endpointId())).isEmpty();

    directory.replaceFederatedCredential(chain.appId(), FederatedIdentityCredential.of("audience", chain.issuer(),
        chain.subject()));
    assertThat(chain.access().ok()).isTrue();
  }

  @Test
  void aClosedFirewallStopsAzureDevOpsUntilItsAddressIsLetIn() {
    Chain chain = federate(chain(false));
    arm.sim().keyVaults().setNetworkAcls(chain.vault(), NetworkAcls.deny("40.74.28.0/23"));

    JsonNode proxy = chain.proxy("AzureKeyVaultSecrets", chain.vault().name()).json();

    assertThat(proxy.path("statusCode").asText()).isEqualTo("forbidden");
    assertThat(proxy.path("errorMessage").asText()).isEqualTo("Client address is not authorized and caller is not a"
        + " trusted service. Client address: " + DevOps.DEFAULT_EGRESS_ADDRESS);
    assertThat(arm.sim().pipelineToken(chain.org().name(), chain.org().project().id(), chain.endpointId()))
        .as("the token is not the problem").hasValue(chain.principalId());

    arm.sim().keyVaults().addIpRule(chain.vault(), DevOps.DEFAULT_EGRESS_ADDRESS);
    assertThat(chain.access().ok()).isTrue();
    arm.sim().keyVaults().setNetworkAcls(chain.vault(), NetworkAcls.deny());
    assertThat(chain.access().statusCode()).isEqualTo(PipelineVaultAccess.FORBIDDEN);
    arm.sim().keyVaults().setDefaultAction(chain.vault(), NetworkAcls.ALLOW);
    assertThat(chain.access().ok()).as("default action Allow").isTrue();
    arm.sim().keyVaults().setPublicNetworkAccess(chain.vault(), VaultProperties.DISABLED);
    assertThat(chain.access()).isEqualTo(PipelineVaultAccess.denied(PipelineVaultAccess.FORBIDDEN, "Public network"
        + " access is disabled and request is not from a trusted service nor via an approved private link."));
  }

  @Test
  void theOrganizationsOwnEgressAddressIsTheOneThatCounts() {
    Organization europe = arm.sim().devOps().seedOrganization("org-europe-" + Guid.random().substring(0, 8), null,
        "40.74.28.17");
    Project project = arm.sim().devOps().seedProject(europe.name(), "Europe");
    Directory.AppRegistration app = arm.sim().directory().seedApp("sc-europe");
    JsonNode endpoint = arm.devOps("POST", "/" + europe.name() + "/_apis/serviceendpoint/endpoints?api-version=7.1",
        DevOpsSeeds.azureRmEndpoint("sc-europe", project.id(), app.appId())).json();
    JsonNode parameters = endpoint.path("authorization").path("parameters");
    arm.sim().directory().addFederatedCredential(app.appId(), "ado", parameters.path(
        "workloadIdentityFederationIssuer").asText(), parameters.path("workloadIdentityFederationSubject").asText());
    SimVaultId vault = TestIds.freshVault();
    arm.sim().keyVaults().create(vault, "westeurope", TestIds.TENANT, false, "Enabled", NetworkAcls.deny(US_CENTRAL));
    grant(vault, app.servicePrincipalObjectId(), "all");
    String endpointId = endpoint.path("id").asText();

    assertThat(arm.sim().pipelineCanReadVault(europe.name(), "Europe", endpointId, vault.name()).reason())
        .endsWith("Client address: 40.74.28.17");
    arm.sim().keyVaults().addIpRule(vault, "40.74.28.0/23");
    assertThat(arm.sim().pipelineCanReadVault(europe.name(), "Europe", endpointId, vault.name()).ok()).isTrue();
  }

  @Test
  void aPolicyThatListsButCannotGetFailsOnTheGet() {
    Chain chain = federate(chain(false));
    arm.sim().keyVaults().updateAccessPolicies(chain.vault(), AccessPolicyOperation.REPLACE,
        List.of(AccessPolicy.of(TestIds.TENANT, chain.principalId(), AccessPolicy.Permissions.secrets("list"))));

    assertThat(chain.access().reason()).contains("does not have secrets get permission on key vault '"
        + chain.vault().name() + ";");
  }

  @Test
  void withoutGetAndListOnTheVaultTheVaultRefuses() {
    Chain accessPolicies = federate(chain(false));
    arm.sim().keyVaults().updateAccessPolicies(accessPolicies.vault(), AccessPolicyOperation.REPLACE,
        List.of(AccessPolicy.of(TestIds.TENANT, accessPolicies.principalId(),
            AccessPolicy.Permissions.secrets("get"))));
    Chain rbac = federate(chain(true));
    arm.sim().roleAssignments().forPrincipal(rbac.principalId())
        .forEach(a -> arm.sim().roleAssignments().delete(a.name()));

    PipelineVaultAccess withPolicies = accessPolicies.access();
    PipelineVaultAccess withRbac = rbac.access();

    assertThat(withPolicies.statusCode()).isEqualTo(PipelineVaultAccess.FORBIDDEN);
    assertThat(withPolicies.reason()).isEqualTo("The user, group or application 'appid=" + accessPolicies.appId()
        + ";oid=" + accessPolicies.principalId() + ";iss=https://sts.windows.net/" + TestIds.TENANT + "/' does not"
        + " have secrets list permission on key vault '" + accessPolicies.vault().name() + ";location=westeurope'."
        + " For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287");
    assertThat(withRbac.statusCode()).isEqualTo(PipelineVaultAccess.FORBIDDEN);
    assertThat(withRbac.reason()).startsWith("Caller is not authorized to perform action on resource.")
        .contains("DeniedWithNoValidRBAC");
    assertThat(arm.sim().pipelineToken(rbac.org().name(), rbac.org().project().id(), rbac.endpointId()))
        .hasValue(rbac.principalId());
    arm.sim().roleAssignments().assign(rbac.vault().resourceId(), BuiltInRoles.KEY_VAULT_SECRETS_USER,
        rbac.principalId());
    assertThat(rbac.access().ok()).isTrue();
  }

  @Test
  void aConnectionThatIsNotReadyGivesNoToken() {
    arm.sim().devOps().serviceEndpoints().setReadyDelay(Duration.ofSeconds(30));
    Chain chain = federate(chain(false));

    JsonNode proxy = chain.proxy("AzureKeyVaultSecrets", chain.vault().name()).json();

    assertThat(proxy.path("statusCode").asText()).isEqualTo("badRequest");
    assertThat(proxy.path("errorMessage").asText()).contains("is not ready");
    assertThat(arm.sim().pipelineToken(chain.org().name(), chain.org().project().id(), chain.endpointId())).isEmpty();
  }

  @Test
  void aUserAssignedIdentityCanBeTheConnectionsIdentity() {
    DevOpsSeeds.Org org = DevOpsSeeds.organization(arm.sim());
    IdentityId id = new IdentityId(TestIds.SUBSCRIPTION, TestIds.RESOURCE_GROUP, "id-" + org.name());
    UserAssignedIdentity identity = arm.sim().managedIdentities().create(id, "westeurope");
    JsonNode parameters = arm.devOps("POST", org.path("_apis/serviceendpoint/endpoints", "7.1"),
        DevOpsSeeds.azureRmEndpoint("sc-uami", org.project().id(), identity.clientId())).json();
    String endpointId = parameters.path("id").asText();
    parameters = parameters.path("authorization").path("parameters");
    SimVaultId vault = TestIds.freshVault();
    arm.sim().keyVaults().create(vault, "westeurope", TestIds.TENANT, false, "Enabled", NetworkAcls.deny(US_CENTRAL));
    grant(vault, identity.principalId(), "get", "list");

    assertThat(arm.sim().pipelineToken(org.name(), org.project().id(), endpointId)).isEmpty();
    arm.sim().managedIdentities().putFederatedCredential(id, "ado-sc",
        parameters.path("workloadIdentityFederationIssuer").asText(),
        parameters.path("workloadIdentityFederationSubject").asText());

    assertThat(arm.sim().pipelineToken(org.name(), org.project().id(), endpointId)).hasValue(identity.principalId());
    assertThat(arm.sim().pipelineCanReadVault(org.name(), org.project().id(), endpointId, vault.name()).ok())
        .isTrue();
  }

  @Test
  void unknownVaultsAppsTenantsAndSchemesAreReported() {
    Chain chain = federate(chain(false));
    DevOpsSeeds.Org org = chain.org();
    JsonNode secretBased = arm.devOps("POST", org.path("_apis/serviceendpoint/endpoints", "7.1"),
        DevOpsSeeds.azureRmEndpoint("sc-secret", org.project().id(), chain.appId())
            .replace("\"WorkloadIdentityFederation\"", "\"ServicePrincipal\"")).json();
    JsonNode otherTenant = arm.devOps("POST", org.path("_apis/serviceendpoint/endpoints", "7.1"),
        DevOpsSeeds.azureRmEndpoint("sc-tenant", org.project().id(), chain.appId())
            .replace(TestIds.TENANT, "0d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a")).json();
    JsonNode noApp = arm.devOps("POST", org.path("_apis/serviceendpoint/endpoints", "7.1"),
        DevOpsSeeds.azureRmEndpoint("sc-noapp", org.project().id(), Guid.random())).json();

    assertThat(arm.sim().pipelineCanReadVault(org.name(), org.project().id(), chain.endpointId(), "kv-nowhere"))
        .extracting(PipelineVaultAccess::statusCode).isEqualTo(PipelineVaultAccess.NOT_FOUND);
    assertThat(arm.sim().pipelineCanReadVault(org.name(), org.project().id(), secretBased.path("id").asText(),
        chain.vault().name()).statusCode()).isEqualTo(PipelineVaultAccess.BAD_REQUEST);
    assertThat(arm.sim().pipelineCanReadVault(org.name(), org.project().id(), otherTenant.path("id").asText(),
        chain.vault().name()).reason()).startsWith("AADSTS90002: Tenant '0d1e2f3a-4b5c-4d6e-8f7a-9b0c1d2e3f4a'");
    assertThat(arm.sim().pipelineCanReadVault(org.name(), org.project().id(), noApp.path("id").asText(),
        chain.vault().name()).reason()).startsWith("AADSTS700016: Application with identifier");
    assertThat(arm.sim().pipelineCanReadVault(org.name(), org.project().id(), Guid.random(), chain.vault().name()))
        .extracting(PipelineVaultAccess::ok, PipelineVaultAccess::statusCode).containsExactly(false, "notFound");
    assertThat(arm.sim().pipelineCanReadVault("org-nowhere", "p", chain.endpointId(), chain.vault().name()).ok())
        .isFalse();
  }

  @Test
  void theProxyRefusesOtherDataSourcesAndConnectionsOfOtherProjects() {
    Chain chain = federate(chain(false));
    Project other = arm.sim().devOps().seedProject(chain.org().name(), "Other");

    ArmClient.Response jobs = chain.proxy("Jobs", chain.vault().name());
    ArmClient.Response noEndpoint = arm.devOps("POST", chain.org().projectPath("_apis/serviceendpoint/endpointproxy",
        "7.1-preview.1"), "{\"dataSourceDetails\":{\"dataSourceName\":\"AzureKeyVaultSecrets\"}}");
    ArmClient.Response fromOther = arm.devOps("POST", chain.org().path(other.id()
        + "/_apis/serviceendpoint/endpointproxy?endpointId=" + chain.endpointId(), "7.1-preview.1"),
        "{\"dataSourceDetails\":{\"dataSourceName\":\"AzureKeyVaultSecrets\",\"parameters\":{\"KeyVaultName\":\""
            + chain.vault().name() + "\"}}}");

    assertThat(jobs.status()).isEqualTo(400);
    assertThat(jobs.typeKey()).isEqualTo("ArgumentException");
    assertThat(noEndpoint.status()).isEqualTo(400);
    assertThat(noEndpoint.typeKey()).isEqualTo("ArgumentNullException");
    assertThat(fromOther.status()).isEqualTo(404);
    assertThat(fromOther.typeKey()).isEqualTo("ServiceEndpointNotFoundException");
    assertThat(arm.sim().pipelineToken(chain.org().name(), other.id(), chain.endpointId())).isEmpty();
  }
}
