package io.vaultgate.simulator;

import static io.vaultgate.simulator.ArmClient.vaultBody;
import static io.vaultgate.simulator.ArmClient.vaultPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultgate.simulator.arm.keyvault.KeyVaults;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FaultInjectionTest {
  @RegisterExtension
  static final ArmClient arm = new ArmClient();

  @BeforeEach
  void reset() {
    arm.sim().faults().clear();
    arm.sim().requests().clear();
  }

  @Test
  void throttlingAnswers429WithRetryAfterForTheNextMatchingRequestsOnly() {
    SimVaultId id = arm.freshVault();
    Faults.Active fault = arm.sim().faults().add(FaultRule.next(2, "arm", FaultAction.tooManyRequests(7))
        .withMethod("PATCH").withRoute(KeyVaults.VAULT_ROUTE));
    String patch = "{\"properties\":{\"networkAcls\":{\"ipRules\":[]}}}";

    ArmClient.Response first = arm.patch(vaultPath(id), patch);
    ArmClient.Response read = arm.get(vaultPath(id));
    ArmClient.Response second = arm.patch(vaultPath(id), patch);
    ArmClient.Response third = arm.patch(vaultPath(id), patch);

    for (ArmClient.Response throttled : List.of(first, second)) {
      assertThat(throttled.status()).isEqualTo(429);
      assertThat(throttled.header("Retry-After")).isEqualTo("7");
      assertThat(throttled.errorCode()).isEqualTo("TooManyRequests");
      assertThat(throttled.header("x-ms-request-id")).isNotBlank();
    }
    assertThat(read.status()).isEqualTo(200);
    assertThat(third.status()).isEqualTo(200);
    assertThat(fault.fired()).isEqualTo(2);
    assertThat(fault.exhausted()).isTrue();
    assertThat(arm.sim().faults().active()).isEmpty();
    assertThat(arm.sim().requests().snapshot()).extracting(RecordedRequest::status).containsExactly(429, 200, 429, 200);
    assertThat(arm.sim().keyVaults().get(id).version()).isEqualTo(2); // only the third PATCH was served
  }

  @Test
  void serverErrorsLastUntilTheRuleIsRemoved() {
    SimVaultId id = arm.freshVault();
    Faults.Active fault = arm.sim().faults().add(FaultRule.always("arm", FaultAction.serverError(503)).withMethod("GET"));

    ArmClient.Response first = arm.get(vaultPath(id));
    ArmClient.Response second = arm.get(vaultPath(id));
    arm.sim().faults().remove(fault);
    ArmClient.Response after = arm.get(vaultPath(id));

    assertThat(List.of(first.status(), second.status(), after.status())).containsExactly(503, 503, 200);
    assertThat(first.errorCode()).isEqualTo("ServiceUnavailable");
    assertThat(fault.fired()).isEqualTo(2);
  }

  @Test
  void authorizationFailedNamesTheActionAndScopeAsArmDoes() {
    SimVaultId id = arm.freshVault();
    arm.sim().faults().add(FaultRule.always("arm", FaultAction.authorizationFailed()));

    ArmClient.Response write = arm.patch(vaultPath(id), "{\"properties\":{}}");
    ArmClient.Response read = arm.get(vaultPath(id));

    assertThat(write.status()).isEqualTo(403);
    assertThat(write.errorCode()).isEqualTo("AuthorizationFailed");
    assertThat(write.errorMessage()).isEqualTo("The client '" + FaultAction.DEFAULT_CLIENT_ID + "' with object id '"
        + FaultAction.DEFAULT_OBJECT_ID + "' does not have authorization to perform action"
        + " 'Microsoft.KeyVault/vaults/write' over scope '" + id.resourceId() + "' or the scope is invalid."
        + " If access was recently granted, please refresh your credentials.");
    assertThat(read.errorMessage()).contains("'Microsoft.KeyVault/vaults/read'");
  }

  @Test
  void aResetDropsTheConnectionWithoutAResponse() {
    SimVaultId id = TestIds.freshVault();
    arm.sim().faults().add(FaultRule.next(1, "arm", FaultAction.reset()).withMethod("PUT"));

    assertThatThrownBy(() -> arm.sendRaw(arm.request(vaultPath(id))
        .header("Authorization", "Bearer " + arm.sim().bearerToken())
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(vaultBody(null)))))
        .isInstanceOf(IOException.class);

    assertThat(arm.sim().keyVaults().find(id)).isEmpty(); // not served
    assertThat(arm.sim().requests().snapshot()).extracting(RecordedRequest::status)
        .containsExactly(RecordedRequest.RESET);
    assertThat(arm.put(vaultPath(id), vaultBody(null)).status()).isEqualTo(201); // the next one goes through
  }

  @Test
  void theJdkClientRetriesAGetOnceAfterAResetSoTwoInARowAreNeededToFailIt() throws IOException {
    SimVaultId id = arm.freshVault();
    HttpRequest.Builder get = arm.request(vaultPath(id)).header("Authorization", "Bearer " + arm.sim().bearerToken());
    arm.sim().faults().add(FaultRule.next(1, "arm", FaultAction.reset()));

    assertThat(arm.sendRaw(get).statusCode()).isEqualTo(200);

    arm.sim().faults().add(FaultRule.next(2, "arm", FaultAction.reset()));
    assertThatThrownBy(() -> arm.sendRaw(get)).isInstanceOf(IOException.class);
    assertThat(arm.sim().requests().snapshot()).extracting(RecordedRequest::status)
        .containsExactly(RecordedRequest.RESET, 200, RecordedRequest.RESET, RecordedRequest.RESET);
  }

  @Test
  void latencyDelaysThenServesNormally() {
    SimVaultId id = arm.freshVault();
    Duration delay = Duration.ofMillis(300);
    arm.sim().faults().add(FaultRule.next(1, "arm", FaultAction.latency(delay)));

    long started = System.nanoTime();
    ArmClient.Response response = arm.get(vaultPath(id));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(delay);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().path("name").asText()).isEqualTo(id.name());
  }

  @Test
  void aPathPatternLimitsTheFaultToOneVault() {
    SimVaultId faulted = arm.freshVault();
    SimVaultId healthy = arm.freshVault();
    arm.sim().faults().add(FaultRule.always("arm", FaultAction.serverError(500))
        .withPathMatching("/vaults/" + faulted.name() + "$"));

    assertThat(arm.get(vaultPath(faulted)).status()).isEqualTo(500);
    assertThat(arm.get(vaultPath(healthy)).status()).isEqualTo(200);
  }

  @Test
  void aRuleLimitedToNFiresExactlyNTimesUnderConcurrency() {
    SimVaultId id = arm.freshVault();
    Faults.Active fault = arm.sim().faults().add(FaultRule.next(5, "arm", FaultAction.serverError(503)));
    HttpClient http = HttpClient.newBuilder().sslContext(arm.sim().sslContext()).build();

    List<Integer> statuses = IntStream.range(0, 24)
        .mapToObj(i -> http.sendAsync(arm.request(vaultPath(id))
            .header("Authorization", "Bearer " + arm.sim().bearerToken()).build(),
            HttpResponse.BodyHandlers.discarding()))
        .toList().stream()
        .map(CompletableFuture::join)
        .map(HttpResponse::statusCode)
        .toList();

    assertThat(statuses).filteredOn(s -> s == 503).hasSize(5);
    assertThat(statuses).filteredOn(s -> s == 200).hasSize(19);
    assertThat(fault.fired()).isEqualTo(5);
  }

  @Test
  void rulesOfOtherServicesDoNotApply() {
    SimVaultId id = arm.freshVault();
    arm.sim().faults().add(FaultRule.always("graph", FaultAction.serverError(503)));

    assertThat(arm.get(vaultPath(id)).status()).isEqualTo(200);
  }
}
