package io.vaultgate.simulator.arm.keyvault;

import static io.vaultgate.simulator.NetworkFixtures.NETWORK_API;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultgate.simulator.ArmClient;
import io.vaultgate.simulator.NetworkFixtures;
import java.time.Duration;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A vault's private endpoint connections (the vault owner's side) over raw HTTPS. */
class PrivateEndpointConnectionsHttpTest {
  @RegisterExtension
  static final ArmClient arm = new ArmClient();

  private static int endpoints;

  @BeforeEach
  void reset() {
    arm.sim().operations().setDelay(Duration.ZERO);
  }

  /** A manual endpoint to the fixtures' vault; returns the connection's path on the vault. */
  private static String pendingConnection(NetworkFixtures net) {
    String endpoint = NetworkFixtures.endpointId("pe-conn-" + ++endpoints);
    arm.awaitOperation(arm.put(endpoint + NETWORK_API, net.endpointBody(true)));
    return net.vault().resourceId() + "/privateEndpointConnections/"
        + arm.sim().privateEndpoints().get(endpoint).vaultConnectionName();
  }

  private static String approve(String etag, String status) {
    return """
        {"etag":"%s","properties":{"privateLinkServiceConnectionState":{"status":"%s",
          "description":"My name is Joe and I'm approving this."}}}""".formatted(etag, status);
  }

  @Test
  void listAndGetShowTheConnectionAsTheSpecDoes() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String connection = pendingConnection(net);

    ArmClient.Response list = arm.get(net.vault().resourceId() + "/privateEndpointConnections"
        + ArmClient.API_VERSION_QUERY);
    ArmClient.Response get = arm.get(connection + ArmClient.API_VERSION_QUERY);

    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().path("value").size()).isEqualTo(1);
    assertThat(get.status()).isEqualTo(200);
    JsonNode node = get.json();
    assertThat(node.path("id").asText()).isEqualTo(connection);
    assertThat(node.path("type").asText()).isEqualTo("Microsoft.KeyVault/vaults/privateEndpointConnections");
    assertThat(node.path("etag").asText()).isNotBlank();
    assertThat(node.path("properties").path("provisioningState").asText()).isEqualTo("Succeeded");
    assertThat(node.path("properties").path("privateEndpoint").path("id").asText())
        .isEqualTo(NetworkFixtures.endpointId("pe-conn-" + endpoints));
    assertThat(node.path("properties").path("privateLinkServiceConnectionState").toString())
        .isEqualTo("{\"status\":\"Pending\",\"description\":\"Awaiting approval\",\"actionsRequired\":\"None\"}");
    assertThat(list.json().path("value").get(0)).isEqualTo(node);
  }

  @Test
  void putApprovesWithTheCurrentEtagAndTheEndpointSeesIt() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String connection = pendingConnection(net);
    String etag = arm.get(connection + ArmClient.API_VERSION_QUERY).json().path("etag").asText();

    ArmClient.Response stale = arm.put(connection + ArmClient.API_VERSION_QUERY, approve("stale", "Approved"));
    ArmClient.Response approved = arm.put(connection + ArmClient.API_VERSION_QUERY, approve(etag, "Approved"));

    assertThat(stale.status()).isEqualTo(412);
    assertThat(stale.errorCode()).isEqualTo("PreconditionFailed");
    assertThat(approved.status()).isEqualTo(200);
    assertThat(approved.header("Azure-AsyncOperation")).as("not long-running").isNull();
    assertThat(approved.json().path("etag").asText()).isNotEqualTo(etag);
    assertThat(approved.json().path("properties").path("privateLinkServiceConnectionState").path("description")
        .asText()).isEqualTo("My name is Joe and I'm approving this.");
    String endpoint = NetworkFixtures.endpointId("pe-conn-" + endpoints);
    assertThat(arm.get(endpoint + NETWORK_API).json().path("properties").path("manualPrivateLinkServiceConnections")
        .get(0).path("properties").path("privateLinkServiceConnectionState").path("status").asText())
        .isEqualTo("Approved");
    assertThat(arm.get(ArmClient.vaultPath(net.vault())).json().path("properties")
        .path("privateEndpointConnections").get(0).path("properties").path("privateLinkServiceConnectionState")
        .path("status").asText()).isEqualTo("Approved");

    ArmClient.Response rejected = arm.put(connection + ArmClient.API_VERSION_QUERY, approve("", "rejected"));

    assertThat(rejected.status()).as("an empty etag is no condition").isEqualTo(200);
    assertThat(arm.sim().privateEndpoints().connectionStatus(endpoint)).isEqualTo("Rejected");
  }

  @Test
  void onlyApprovedAndRejectedCanBeSet() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String connection = pendingConnection(net);

    ArmClient.Response put = arm.put(connection + ArmClient.API_VERSION_QUERY, approve("", "Disconnected"));

    assertThat(put.status()).isEqualTo(400);
    assertThat(put.errorMessage()).contains("Allowed values are Approved, Rejected");
  }

  @Test
  void unknownConnectionsAre404() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String path = net.vault().resourceId() + "/privateEndpointConnections/nope" + ArmClient.API_VERSION_QUERY;

    ArmClient.Response get = arm.get(path);
    ArmClient.Response put = arm.put(path, approve("", "Approved"));

    assertThat(get.status()).isEqualTo(404);
    assertThat(get.errorCode()).isEqualTo("ResourceNotFound");
    assertThat(get.errorMessage()).contains("'Microsoft.KeyVault/vaults/" + net.vault().name()
        + "/privateEndpointConnections/nope'");
    assertThat(put.status()).isEqualTo(404);
    assertThat(arm.delete(path).status()).isEqualTo(204);
  }

  @Test
  void deleteDisconnectsTheEndpoint() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String connection = pendingConnection(net);
    String endpoint = NetworkFixtures.endpointId("pe-conn-" + endpoints);

    ArmClient.Response delete = arm.delete(connection + ArmClient.API_VERSION_QUERY);

    assertThat(delete.status()).isEqualTo(200);
    assertThat(delete.json().path("properties").path("provisioningState").asText()).isEqualTo("Disconnected");
    assertThat(arm.get(connection + ArmClient.API_VERSION_QUERY).status()).isEqualTo(404);
    assertThat(arm.sim().privateEndpoints().connectionStatus(endpoint)).isEqualTo("Disconnected");
    assertThat(arm.sim().agentReachesVaultPrivately(net.agentsSubnetId(), net.vault())).isFalse();
  }

  @Test
  void stateApiDecisionsNeedAnExistingConnection() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());

    assertThatThrownBy(() ->
        arm.sim().keyVaults().approvePrivateEndpointConnection(net.vault(), "nope"))
        .isInstanceOf(NoSuchElementException.class);
    assertThat(arm.sim().keyVaults().disconnectPrivateEndpointConnection(net.vault(), "nope")).isFalse();
  }

  @Test
  void deletingTheVaultTakesItsConnections() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    pendingConnection(net);
    String endpoint = NetworkFixtures.endpointId("pe-conn-" + endpoints);

    arm.sim().keyVaults().delete(net.vault());

    assertThat(arm.sim().keyVaults().privateEndpointConnections(net.vault())).isEmpty();
    assertThat(arm.sim().privateEndpoints().connectionStatus(endpoint)).isEqualTo("Disconnected");
  }
}
