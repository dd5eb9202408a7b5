package io.vaultgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.Context;
import com.azure.resourcemanager.keyvault.KeyVaultManager;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link KeyVaultApiVersionPolicy} in a pipeline whose next policy records what it was handed and answers 200. */
class KeyVaultApiVersionPolicyTest {

  private static final String VAULT = "https://management.azure.com/subscriptions/0000-sub/resourceGroups/rg-ops"
      + "/providers/Microsoft.KeyVault/vaults/kv-pipelines";
  private static final String OLD = "api-version=2025-05-01";
  private static final String NEW = "api-version=2026-02-01";

  private final List<String> sent = new ArrayList<>();
  private final HttpPipelinePolicy recorder = (context, next) -> {
    sent.add(context.getHttpRequest().getUrl().toString());
    return Mono.just(new Ok(context.getHttpRequest()));
  };
  private final HttpPipeline pipeline = new HttpPipelineBuilder()
      .policies(new KeyVaultApiVersionPolicy(), recorder)
      .httpClient(request -> Mono.error(new AssertionError("the recorder answers")))
      .build();

  private String sendAsync(HttpMethod method, String url) {
    pipeline.send(new HttpRequest(method, url)).block();
    return sent.get(sent.size() - 1);
  }

  private String sendSync(HttpMethod method, String url) {
    pipeline.sendSync(new HttpRequest(method, url), Context.NONE).close();
    return sent.get(sent.size() - 1);
  }

  @ParameterizedTest
  @CsvSource({
      "GET,   ''",
      "PATCH, ''",
      "PUT,   /accessPolicies/add",
      "PUT,   /accessPolicies/remove",
      "PUT,   /accessPolicies/replace",
      "GET,   /secrets"})
  void movesTheRoutesVaultgateCallsToTheNewVersion(HttpMethod method, String suffix) {
    assertThat(sendAsync(method, VAULT + suffix + "?" + OLD)).isEqualTo(VAULT + suffix + "?" + NEW);
    assertThat(sendSync(method, VAULT + suffix + "?" + OLD)).isEqualTo(VAULT + suffix + "?" + NEW);
  }

  @Test
  void keepsEveryOtherParameterAndTheCasingOfThePath() {
    String lower = VAULT.replace("resourceGroups", "resourcegroups")
        .replace("Microsoft.KeyVault", "microsoft.keyvault");

    assertThat(sendAsync(HttpMethod.GET, VAULT + "/secrets?$top=25&" + OLD + "&x=a%2Fb"))
        .isEqualTo(VAULT + "/secrets?$top=25&" + NEW + "&x=a%2Fb");
    assertThat(sendAsync(HttpMethod.GET, lower + "?" + OLD)).isEqualTo(lower + "?" + NEW);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      // a next page whose link the service built with the new version already, or any other version
      VAULT + "/secrets?$skiptoken=eyJh%3D%3D&" + NEW,
      VAULT + "?api-version=2024-11-01",
      VAULT + "?api-version=2025-05-01-preview",
      // routes vaultgate does not call on Key Vault
      VAULT + "/secrets/db-password?" + OLD,
      VAULT + "/privateEndpointConnections?" + OLD,
      VAULT + "/privateEndpointConnections/pe-1?" + OLD,
      VAULT + "/keys?" + OLD,
      "https://management.azure.com/subscriptions/0000-sub/resourceGroups/rg-ops/providers/Microsoft.KeyVault/vaults?"
          + OLD,
      "https://management.azure.com/subscriptions/0000-sub/resourceGroups/rg-ops/providers/Microsoft.KeyVault"
          + "/managedHSMs/hsm-1?" + OLD,
      // another provider on the same api-version date
      "https://management.azure.com/subscriptions/0000-sub/resourceGroups/rg-net/providers/Microsoft.Network"
          + "/virtualNetworks/vnet/subnets/agents?" + OLD,
      // a vault path nested under another resource
      "https://management.azure.com/subscriptions/0000-sub/resourceGroups/rg-net/providers/Microsoft.Network"
          + "/privateEndpoints/pe/providers/Microsoft.KeyVault/vaults/kv?" + OLD})
  void leavesEverythingElseAlone(String url) {
    assertThat(sendAsync(HttpMethod.GET, url)).isEqualTo(url);
    assertThat(sendSync(HttpMethod.GET, url)).isEqualTo(url);
  }

  @ParameterizedTest
  @CsvSource({
      // PUT creates a vault, and from 2026-02-01 on a created vault defaults to RBAC: vaultgate never creates one
      "PUT,    ''",
      "DELETE, ''",
      "POST,   ''",
      "GET,    /accessPolicies/add",
      "PATCH,  /secrets"})
  void leavesOtherMethodsOnTheseRoutesAlone(HttpMethod method, String suffix) {
    assertThat(sendAsync(method, VAULT + suffix + "?" + OLD)).isEqualTo(VAULT + suffix + "?" + OLD);
  }

  @Test
  void theManagementLibraryStillSendsTheVersionThePolicyMoves() {
    String library = KeyVaultManager.authenticate(request -> Mono.empty(),
        new AzureProfile("tenant", "subscription", AzureEnvironment.AZURE)).serviceClient().getApiVersion();

    assertThat(library)
        .as("azure-resourcemanager-keyvault moved to another api-version: if it is 2026-02-01 or later, drop "
            + "KeyVaultApiVersionPolicy; otherwise update its LIBRARY_API_VERSION")
        .isEqualTo(KeyVaultApiVersionPolicy.LIBRARY_API_VERSION);
  }

  /** An empty 200. */
  private static final class Ok extends HttpResponse {
    Ok(HttpRequest request) {
      super(request);
    }

    @Override
    public int getStatusCode() {
      return 200;
    }

    @Override
    @Deprecated
    public String getHeaderValue(String name) {
      return null;
    }

    @Override
    public HttpHeaders getHeaders() {
      return new HttpHeaders();
    }

    @Override
    public Flux<ByteBuffer> getBody() {
      return Flux.empty();
    }

    @Override
    public Mono<byte[]> getBodyAsByteArray() {
      return Mono.just(new byte[0]);
    }

    @Override
    public Mono<String> getBodyAsString() {
      return Mono.just("");
    }

    @Override
    public Mono<String> getBodyAsString(Charset charset) {
      return Mono.just("");
    }
  }
}
