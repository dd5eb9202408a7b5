package io.vaultgate.simulator;

import static io.vaultgate.simulator.ArmClient.vaultBody;
import static io.vaultgate.simulator.ArmClient.vaultPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code <base>/_simulator/faults} over HTTPS on each of the three base URLs, seen by a plain HTTP client. */
class FaultControlTest {
  private static final String FAULTS = "/_simulator/faults";
  private static final String PATCH_RULES = "{\"properties\":{\"networkAcls\":{\"defaultAction\":\"Deny\","
      + "\"ipRules\":[{\"value\":\"198.51.100.0/24\"}]}}}";

  @RegisterExtension
  static final ArmClient arm = new ArmClient();

  @BeforeEach
  void reset() {
    arm.sim().faults().clear();
    arm.sim().requests().clear();
  }

  private static ArmClient.Response post(String json) {
    return arm.send("POST", FAULTS, json);
  }

  /** Posts a fault on ARM and returns its id. */
  private static String fault(String json) {
    ArmClient.Response created = post(json);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().path("id").asText();
  }

  private static List<JsonNode> listed(ArmClient.Response list) {
    assertThat(list.status()).isEqualTo(200);
    List<JsonNode> faults = new ArrayList<>();
    list.json().path("value").forEach(faults::add);
    return faults;
  }

  @Test
  void aStatusFaultAnswersArmsErrorWithRetryAfterForItsMethodAndPathUntilItsCountIsUsedUp() {
    SimVaultId id = arm.freshVault();
    ArmClient.Response created = post("""
        {"method": "PATCH", "path": "/subscriptions/*/resourceGroups/*/providers/Microsoft.KeyVault/vaults/%s",
         "kind": "status", "status": 429, "retryAfterSeconds": 1, "count": 2}""".formatted(id.name()));

    ArmClient.Response first = arm.patch(vaultPath(id), PATCH_RULES);
    ArmClient.Response read = arm.get(vaultPath(id));
    ArmClient.Response second = arm.patch(vaultPath(id), PATCH_RULES);
    ArmClient.Response third = arm.patch(vaultPath(id), PATCH_RULES);

    assertThat(created.status()).isEqualTo(201);
    JsonNode fault = created.json();
    assertThat(fault.path("id").asText()).isNotBlank();
    assertThat(fault.path("method").asText()).isEqualTo("PATCH");
    assertThat(fault.path("kind").asText()).isEqualTo("status");
    assertThat(fault.path("status").asInt()).isEqualTo(429);
    assertThat(fault.path("retryAfterSeconds").asInt()).isEqualTo(1);
    assertThat(fault.path("count").asInt()).isEqualTo(2);
    assertThat(fault.path("probability").asDouble()).isEqualTo(1.0);
    assertThat(fault.path("hits").asInt()).isZero();
    for (ArmClient.Response throttled : List.of(first, second)) {
      assertThat(throttled.status()).isEqualTo(429);
      assertThat(throttled.header("Retry-After")).isEqualTo("1");
      assertThat(throttled.errorCode()).isEqualTo("TooManyRequests");
      assertThat(throttled.errorMessage()).contains("'write' requests exceeded", "after '1' seconds");
      assertThat(throttled.header("x-ms-request-id")).isNotBlank();
    }
    assertThat(read.status()).isEqualTo(200);
    assertThat(third.status()).isEqualTo(200);
    assertThat(arm.sim().keyVaults().get(id).networkAcls().ipRules()).containsExactly("198.51.100.0/24");
    assertThat(listed(arm.get(FAULTS))).singleElement()
        .satisfies(f -> assertThat(f.path("hits").asInt()).isEqualTo(2));
    assertThat(arm.sim().requests().snapshot()).extracting(RecordedRequest::status)
        .containsExactly(429, 200, 429, 200);
  }

  @Test
  void graphAndDevOpsFaultsAnswerInTheirOwnErrorBodiesAndApplyOnlyToTheirService() {
    arm.sim().devOps().seedOrganization("org-faults");
    ArmClient.Response onGraph = arm.graph("POST", FAULTS,
        "{\"path\": \"/v1.0/applications\", \"kind\": \"status\", \"status\": 503, \"retryAfterSeconds\": 3}");
    ArmClient.Response onDevOps = arm.devOps("POST", FAULTS,
        "{\"method\": \"*\", \"path\": \"/org-faults/_apis/**\", \"kind\": \"status\", \"status\": 404}");

    ArmClient.Response graph = arm.graph("/v1.0/applications");
    ArmClient.Response devOps = arm.devOps("GET", "/org-faults/_apis/connectionData", null);
    ArmClient.Response armList = arm.get(ArmClient.vaultsPath(TestIds.SUBSCRIPTION, TestIds.RESOURCE_GROUP));

    assertThat(List.of(onGraph.status(), onDevOps.status())).containsExactly(201, 201);
    assertThat(graph.status()).isEqualTo(503);
    assertThat(graph.header("Retry-After")).isEqualTo("3");
    assertThat(graph.errorCode()).isEqualTo("ServiceUnavailable");
    assertThat(graph.json().path("error").path("innerError").path("request-id").asText())
        .isEqualTo(graph.header("request-id"));
    assertThat(devOps.status()).isEqualTo(404);
    assertThat(devOps.typeKey()).isEqualTo("NotFound");
    assertThat(devOps.json().path("eventId").asInt()).isEqualTo(3000);
    assertThat(armList.status()).isEqualTo(200);
    assertThat(listed(arm.get(FAULTS))).as("ARM lists its own faults only").isEmpty();
    assertThat(listed(arm.graph(FAULTS))).extracting(f -> f.path("hits").asInt()).containsExactly(1);
    assertThat(listed(arm.devOps("GET", FAULTS, null))).extracting(f -> f.path("path").asText())
        .containsExactly("/org-faults/_apis/**");
  }

  @Test
  void aStarIsOneSegmentTwoStarsAnyNumberAndTheQueryIsNotPartOfThePath() {
    SimVaultId id = arm.freshVault();
    fault("""
        {"path": "/subscriptions/*/resourceGroups/*/providers/Microsoft.KeyVault/vaults/%s",
         "kind": "status", "status": 500}""".formatted(id.name()));
    String secrets = id.resourceId() + "/secrets" + ArmClient.API_VERSION_QUERY;

    assertThat(arm.get(vaultPath(id)).status()).isEqualTo(500);
    assertThat(arm.get(secrets).status()).isEqualTo(200);

    fault("{\"path\": \"/subscriptions/**/secrets\", \"kind\": \"status\", \"status\": 502}");
    assertThat(arm.get(secrets).status()).isEqualTo(502);
    assertThat(arm.get(vaultPath(arm.freshVault())).status()).isEqualTo(200);
  }

  @Test
  void aResetClosesTheConnectionWithoutServingTheRequest() {
    SimVaultId id = TestIds.freshVault();
    fault("{\"method\": \"PUT\", \"path\": \"/subscriptions/**\", \"kind\": \"reset\", \"count\": 1}");

    assertThatThrownBy(() -> arm.sendRaw(arm.request(vaultPath(id))
        .header("Authorization", "Bearer " + arm.sim().bearerToken())
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(vaultBody(null)))))
        .isInstanceOf(IOException.class);

    assertThat(arm.sim().keyVaults().find(id)).isEmpty();
    assertThat(arm.put(vaultPath(id), vaultBody(null)).status()).isEqualTo(201);
    assertThat(arm.sim().requests().snapshot()).extracting(RecordedRequest::status)
        .containsExactly(RecordedRequest.RESET, 201);
  }

  @Test
  void aDelayWaitsThenServesNormally() {
    SimVaultId id = arm.freshVault();
    fault("{\"method\": \"GET\", \"path\": \"/**\", \"kind\": \"delay\", \"delayMs\": 250, \"count\": 1}");

    long started = System.nanoTime();
    ArmClient.Response response = arm.get(vaultPath(id));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().path("name").asText()).isEqualTo(id.name());
  }

  @Test
  void aLostResponseAppliesTheRequestThoughTheClientSeesTheConnectionFail() {
    SimVaultId id = arm.freshVault();
    fault("""
        {"method": "PATCH", "path": "%s", "kind": "lostResponse", "count": 1}""".formatted(id.resourceId()));

    assertThatThrownBy(() -> arm.sendRaw(arm.request(vaultPath(id))
        .header("Authorization", "Bearer " + arm.sim().bearerToken())
        .header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(PATCH_RULES))))
        .isInstanceOf(IOException.class);
    ArmClient.Response after = arm.get(vaultPath(id));

    assertThat(after.json().path("properties").path("networkAcls").path("ipRules").path(0).path("value").asText())
        .isEqualTo("198.51.100.0/24");
    assertThat(arm.sim().requests().snapshot()).extracting(RecordedRequest::method, RecordedRequest::status)
        .containsExactly(tuple("PATCH", RecordedRequest.RESET), tuple("GET", 200));
  }

  @Test
  void aProbabilityDrawsFromItsSeedSoAFixedSeedAndOrderFaultTheSameRequests() {
    SimVaultId id = arm.freshVault();
    String json = "{\"method\": \"GET\", \"path\": \"/**\", \"kind\": \"status\", \"status\": 503,"
        + " \"probability\": 0.3, \"seed\": 7}";
    Random draws = new Random(7);
    List<Integer> expected = IntStream.range(0, 30).mapToObj(i -> draws.nextDouble() < 0.3 ? 503 : 200).toList();

    fault(json);
    List<Integer> first = IntStream.range(0, 30).mapToObj(i -> arm.get(vaultPath(id)).status()).toList();
    assertThat(arm.delete(FAULTS).status()).isEqualTo(204);
    fault(json);
    List<Integer> second = IntStream.range(0, 30).mapToObj(i -> arm.get(vaultPath(id)).status()).toList();

    assertThat(first).isEqualTo(expected).contains(200, 503).isEqualTo(second);
    assertThat(listed(arm.get(FAULTS))).singleElement().satisfies(f -> {
      assertThat(f.path("hits").asInt()).isEqualTo(expected.stream().filter(s -> s == 503).count());
      assertThat(f.path("seed").asLong()).isEqualTo(7);
      assertThat(f.path("probability").asDouble()).isEqualTo(0.3);
    });
  }

  @Test
  void withoutASeedOneIsDrawnAndListedSoTheRunCanBeRepeated() {
    SimVaultId id = arm.freshVault();
    String json = "{\"path\": \"/**\", \"kind\": \"status\", \"status\": 500, \"probability\": 0.5%s}";

    fault(json.formatted(""));
    List<Integer> first = IntStream.range(0, 20).mapToObj(i -> arm.get(vaultPath(id)).status()).toList();
    long seed = listed(arm.get(FAULTS)).get(0).path("seed").asLong();
    arm.delete(FAULTS);
    fault(json.formatted(", \"seed\": " + seed));
    List<Integer> again = IntStream.range(0, 20).mapToObj(i -> arm.get(vaultPath(id)).status()).toList();

    assertThat(seed).as("exact in any JSON reader").isBetween(0L, (long) Integer.MAX_VALUE);
    assertThat(again).isEqualTo(first);
  }

  @Test
  void theListingShowsEveryFaultWithItsHitsAndDeleteClearsThoseOfItsServiceOnly() {
    SimVaultId id = arm.freshVault();
    String throttle = fault("{\"method\": \"patch\", \"path\": \"/subscriptions/**\", \"kind\": \"status\","
        + " \"status\": 429, \"count\": 1}");
    String slow = fault("{\"path\": \"/subscriptions/**\", \"kind\": \"delay\", \"delayMs\": 1}");
    arm.graph("POST", FAULTS, "{\"path\": \"/**\", \"kind\": \"reset\", \"probability\": 0}");
    arm.patch(vaultPath(id), PATCH_RULES);
    arm.patch(vaultPath(id), PATCH_RULES);
    arm.get(vaultPath(id));

    List<JsonNode> faults = listed(arm.get(FAULTS));
    assertThat(faults).extracting(f -> f.path("id").asText()).containsExactly(throttle, slow);
    assertThat(faults.get(0).path("method").asText()).isEqualTo("PATCH");
    assertThat(faults.get(0).path("hits").asInt()).as("used up, still listed").isEqualTo(1);
    assertThat(faults.get(1).path("method").asText()).isEqualTo("*");
    assertThat(faults.get(1).path("delayMs").asInt()).isEqualTo(1);
    assertThat(faults.get(1).has("count")).as("unlimited").isFalse();
    assertThat(faults.get(1).path("hits").asInt()).isEqualTo(2);

    assertThat(arm.delete(FAULTS).status()).isEqualTo(204);
    assertThat(listed(arm.get(FAULTS))).isEmpty();
    assertThat(listed(arm.graph(FAULTS))).hasSize(1);
    assertThat(arm.patch(vaultPath(id), PATCH_RULES).status()).isEqualTo(200);
  }

  @Test
  void controlPathsAreNeitherFaultedNorCounted() {
    SimVaultId id = arm.freshVault();
    fault("{\"path\": \"/**\", \"kind\": \"status\", \"status\": 503}");

    assertThat(arm.get("/_simulator/requests").status()).isEqualTo(200);
    assertThat(arm.get(FAULTS).status()).isEqualTo(200);
    assertThat(arm.sim().requests().snapshot()).isEmpty();
    assertThat(listed(arm.get(FAULTS)).get(0).path("hits").asInt()).isZero();
    assertThat(arm.get(vaultPath(id)).status()).isEqualTo(503);
    assertThat(listed(arm.get(FAULTS)).get(0).path("hits").asInt()).isEqualTo(1);
  }

  @Test
  void theBearerTokenIsNeededAndOnlyGetPostAndDeleteAreServed() {
    ArmClient.Response anonymous = arm.send(arm.request(FAULTS).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"path\": \"/**\", \"kind\": \"reset\"}")));
    ArmClient.Response put = arm.put(FAULTS, "{\"path\": \"/**\", \"kind\": \"reset\"}");

    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(put.status()).isEqualTo(405);
    assertThat(arm.sim().faults().active()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      {"path": "/x", "kind": "explode"}                          | 'kind' must be one of [delay, lostResponse, reset, status], not 'explode'
      {"path": "/x"}                                             | 'kind' is required
      {"kind": "reset"}                                          | 'path' is required
      {"path": "subscriptions/**", "kind": "reset"}              | 'path' must be a glob starting with '/'
      {"path": "/x", "kind": "status"}                           | 'status' is required
      {"path": "/x", "kind": "status", "status": 200}            | 'status' must be an error status from 400 to 599, not 200
      {"path": "/x", "kind": "status", "status": 600}            | 'status' must be an error status from 400 to 599, not 600
      {"path": "/x", "kind": "status", "status": "429"}          | at 'status': expected an integer
      {"path": "/x", "kind": "status", "status": 429, "retryAfterSeconds": -1} | 'retryAfterSeconds' must be at least 0
      {"path": "/x", "kind": "reset", "probability": 1.5}        | 'probability' must be from 0 to 1, not 1.5
      {"path": "/x", "kind": "reset", "probability": -0.1}       | 'probability' must be from 0 to 1, not -0.1
      {"path": "/x", "kind": "reset", "count": 0}                | 'count' must be at least 1, not 0
      {"path": "/x", "kind": "reset", "seed": 1.5}               | at 'seed': expected an integer
      {"path": "/x", "kind": "delay"}                            | 'delayMs' is required
      {"path": "/x", "kind": "reset", "delayMs": 5}              | 'delayMs' does not apply to kind 'reset'
      {"path": "/x", "kind": "reset", "statusCode": 500}         | 'statusCode' is not known
      {"path": "/x", "kind": "reset", "method": "PA TCH"}        | 'method' must be an HTTP method or '*'
      [1, 2]                                                     | must be a JSON object
      """)
  void aBadFaultIsRefusedWith400NamingTheField(String json, String message) {
    ArmClient.Response refused = post(json);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.errorMessage()).contains(message);
    assertThat(arm.sim().faults().active()).isEmpty();
  }
}
