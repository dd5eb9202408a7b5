package io.vaultgate.simulator.devops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultgate.simulator.ArmClient;
import io.vaultgate.simulator.TestIds;
import io.vaultgate.simulator.http.Guid;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Azure DevOps service endpoints over raw HTTPS: workload identity federation, readiness, names, secrets. */
class ServiceEndpointHttpTest {
  private static final String V = DevOpsSeeds.ENDPOINTS_VERSION;

  @RegisterExtension
  static final ArmClient arm = new ArmClient();

  @AfterEach
  void defaultDelay() {
    arm.sim().devOps().serviceEndpoints().setReadyDelay(ServiceEndpoints.DEFAULT_READY_DELAY);
  }

  private static ArmClient.Response create(DevOpsSeeds.Org org, String body) {
    return arm.devOps("POST", org.path("_apis/serviceendpoint/endpoints", V), body);
  }

  private static ArmClient.Response get(DevOpsSeeds.Org org, String project, String id) {
    return arm.devOps("GET", org.path(project + "/_apis/serviceendpoint/endpoints/" + id, V), null);
  }

  private static String endpoint(DevOpsSeeds.Org org, String name) {
    return DevOpsSeeds.azureRmEndpoint(name, org.project().id(), "4d9a1f6e-2b3c-4e5f-8a7b-6c5d4e3f2a1b");
  }

  @Test
  void aFederatedAzureRmConnectionGetsItsIssuerAndSubjectAndIsInProgressUntilReady() {
    arm.sim().devOps().serviceEndpoints().setReadyDelay(Duration.ofMillis(500));
    Organization organization = arm.sim().devOps().seedOrganization("org-wif-" + Guid.random().substring(0, 8),
        "c8b6a3b0-3f4e-4a55-9d3e-2f1b0a9c8d7e", null);
    DevOpsSeeds.Org org = new DevOpsSeeds.Org(organization,
        arm.sim().devOps().seedProject(organization.name(), "Pipelines"));

    ArmClient.Response created = create(org, endpoint(org, "sc-vault"));

    assertThat(created.status()).isEqualTo(200);
    JsonNode body = created.json();
    String id = body.path("id").asText();
    assertThat(Guid.is(id)).isTrue();
    JsonNode parameters = body.path("authorization").path("parameters");
    assertThat(parameters.path("workloadIdentityFederationIssuer").asText())
        .isEqualTo("https://login.microsoftonline.com/" + TestIds.TENANT + "/v2.0");
    assertThat(parameters.path("workloadIdentityFederationSubject").asText()).isEqualTo(
        "/eid1/c/pub/t/v4j5cvGGr0GRqy180BHbRw/a/rISbSSETf0KqFyZ8ppdXmA/sc/c8b6a3b0-3f4e-4a55-9d3e-2f1b0a9c8d7e/" + id);
    assertThat(parameters.path("tenantid").asText()).isEqualTo(TestIds.TENANT);
    assertThat(parameters.path("serviceprincipalid").asText()).isEqualTo("4d9a1f6e-2b3c-4e5f-8a7b-6c5d4e3f2a1b");
    assertThat(body.path("authorization").path("scheme").asText()).isEqualTo("WorkloadIdentityFederation");
    assertThat(body.path("isReady").asBoolean()).isFalse();
    assertThat(body.path("operationStatus").path("state").asText()).isEqualTo("InProgress");
    assertThat(body.path("description").asText()).isEqualTo("Vault access");
    assertThat(body.path("data").path("subscriptionName").asText()).isEqualTo("Pipelines");
    assertThat(body.path("data").path("creationMode").asText()).isEqualTo("Manual");
    assertThat(body.path("owner").asText()).isEqualTo("library");
    JsonNode reference = body.path("serviceEndpointProjectReferences").get(0);
    assertThat(reference.path("projectReference").path("id").asText()).isEqualTo(org.project().id());
    assertThat(reference.path("projectReference").path("name").asText()).isEqualTo("Pipelines");
    assertThat(reference.path("name").asText()).isEqualTo("sc-vault");

    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() ->
        get(org, "Pipelines", id).json().path("isReady").asBoolean());

    JsonNode ready = get(org, org.project().id(), id).json();
    assertThat(ready.path("operationStatus").path("state").asText()).isEqualTo("Ready");
    assertThat(ready.path("authorization").path("parameters").path("workloadIdentityFederationSubject").asText())
        .isEqualTo(parameters.path("workloadIdentityFederationSubject").asText());
    assertThat(arm.sim().devOps().serviceEndpoints().find(org.name(), id)).hasValueSatisfying(e -> {
      assertThat(e.isReady()).isTrue();
      assertThat(e.parameter(SimServiceEndpoint.SUBJECT_PARAMETER)).hasValue(
          parameters.path("workloadIdentityFederationSubject").asText());
    });
  }

  @Test
  void withNoDelayAConnectionIsReadyAtOnceAndTheTypeIgnoresCase() {
    arm.sim().devOps().serviceEndpoints().setReadyDelay(Duration.ZERO);
    DevOpsSeeds.Org org = DevOpsSeeds.organization(arm.sim());

    JsonNode body = create(org, endpoint(org, "sc-now").replace("\"AzureRM\"", "\"azurerm\"")).json();

    assertThat(body.path("isReady").asBoolean()).isTrue();
    assertThat(body.path("operationStatus").path("state").asText()).isEqualTo("Ready");
    assertThat(body.path("type").asText()).isEqualTo("azurerm");
    assertThat(body.path("authorization").path("parameters").path("workloadIdentityFederationSubject").asText())
        .endsWith("/sc/" + org.organization().id() + "/" + body.path("id").asText());
  }

  @Test
  void secretsAreNeverReturnedAndKeptWhenAnUpdateLeavesThemOut() {
    DevOpsSeeds.Org org = DevOpsSeeds.organization(arm.sim());
    String withSecret = endpoint(org, "sc-secret").replace("\"WorkloadIdentityFederation\"", "\"ServicePrincipal\"")
        .replace("\"serviceprincipalid\"", "\"serviceprincipalkey\":\"s3cr3t\",\"authenticationType\":\"spnKey\","
            + "\"serviceprincipalid\"");

    JsonNode created = create(org, withSecret).json();
    String id = created.path("id").asText();
    JsonNode read = get(org, org.project().name().replace(" ", "%20"), id).json();
    ArmClient.Response updated = arm.devOps("PUT", org.path("_apis/serviceendpoint/endpoints/" + id, V),
        withSecret.replace("\"s3cr3t\"", "null").replace("Vault access", "Changed"));

    for (JsonNode endpoint : new JsonNode[] {created, read, updated.json()}) {
      JsonNode parameters = endpoint.path("authorization").path("parameters");
      assertThat(parameters.has("serviceprincipalkey")).isTrue();
      assertThat(parameters.path("serviceprincipalkey").isNull()).isTrue();
      assertThat(parameters.has("workloadIdentityFederationSubject")).as("no federation").isFalse();
    }
    assertThat(created.path("isReady").asBoolean()).as("only federated connections take time").isTrue();
    assertThat(created.toString()).doesNotContain("s3cr3t");
    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.json().path("description").asText()).isEqualTo("Changed");
    assertThat(arm.sim().devOps().serviceEndpoints().find(org.name(), id).orElseThrow()
        .parameter("serviceprincipalkey")).hasValue("s3cr3t");
  }

  @Test
  void aConnectionIsSeenOnlyFromItsProjectsAndMissingOnesAreNull() {
    DevOpsSeeds.Org org = DevOpsSeeds.organization(arm.sim());
    Project elsewhere = arm.sim().devOps().seedProject(org.name(), "Elsewhere");
    String id = create(org, endpoint(org, "sc-mine")).json().path("id").asText();

    ArmClient.Response fromElsewhere = get(org, elsewhere.name(), id);
    ArmClient.Response missing = get(org, org.project().id(), Guid.random());

    assertThat(fromElsewhere.status()).isEqualTo(200);
    assertThat(fromElsewhere.body()).isEqualTo("null");
    assertThat(missing.status()).isEqualTo(200);
    assertThat(missing.body()).isEqualTo("null");
  }

  @Test
  void listsByNamesOrTypeOnlyOnceReady() {
    arm.sim().devOps().serviceEndpoints().setReadyDelay(Duration.ofSeconds(30));
    DevOpsSeeds.Org org = DevOpsSeeds.organization(arm.sim());
    create(org, endpoint(org, "sc-pending"));
    arm.sim().devOps().serviceEndpoints().setReadyDelay(Duration.ZERO);
    String ready = create(org, endpoint(org, "sc-ready")).json().path("id").asText();
    create(org, endpoint(org, "sc-other"));
    String byNames = org.projectPath("_apis/serviceendpoint/endpoints?endpointNames=SC-READY,sc-pending", V);

    JsonNode named = arm.devOps("GET", byNames, null).json();
    JsonNode byType = arm.devOps("GET", org.projectPath("_apis/serviceendpoint/endpoints?type=azurerm", V), null)
        .json();
    JsonNode generic = arm.devOps("GET", org.projectPath("_apis/serviceendpoint/endpoints?type=Generic", V), null)
        .json();

    assertThat(named.path("count").asInt()).isEqualTo(1);
    assertThat(named.path("value").get(0).path("id").asText()).isEqualTo(ready);
    assertThat(DevOpsSeeds.each(byType.path("value"), "name")).containsExactlyInAnyOrder("sc-ready", "sc-other");
    assertThat(generic.path("count").asInt()).isZero();
    assertThat(arm.sim().devOps().serviceEndpoints().all(org.name())).hasSize(3);
  }

  @Test
  void namesAreUniquePerProject() {
    DevOpsSeeds.Org org = DevOpsSeeds.organization(arm.sim());
    Project other = arm.sim().devOps().seedProject(org.name(), "Other");
    create(org, endpoint(org, "sc-twice"));

    ArmClient.Response again = create(org, endpoint(org, "SC-TWICE"));
    ArmClient.Response inOther = create(org, DevOpsSeeds.azureRmEndpoint("sc-twice", other.id(), Guid.random()));

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.typeKey()).isEqualTo("DuplicateServiceConnectionException");
    assertThat(again.message()).isEqualTo("A service connection with name 'SC-TWICE' already exists in project '"
        + org.project().name() + "'. Choose a different name for the service connection.");
    assertThat(inOther.status()).isEqualTo(200);
  }

  @Test
  void requestsAreValidated() {
    DevOpsSeeds.Org org = DevOpsSeeds.organization(arm.sim());

    ArmClient.Response automatic = create(org, endpoint(org, "sc-auto").replace("\"Manual\"", "\"Automatic\""));
    ArmClient.Response badTenant = create(org, endpoint(org, "sc-tenant").replace(TestIds.TENANT, "contoso"));
    ArmClient.Response unknownProject = create(org, DevOpsSeeds.azureRmEndpoint("sc-p", Guid.random(),
        Guid.random()));
    ArmClient.Response noProjects = create(org, "{\"name\":\"sc-n\",\"type\":\"Generic\",\"url\":\"https://x\","
        + "\"authorization\":{\"scheme\":\"None\"}}");
    ArmClient.Response noName = create(org, "{\"type\":\"Generic\"}");

    assertThat(automatic.status()).isEqualTo(400);
    assertThat(automatic.typeKey()).isEqualTo("ArgumentException");
    assertThat(automatic.message()).contains("creationMode 'Manual'");
    assertThat(badTenant.status()).isEqualTo(400);
    assertThat(badTenant.message()).contains("'tenantid'");
    assertThat(unknownProject.status()).isEqualTo(404);
    assertThat(unknownProject.typeKey()).isEqualTo("ProjectDoesNotExistException");
    assertThat(noProjects.status()).isEqualTo(400);
    assertThat(noProjects.typeKey()).isEqualTo("ArgumentNullException");
    assertThat(noName.message()).isEqualTo("Value cannot be null.\r\nParameter name: endpoint.Name");
    assertThat(arm.sim().devOps().serviceEndpoints().all(org.name())).isEmpty();
  }

  @Test
  void updatesReplaceTheConnectionButNotItsType() {
    arm.sim().devOps().serviceEndpoints().setReadyDelay(Duration.ZERO);
    DevOpsSeeds.Org org = DevOpsSeeds.organization(arm.sim());
    JsonNode created = create(org, endpoint(org, "sc-update")).json();
    String id = created.path("id").asText();
    String path = org.path("_apis/serviceendpoint/endpoints/" + id, V);

    ArmClient.Response renamed = arm.devOps("PUT", path, endpoint(org, "sc-renamed"));
    ArmClient.Response retyped = arm.devOps("PUT", path, endpoint(org, "sc-renamed").replace("\"AzureRM\"",
        "\"Generic\""));
    ArmClient.Response missing = arm.devOps("PUT", org.path("_apis/serviceendpoint/endpoints/" + Guid.random(), V),
        endpoint(org, "sc-x"));

    assertThat(renamed.status()).isEqualTo(200);
    assertThat(renamed.json().path("name").asText()).isEqualTo("sc-renamed");
    assertThat(renamed.json().path("authorization").path("parameters").path("workloadIdentityFederationSubject"))
        .isEqualTo(created.path("authorization").path("parameters").path("workloadIdentityFederationSubject"));
    assertThat(retyped.status()).isEqualTo(400);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.typeKey()).isEqualTo("ServiceEndpointNotFoundException");
  }

  @Test
  void deleteRemovesTheConnectionFromTheNamedProjects() {
    DevOpsSeeds.Org org = DevOpsSeeds.organization(arm.sim());
    String id = create(org, endpoint(org, "sc-delete")).json().path("id").asText();
    String path = org.path("_apis/serviceendpoint/endpoints/" + id, V);

    ArmClient.Response withoutProjects = arm.devOps("DELETE", path, null);
    ArmClient.Response deleted = arm.devOps("DELETE", org.path("_apis/serviceendpoint/endpoints/" + id
        + "?projectIds=" + org.project().id(), V), null);
    ArmClient.Response again = arm.devOps("DELETE", org.path("_apis/serviceendpoint/endpoints/" + id
        + "?projectIds=" + org.project().id(), V), null);

    assertThat(withoutProjects.status()).isEqualTo(400);
    assertThat(withoutProjects.message()).isEqualTo("Value cannot be null.\r\nParameter name: projectIds");
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(get(org, org.project().id(), id).body()).isEqualTo("null");
    assertThat(arm.sim().devOps().serviceEndpoints().find(org.name(), id)).isEmpty();
    assertThat(again.status()).isEqualTo(404);
  }
}
