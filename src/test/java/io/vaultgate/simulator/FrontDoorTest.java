package io.vaultgate.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The checks the three front doors share, in the order and the words of each service: token, routing (no such
 * route, method not allowed) and the headers of every answer.
 */
class FrontDoorTest {
  @RegisterExtension
  static final ArmClient arm = new ArmClient();

  private static final String NO_PROVIDER = "/subscriptions/" + TestIds.SUBSCRIPTION
      + "/providers/Microsoft.Nothing/things";

  @Test
  void armChecksTheTokenThenTheApiVersionThenTheRoute() {
    ArmClient.Response anonymous = arm.send(arm.request(NO_PROVIDER).GET());
    ArmClient.Response noVersion = arm.get(NO_PROVIDER);
    ArmClient.Response noRoute = arm.get(NO_PROVIDER + "?api-version=1");
    ArmClient.Response noMethod = arm.send("POST", ArmClient.vaultPath(TestIds.freshVault()), "{}");

    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.errorCode()).isEqualTo("AuthenticationFailed");
    assertThat(noVersion.status()).isEqualTo(400);
    assertThat(noVersion.errorCode()).isEqualTo("MissingApiVersionParameter");
    assertThat(noRoute.status()).isEqualTo(404);
    assertThat(noRoute.errorCode()).isEqualTo("NotFound");
    assertThat(noRoute.errorMessage()).isEqualTo("No resource provider of this Azure Resource Manager serves '"
        + NO_PROVIDER + "'.");
    assertThat(noMethod.status()).isEqualTo(405);
    assertThat(noMethod.errorCode()).isEqualTo("MethodNotAllowed");
    assertThat(noMethod.errorMessage()).isEqualTo("The requested resource does not support http method 'POST'.");
    for (ArmClient.Response response : new ArmClient.Response[] {anonymous, noVersion, noRoute, noMethod}) {
      assertThat(response.header("x-ms-request-id")).isNotBlank();
      assertThat(response.header("x-ms-correlation-request-id")).isNotBlank();
    }
    assertThat(noMethod.header("x-ms-ratelimit-remaining-subscription-writes")).isEqualTo("199");
  }

  @Test
  void graphWordsTokenAndRoutingErrorsItsOwnWay() {
    ArmClient.Response anonymous = arm.send(HttpRequest.newBuilder(URI.create(arm.sim().graphBaseUrl()
        + "v1.0/nothing")).GET());
    ArmClient.Response noRoute = arm.send(HttpRequest.newBuilder(URI.create(arm.sim().graphBaseUrl()
        + "v1.0/nothing")).header("Authorization", "Bearer " + arm.sim().bearerToken())
        .header("client-request-id", "mine").GET());
    ArmClient.Response noMethod = arm.graph("DELETE", "/v1.0/servicePrincipals", null);

    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.errorCode()).isEqualTo("InvalidAuthenticationToken");
    assertThat(anonymous.errorMessage()).isEqualTo("Authentication failed. The 'Authorization' header is missing.");
    assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer ");
    assertThat(noRoute.status()).isEqualTo(400);
    assertThat(noRoute.errorCode()).isEqualTo("BadRequest");
    assertThat(noRoute.errorMessage()).isEqualTo("Resource not found for the segment 'nothing'.");
    assertThat(noRoute.json().path("error").path("innerError").path("request-id").asText())
        .isEqualTo(noRoute.header("request-id"));
    assertThat(noRoute.header("client-request-id")).isEqualTo("mine");
    assertThat(noRoute.json().path("error").path("innerError").path("client-request-id").asText())
        .isEqualTo("mine");
    assertThat(noMethod.status()).isEqualTo(405);
    assertThat(noMethod.errorCode()).isEqualTo("Request_BadRequest");
    assertThat(noMethod.errorMessage()).isEqualTo("Specified HTTP method is not allowed for the request uri.");
  }

  @Test
  void azureDevOpsRoutesBeforeItAuthenticatesAgainstTheOrganization() {
    String organization = arm.sim().devOps().seedOrganization("org-front-door").name();
    ArmClient.Response noRoute = arm.send(arm.devOpsRequest("/" + organization + "/_apis/nothing").GET());
    ArmClient.Response noOrganization = arm.send(arm.devOpsRequest("/org-missing/_apis/projects").GET());
    ArmClient.Response anonymous = arm.send(arm.devOpsRequest("/" + organization + "/_apis/projects").GET());
    ArmClient.Response noMethod = arm.devOps("DELETE", "/" + organization + "/_apis/projects?api-version=7.1",
        null);

    assertThat(noRoute.status()).isEqualTo(404);
    assertThat(noRoute.typeKey()).isEqualTo("HttpException");
    assertThat(noRoute.message()).isEqualTo("The controller for path '/" + organization
        + "/_apis/nothing' was not found or does not implement IController.");
    assertThat(noOrganization.status()).isEqualTo(404);
    assertThat(noOrganization.typeKey()).isEqualTo("OrganizationNotFoundException");
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.body()).isEmpty();
    assertThat(anonymous.header("ActivityId")).isNull();
    assertThat(noMethod.status()).isEqualTo(405);
    assertThat(noMethod.typeKey()).isEqualTo("HttpException");
    assertThat(noMethod.message()).isEqualTo("The requested resource does not support http method 'DELETE'.");
    for (ArmClient.Response response : new ArmClient.Response[] {noRoute, noOrganization, noMethod}) {
      assertThat(response.header("ActivityId")).isNotBlank().isEqualTo(response.header("X-VSS-E2EID"));
    }
  }
}
