package io.vaultgate.simulator.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultgate.simulator.ArmClient;
import io.vaultgate.simulator.TestIds;
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.Guid;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Microsoft Graph's federatedIdentityCredentials of applications over raw HTTPS, and their state API. */
class ApplicationCredentialHttpTest {
  private static final String ISSUER = "https://login.microsoftonline.com/" + TestIds.TENANT + "/v2.0";

  @RegisterExtension
  static final ArmClient arm = new ArmClient();

  private static Directory.AppRegistration app() {
    return arm.sim().directory().seedApp("sc-app");
  }

  private static String credentials(Directory.AppRegistration app) {
    return "/v1.0/applications/" + app.applicationObjectId() + "/federatedIdentityCredentials";
  }

  private static String body(String name, String subject) {
    return """
        {"name":"%s","issuer":"%s","subject":"%s","audiences":["api://AzureADTokenExchange"]}
        """.formatted(name, ISSUER, subject);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Test
  void createAnswers201WithTheCredentialAndItsEntityContext() {
    Directory.AppRegistration app = app();

    ArmClient.Response created = arm.graph("POST", credentials(app), body("sc-1", "/eid1/sc/1"));

    assertThat(created.status()).isEqualTo(201);
    JsonNode fic = created.json();
    assertThat(fic.path("@odata.context").asText()).isEqualTo(arm.sim().graphBaseUrl()
        + "v1.0/$metadata#applications('" + app.applicationObjectId() + "')/federatedIdentityCredentials/$entity");
    assertThat(Guid.is(fic.path("id").asText())).isTrue();
    assertThat(fic.path("name").asText()).isEqualTo("sc-1");
    assertThat(fic.path("issuer").asText()).isEqualTo(ISSUER);
    assertThat(fic.path("subject").asText()).isEqualTo("/eid1/sc/1");
    assertThat(fic.path("description").isNull()).isTrue();
    assertThat(fic.path("audiences").toString()).isEqualTo("[\"api://AzureADTokenExchange\"]");
    assertThat(arm.sim().directory().federatedCredentials(app.appId())).singleElement()
        .satisfies(c -> assertThat(c.id()).isEqualTo(fic.path("id").asText()));
  }

  @Test
  void listsFiltersAndGetsByIdOrNameUnderObjectIdOrAppId() {
    Directory.AppRegistration app = app();
    String id = arm.graph("POST", credentials(app), body("sc-a", "subject-a")).json().path("id").asText();
    arm.graph("POST", credentials(app), body("sc-b", "subject-b"));
    String byAppId = "/v1.0/applications(appId='" + app.appId() + "')/federatedIdentityCredentials";

    JsonNode all = arm.graph(credentials(app)).json();
    JsonNode bySubject = arm.graph(credentials(app) + "?$filter=" + encode("subject eq 'subject-b'")).json();
    JsonNode byName = arm.graph(byAppId + "?$filter=" + encode("name eq 'sc-a'")).json();

    assertThat(all.path("@odata.context").asText()).endsWith("$metadata#applications('" + app.applicationObjectId()
        + "')/federatedIdentityCredentials");
    assertThat(all.path("value").findValuesAsText("name")).containsExactly("sc-a", "sc-b");
    assertThat(bySubject.path("value").findValuesAsText("name")).containsExactly("sc-b");
    assertThat(byName.path("value").findValuesAsText("id")).containsExactly(id);
    assertThat(arm.graph(credentials(app) + "?$filter=" + encode("audiences eq 'x'")).errorCode())
        .isEqualTo("Request_UnsupportedQuery");
    JsonNode one = arm.graph(credentials(app) + "/" + id).json();
    assertThat(one.path("name").asText()).isEqualTo("sc-a");
    assertThat(one.path("@odata.context").asText()).endsWith("/federatedIdentityCredentials/$entity");
    assertThat(arm.graph(credentials(app) + "/SC-A").json().path("id").asText()).isEqualTo(id);
    assertThat(arm.graph(byAppId + "/" + id).json().path("name").asText()).isEqualTo("sc-a");
    assertThat(arm.graph(credentials(app) + "(name='sc-b')").json().path("subject").asText()).isEqualTo("subject-b");
  }

  @Test
  void patchAnswers204AndTheNameCannotChange() {
    Directory.AppRegistration app = app();
    String id = arm.graph("POST", credentials(app), body("sc-p", "subject-1")).json().path("id").asText();

    ArmClient.Response updated = arm.graph("PATCH", credentials(app) + "/" + id,
        "{\"name\":\"sc-p\",\"subject\":\"subject-2\",\"description\":\"Updated\"}");
    ArmClient.Response renamed = arm.graph("PATCH", credentials(app) + "/sc-p", "{\"name\":\"sc-q\"}");

    assertThat(updated.status()).isEqualTo(204);
    assertThat(updated.body()).isEmpty();
    JsonNode fic = arm.graph(credentials(app) + "/" + id).json();
    assertThat(fic.path("subject").asText()).isEqualTo("subject-2");
    assertThat(fic.path("description").asText()).isEqualTo("Updated");
    assertThat(fic.path("issuer").asText()).as("absent properties are kept").isEqualTo(ISSUER);
    assertThat(renamed.status()).isEqualTo(400);
    assertThat(renamed.errorCode()).isEqualTo("Request_BadRequest");
    assertThat(arm.graph("PATCH", credentials(app) + "/missing", "{\"subject\":\"x\"}").status()).isEqualTo(404);
  }

  @Test
  void upsertByNameCreatesWithPreferAndUpdatesOtherwise() {
    Directory.AppRegistration app = app();
    String byName = credentials(app) + "(name='sc-upsert')";

    ArmClient.Response withoutPrefer = arm.graph("PATCH", byName, body("sc-upsert", "s-1"));
    ArmClient.Response created = arm.send(arm.request("/").uri(URI.create(arm.sim().graphBaseUrl()
            + byName.substring(1))).header("Authorization", "Bearer " + arm.sim().bearerToken())
        .header("Content-Type", "application/json").header("Prefer", "create-if-missing")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(body("sc-upsert", "s-1"))));
    ArmClient.Response updated = arm.graph("PATCH", byName, "{\"subject\":\"s-2\"}");

    assertThat(withoutPrefer.status()).isEqualTo(404);
    assertThat(withoutPrefer.errorCode()).isEqualTo("Request_ResourceNotFound");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().path("name").asText()).isEqualTo("sc-upsert");
    assertThat(updated.status()).isEqualTo(204);
    assertThat(arm.sim().directory().federatedCredentials(app.appId())).singleElement()
        .satisfies(c -> assertThat(c.subject()).isEqualTo("s-2"));
  }

  @Test
  void deleteAnswers204ThenTheCredentialIsGone() {
    Directory.AppRegistration app = app();
    arm.graph("POST", credentials(app), body("sc-d", "subject-d"));

    ArmClient.Response deleted = arm.graph("DELETE", credentials(app) + "/sc-d", null);

    assertThat(deleted.status()).isEqualTo(204);
    assertThat(arm.graph(credentials(app) + "/sc-d").status()).isEqualTo(404);
    assertThat(arm.graph("DELETE", credentials(app) + "/sc-d", null).status()).isEqualTo(404);
    assertThat(arm.sim().directory().federatedCredentials(app.appId())).isEmpty();
  }

  @Test
  void anApplicationHoldsAtMostTwentyCredentials() {
    Directory.AppRegistration app = app();
    for (int i = 1; i <= 20; i++) {
      assertThat(arm.graph("POST", credentials(app), body("sc-" + i, "subject-" + i)).status()).isEqualTo(201);
    }

    ArmClient.Response twentyFirst = arm.graph("POST", credentials(app), body("sc-21", "subject-21"));

    assertThat(twentyFirst.status()).isEqualTo(400);
    assertThat(twentyFirst.errorCode()).isEqualTo("Request_BadRequest");
    assertThat(twentyFirst.errorMessage()).contains("maximum number of federated identity credentials (20)");
    assertThat(arm.sim().directory().federatedCredentials(app.appId())).hasSize(20);
    assertThat(arm.graph("PATCH", credentials(app) + "/sc-20", "{\"subject\":\"subject-20b\"}").status())
        .as("changing one of the twenty is no twenty-first").isEqualTo(204);
    assertThatThrownBy(() -> arm.sim().directory().addFederatedCredential(app.appId(), "sc-21", ISSUER, "s"))
        .isInstanceOf(ApiError.class);
  }

  @Test
  void issuerAndSubjectAreUniquePerApplicationAndNamesToo() {
    Directory.AppRegistration app = app();
    Directory.AppRegistration other = app();
    arm.graph("POST", credentials(app), body("sc-u", "subject-u"));

    ArmClient.Response samePair = arm.graph("POST", credentials(app), body("sc-v", "subject-u"));
    ArmClient.Response sameName = arm.graph("POST", credentials(app), body("SC-U", "subject-v"));
    ArmClient.Response otherApp = arm.graph("POST", credentials(other), body("sc-u", "subject-u"));

    assertThat(samePair.status()).isEqualTo(400);
    assertThat(samePair.errorCode()).isEqualTo("InvalidFederatedIdentityCredentialValue");
    assertThat(samePair.errorMessage()).isEqualTo("The combination of issuer and subject must be unique for the"
        + " application. Issuer " + ISSUER + " and Subject: subject-u already exist. paramName:"
        + " FederatedIdentityCredential.Subject, paramValue: subject-u, objectType:"
        + " Microsoft.Online.DirectoryServices.Application");
    assertThat(sameName.status()).isEqualTo(400);
    assertThat(sameName.errorCode()).isEqualTo("Request_MultipleObjectsWithSameKeyValue");
    assertThat(otherApp.status()).isEqualTo(201);
  }

  @Test
  void audiencesHoldExactlyOneValueAndLengthsAreLimited() {
    Directory.AppRegistration app = app();
    String none = "{\"name\":\"a1\",\"issuer\":\"" + ISSUER + "\",\"subject\":\"s1\",\"audiences\":[]}";
    String two = "{\"name\":\"a2\",\"issuer\":\"" + ISSUER + "\",\"subject\":\"s2\",\"audiences\":[\"a\",\"b\"]}";

    assertThat(arm.graph("POST", credentials(app), none).errorMessage())
        .isEqualTo("Invalid value specified for property 'audiences' of resource 'FederatedIdentityCredential'.");
    assertThat(arm.graph("POST", credentials(app), two).status()).isEqualTo(400);
    assertThat(arm.graph("POST", credentials(app), body("n".repeat(121), "s3")).errorMessage()).contains("'name'");
    assertThat(arm.graph("POST", credentials(app), body("n".repeat(120), "s3")).status()).isEqualTo(201);
    assertThat(arm.graph("POST", credentials(app), body("long-subject", "s".repeat(601))).errorMessage())
        .contains("'subject'");
    assertThat(arm.graph("POST", credentials(app), body("max-subject", "s".repeat(600))).status()).isEqualTo(201);
    assertThat(arm.graph("POST", credentials(app), "{\"issuer\":\"" + ISSUER + "\"}").errorMessage())
        .contains("'name'");
    assertThat(arm.graph("POST", credentials(app), "not json").errorCode()).isEqualTo("BadRequest");
  }

  @Test
  void unknownApplicationsAre404AndBadIds400() {
    assertThat(arm.graph("/v1.0/applications/9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a/federatedIdentityCredentials")
        .errorCode()).isEqualTo("Request_ResourceNotFound");
    assertThat(arm.graph("/v1.0/applications(appId='9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a')"
        + "/federatedIdentityCredentials").status()).isEqualTo(404);
    assertThat(arm.graph("/v1.0/applications/not-a-guid/federatedIdentityCredentials").errorMessage())
        .isEqualTo("Invalid object identifier 'not-a-guid'.");
  }

  @Test
  void anotherAdministratorsChangesAreWhatGraphServes() {
    Directory.AppRegistration app = app();
    Directory directory = arm.sim().directory();

    FederatedIdentityCredential added = directory.addFederatedCredential(app.appId(), "sc-state", ISSUER, "s-1");
    FederatedIdentityCredential replaced = directory.replaceFederatedCredential(app.appId(),
        new FederatedIdentityCredential(Guid.random(), "sc-state", ISSUER, "s-2",
            List.of(FederatedIdentityCredential.TOKEN_EXCHANGE_AUDIENCE), "by hand"));

    assertThat(replaced.id()).as("the id stays").isEqualTo(added.id());
    JsonNode served = arm.graph(credentials(app) + "/" + added.id()).json();
    assertThat(served.path("subject").asText()).isEqualTo("s-2");
    assertThat(served.path("description").asText()).isEqualTo("by hand");
    assertThat(directory.deleteFederatedCredential(app.appId(), "sc-state")).isTrue();
    assertThat(arm.graph(credentials(app)).json().path("value").size()).isZero();

    directory.addFederatedCredential(app.appId(), "sc-gone", ISSUER, "s-3");
    directory.deleteApp(app.appId());
    Directory.AppRegistration again = directory.seedApp("sc-app", app.appId(), app.applicationObjectId(), null);
    assertThat(directory.federatedCredentials(again.appId())).as("deleting an app deletes its credentials")
        .isEmpty();
  }
}
