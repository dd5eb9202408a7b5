package io.vaultgate.azure;

import static io.vaultgate.azure.SimulatedAzure.vaultId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultgate.port.AzureFailure;
import io.vaultgate.simulator.AzureSimulator;
import io.vaultgate.simulator.FaultAction;
import io.vaultgate.simulator.FaultRule;
import io.vaultgate.simulator.arm.keyvault.KeyVaults;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link KeyVaultAdapter#secretNames}: the real Key Vault management library over HTTPS against the simulated ARM,
 * every page followed, names only, and nothing of a value anywhere.
 */
class KeyVaultAdapterSecretsTest {

  private static final String SUBSCRIPTION = "00000000-0000-0000-0000-0000000000c1";
  private static final String RESOURCE_GROUP = "rg-secrets";
  private static final String SECRET_VALUE = "s3cr3t-value-never-kept";

  @RegisterExtension
  static final SimulatedAzure azure = new SimulatedAzure(SUBSCRIPTION, RESOURCE_GROUP);
  private static AzureSimulator sim;
  private static KeyVaultAdapter adapter;

  @BeforeAll
  static void start() {
    sim = azure.sim();
    adapter = new KeyVaultAdapter(azure.clients());
  }

  /** Secrets_CreateOrUpdate with a value, as an ARM deployment would send it. */
  private static int putWithValue(SimVaultId id, String name) throws Exception {
    HttpRequest put = HttpRequest.newBuilder(URI.create(sim.armBaseUrl().replaceAll("/$", "") + id.resourceId()
            + "/secrets/" + name + "?api-version=2026-02-01"))
        .header("Authorization", "Bearer " + sim.bearerToken()).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{\"properties\":{\"value\":\"" + SECRET_VALUE + "\"}}"))
        .build();
    return HttpClient.newBuilder().sslContext(sim.sslContext()).build()
        .send(put, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static long listRequests() {
    return sim.requests().count("arm", "GET", KeyVaults.SECRETS_ROUTE);
  }

  @Test
  void readsEveryPageOfNamesThroughArm() {
    SimVaultId id = azure.vault("kv-adapter-paging");
    IntStream.range(0, 60).forEach(i -> sim.keyVaults().secrets().add(id, "secret-" + i));
    long before = listRequests();

    var names = adapter.secretNames(vaultId(id));

    assertThat(names).hasSize(60).contains("secret-0", "secret-59");
    assertThat(listRequests() - before).as("three pages of at most 25").isEqualTo(3);
  }

  @Test
  void namesKeepTheVaultsCasingAndNoValueIsReturnedOrStored() throws Exception {
    SimVaultId id = azure.vault("kv-adapter-values");
    // one secret seeded by name, one set through ARM with a value, which the simulator discards
    sim.keyVaults().secrets().add(id, "dbPassword");
    assertThat(putWithValue(id, "apiKey")).isEqualTo(201);

    assertThat(adapter.secretNames(vaultId(id))).containsExactly("apiKey", "dbPassword");
    assertThat(sim.keyVaults().secrets().list(id).toString()).doesNotContain(SECRET_VALUE);
  }

  @Test
  void aVaultWithoutSecretsHasNoNamesAndAMissingVaultIsNotFound() {
    SimVaultId id = azure.vault("kv-adapter-empty");

    assertThat(adapter.secretNames(vaultId(id))).isEmpty();
    assertThatThrownBy(() -> adapter.secretNames(vaultId(new SimVaultId(SUBSCRIPTION, RESOURCE_GROUP,
        "kv-adapter-nosuch")))).isInstanceOfSatisfying(AzureFailure.class,
            f -> assertThat(f.kind()).isEqualTo(AzureFailure.Kind.NOT_FOUND));
  }

  @Test
  void aRefusedListIsAnAuthorizationFailure() {
    SimVaultId id = azure.vault("kv-adapter-denied");
    sim.faults().add(FaultRule.next(1, "arm", FaultAction.authorizationFailed()).withMethod("GET")
        .withRoute(KeyVaults.SECRETS_ROUTE));

    assertThatThrownBy(() -> adapter.secretNames(vaultId(id)))
        .isInstanceOfSatisfying(AzureFailure.class, f -> {
          assertThat(f.kind()).isEqualTo(AzureFailure.Kind.AUTHORIZATION_FAILED);
          assertThat(f.getMessage()).contains("Microsoft.KeyVault/vaults/secrets/read");
        });
  }
}
