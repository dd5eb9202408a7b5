package io.vaultgate.simulator.graph;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultgate.simulator.ArmClient;
import io.vaultgate.simulator.FaultAction;
import io.vaultgate.simulator.FaultRule;
import io.vaultgate.simulator.Faults;
import io.vaultgate.simulator.RecordedRequest;
import io.vaultgate.simulator.RequestLog;
import io.vaultgate.simulator.TestIds;
import io.vaultgate.simulator.arm.msi.IdentityId;
import io.vaultgate.simulator.arm.msi.UserAssignedIdentity;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Microsoft Graph's servicePrincipals and applications over raw HTTPS: OData shapes, errors, paging, the log. */
class GraphHttpTest {
  @RegisterExtension
  static final ArmClient arm = new ArmClient();

  private static Directory.AppRegistration app;
  private static UserAssignedIdentity identity;

  @BeforeAll
  static void seed() {
    app = arm.sim().directory().seedApp("sc-pipeline", "4d9a1f6e-2b3c-4e5f-8a7b-6c5d4e3f2a1b",
        "7e8f9a0b-1c2d-4e3f-9a8b-7c6d5e4f3a2b", "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
    identity = arm.sim().managedIdentities().create(
        new IdentityId(TestIds.SUBSCRIPTION, TestIds.RESOURCE_GROUP, "id-graph"), "westeurope");
    for (int i = 0; i < 3; i++) {
      arm.sim().directory().seedApp("filler-" + i);
    }
  }

  private static String context(String fragment) {
    return arm.sim().graphBaseUrl() + "v1.0/$metadata#" + fragment;
  }

  @Test
  void listsServicePrincipalsByAppId() {
    ArmClient.Response response = arm.graph("/v1.0/servicePrincipals?$filter=appId%20eq%20'" + app.appId() + "'");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Content-Type")).startsWith("application/json");
    assertThat(response.header("request-id")).matches("[0-9a-f-]{36}");
    JsonNode body = response.json();
    assertThat(body.path("@odata.context").asText()).isEqualTo(context("servicePrincipals"));
    assertThat(body.path("value").size()).isEqualTo(1);
    JsonNode sp = body.path("value").get(0);
    assertThat(sp.path("id").asText()).isEqualTo(app.servicePrincipalObjectId());
    assertThat(sp.path("appId").asText()).isEqualTo(app.appId());
    assertThat(sp.path("displayName").asText()).isEqualTo("sc-pipeline");
    assertThat(sp.path("appDisplayName").asText()).isEqualTo("sc-pipeline");
    assertThat(sp.path("servicePrincipalType").asText()).isEqualTo("Application");
    assertThat(sp.path("appOwnerOrganizationId").asText()).isEqualTo(TestIds.TENANT);
    assertThat(sp.path("accountEnabled").asBoolean()).isTrue();
    assertThat(sp.path("servicePrincipalNames").toString()).isEqualTo("[\"" + app.appId() + "\"]");
    assertThat(arm.graph("/v1.0/serviceprincipals?$filter=appid%20eq%20'" + app.appId().toUpperCase() + "'")
        .json().path("value").size()).as("names and values ignore case").isEqualTo(1);
    assertThat(arm.graph("/v1.0/servicePrincipals?$filter=appId%20eq%20'00000000-0000-0000-0000-000000000000'")
        .json().path("value").size()).isZero();
  }

  @Test
  void getsAServicePrincipalByObjectIdOrAppId() {
    JsonNode byId = arm.graph("/v1.0/servicePrincipals/" + app.servicePrincipalObjectId()).json();
    JsonNode byAppId = arm.graph("/v1.0/servicePrincipals(appId='" + app.appId() + "')").json();

    assertThat(byId.path("@odata.context").asText()).isEqualTo(context("servicePrincipals/$entity"));
    assertThat(byId.path("appId").asText()).isEqualTo(app.appId());
    assertThat(byAppId).isEqualTo(byId);
  }

  @Test
  void aManagedIdentityHasAServicePrincipalToo() {
    JsonNode sp = arm.graph("/v1.0/servicePrincipals(appId='" + identity.clientId() + "')").json();

    assertThat(sp.path("id").asText()).isEqualTo(identity.principalId());
    assertThat(sp.path("servicePrincipalType").asText()).isEqualTo("ManagedIdentity");
    assertThat(sp.path("displayName").asText()).isEqualTo("id-graph");
    assertThat(sp.path("alternativeNames").toString())
        .isEqualTo("[\"isExplicit=True\",\"" + identity.resourceId() + "\"]");
    assertThat(sp.path("appOwnerOrganizationId").isNull()).isTrue();
  }

  @Test
  void getsApplicationsByObjectIdAppIdOrFilter() {
    JsonNode byId = arm.graph("/v1.0/applications/" + app.applicationObjectId()).json();
    JsonNode byAppId = arm.graph("/v1.0/applications(appId='" + app.appId() + "')").json();
    JsonNode list = arm.graph("/v1.0/applications?$filter=appId%20eq%20'" + app.appId() + "'").json();

    assertThat(byId.path("@odata.context").asText()).isEqualTo(context("applications/$entity"));
    assertThat(byId.path("id").asText()).isEqualTo(app.applicationObjectId());
    assertThat(byId.path("appId").asText()).isEqualTo(app.appId());
    assertThat(byId.path("displayName").asText()).isEqualTo("sc-pipeline");
    assertThat(byId.path("createdDateTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(byAppId).isEqualTo(byId);
    assertThat(list.path("@odata.context").asText()).isEqualTo(context("applications"));
    assertThat(list.path("value").size()).isEqualTo(1);
    assertThat(list.path("value").get(0).path("id").asText()).isEqualTo(app.applicationObjectId());
    assertThat(arm.graph("/v1.0/applications/" + app.servicePrincipalObjectId()).status())
        .as("a service principal's id is no application's").isEqualTo(404);
  }

  @Test
  void selectKeepsOnlyTheNamedProperties() {
    JsonNode list = arm.graph("/v1.0/servicePrincipals?$select=id,appId&$filter=displayName%20eq%20'sc-pipeline'")
        .json();
    JsonNode one = arm.graph("/v1.0/applications(appId='" + app.appId() + "')?$select=id,displayName").json();

    assertThat(list.path("@odata.context").asText()).isEqualTo(context("servicePrincipals(id,appId)"));
    assertThat(list.path("value").get(0).toString()).isEqualTo("{\"id\":\"" + app.servicePrincipalObjectId()
        + "\",\"appId\":\"" + app.appId() + "\"}");
    assertThat(one.toString()).isEqualTo("{\"@odata.context\":\"" + context("applications(id,displayName)/$entity")
        + "\",\"id\":\"" + app.applicationObjectId() + "\",\"displayName\":\"sc-pipeline\"}");
  }

  @Test
  void topPagesThroughNextLinksAndCountCountsAll() {
    int total = arm.sim().directory().servicePrincipals().size();
    List<String> ids = new ArrayList<>();
    ArmClient.Response page = arm.graph("/v1.0/servicePrincipals?$top=2&$count=true");
    int pages = 1;
    while (true) {
      JsonNode body = page.json();
      assertThat(body.path("@odata.count").asInt()).isEqualTo(total);
      body.path("value").forEach(sp -> ids.add(sp.path("id").asText()));
      if (!body.has("@odata.nextLink")) {
        break;
      }
      String next = body.path("@odata.nextLink").asText();
      assertThat(next).startsWith(arm.sim().graphBaseUrl() + "v1.0/servicePrincipals?");
      page = arm.graph(next.substring(arm.sim().graphBaseUrl().length() - 1));
      pages++;
    }

    assertThat(ids).hasSize(total).doesNotHaveDuplicates();
    assertThat(pages).isEqualTo((total + 1) / 2);
    assertThat(arm.graph("/v1.0/servicePrincipals?$top=0").status()).isEqualTo(400);
  }

  @Test
  void servicePrincipalNamesCanBeSearchedWithAny() {
    JsonNode list = arm.graph("/v1.0/servicePrincipals?$filter=servicePrincipalNames/any(c:c%20eq%20'"
        + app.appId() + "')").json();

    assertThat(list.path("value").size()).isEqualTo(1);
    assertThat(list.path("value").get(0).path("id").asText()).isEqualTo(app.servicePrincipalObjectId());
  }

  @Test
  void aMissingObjectIs404InGraphsErrorShape() {
    String missing = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a";

    ArmClient.Response response = arm.send(arm.request("/")
        .uri(URI.create(arm.sim().graphBaseUrl() + "v1.0/servicePrincipals/" + missing))
        .header("Authorization", "Bearer " + arm.sim().bearerToken())
        .header("client-request-id", "my-correlation").GET());

    assertThat(response.status()).isEqualTo(404);
    JsonNode error = response.json().path("error");
    assertThat(error.path("code").asText()).isEqualTo("Request_ResourceNotFound");
    assertThat(error.path("message").asText()).isEqualTo("Resource '" + missing + "' does not exist or one of its"
        + " queried reference-property objects are not present.");
    JsonNode inner = error.path("innerError");
    assertThat(inner.path("date").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
    assertThat(inner.path("request-id").asText()).isEqualTo(response.header("request-id"));
    assertThat(inner.path("client-request-id").asText()).isEqualTo("my-correlation");
    assertThat(response.header("client-request-id")).isEqualTo("my-correlation");
    assertThat(arm.graph("/v1.0/applications(appId='" + missing + "')").errorCode())
        .isEqualTo("Request_ResourceNotFound");
  }

  @Test
  void badIdsFiltersAndPathsAreBadRequests() {
    ArmClient.Response badId = arm.graph("/v1.0/servicePrincipals/sc-pipeline");
    ArmClient.Response badProperty = arm.graph("/v1.0/servicePrincipals?$filter=homepage%20eq%20'x'");
    ArmClient.Response badSyntax = arm.graph("/v1.0/servicePrincipals?$filter=appId%20=%20'x'");
    ArmClient.Response badPath = arm.graph("/v1.0/servicePrincipalz");

    assertThat(badId.status()).isEqualTo(400);
    assertThat(badId.errorCode()).isEqualTo("Request_BadRequest");
    assertThat(badId.errorMessage()).isEqualTo("Invalid object identifier 'sc-pipeline'.");
    assertThat(badProperty.status()).isEqualTo(400);
    assertThat(badProperty.errorCode()).isEqualTo("Request_UnsupportedQuery");
    assertThat(badProperty.errorMessage()).isEqualTo("Unsupported or invalid query filter clause specified for"
        + " property 'homepage' of resource 'ServicePrincipal'.");
    assertThat(badSyntax.status()).isEqualTo(400);
    assertThat(badPath.status()).isEqualTo(400);
    assertThat(badPath.errorMessage()).isEqualTo("Resource not found for the segment 'servicePrincipalz'.");
  }

  @Test
  void aMissingTokenIs401InGraphsShape() {
    ArmClient.Response response = arm.send(arm.request("/")
        .uri(URI.create(arm.sim().graphBaseUrl() + "v1.0/servicePrincipals")).GET());

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.errorCode()).isEqualTo("InvalidAuthenticationToken");
    assertThat(response.json().path("error").has("innerError")).isTrue();
  }

  @Test
  void graphRequestsAreLoggedAndFaultedAsTheirOwnService() {
    arm.sim().requests().clear();
    Faults.Active fault = arm.sim().faults().add(FaultRule.next(1, "graph", FaultAction.serverError(503)));

    ArmClient.Response faulted = arm.graph("/v1.0/servicePrincipals/" + app.servicePrincipalObjectId());
    arm.graph("/v1.0/servicePrincipals/" + app.servicePrincipalObjectId());
    arm.graph("/v1.0/servicePrincipals?$filter=appId%20eq%20'" + app.appId() + "'");

    assertThat(fault.fired()).isEqualTo(1);
    assertThat(faulted.status()).isEqualTo(503);
    assertThat(faulted.json().path("error").path("innerError").has("request-id")).isTrue();
    RequestLog log = arm.sim().requests();
    assertThat(log.count("graph", "GET", Directory.SERVICE_PRINCIPAL_ROUTE)).isEqualTo(2);
    assertThat(log.count("graph", "GET", Directory.SERVICE_PRINCIPALS_ROUTE)).isEqualTo(1);
    assertThat(log.reads("graph", null)).isEqualTo(3);
    assertThat(log.reads("arm", null)).isZero();
    assertThat(log.snapshot()).extracting(RecordedRequest::status).containsExactly(503, 200, 200);
  }
}
