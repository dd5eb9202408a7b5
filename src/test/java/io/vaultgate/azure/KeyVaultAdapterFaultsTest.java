package io.vaultgate.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultgate.http.AzureHttp;
import io.vaultgate.http.AzureSettings;
import io.vaultgate.model.FirewallWrite;
import io.vaultgate.model.VaultId;
import io.vaultgate.simulator.AzureSimulator;
import io.vaultgate.simulator.RecordedRequest;
import io.vaultgate.simulator.arm.keyvault.KeyVaults;
import io.vaultgate.simulator.arm.keyvault.NetworkAcls;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults posted to {@code <arm base>/_simulator/faults}, as a black-box suite would, met by the Key Vault
 * management library on the product's HTTP stack ({@link AzureHttp}: its retry policy, trusting only the
 * simulator's CA).
 */
class KeyVaultAdapterFaultsTest {
  private static final String SUBSCRIPTION = "00000000-0000-0000-0000-0000000000c2";
  private static final String RESOURCE_GROUP = "rg-faults";

  private static AzureSimulator sim;
  private static Path caFile;
  private static KeyVaultAdapter adapter;
  private static HttpClient http;

  @BeforeAll
  static void start() throws IOException {
    sim = AzureSimulator.start();
    sim.seedResourceGroup(SUBSCRIPTION, RESOURCE_GROUP);
    caFile = Files.createTempFile("vaultgate-sim-ca", ".pem");
    sim.writeCaCertificate(caFile);
    AzureSettings settings = new AzureSettings(URI.create(sim.armBaseUrl()), URI.create(sim.graphBaseUrl()),
        URI.create(sim.devOpsBaseUrl()), Optional.of(caFile), 2, Duration.ofMillis(10), Duration.ofSeconds(5));
    adapter = new KeyVaultAdapter(new AzureClients(new AzureHttp(settings, sim.tokenCredential(),
        (context, next) -> next.process())));
    http = HttpClient.newBuilder().sslContext(sim.sslContext()).build();
  }

  @AfterAll
  static void stop() throws IOException {
    sim.close();
    Files.deleteIfExists(caFile);
  }

  @BeforeEach
  void clear() {
    sim.faults().clear();
    sim.requests().clear();
  }

  private static SimVaultId vault(String name) {
    SimVaultId id = new SimVaultId(SUBSCRIPTION, RESOURCE_GROUP, name);
    sim.keyVaults().create(id, "westeurope", sim.tenantId(), false, "Enabled", NetworkAcls.deny());
    return id;
  }

  private static VaultId vaultId(SimVaultId id) {
    return VaultId.parse(id.resourceId()).orElseThrow();
  }

  private static HttpResponse<String> faults(String method, String json) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sim.armBaseUrl() + "_simulator/faults"))
        .header("Authorization", "Bearer " + sim.bearerToken());
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    return http.send(request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<RecordedRequest> vaultRequests() {
    return sim.requests().snapshot().stream().filter(r -> r.route().equals(KeyVaults.VAULT_ROUTE)).toList();
  }

  @Test
  void a429WithRetryAfterIsWaitedOutAndRetriedByTheSdk() throws Exception {
    SimVaultId id = vault("kv-faults-throttled");
    assertThat(faults("POST", """
        {"method": "GET", "path": "%s", "kind": "status", "status": 429, "retryAfterSeconds": 1, "count": 1}"""
        .formatted(id.resourceId())).statusCode()).isEqualTo(201);

    var read = adapter.read(vaultId(id));

    assertThat(read.firewall().defaultAction()).isEqualTo("Deny");
    List<RecordedRequest> requests = vaultRequests();
    assertThat(requests).extracting(RecordedRequest::method, RecordedRequest::status)
        .containsExactly(tuple("GET", 429), tuple("GET", 200));
    assertThat(Duration.ofNanos(requests.get(1).nanoTime() - requests.get(0).nanoTime()))
        .as("the retry waited for Retry-After").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    assertThat(new ObjectMapper().readTree(faults("GET", null).body()).path("value").path(0).path("hits").asInt())
        .isEqualTo(1);
  }

  @Test
  void aLostPatchResponseIsRetriedAndTheFirewallEndsAsWritten() throws Exception {
    SimVaultId id = vault("kv-faults-lost");
    assertThat(faults("POST", """
        {"method": "PATCH", "path": "/subscriptions/*/resourceGroups/*/providers/Microsoft.KeyVault/vaults/%s",
         "kind": "lostResponse", "count": 1}""".formatted(id.name())).statusCode()).isEqualTo(201);

    var written = adapter.writeFirewall(vaultId(id), new FirewallWrite("Deny", "AzureServices",
        List.of("203.0.113.0/24"), List.of(), Optional.empty()));

    assertThat(written.firewall().ipRules()).containsExactly("203.0.113.0/24");
    assertThat(sim.keyVaults().get(id).networkAcls().ipRules()).containsExactly("203.0.113.0/24");
    assertThat(vaultRequests()).extracting(RecordedRequest::method, RecordedRequest::status)
        .containsExactly(tuple("PATCH", RecordedRequest.RESET), tuple("PATCH", 200));
  }
}
