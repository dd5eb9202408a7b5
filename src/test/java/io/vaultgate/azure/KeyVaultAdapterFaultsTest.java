package io.vaultgate.azure;

import static io.vaultgate.azure.SimulatedAzure.vaultId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultgate.http.AzureHttp;
import io.vaultgate.model.FirewallWrite;
import io.vaultgate.simulator.AzureSimulator;
import io.vaultgate.simulator.RecordedRequest;
import io.vaultgate.simulator.arm.keyvault.KeyVaults;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Faults posted to {@code <arm base>/_simulator/faults}, as a black-box suite would, met by the Key Vault
 * management library on the product's HTTP stack ({@link AzureHttp}: its retry policy, trusting only the
 * simulator's CA).
 */
class KeyVaultAdapterFaultsTest {
  @RegisterExtension
  static final SimulatedAzure azure = new SimulatedAzure("00000000-0000-0000-0000-0000000000c2", "rg-faults", 2,
      Duration.ofMillis(10), Duration.ofSeconds(5));
  private static AzureSimulator sim;
  private static KeyVaultAdapter adapter;
  private static HttpClient http;

  @BeforeAll
  static void start() {
    sim = azure.sim();
    adapter = new KeyVaultAdapter(azure.clients());
    http = HttpClient.newBuilder().sslContext(sim.sslContext()).build();
  }

  @BeforeEach
  void clear() {
    sim.faults().clear();
    sim.requests().clear();
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
    SimVaultId id = azure.vault("kv-faults-throttled");
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
    SimVaultId id = azure.vault("kv-faults-lost");
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
