package io.vaultgate.simulator.arm;

import static io.vaultgate.simulator.NetworkFixtures.DNS_API;
import static io.vaultgate.simulator.NetworkFixtures.NETWORK_API;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultgate.simulator.ArmClient;
import io.vaultgate.simulator.FaultAction;
import io.vaultgate.simulator.FaultRule;
import io.vaultgate.simulator.NetworkFixtures;
import io.vaultgate.simulator.RecordedRequest;
import io.vaultgate.simulator.RequestLog;
import io.vaultgate.simulator.TestIds;
import io.vaultgate.simulator.arm.LongRunningOperations.AsyncOperation;
import io.vaultgate.simulator.arm.privatelink.PrivateEndpoints;
import io.vaultgate.simulator.http.Guid;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operations behind long-running Network and Private DNS writes: timing, failure, their status and result
 * URLs, and fault injection and the request log on them.
 */
class LongRunningOperationsTest {
  @RegisterExtension
  static final ArmClient arm = new ArmClient();

  private static int endpoints;

  @BeforeEach
  void reset() {
    arm.sim().operations().setDelay(Duration.ZERO);
    arm.sim().faults().clear();
    arm.sim().requests().clear();
  }

  private static String freshEndpoint() {
    return NetworkFixtures.endpointId("pe-lro-" + ++endpoints);
  }

  @Test
  void withNoDelayTheOperationHasEndedBeforeTheFirstAnswerArrives() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String id = freshEndpoint();

    ArmClient.Response put = arm.put(id + NETWORK_API, net.endpointBody(false));

    assertThat(put.json().path("properties").path("provisioningState").asText())
        .as("the first answer keeps the long-running shape").isEqualTo("Updating");
    assertThat(put.header("Retry-After")).isNull();
    assertThat(arm.getUrl(put.header("Azure-AsyncOperation")).json().path("status").asText()).isEqualTo("Succeeded");
    assertThat(arm.sim().privateEndpoints().get(id).provisioningState()).isEqualTo(ProvisioningState.SUCCEEDED);
  }

  @Test
  void theDefaultDelayIsShortAndOperationsAreListed() {
    assertThat(LongRunningOperations.DEFAULT_DELAY).isLessThanOrEqualTo(Duration.ofMillis(100));
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String id = freshEndpoint();

    ArmClient.Response put = arm.put(id + NETWORK_API, net.endpointBody(false));

    String url = put.header("Azure-AsyncOperation");
    String operationId = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
    AsyncOperation operation = arm.sim().operations().find(operationId).orElseThrow();
    assertThat(operation.resourceId()).isEqualTo(id);
    assertThat(operation.method()).isEqualTo("PUT");
    assertThat(operation.statusPath()).isEqualTo(url.substring(arm.sim().armBaseUrl().length() - 1,
        url.indexOf('?')));
    assertThat(arm.sim().operations().all()).extracting(AsyncOperation::id).contains(operationId);
    assertThatThrownBy(() -> arm.sim().operations().setDelay(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anInjectedFailureEndsTheNextOperationFailedAndLeavesItsResourceFailed() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String id = freshEndpoint();
    arm.sim().operations().failNext("InternalServerError", "An error occurred.");

    ArmClient.Response put = arm.put(id + NETWORK_API, net.endpointBody(false));

    assertThat(put.status()).isEqualTo(201);
    assertThat(arm.awaitOperation(put)).isEqualTo("Failed");
    assertThat(arm.getUrl(put.header("Azure-AsyncOperation")).json().toString()).isEqualTo("{\"status\":\"Failed\","
        + "\"error\":{\"code\":\"InternalServerError\",\"message\":\"An error occurred.\"}}");
    assertThat(arm.get(id + NETWORK_API).json().path("properties").path("provisioningState").asText())
        .isEqualTo("Failed");
    assertThat(arm.sim().agentReachesVaultPrivately(net.agentsSubnetId(), net.vault())).isFalse();

    ArmClient.Response retried = arm.put(id + NETWORK_API, net.endpointBody(false));

    assertThat(retried.status()).isEqualTo(200);
    assertThat(arm.awaitOperation(retried)).as("one failure only").isEqualTo("Succeeded");
  }

  @Test
  void aFailedDeleteKeepsTheResourceAndItsResultUrlReportsTheError() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String id = freshEndpoint();
    arm.awaitOperation(arm.put(id + NETWORK_API, net.endpointBody(false)));
    arm.sim().operations().failNext("Conflict", "The endpoint is in use.");

    ArmClient.Response delete = arm.delete(id + NETWORK_API);

    assertThat(arm.awaitOperation(delete)).isEqualTo("Failed");
    ArmClient.Response result = arm.getUrl(delete.header("Location"));
    assertThat(result.status()).isEqualTo(400);
    assertThat(result.errorCode()).isEqualTo("Conflict");
    assertThat(arm.sim().privateEndpoints().get(id).provisioningState()).isEqualTo(ProvisioningState.FAILED);
    assertThat(arm.sim().keyVaults().privateEndpointConnections(net.vault())).hasSize(1);
  }

  @Test
  void unknownOperationsAre404() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    ArmClient.Response put = arm.put(freshEndpoint() + NETWORK_API, net.endpointBody(false));
    String url = put.header("Azure-AsyncOperation");

    ArmClient.Response otherRegion = arm.getUrl(url.replace("/locations/westeurope/", "/locations/northeurope/"));
    ArmClient.Response unknown = arm.get("/subscriptions/" + TestIds.SUBSCRIPTION
        + "/providers/Microsoft.Network/locations/westeurope/operations/" + Guid.random() + NETWORK_API);

    assertThat(otherRegion.status()).isEqualTo(404);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.errorCode()).isEqualTo("NotFound");
  }

  @Test
  void operationPollsAreLoggedAsReadsAndCanBeFaulted() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String id = freshEndpoint();
    arm.sim().faults().add(FaultRule.next(1, ArmService.NAME, FaultAction.tooManyRequests(2))
        .withRoute(LongRunningOperations.NETWORK_STATUS_ROUTE));

    ArmClient.Response put = arm.put(id + NETWORK_API, net.endpointBody(false));
    ArmClient.Response throttled = arm.getUrl(put.header("Azure-AsyncOperation"));
    ArmClient.Response served = arm.getUrl(put.header("Azure-AsyncOperation"));

    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.header("Retry-After")).isEqualTo("2");
    assertThat(served.status()).isEqualTo(200);
    RequestLog log = arm.sim().requests();
    assertThat(log.count(ArmService.NAME, "PUT", PrivateEndpoints.ENDPOINT_ROUTE)).isEqualTo(1);
    assertThat(log.count(ArmService.NAME, "GET", LongRunningOperations.NETWORK_STATUS_ROUTE)).isEqualTo(2);
    assertThat(log.reads()).isEqualTo(2);
    assertThat(log.writes()).isEqualTo(1);
    assertThat(log.snapshot()).extracting(RecordedRequest::status).containsExactly(201, 429, 200);
  }

  @Test
  void aFaultedWriteChangesNothing() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String id = freshEndpoint();
    arm.sim().faults().add(FaultRule.next(1, ArmService.NAME, FaultAction.serverError(503))
        .withMethod("PUT").withRoute(PrivateEndpoints.ENDPOINT_ROUTE));

    ArmClient.Response put = arm.put(id + NETWORK_API, net.endpointBody(false));

    assertThat(put.status()).isEqualTo(503);
    assertThat(arm.sim().privateEndpoints().find(id)).isEmpty();
    assertThat(arm.sim().keyVaults().privateEndpointConnections(net.vault())).isEmpty();
    assertThat(arm.sim().requests().count(ArmService.NAME, "PUT", PrivateEndpoints.ENDPOINT_ROUTE)).isEqualTo(1);
  }

  @Test
  void privateDnsOperationsAreLoggedUnderTheirOwnRoute() {
    arm.sim().seedResourceGroup(TestIds.SUBSCRIPTION, "rg-lro-dns");
    String zone = NetworkFixtures.zoneId("rg-lro-dns", "lro.internal");

    ArmClient.Response put = arm.put(zone + DNS_API, "{\"location\":\"global\"}");
    arm.awaitOperation(put);
    arm.getUrl(put.header("Location"));

    assertThat(arm.sim().requests().count(ArmService.NAME, "GET", LongRunningOperations.PRIVATE_DNS_STATUS_ROUTE))
        .isEqualTo(1);
    assertThat(arm.sim().requests().count(ArmService.NAME, "GET", LongRunningOperations.PRIVATE_DNS_RESULT_ROUTE))
        .isEqualTo(1);
    assertThat(arm.getUrl(put.header("Location")).status()).isEqualTo(204);
  }
}
