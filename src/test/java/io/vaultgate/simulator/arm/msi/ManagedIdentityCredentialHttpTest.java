package io.vaultgate.simulator.arm.msi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultgate.simulator.ArmClient;
import io.vaultgate.simulator.TestIds;
import io.vaultgate.simulator.graph.FederatedIdentityCredential;
import io.vaultgate.simulator.http.ApiError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Federated identity credentials of user-assigned identities over raw HTTPS, and their state API. */
class ManagedIdentityCredentialHttpTest {
  private static final String VERSION = "2024-11-30";
  private static final String ISSUER = "https://login.microsoftonline.com/" + TestIds.TENANT + "/v2.0";
  private static final AtomicInteger COUNTER = new AtomicInteger();

  @RegisterExtension
  static final ArmClient arm = new ArmClient();

  @AfterEach
  void writesEndAtOnceAgain() {
    arm.sim().managedIdentities().setFederatedCredentialWriteDuration(Duration.ZERO);
  }

  private static IdentityId identity() {
    IdentityId id = new IdentityId(TestIds.SUBSCRIPTION, TestIds.RESOURCE_GROUP, "id-fic-" + COUNTER.incrementAndGet());
    arm.sim().managedIdentities().create(id, "westeurope");
    return id;
  }

  private static String path(IdentityId id, String name) {
    return id.resourceId() + "/federatedIdentityCredentials" + (name == null ? "" : "/" + name) + "?api-version="
        + VERSION;
  }

  private static String body(String subject) {
    return """
        {"properties":{"issuer":"%s","subject":"%s","audiences":["api://AzureADTokenExchange"]}}
        """.formatted(ISSUER, subject);
  }

  @Test
  void putCreatesWith201AndReplacesWith200InTheSpecsShape() {
    IdentityId id = identity();

    ArmClient.Response created = arm.put(path(id, "fic-1"), body("subject-1"));
    ArmClient.Response replaced = arm.put(path(id, "fic-1"), body("subject-2"));

    assertThat(created.status()).isEqualTo(201);
    JsonNode fic = created.json();
    assertThat(fic.path("id").asText()).isEqualTo("/subscriptions/" + TestIds.SUBSCRIPTION + "/resourcegroups/"
        + TestIds.RESOURCE_GROUP + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/" + id.name()
        + "/federatedIdentityCredentials/fic-1");
    assertThat(fic.path("name").asText()).isEqualTo("fic-1");
    assertThat(fic.path("type").asText())
        .isEqualTo("Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials");
    assertThat(fic.path("properties").toString()).isEqualTo("{\"issuer\":\"" + ISSUER
        + "\",\"subject\":\"subject-1\",\"audiences\":[\"api://AzureADTokenExchange\"]}");
    assertThat(replaced.status()).isEqualTo(200);
    assertThat(replaced.json().path("properties").path("subject").asText()).isEqualTo("subject-2");
    assertThat(arm.get(path(id, "fic-1")).json()).isEqualTo(replaced.json());
    assertThat(arm.sim().managedIdentities().federatedCredentials(id)).singleElement()
        .satisfies(c -> assertThat(c.subject()).isEqualTo("subject-2"));
  }

  @Test
  void listsPageByTopAndSkipToken() {
    IdentityId id = identity();
    for (int i = 1; i <= 5; i++) {
      arm.put(path(id, "fic-" + i), body("subject-" + i));
    }

    JsonNode all = arm.get(path(id, null)).json();
    List<String> paged = new ArrayList<>();
    String next = path(id, null) + "&$top=2";
    int pages = 0;
    while (next != null) {
      JsonNode page = arm.get(next).json();
      page.path("value").forEach(fic -> paged.add(fic.path("name").asText()));
      next = page.has("nextLink") ? page.path("nextLink").asText().substring(arm.sim().armBaseUrl().length() - 1)
          : null;
      pages++;
    }

    assertThat(all.path("value").findValuesAsText("name")).containsExactly("fic-1", "fic-2", "fic-3", "fic-4",
        "fic-5");
    assertThat(all.has("nextLink")).isFalse();
    assertThat(paged).containsExactly("fic-1", "fic-2", "fic-3", "fic-4", "fic-5");
    assertThat(pages).isEqualTo(3);
    assertThat(arm.get(path(id, null) + "&$top=0").status()).isEqualTo(400);
  }

  @Test
  void deleteAnswers200Then204AndGetsOfMissingOnesAre404() {
    IdentityId id = identity();
    arm.put(path(id, "fic-d"), body("subject-d"));

    assertThat(arm.delete(path(id, "fic-d")).status()).isEqualTo(200);
    assertThat(arm.delete(path(id, "fic-d")).status()).isEqualTo(204);
    ArmClient.Response missing = arm.get(path(id, "fic-d"));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.errorCode()).isEqualTo("ResourceNotFound");
    assertThat(missing.errorMessage()).startsWith("The Resource 'Microsoft.ManagedIdentity/userAssignedIdentities/"
        + id.name() + "/federatedIdentityCredentials/fic-d' under resource group '" + TestIds.RESOURCE_GROUP + "'");
  }

  @Test
  void theIdentityMustExistAndTheApiVersionBeOneWithCredentials() {
    IdentityId id = identity();
    IdentityId missing = new IdentityId(TestIds.SUBSCRIPTION, TestIds.RESOURCE_GROUP, "id-nowhere");

    assertThat(arm.put(path(missing, "fic"), body("s")).errorMessage()).startsWith(
        "The Resource 'Microsoft.ManagedIdentity/userAssignedIdentities/id-nowhere' under resource group");
    assertThat(arm.put(id.resourceId() + "/federatedIdentityCredentials/fic-old?api-version=2023-01-31",
        body("s-old")).status()).isEqualTo(201);
    ArmClient.Response tooOld = arm.get(id.resourceId() + "/federatedIdentityCredentials?api-version=2018-11-30");
    assertThat(tooOld.status()).isEqualTo(400);
    assertThat(tooOld.errorCode()).isEqualTo("NoRegisteredProviderFound");
  }

  @Test
  void claimsNameAndLengthsAreValidated() {
    IdentityId id = identity();

    ArmClient.Response noSubject = arm.put(path(id, "fic-v"), "{\"properties\":{\"issuer\":\"" + ISSUER
        + "\",\"audiences\":[\"api://AzureADTokenExchange\"]}}");
    ArmClient.Response twoAudiences = arm.put(path(id, "fic-v"), "{\"properties\":{\"issuer\":\"" + ISSUER
        + "\",\"subject\":\"s\",\"audiences\":[\"a\",\"b\"]}}");

    assertThat(noSubject.status()).isEqualTo(400);
    assertThat(noSubject.errorCode()).isEqualTo("BadRequest");
    assertThat(noSubject.errorMessage()).isEqualTo("The request format was unexpected. Federated Identity"
        + " Credential must specify 'issuer', 'subject' and 'audience'.");
    assertThat(twoAudiences.status()).isEqualTo(400);
    assertThat(arm.put(path(id, "-bad"), body("s")).status()).isEqualTo(400);
    assertThat(arm.put(path(id, "ab"), body("s")).status()).as("at least 3 characters").isEqualTo(400);
    assertThat(arm.put(path(id, "a".repeat(121)), body("s")).status()).isEqualTo(400);
    assertThat(arm.put(path(id, "a".repeat(120)), body("s")).status()).isEqualTo(201);
    assertThat(arm.put(path(id, "long"), body("s".repeat(601))).status()).isEqualTo(400);
    assertThat(arm.sim().managedIdentities().federatedCredentials(id)).hasSize(1);
  }

  @Test
  void anIdentityHoldsAtMostTwentyAndEachIssuerAndSubjectOnce() {
    IdentityId id = identity();
    for (int i = 1; i <= 20; i++) {
      assertThat(arm.put(path(id, "fic-" + i), body("subject-" + i)).status()).isEqualTo(201);
    }

    ArmClient.Response twentyFirst = arm.put(path(id, "fic-21"), body("subject-21"));
    ArmClient.Response samePair = arm.put(path(id, "fic-1"), body("subject-2"));

    assertThat(twentyFirst.status()).isEqualTo(400);
    assertThat(twentyFirst.errorMessage()).contains("maximum number of Federated Identity Credentials (20)");
    assertThat(samePair.status()).isEqualTo(400);
    assertThat(samePair.errorMessage()).isEqualTo("Issuer and subject combination already exists for this Managed"
        + " Identity.");
    assertThat(arm.put(path(id, "fic-1"), body("subject-1")).status()).as("the same pair on itself").isEqualTo(200);
    assertThat(arm.sim().managedIdentities().federatedCredentials(id)).hasSize(20);
  }

  @Test
  void aWriteWhileAnotherIsUnderWayOnTheSameIdentityGets409() {
    IdentityId id = identity();
    IdentityId other = identity();
    arm.sim().managedIdentities().setFederatedCredentialWriteDuration(Duration.ofSeconds(1));

    CompletableFuture<ArmClient.Response> first = CompletableFuture.supplyAsync(
        () -> arm.put(path(id, "fic-first"), body("subject-first")));
    await().atMost(Duration.ofSeconds(5)).until(() -> arm.sim().managedIdentities().isWritingFederatedCredentials(id));
    ArmClient.Response second = arm.put(path(id, "fic-second"), body("subject-second"));
    ArmClient.Response secondDelete = arm.delete(path(id, "fic-first"));
    arm.sim().managedIdentities().setFederatedCredentialWriteDuration(Duration.ZERO);
    ArmClient.Response elsewhere = arm.put(path(other, "fic-other"), body("subject-other"));

    assertThat(second.status()).isEqualTo(409);
    assertThat(second.errorCode()).isEqualTo("ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity");
    assertThat(second.errorMessage()).isEqualTo("Too many Federated Identity Credentials are written concurrently"
        + " for the managed identity '/subscriptions/" + TestIds.SUBSCRIPTION + "/resourcegroups/"
        + TestIds.RESOURCE_GROUP + "/providers/microsoft.managedidentity/userassignedidentities/" + id.name()
        + "'. Concurrent Federated Identity Credentials writes under the same managed identity are not supported.");
    assertThat(secondDelete.status()).isEqualTo(409);
    assertThat(elsewhere.status()).as("other identities are not held").isEqualTo(201);
    assertThat(first.join().status()).isEqualTo(201);
    assertThat(arm.sim().managedIdentities().federatedCredentials(id)).extracting(FederatedIdentityCredential::name)
        .containsExactly("fic-first");
    assertThat(arm.put(path(id, "fic-second"), body("subject-second")).status()).as("once the first is done")
        .isEqualTo(201);
  }

  @Test
  void anotherAdministratorsChangesAreWhatArmServes() {
    IdentityId id = identity();
    ManagedIdentities identities = arm.sim().managedIdentities();

    identities.putFederatedCredential(id, "fic-state", ISSUER, "s-1");
    identities.putFederatedCredential(id, "fic-state", ISSUER, "s-2");

    assertThat(arm.get(path(id, "fic-state")).json().path("properties").path("subject").asText()).isEqualTo("s-2");
    assertThat(identities.federatedCredential(id, "FIC-STATE")).isPresent();
    assertThatThrownBy(() -> identities.putFederatedCredential(id, "x", ISSUER, "s-3"))
        .isInstanceOf(ApiError.class).hasMessageContaining("'x' is invalid");
    assertThat(identities.deleteFederatedCredential(id, "fic-state")).isTrue();
    assertThat(arm.get(path(id, "fic-state")).status()).isEqualTo(404);

    identities.putFederatedCredential(id, "fic-gone", ISSUER, "s-4");
    identities.delete(id);
    identities.create(id, "westeurope");
    assertThat(identities.federatedCredentials(id)).as("deleting an identity deletes its credentials").isEmpty();
  }
}
