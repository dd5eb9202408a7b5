package io.vaultgate.simulator.arm.msi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.azure.core.http.rest.PagedResponse;
import com.azure.core.http.rest.Response;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.Context;
import com.azure.resourcemanager.msi.MsiManager;
import com.azure.resourcemanager.msi.fluent.FederatedIdentityCredentialsClient;
import com.azure.resourcemanager.msi.fluent.models.FederatedIdentityCredentialInner;
import io.vaultgate.simulator.AzureSimulator;
import io.vaultgate.simulator.TestIds;
import io.vaultgate.simulator.graph.FederatedIdentityCredential;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Managed Identity client of the Azure SDK (2024-11-30) on federated identity credentials. */
class ManagedIdentityCredentialSdkTest {
  private static final String ISSUER = "https://login.microsoftonline.com/" + TestIds.TENANT + "/v2.0";

  private static AzureSimulator sim;
  private static FederatedIdentityCredentialsClient credentials;

  @BeforeAll
  static void start() {
    sim = AzureSimulator.start(TestIds.TENANT);
    MsiManager msi = MsiManager.configure().withHttpClient(sim.sdkHttpClient())
        .authenticate(sim.tokenCredential(), new AzureProfile(TestIds.TENANT, TestIds.SUBSCRIPTION,
            sim.azureEnvironment()));
    credentials = msi.serviceClient().getFederatedIdentityCredentials();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static IdentityId identity(String name) {
    IdentityId id = new IdentityId(TestIds.SUBSCRIPTION, TestIds.RESOURCE_GROUP, name);
    sim.managedIdentities().create(id, "westeurope");
    return id;
  }

  private static FederatedIdentityCredentialInner credential(String subject) {
    return new FederatedIdentityCredentialInner().withIssuer(ISSUER).withSubject(subject)
        .withAudiences(List.of(FederatedIdentityCredential.TOKEN_EXCHANGE_AUDIENCE));
  }

  @Test
  void createsReadsListsAndDeletes() {
    IdentityId id = identity("id-sdk-crud");

    Response<FederatedIdentityCredentialInner> created = credentials.createOrUpdateWithResponse(
        id.resourceGroup(), id.name(), "fic-sdk", credential("subject-1"), Context.NONE);
    Response<FederatedIdentityCredentialInner> replaced = credentials.createOrUpdateWithResponse(
        id.resourceGroup(), id.name(), "fic-sdk", credential("subject-2"), Context.NONE);
    FederatedIdentityCredentialInner read = credentials.get(id.resourceGroup(), id.name(), "fic-sdk");

    assertThat(created.getStatusCode()).isEqualTo(201);
    assertThat(created.getValue().name()).isEqualTo("fic-sdk");
    assertThat(created.getValue().type())
        .isEqualTo("Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials");
    assertThat(created.getValue().id()).endsWith("/userAssignedIdentities/id-sdk-crud/federatedIdentityCredentials"
        + "/fic-sdk");
    assertThat(replaced.getStatusCode()).isEqualTo(200);
    assertThat(read.issuer()).isEqualTo(ISSUER);
    assertThat(read.subject()).isEqualTo("subject-2");
    assertThat(read.audiences()).containsExactly("api://AzureADTokenExchange");
    assertThat(credentials.list(id.resourceGroup(), id.name())).extracting(FederatedIdentityCredentialInner::name)
        .containsExactly("fic-sdk");

    credentials.delete(id.resourceGroup(), id.name(), "fic-sdk");

    assertThat(credentials.deleteWithResponse(id.resourceGroup(), id.name(), "fic-sdk", Context.NONE)
        .getStatusCode()).isEqualTo(204);
    assertThatThrownBy(() -> credentials.get(id.resourceGroup(), id.name(), "fic-sdk"))
        .isInstanceOfSatisfying(ManagementException.class, e -> {
          assertThat(e.getResponse().getStatusCode()).isEqualTo(404);
          assertThat(e.getValue().getCode()).isEqualTo("ResourceNotFound");
        });
  }

  @Test
  void listsFollowNextLinksPageByPage() {
    IdentityId id = identity("id-sdk-pages");
    for (int i = 1; i <= 5; i++) {
      sim.managedIdentities().putFederatedCredential(id, "fic-" + i, ISSUER, "subject-" + i);
    }

    List<PagedResponse<FederatedIdentityCredentialInner>> pages = credentials
        .list(id.resourceGroup(), id.name(), 2, null, Context.NONE).streamByPage().toList();

    assertThat(pages).hasSize(3);
    assertThat(pages.stream().flatMap(p -> p.getValue().stream()).map(FederatedIdentityCredentialInner::name))
        .containsExactly("fic-1", "fic-2", "fic-3", "fic-4", "fic-5");
  }

  @Test
  void theLimitAndConcurrentWritesAreManagementExceptions() {
    IdentityId full = identity("id-sdk-full");
    for (int i = 1; i <= 20; i++) {
      sim.managedIdentities().putFederatedCredential(full, "fic-" + i, ISSUER, "subject-" + i);
    }
    assertThatThrownBy(() -> credentials.createOrUpdate(full.resourceGroup(), full.name(), "fic-21",
        credential("subject-21")))
        .isInstanceOfSatisfying(ManagementException.class, e -> {
          assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
          assertThat(e.getValue().getCode()).isEqualTo("BadRequest");
        });

    IdentityId busy = identity("id-sdk-busy");
    sim.managedIdentities().setFederatedCredentialWriteDuration(Duration.ofSeconds(1));
    try {
      CompletableFuture<FederatedIdentityCredentialInner> first = CompletableFuture.supplyAsync(() ->
          credentials.createOrUpdate(busy.resourceGroup(), busy.name(), "fic-a", credential("subject-a")));
      await().atMost(Duration.ofSeconds(5)).until(() -> sim.managedIdentities().isWritingFederatedCredentials(busy));

      assertThatThrownBy(() -> credentials.createOrUpdate(busy.resourceGroup(), busy.name(), "fic-b",
          credential("subject-b")))
          .isInstanceOfSatisfying(ManagementException.class, e -> {
            assertThat(e.getResponse().getStatusCode()).isEqualTo(409);
            assertThat(e.getValue().getCode())
                .isEqualTo("ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity");
          });
      assertThat(first.join().name()).isEqualTo("fic-a");
    } finally {
      sim.managedIdentities().setFederatedCredentialWriteDuration(Duration.ZERO);
    }
    assertThat(sim.managedIdentities().federatedCredentials(busy)).extracting(FederatedIdentityCredential::name)
        .containsExactly("fic-a");
  }
}
