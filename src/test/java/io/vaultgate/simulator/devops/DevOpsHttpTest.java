package io.vaultgate.simulator.devops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultgate.simulator.ArmClient;
import io.vaultgate.simulator.FaultAction;
import io.vaultgate.simulator.FaultRule;
import io.vaultgate.simulator.Faults;
import io.vaultgate.simulator.RecordedRequest;
import io.vaultgate.simulator.RequestLog;
import io.vaultgate.simulator.http.Guid;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Azure DevOps's front door over raw HTTPS: authentication, organizations, projects, api-versions, errors, log. */
class DevOpsHttpTest {
  @RegisterExtension
  static final ArmClient arm = new ArmClient();

  private static String basic(String user, String token) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
  }

  private static ArmClient.Response withAuthorization(String pathAndQuery, String authorization) {
    return arm.send(arm.devOpsRequest(pathAndQuery).header("Authorization", authorization).GET());
  }

  @Test
  void connectionDataNamesTheOrganizationId() {
    Organization organization = arm.sim().devOps().seedOrganization("org-connection",
        "8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d", null);

    ArmClient.Response response = arm.devOps("GET", "/org-connection/_apis/connectionData", null);

    assertThat(response.status()).isEqualTo(200);
    JsonNode body = response.json();
    assertThat(body.path("instanceId").asText()).isEqualTo("8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d");
    assertThat(body.path("deploymentType").asText()).isEqualTo("hosted");
    assertThat(body.path("authenticatedUser").path("isActive").asBoolean()).isTrue();
    assertThat(organization.egressAddress()).isEqualTo(DevOps.DEFAULT_EGRESS_ADDRESS);
    assertThat(arm.devOps("GET", "/ORG-CONNECTION/_apis/connectionData?connectOptions=1&lastChangeId=-1", null)
        .json().path("instanceId").asText()).as("organization names ignore case").isEqualTo(organization.id());
  }

  @Test
  void aPersonalAccessTokenOfTheOrganizationAuthenticatesAsBasic() {
    DevOpsSeeds.Org org = DevOpsSeeds.organization(arm.sim());
    DevOpsSeeds.Org other = DevOpsSeeds.organization(arm.sim());
    String token = arm.sim().devOps().seedPersonalAccessToken(org.name());
    arm.sim().devOps().seedPersonalAccessToken(other.name(), "other-organizations-token");
    String path = org.path("_apis/projects", "7.1");

    assertThat(token).hasSize(52);
    assertThat(withAuthorization(path, basic("", token)).status()).isEqualTo(200);
    assertThat(withAuthorization(path, basic("anyone", token)).status()).isEqualTo(200);
    for (String refused : new String[] {basic("", "wrong"), basic("", "other-organizations-token"),
        "Bearer not-the-token", "Basic %%%", "Negotiate abc", "Bearer"}) {
      ArmClient.Response response = withAuthorization(path, refused);
      assertThat(response.status()).as(refused).isEqualTo(401);
      assertThat(response.body()).as("Azure DevOps answers 401 without a body").isEmpty();
      assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }
    assertThat(arm.send(arm.devOpsRequest(path).GET()).status()).isEqualTo(401);
  }

  @Test
  void anUnknownOrganizationIs404InAzureDevOpsErrorShape() {
    ArmClient.Response response = arm.devOps("GET", "/org-missing/_apis/projects?api-version=7.1", null);

    assertThat(response.status()).isEqualTo(404);
    JsonNode body = response.json();
    assertThat(body.path("$id").asText()).isEqualTo("1");
    assertThat(body.has("innerException")).isTrue();
    assertThat(body.path("innerException").isNull()).isTrue();
    assertThat(body.path("message").asText()).isEqualTo("The organization 'org-missing' does not exist.");
    assertThat(body.path("typeKey").asText()).isEqualTo("OrganizationNotFoundException");
    assertThat(body.path("typeName").asText()).isEqualTo("Microsoft.VisualStudio.Services.WebApi"
        + ".OrganizationNotFoundException, Microsoft.VisualStudio.Services.WebApi");
    assertThat(body.path("errorCode").asInt()).isZero();
    assertThat(body.path("eventId").asInt()).isEqualTo(3000);
  }

  @Test
  void listsAndGetsProjectsByNameOrId() {
    DevOpsSeeds.Org org = DevOpsSeeds.organization(arm.sim());
    Project second = arm.sim().devOps().seedProject(org.name(), "Another", "281f9a5b-af0d-49b4-a1df-fe6f5e5f84d0");

    JsonNode list = arm.devOps("GET", org.path("_apis/projects", "7.1"), null).json();
    JsonNode byName = arm.devOps("GET", org.path("_apis/projects/" + org.project().name().replace(" ", "%20"),
        "7.1"), null).json();
    JsonNode byId = arm.devOps("GET", org.path("_apis/projects/" + second.id().toUpperCase(), "7.1"), null).json();

    assertThat(list.path("count").asInt()).isEqualTo(2);
    assertThat(list.path("value").findValuesAsText("name")).containsExactly("Another", org.project().name());
    JsonNode item = list.path("value").get(0);
    assertThat(item.path("id").asText()).isEqualTo(second.id());
    assertThat(item.path("url").asText()).isEqualTo(arm.sim().devOpsBaseUrl() + org.name() + "/_apis/projects/"
        + second.id());
    assertThat(item.path("state").asText()).isEqualTo("wellFormed");
    assertThat(byName.path("id").asText()).isEqualTo(org.project().id());
    assertThat(byName.path("_links").path("web").path("href").asText()).endsWith("/" + org.project().name());
    assertThat(byName.path("defaultTeam").path("name").asText()).isEqualTo(org.project().name() + " Team");
    assertThat(byId.path("name").asText()).isEqualTo("Another");
  }

  @Test
  void anUnknownProjectIsTf200016() {
    DevOpsSeeds.Org org = DevOpsSeeds.organization(arm.sim());

    ArmClient.Response response = arm.devOps("GET", org.path("_apis/projects/Nowhere", "7.1"), null);

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.typeKey()).isEqualTo("ProjectDoesNotExistWithNameException");
    assertThat(response.json().path("typeName").asText()).isEqualTo("Microsoft.TeamFoundation.Core.WebApi"
        + ".ProjectDoesNotExistWithNameException, Microsoft.TeamFoundation.Core.WebApi");
    assertThat(response.message()).isEqualTo("TF200016: The following project does not exist: Nowhere. Verify that"
        + " the name of the project is correct and that the project exists on the specified Azure DevOps Server.");
    assertThat(arm.devOps("GET", org.path("Nowhere/_apis/serviceendpoint/endpoints", "7.1"), null).typeKey())
        .as("project-scoped routes check the project too").isEqualTo("ProjectDoesNotExistWithNameException");
  }

  @Test
  void apiVersionsAreCheckedPerResource() {
    DevOpsSeeds.Org org = DevOpsSeeds.organization(arm.sim());
    String endpoints = "/" + org.name() + "/" + org.project().id() + "/_apis/serviceendpoint/endpoints";
    String permissions = org.projectPath("_apis/pipelines/pipelinePermissions/endpoint/x", "7.1");

    ArmClient.Response none = arm.devOps("GET", endpoints, null);
    ArmClient.Response notPreview = arm.devOps("GET", permissions, null);
    ArmClient.Response tooOld = arm.devOps("GET", endpoints + "?api-version=5.1", null);
    ArmClient.Response inAccept = arm.send(arm.devOpsRequest(endpoints)
        .header("Authorization", "Bearer " + arm.sim().bearerToken())
        .header("Accept", "application/json; api-version=7.1-preview.4").GET());

    assertThat(none.status()).isEqualTo(400);
    assertThat(none.typeKey()).isEqualTo("VssVersionNotSpecifiedException");
    assertThat(notPreview.status()).isEqualTo(400);
    assertThat(notPreview.typeKey()).isEqualTo("VssInvalidPreviewVersionException");
    assertThat(notPreview.message()).isEqualTo("The requested version \"7.1\" of the resource is under preview. The"
        + " -preview flag must be supplied in the api-version for such requests. For example: \"7.1-preview\"");
    assertThat(tooOld.typeKey()).isEqualTo("VssVersionOutOfRangeException");
    assertThat(inAccept.status()).isEqualTo(200);
    assertThat(inAccept.header("Content-Type")).isEqualTo("application/json; charset=utf-8; api-version=7.1-preview.4");
    for (String version : new String[] {"7.1", "7.1-preview.4", "7.0", "6.0-preview.4", "7.1-preview"}) {
      assertThat(arm.devOps("GET", endpoints + "?api-version=" + version, null).status()).as(version).isEqualTo(200);
    }
  }

  @Test
  void unknownPathsAndMethodsAreRefused() {
    DevOpsSeeds.Org org = DevOpsSeeds.organization(arm.sim());

    ArmClient.Response path = arm.devOps("GET", org.path("_apis/nothing", "7.1"), null);
    ArmClient.Response method = arm.devOps("GET", org.path("_apis/serviceendpoint/endpoints/"
        + "5e47a0d8-c745-44f8-8f93-784f18ff31c4", "7.1"), null);

    assertThat(path.status()).isEqualTo(404);
    assertThat(path.typeKey()).isEqualTo("HttpException");
    assertThat(method.status()).isEqualTo(405);
  }

  @Test
  void requestsAreLoggedAndFaultedAsTheirOwnService() {
    DevOpsSeeds.Org org = DevOpsSeeds.organization(arm.sim());
    arm.sim().requests().clear();
    Faults.Active fault = arm.sim().faults().add(FaultRule.next(1, "devops", FaultAction.serverError(503))
        .withRoute(DevOps.PROJECT_ROUTE));

    ArmClient.Response faulted = arm.devOps("GET", org.path("_apis/projects/" + org.project().id(), "7.1"), null);
    arm.devOps("GET", org.path("_apis/projects/" + org.project().id(), "7.1"), null);
    arm.devOps("GET", org.path("_apis/projects", "7.1"), null);
    arm.devOps("POST", org.path("_apis/serviceendpoint/endpoints", "7.1"), DevOpsSeeds.azureRmEndpoint("sc-log",
        org.project().id(), Guid.random()));
    arm.send(arm.devOpsRequest(org.path("_apis/projects", "7.1")).GET());

    assertThat(fault.fired()).isEqualTo(1);
    assertThat(faulted.status()).isEqualTo(503);
    assertThat(faulted.typeKey()).isEqualTo("ServiceUnavailable");
    assertThat(faulted.json().path("eventId").asInt()).isEqualTo(3000);
    RequestLog log = arm.sim().requests();
    assertThat(log.count("devops", "GET", DevOps.PROJECT_ROUTE)).isEqualTo(2);
    assertThat(log.count("devops", "GET", DevOps.PROJECTS_ROUTE)).isEqualTo(2);
    assertThat(log.count("devops", "POST", DevOps.ENDPOINTS_ROUTE)).isEqualTo(1);
    assertThat(log.reads("devops", "/" + org.name())).isEqualTo(4);
    assertThat(log.writes("devops", null)).isEqualTo(1);
    assertThat(log.reads("arm", null) + log.reads("graph", null)).isZero();
    assertThat(log.snapshot()).extracting(RecordedRequest::status).containsExactly(503, 200, 200, 200, 401);
  }
}
