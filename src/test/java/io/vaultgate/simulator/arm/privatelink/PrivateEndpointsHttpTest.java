package io.vaultgate.simulator.arm.privatelink;

import static io.vaultgate.simulator.NetworkFixtures.NETWORK_API;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultgate.simulator.ArmClient;
import io.vaultgate.simulator.NetworkFixtures;
import io.vaultgate.simulator.TestIds;
import io.vaultgate.simulator.arm.ResourceId;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import io.vaultgate.simulator.arm.privatedns.ARecordSet;
import io.vaultgate.simulator.arm.privatedns.PrivateDnsZones;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Microsoft.Network/privateEndpoints of vaults and their private DNS zone groups, over raw HTTPS. */
class PrivateEndpointsHttpTest {
  @RegisterExtension
  static final ArmClient arm = new ArmClient();

  private static int names;

  @BeforeEach
  void reset() {
    arm.sim().operations().setDelay(Duration.ZERO);
  }

  private static String freshEndpoint() {
    return NetworkFixtures.endpointId("pe-http-" + ++names);
  }

  private static JsonNode connectionState(JsonNode endpoint, String kind) {
    return endpoint.path("properties").path(kind).get(0).path("properties").path("privateLinkServiceConnectionState");
  }

  @Test
  void putIsLongRunningAndTheEndpointIsUpdatingUntilItsOperationEnds() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String id = freshEndpoint();
    arm.sim().operations().setDelay(Duration.ofHours(1));

    ArmClient.Response put = arm.put(id + NETWORK_API, net.endpointBody(false));

    assertThat(put.status()).isEqualTo(201);
    assertThat(put.json().path("properties").path("provisioningState").asText()).isEqualTo("Updating");
    String operation = put.header("Azure-AsyncOperation");
    assertThat(operation).startsWith(arm.sim().armBaseUrl() + "subscriptions/" + TestIds.SUBSCRIPTION
        + "/providers/Microsoft.Network/locations/westeurope/operations/").endsWith("?api-version=2025-03-01");
    assertThat(arm.get(id + NETWORK_API).json().path("properties").path("provisioningState").asText())
        .isEqualTo("Updating");
    assertThat(arm.getUrl(operation).json().toString())
        .isEqualTo("{\"status\":\"InProgress\"}");
    assertThat(arm.getUrl(operation).header("Retry-After")).isEqualTo("3600");

    arm.sim().operations().endAllNow();

    assertThat(arm.getUrl(operation).json().toString()).isEqualTo("{\"status\":\"Succeeded\"}");

    assertThat(arm.get(id + NETWORK_API).json().path("properties").path("provisioningState").asText())
        .isEqualTo("Succeeded");
    assertThat(arm.sim().operations().inProgress(id)).isEmpty();
  }

  @Test
  void getShowsTheConnectionAddressInterfaceAndDnsConfig() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String id = freshEndpoint();
    arm.awaitOperation(arm.put(id + NETWORK_API, net.endpointBody(false)));

    JsonNode endpoint = arm.get(id + NETWORK_API).json();

    assertThat(endpoint.path("id").asText()).isEqualTo(id);
    assertThat(endpoint.path("type").asText()).isEqualTo("Microsoft.Network/privateEndpoints");
    assertThat(endpoint.path("location").asText()).isEqualTo("westeurope");
    JsonNode properties = endpoint.path("properties");
    assertThat(properties.path("subnet").path("id").asText()).isEqualTo(net.endpointsSubnetId());
    JsonNode connection = properties.path("privateLinkServiceConnections").get(0);
    assertThat(connection.path("name").asText()).isEqualTo("kv-connection");
    assertThat(connection.path("id").asText()).isEqualTo(id + "/privateLinkServiceConnections/kv-connection");
    assertThat(connection.path("properties").path("privateLinkServiceId").asText())
        .isEqualTo(net.vault().resourceId());
    assertThat(connection.path("properties").path("groupIds").toString()).isEqualTo("[\"vault\"]");
    assertThat(connectionState(endpoint, "privateLinkServiceConnections").toString())
        .isEqualTo("{\"status\":\"Approved\",\"description\":\"Auto-approved\",\"actionsRequired\":\"None\"}");
    assertThat(properties.path("manualPrivateLinkServiceConnections").size()).isZero();
    assertThat(properties.path("networkInterfaces").get(0).path("id").asText()).startsWith("/subscriptions/"
        + TestIds.SUBSCRIPTION + "/resourceGroups/" + TestIds.RESOURCE_GROUP
        + "/providers/Microsoft.Network/networkInterfaces/" + ResourceId.parse(id, PrivateEndpoints.TYPE).name()
        + ".nic.");
    assertThat(properties.path("customDnsConfigs").toString()).isEqualTo("[{\"fqdn\":\"" + net.vault().name()
        + ".vault.azure.net\",\"ipAddresses\":[\"" + net.firstEndpointAddress() + "\"]}]");
    assertThat(arm.sim().privateEndpoints().get(id).privateIpAddress()).isEqualTo(net.firstEndpointAddress());
  }

  @Test
  void endpointsAreListedByResourceGroup() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String id = freshEndpoint();
    arm.put(id + NETWORK_API, net.endpointBody(false));

    ArmClient.Response list = arm.get("/subscriptions/" + TestIds.SUBSCRIPTION + "/resourceGroups/"
        + TestIds.RESOURCE_GROUP + "/providers/Microsoft.Network/privateEndpoints" + NETWORK_API);

    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().path("value").findValuesAsText("id")).contains(id);
    assertThat(arm.get("/subscriptions/" + TestIds.SUBSCRIPTION + "/resourceGroups/" + NetworkFixtures.NETWORK_GROUP
        + "/providers/Microsoft.Network/privateEndpoints" + NETWORK_API).json().path("value").size()).isZero();
  }

  @Test
  void theEndpointsNetworkInterfaceHoldsItsAddress() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String id = freshEndpoint();
    arm.awaitOperation(arm.put(id + NETWORK_API, net.endpointBody(false)));
    String nicId = arm.get(id + NETWORK_API).json().path("properties").path("networkInterfaces").get(0).path("id")
        .asText();

    ArmClient.Response nic = arm.get(nicId + NETWORK_API);

    assertThat(nic.status()).isEqualTo(200);
    assertThat(nic.json().path("id").asText()).isEqualTo(nicId);
    assertThat(nic.json().path("type").asText()).isEqualTo("Microsoft.Network/networkInterfaces");
    assertThat(nic.json().path("properties").path("privateEndpoint").path("id").asText()).isEqualTo(id);
    JsonNode ip = nic.json().path("properties").path("ipConfigurations").get(0).path("properties");
    assertThat(ip.path("privateIPAddress").asText()).isEqualTo(net.firstEndpointAddress());
    assertThat(ip.path("subnet").path("id").asText()).isEqualTo(net.endpointsSubnetId());
    assertThat(ip.path("privateLinkConnectionProperties").path("fqdns").toString())
        .isEqualTo("[\"" + net.vault().name() + ".vault.azure.net\"]");
    assertThat(arm.get(nicId + "-other" + NETWORK_API).status()).isEqualTo(404);
  }

  @Test
  void aCustomNetworkInterfaceNameIsKept() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String id = freshEndpoint();

    ArmClient.Response put = arm.put(id + NETWORK_API, net.endpointBody(false)
        .replace("\"subnet\":", "\"customNetworkInterfaceName\":\"kv-nic\",\"subnet\":"));

    assertThat(put.json().path("properties").path("customNetworkInterfaceName").asText()).isEqualTo("kv-nic");
    assertThat(put.json().path("properties").path("networkInterfaces").get(0).path("id").asText())
        .endsWith("/providers/Microsoft.Network/networkInterfaces/kv-nic");
  }

  @Test
  void anAutomaticConnectionIsApprovedOnTheVaultAndDeletingTheEndpointRemovesIt() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String id = freshEndpoint();
    arm.awaitOperation(arm.put(id + NETWORK_API, net.endpointBody(false)));

    JsonNode vault = arm.get(ArmClient.vaultPath(net.vault())).json();

    JsonNode listed = vault.path("properties").path("privateEndpointConnections").get(0);
    String name = ResourceId.parse(id, PrivateEndpoints.TYPE).name();
    assertThat(listed.path("id").asText()).startsWith(net.vault().resourceId() + "/privateEndpointConnections/"
        + name + ".");
    assertThat(listed.path("properties").path("privateEndpoint").path("id").asText()).isEqualTo(id);
    assertThat(listed.path("properties").path("privateLinkServiceConnectionState").path("status").asText())
        .isEqualTo("Approved");
    assertThat(arm.sim().keyVaults().privateEndpointConnectionFrom(net.vault(), id.toUpperCase(Locale.ROOT))
        .orElseThrow().name()).isEqualTo(arm.sim().privateEndpoints().get(id).vaultConnectionName());

    ArmClient.Response delete = arm.delete(id + NETWORK_API);

    assertThat(delete.status()).isEqualTo(202);
    assertThat(delete.body()).isEmpty();
    assertThat(delete.header("Azure-AsyncOperation")).contains("/providers/Microsoft.Network/locations/westeurope/"
        + "operations/");
    assertThat(delete.header("Location")).contains("/providers/Microsoft.Network/locations/westeurope/"
        + "operationResults/");
    assertThat(arm.awaitOperation(delete)).isEqualTo("Succeeded");
    assertThat(arm.getUrl(delete.header("Location")).status())
        .isEqualTo(204);
    assertThat(arm.get(id + NETWORK_API).status()).isEqualTo(404);
    assertThat(arm.sim().keyVaults().privateEndpointConnections(net.vault())).isEmpty();
    assertThat(arm.delete(id + NETWORK_API).status()).as("already gone").isEqualTo(204);
  }

  @Test
  void deletingIsShownUntilTheOperationEnds() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String id = freshEndpoint();
    arm.awaitOperation(arm.put(id + NETWORK_API, net.endpointBody(false)));
    arm.sim().operations().setDelay(Duration.ofHours(1));

    ArmClient.Response delete = arm.delete(id + NETWORK_API);

    assertThat(arm.get(id + NETWORK_API).json().path("properties").path("provisioningState").asText())
        .isEqualTo("Deleting");
    assertThat(arm.getUrl(delete.header("Location")).status()).isEqualTo(202);
    assertThat(arm.sim().keyVaults().privateEndpointConnections(net.vault())).hasSize(1);
    arm.sim().operations().endAllNow();
    assertThat(arm.getUrl(delete.header("Azure-AsyncOperation")).json().path("status").asText())
        .isEqualTo("Succeeded");
    assertThat(arm.get(id + NETWORK_API).status()).isEqualTo(404);
  }

  @Test
  void aManualConnectionWaitsForTheVaultOwner() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String id = freshEndpoint();
    arm.awaitOperation(arm.put(id + NETWORK_API, net.endpointBody(true)));
    String kind = "manualPrivateLinkServiceConnections";

    JsonNode pending = arm.get(id + NETWORK_API).json();
    assertThat(connectionState(pending, kind).path("status").asText()).isEqualTo("Pending");
    assertThat(connectionState(pending, kind).path("description").asText()).isEqualTo("Awaiting approval");
    assertThat(pending.path("properties").path(kind).get(0).path("properties").path("requestMessage").asText())
        .isEqualTo("Please approve vaultgate's endpoint.");
    assertThat(pending.path("properties").path("privateLinkServiceConnections").size()).isZero();
    String connection = arm.sim().privateEndpoints().get(id).vaultConnectionName();

    arm.sim().keyVaults().approvePrivateEndpointConnection(net.vault(), connection);
    assertThat(connectionState(arm.get(id + NETWORK_API).json(), kind).path("status").asText())
        .isEqualTo("Approved");

    arm.sim().keyVaults().rejectPrivateEndpointConnection(net.vault(), connection);
    assertThat(connectionState(arm.get(id + NETWORK_API).json(), kind).path("status").asText())
        .isEqualTo("Rejected");
    assertThat(arm.sim().privateEndpoints().connectionStatus(id)).isEqualTo("Rejected");

    assertThat(arm.sim().keyVaults().disconnectPrivateEndpointConnection(net.vault(), connection)).isTrue();
    assertThat(connectionState(arm.get(id + NETWORK_API).json(), kind).path("status").asText())
        .isEqualTo("Disconnected");
    assertThat(arm.sim().keyVaults().privateEndpointConnections(net.vault())).isEmpty();
  }

  @Test
  void endpointsTakeTheNextFreeAddressUntilTheSubnetIsFull() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    // A /28 has 16 addresses; Azure keeps the first four and the last: 11 remain.
    IntStream.range(0, 11).forEach(i -> assertThat(arm.put(freshEndpoint() + NETWORK_API, net.endpointBody(false))
        .status()).isEqualTo(201));

    ArmClient.Response full = arm.put(freshEndpoint() + NETWORK_API, net.endpointBody(false));

    assertThat(arm.sim().privateEndpoints().all()).filteredOn(e -> e.subnet().resourceId()
        .equals(net.endpointsSubnetId())).extracting(SimPrivateEndpoint::privateIpAddress)
        .contains(net.addressBase() + ".2.4", net.addressBase() + ".2.14").doesNotHaveDuplicates().hasSize(11);
    assertThat(full.status()).isEqualTo(400);
    assertThat(full.errorCode()).isEqualTo("SubnetIsFull");
  }

  @Test
  void anUpdateChangesTagsAndAnswers200() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String id = freshEndpoint();
    arm.awaitOperation(arm.put(id + NETWORK_API, net.endpointBody(false)));
    String body = net.endpointBody(false).replaceFirst("\\{\"location\"", "{\"tags\":{\"owner\":\"vaultgate\"},"
        + "\"location\"");

    ArmClient.Response update = arm.put(id + NETWORK_API, body);

    assertThat(update.status()).isEqualTo(200);
    assertThat(update.header("Azure-AsyncOperation")).isNotBlank();
    assertThat(update.json().path("tags").path("owner").asText()).isEqualTo("vaultgate");
    assertThat(arm.sim().privateEndpoints().get(id).privateIpAddress()).isEqualTo(net.firstEndpointAddress());
    assertThat(arm.sim().keyVaults().privateEndpointConnections(net.vault())).hasSize(1);
  }

  @Test
  void theEndpointMustBeInItsNetworksRegion() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String id = freshEndpoint();

    ArmClient.Response put = arm.put(id + NETWORK_API, NetworkFixtures.endpointBody(false, "northeurope",
        net.endpointsSubnetId(), net.vault().resourceId(), "vault"));

    assertThat(put.status()).isEqualTo(400);
    assertThat(put.errorCode()).isEqualTo("InvalidResourceReference");
    assertThat(put.errorMessage()).isEqualTo("Resource " + net.endpointsSubnetId() + " referenced by resource " + id
        + " was not found. Please make sure that the referenced resource exists, and that both resources are in"
        + " the same region.");
    assertThat(arm.sim().privateEndpoints().find(id)).isEmpty();
    assertThat(arm.sim().keyVaults().privateEndpointConnections(net.vault())).isEmpty();
  }

  @Test
  void anUnknownSubnetIsAnInvalidReference() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());

    ArmClient.Response put = arm.put(freshEndpoint() + NETWORK_API, NetworkFixtures.endpointBody(false,
        "westeurope", net.virtualNetworkId() + "/subnets/nope", net.vault().resourceId(), "vault"));

    assertThat(put.status()).isEqualTo(400);
    assertThat(put.errorCode()).isEqualTo("InvalidResourceReference");
  }

  @Test
  void theTargetMustBeAKnownVault() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    SimVaultId missing = TestIds.freshVault();

    ArmClient.Response unknown = arm.put(freshEndpoint() + NETWORK_API, NetworkFixtures.endpointBody(false,
        "westeurope", net.endpointsSubnetId(), missing.resourceId(), "vault"));
    ArmClient.Response malformed = arm.put(freshEndpoint() + NETWORK_API, NetworkFixtures.endpointBody(false,
        "westeurope", net.endpointsSubnetId(), "kv-by-name", "vault"));

    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.errorCode()).isEqualTo("PrivateEndpointBadRequest");
    assertThat(unknown.errorMessage()).isEqualTo("Call to Microsoft.KeyVault/vaults failed. Error message: The"
        + " Resource 'Microsoft.KeyVault/vaults/" + missing.name() + "' under resource group '"
        + missing.resourceGroup() + "' was not found.");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.errorCode()).isEqualTo("LinkedInvalidPropertyId");
  }

  @ParameterizedTest
  @ValueSource(strings = {"vaults", "secrets", "managedhsm"})
  void theGroupIdMustBeVault(String groupId) {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());

    ArmClient.Response put = arm.put(freshEndpoint() + NETWORK_API, NetworkFixtures.endpointBody(false,
        "westeurope", net.endpointsSubnetId(), net.vault().resourceId(), groupId));

    assertThat(put.status()).isEqualTo(400);
    assertThat(put.errorCode()).isEqualTo("PrivateEndpointBadRequest");
    assertThat(put.errorMessage()).contains("'vault'");
  }

  @Test
  void exactlyOneConnectionIsNeeded() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String both = net.endpointBody(false).replace("]}}", "],\"manualPrivateLinkServiceConnections\":"
        + "[{\"properties\":{\"privateLinkServiceId\":\"" + net.vault().resourceId() + "\",\"groupIds\":"
        + "[\"vault\"]}}]}}");

    ArmClient.Response put = arm.put(freshEndpoint() + NETWORK_API, both);

    assertThat(put.status()).isEqualTo(400);
    assertThat(put.errorMessage()).contains("exactly one private link service connection");
  }

  @Test
  void theSubnetOfAnEndpointCannotChange() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String id = freshEndpoint();
    arm.awaitOperation(arm.put(id + NETWORK_API, net.endpointBody(false)));

    ArmClient.Response put = arm.put(id + NETWORK_API, NetworkFixtures.endpointBody(false, "westeurope",
        net.agentsSubnetId(), net.vault().resourceId(), "vault"));

    assertThat(put.status()).isEqualTo(400);
    assertThat(put.errorCode()).isEqualTo("PrivateEndpointCannotBeUpdated");
  }

  @Test
  void aZoneGroupWritesTheVaultsRecordWhenItsOperationEnds() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String id = freshEndpoint();
    arm.awaitOperation(arm.put(id + NETWORK_API, net.endpointBody(false)));
    String zoneId = arm.sim().privateDnsZones().create(TestIds.SUBSCRIPTION, "rg-zg-" + names,
        PrivateDnsZones.KEY_VAULT_ZONE).resourceId();
    arm.sim().operations().setDelay(Duration.ofHours(1));

    ArmClient.Response put = arm.put(id + "/privateDnsZoneGroups/default" + NETWORK_API,
        NetworkFixtures.zoneGroupBody(zoneId));

    assertThat(put.status()).isEqualTo(201);
    assertThat(put.json().path("properties").path("provisioningState").asText()).isEqualTo("Updating");
    assertThat(arm.sim().privateDnsZones().aRecords(zoneId)).as("written when the operation ends").isEmpty();
    arm.sim().operations().endAllNow();
    assertThat(arm.awaitOperation(put)).isEqualTo("Succeeded");
    JsonNode group = arm.get(id + "/privateDnsZoneGroups/default" + NETWORK_API).json();
    assertThat(group.path("id").asText()).isEqualTo(id + "/privateDnsZoneGroups/default");
    assertThat(group.path("type").asText()).isEqualTo("Microsoft.Network/privateEndpoints/privateDnsZoneGroups");
    JsonNode config = group.path("properties").path("privateDnsZoneConfigs").get(0);
    assertThat(config.path("name").asText()).isEqualTo("privatelink-vaultcore-azure-net");
    assertThat(config.path("properties").path("privateDnsZoneId").asText()).isEqualTo(zoneId);
    assertThat(config.path("properties").path("recordSets").toString()).isEqualTo("[{\"recordType\":\"A\","
        + "\"recordSetName\":\"" + net.vault().name() + "\",\"fqdn\":\"" + net.vault().name()
        + ".privatelink.vaultcore.azure.net\",\"ttl\":10,\"provisioningState\":\"Succeeded\",\"ipAddresses\":[\""
        + net.firstEndpointAddress() + "\"]}]");
    ARecordSet record = arm.sim().privateDnsZones().findARecord(zoneId, net.vault().name()).orElseThrow();
    assertThat(record.ipv4Addresses()).containsExactly(net.firstEndpointAddress());
    assertThat(record.ttl()).isEqualTo(10);
    assertThat(record.metadata().get("creator")).startsWith("created by private endpoint "
        + ResourceId.parse(id, PrivateEndpoints.TYPE).name());
    assertThat(arm.get(id + NETWORK_API).json().path("properties").path("customDnsConfigs").size()).isZero();
    assertThat(arm.get(id + "/privateDnsZoneGroups" + NETWORK_API).json().path("value").size()).isEqualTo(1);
  }

  @Test
  void deletingTheZoneGroupOrTheEndpointRemovesTheRecord() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String zoneId = arm.sim().privateDnsZones().create(TestIds.SUBSCRIPTION, "rg-zg-delete-" + names,
        PrivateDnsZones.KEY_VAULT_ZONE).resourceId();
    String first = freshEndpoint();
    String second = freshEndpoint();
    for (String id : new String[] {first, second}) {
      arm.awaitOperation(arm.put(id + NETWORK_API, net.endpointBody(false)));
      arm.awaitOperation(arm.put(id + "/privateDnsZoneGroups/default" + NETWORK_API,
          NetworkFixtures.zoneGroupBody(zoneId)));
    }
    String firstAddress = arm.sim().privateEndpoints().get(first).privateIpAddress();
    String secondAddress = arm.sim().privateEndpoints().get(second).privateIpAddress();
    assertThat(arm.sim().privateDnsZones().findARecord(zoneId, net.vault().name()).orElseThrow().ipv4Addresses())
        .containsExactly(firstAddress, secondAddress);

    ArmClient.Response deleteGroup = arm.delete(first + "/privateDnsZoneGroups/default" + NETWORK_API);

    assertThat(deleteGroup.status()).isEqualTo(202);
    assertThat(arm.awaitOperation(deleteGroup)).isEqualTo("Succeeded");
    assertThat(arm.sim().privateDnsZones().findARecord(zoneId, net.vault().name()).orElseThrow().ipv4Addresses())
        .containsExactly(secondAddress);
    assertThat(arm.get(first + "/privateDnsZoneGroups/default" + NETWORK_API).status()).isEqualTo(404);
    assertThat(arm.delete(first + "/privateDnsZoneGroups/default" + NETWORK_API).status()).isEqualTo(204);

    arm.awaitOperation(arm.delete(second + NETWORK_API));

    assertThat(arm.sim().privateDnsZones().aRecords(zoneId)).isEmpty();
  }

  @Test
  void anEndpointHasOneZoneGroupOfAtMostFiveZones() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String id = freshEndpoint();
    arm.awaitOperation(arm.put(id + NETWORK_API, net.endpointBody(false)));
    String group = "rg-zg-limits-" + names;
    String[] zoneIds = IntStream.range(0, 6).mapToObj(i -> arm.sim().privateDnsZones().create(TestIds.SUBSCRIPTION,
        group, "zone" + i + ".internal").resourceId()).toArray(String[]::new);
    arm.awaitOperation(arm.put(id + "/privateDnsZoneGroups/default" + NETWORK_API,
        NetworkFixtures.zoneGroupBody(zoneIds[0])));

    ArmClient.Response second = arm.put(id + "/privateDnsZoneGroups/other" + NETWORK_API,
        NetworkFixtures.zoneGroupBody(zoneIds[1]));
    ArmClient.Response six = arm.put(id + "/privateDnsZoneGroups/default" + NETWORK_API,
        NetworkFixtures.zoneGroupBody(zoneIds));
    ArmClient.Response five = arm.put(id + "/privateDnsZoneGroups/default" + NETWORK_API,
        NetworkFixtures.zoneGroupBody(java.util.Arrays.copyOf(zoneIds, 5)));
    ArmClient.Response unknownZone = arm.put(id + "/privateDnsZoneGroups/default" + NETWORK_API,
        NetworkFixtures.zoneGroupBody(NetworkFixtures.zoneId(group, "missing.internal")));

    assertThat(second.status()).isEqualTo(400);
    assertThat(second.errorCode()).isEqualTo("PrivateEndpointCanHaveOnlyOnePrivateDnsZoneGroup");
    assertThat(six.status()).isEqualTo(400);
    assertThat(six.errorMessage()).contains("between 1 and 5");
    assertThat(five.status()).isEqualTo(200);
    assertThat(unknownZone.status()).isEqualTo(400);
    assertThat(unknownZone.errorCode()).isEqualTo("InvalidResourceReference");
  }

  @Test
  void aZoneGroupNeedsItsEndpoint() {
    ArmClient.Response put = arm.put(freshEndpoint() + "/privateDnsZoneGroups/default" + NETWORK_API,
        NetworkFixtures.zoneGroupBody(NetworkFixtures.zoneId("rg-x", PrivateDnsZones.KEY_VAULT_ZONE)));

    assertThat(put.status()).isEqualTo(404);
    assertThat(put.errorCode()).isEqualTo("ResourceNotFound");
  }
}
