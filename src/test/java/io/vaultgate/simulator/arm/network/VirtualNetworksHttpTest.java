package io.vaultgate.simulator.arm.network;

import static io.vaultgate.simulator.NetworkFixtures.NETWORK_API;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultgate.simulator.ArmClient;
import io.vaultgate.simulator.NetworkFixtures;
import io.vaultgate.simulator.TestIds;
import io.vaultgate.simulator.arm.LongRunningOperations.AsyncOperation;
import io.vaultgate.simulator.arm.ResourceId;
import io.vaultgate.simulator.http.ApiError;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Microsoft.Network virtual networks and subnets over raw HTTPS, and seeding them through the state API. */
class VirtualNetworksHttpTest {
  @RegisterExtension
  static final ArmClient arm = new ArmClient();

  @BeforeEach
  void reset() {
    arm.sim().operations().setDelay(Duration.ZERO);
    arm.sim().faults().clear();
  }

  @Test
  void virtualNetworkGetShowsItsSubnetsWithServiceEndpoints() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());

    ArmClient.Response response = arm.get(net.virtualNetworkId() + NETWORK_API);

    assertThat(response.status()).isEqualTo(200);
    JsonNode vnet = response.json();
    assertThat(vnet.path("id").asText()).isEqualTo(net.virtualNetworkId());
    assertThat(vnet.path("type").asText()).isEqualTo("Microsoft.Network/virtualNetworks");
    assertThat(vnet.path("location").asText()).isEqualTo("westeurope");
    assertThat(vnet.path("etag").asText()).startsWith("W/\"");
    JsonNode properties = vnet.path("properties");
    assertThat(properties.path("provisioningState").asText()).isEqualTo("Succeeded");
    assertThat(properties.path("addressSpace").path("addressPrefixes").toString())
        .isEqualTo("[\"" + net.addressBase() + ".0.0/16\"]");
    assertThat(properties.path("virtualNetworkPeerings").isArray()).isTrue();
    JsonNode agents = properties.path("subnets").get(0);
    assertThat(agents.path("name").asText()).isEqualTo("agents");
    assertThat(agents.path("id").asText()).isEqualTo(net.agentsSubnetId());
    assertThat(agents.path("properties").path("addressPrefix").asText()).isEqualTo(net.addressBase() + ".1.0/24");
    assertThat(agents.path("properties").path("serviceEndpoints").toString()).isEqualTo(
        "[{\"service\":\"Microsoft.KeyVault\",\"locations\":[\"*\"],\"provisioningState\":\"Succeeded\"}]");
    assertThat(agents.path("properties").path("privateEndpointNetworkPolicies").asText()).isEqualTo("Disabled");
    assertThat(properties.path("subnets").get(1).path("properties").has("serviceEndpoints")).isFalse();
  }

  @Test
  void subnetGetAndList() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());

    ArmClient.Response subnet = arm.get(net.endpointsSubnetId() + NETWORK_API);
    ArmClient.Response list = arm.get(net.virtualNetworkId() + "/subnets" + NETWORK_API);

    assertThat(subnet.status()).isEqualTo(200);
    assertThat(subnet.json().path("type").asText()).isEqualTo("Microsoft.Network/virtualNetworks/subnets");
    assertThat(subnet.json().path("properties").path("addressPrefix").asText())
        .isEqualTo(net.addressBase() + ".2.0/28");
    assertThat(list.json().path("value").findValuesAsText("name")).containsExactly("agents", "endpoints");
  }

  @Test
  void missingSubnetsAndNetworksAre404WithTheProvidersWording() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String missingNetwork = net.virtualNetworkId() + "-gone";

    ArmClient.Response subnet = arm.get(net.virtualNetworkId() + "/subnets/nope" + NETWORK_API);
    ArmClient.Response network = arm.get(missingNetwork + NETWORK_API);

    assertThat(subnet.status()).isEqualTo(404);
    assertThat(subnet.errorCode()).isEqualTo("NotFound");
    assertThat(subnet.errorMessage()).isEqualTo("Resource " + net.virtualNetworkId() + "/subnets/nope not found.");
    assertThat(network.status()).isEqualTo(404);
    assertThat(network.errorCode()).isEqualTo("ResourceNotFound");
    assertThat(network.errorMessage()).startsWith("The Resource 'Microsoft.Network/virtualNetworks/"
        + ResourceId.parse(missingNetwork, VirtualNetworks.TYPE).name() + "' under resource group 'rg-Net' was not"
        + " found.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2024-05-01", "2024-07-01", "2025-03-01"})
  void acceptsTheNetworkApiVersions(String version) {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());

    assertThat(arm.get(net.agentsSubnetId() + "?api-version=" + version).status()).isEqualTo(200);
  }

  @Test
  void refusesOtherApiVersions() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());

    ArmClient.Response response = arm.get(net.agentsSubnetId() + "?api-version=2025-05-01");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("NoRegisteredProviderFound");
    assertThat(response.errorMessage()).contains("'2024-05-01, 2024-07-01, 2025-03-01'");
  }

  @Test
  void subnetPutIsLongRunningAndProvisionsItsServiceEndpoints() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    arm.sim().operations().setDelay(Duration.ofHours(1));

    ArmClient.Response put = arm.put(net.endpointsSubnetId() + NETWORK_API, """
        {"properties":{"addressPrefix":"%s.2.0/28","serviceEndpoints":[{"service":"Microsoft.KeyVault"},
          {"service":"Microsoft.Storage"}]}}""".formatted(net.addressBase()));

    assertThat(put.status()).isEqualTo(200);
    assertThat(put.json().path("properties").path("provisioningState").asText()).isEqualTo("Updating");
    String operation = put.header("Azure-AsyncOperation");
    assertThat(operation).startsWith(arm.sim().armBaseUrl() + "subscriptions/" + TestIds.SUBSCRIPTION
        + "/providers/Microsoft.Network/locations/westeurope/operations/").endsWith(NETWORK_API);
    assertThat(put.header("Retry-After")).isEqualTo("3600");
    assertThat(put.header("Location")).isNull();
    JsonNode endpoints = arm.get(net.endpointsSubnetId() + NETWORK_API).json().path("properties")
        .path("serviceEndpoints");
    assertThat(endpoints.findValuesAsText("provisioningState")).containsExactly("Updating", "Updating");
    assertThat(endpoints.get(1).path("locations").toString()).isEqualTo("[\"westeurope\"]");
    assertThat(arm.sim().virtualNetworks().getSubnet(net.endpointsSubnetId())
        .serviceEndpointProvisioned(VirtualNetworks.KEY_VAULT_SERVICE)).isFalse();
    assertThat(status(operation)).isEqualTo("InProgress");

    ArmClient.Response again = arm.put(net.endpointsSubnetId() + NETWORK_API,
        "{\"properties\":{\"addressPrefix\":\"" + net.addressBase() + ".2.0/28\"}}");
    assertThat(again.status()).isEqualTo(429);
    assertThat(again.errorCode()).isEqualTo("RetryableErrorDueToAnotherOperation");
    assertThat(again.errorMessage()).contains(operation.substring(0, operation.indexOf('?')));

    String id = operation.substring(operation.lastIndexOf('/') + 1, operation.indexOf('?'));
    AsyncOperation running = arm.sim().operations().inProgress(net.endpointsSubnetId())
        .orElseThrow();
    assertThat(running.id()).isEqualTo(id);
    assertThat(running.method()).isEqualTo("PUT");
    assertThat(running.done()).isFalse();
  }

  @Test
  void subnetPutCreatesASubnetAndTheOperationEndsIt() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    arm.sim().operations().setDelay(Duration.ofMillis(200));

    ArmClient.Response put = arm.put(net.virtualNetworkId() + "/subnets/builds" + NETWORK_API, """
        {"properties":{"addressPrefix":"%s.3.0/24","serviceEndpoints":[{"service":"Microsoft.KeyVault"}],
          "privateEndpointNetworkPolicies":"enabled"}}""".formatted(net.addressBase()));

    assertThat(put.status()).isEqualTo(201);
    assertThat(put.json().path("properties").path("privateEndpointNetworkPolicies").asText()).isEqualTo("Enabled");
    String operation = put.header("Azure-AsyncOperation");
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
        .until(() -> status(operation).equals("Succeeded"));
    JsonNode subnet = arm.get(net.virtualNetworkId() + "/subnets/builds" + NETWORK_API).json();
    assertThat(subnet.path("properties").path("provisioningState").asText()).isEqualTo("Succeeded");
    assertThat(subnet.path("properties").path("serviceEndpoints").get(0).path("provisioningState").asText())
        .isEqualTo("Succeeded");
    assertThat(arm.sim().virtualNetworks().getSubnet(net.virtualNetworkId() + "/subnets/BUILDS")
        .serviceEndpointProvisioned("microsoft.keyvault")).isTrue();
  }

  @Test
  void subnetPutWithoutServiceEndpointsRemovesThem() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());

    ArmClient.Response put = arm.put(net.agentsSubnetId() + NETWORK_API,
        "{\"properties\":{\"addressPrefix\":\"" + net.addressBase() + ".1.0/24\"}}");

    assertThat(put.status()).isEqualTo(200);
    assertThat(arm.sim().virtualNetworks().getSubnet(net.agentsSubnetId()).serviceEndpoints()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "10.999.0.0/24 | InvalidAddressPrefixFormat | is not formatted correctly",
      "{base}.3.1/24 | InvalidCIDRNotation        | the address prefix should be {base}.3.0/24",
      "172.16.0.0/24 | NetcfgSubnetRangeOutsideVnet | is outside the IP address range of virtual network",
      "{base}.1.128/25 | NetcfgSubnetRangesOverlap | overlaps with that of an existing subnet"})
  void subnetPrefixesAreValidated(String prefix, String code, String message) {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());

    ArmClient.Response put = arm.put(net.virtualNetworkId() + "/subnets/bad" + NETWORK_API,
        "{\"properties\":{\"addressPrefix\":\"" + prefix.replace("{base}", net.addressBase()) + "\"}}");

    assertThat(put.status()).isEqualTo(400);
    assertThat(put.errorCode()).isEqualTo(code);
    assertThat(put.errorMessage()).contains(message.replace("{base}", net.addressBase()));
    assertThat(arm.sim().virtualNetworks().findSubnet(net.virtualNetworkId() + "/subnets/bad")).isEmpty();
  }

  @Test
  void stateApiSeedsWithTheSameValidation() {
    VirtualNetworks networks = arm.sim().virtualNetworks();
    VirtualNetwork created = networks.create(TestIds.SUBSCRIPTION, "rg-seeded-net", "vnet-seed", "North Europe",
        List.of("192.168.0.0/16"), List.of(SubnetSpec.of("a", "192.168.1.0/24", "Microsoft.KeyVault",
            "Microsoft.Storage").withPrivateEndpointNetworkPolicies("NetworkSecurityGroupEnabled")));

    assertThat(created.location()).isEqualTo("northeurope");
    SimSubnet a = created.subnet("A").orElseThrow();
    assertThat(a.serviceEndpoints()).extracting(SubnetServiceEndpoint::locations)
        .containsExactly(List.of("*"), List.of("northeurope"));
    assertThat(a.privateEndpointNetworkPolicies()).isEqualTo("NetworkSecurityGroupEnabled");
    assertThatThrownBy(() -> networks.putSubnet(created.resourceId(), SubnetSpec.of("b", "192.168.1.64/26")))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo("NetcfgSubnetRangesOverlap"));
    assertThatThrownBy(() -> networks.create(TestIds.SUBSCRIPTION, "rg-seeded-net", "vnet-seed", "northeurope",
        List.of("10.0.0.0/16"), List.of())).isInstanceOf(IllegalStateException.class);

    SimSubnet changed = networks.setServiceEndpoints(a.resourceId(), "Microsoft.Sql");

    assertThat(changed.hasServiceEndpoint(VirtualNetworks.KEY_VAULT_SERVICE)).isFalse();
    assertThat(arm.get(a.resourceId() + NETWORK_API).json().path("properties").path("serviceEndpoints")
        .findValuesAsText("service")).containsExactly("Microsoft.Sql");
  }

  @Test
  void aSubnetWithPrivateEndpointsKeepsItsPrefix() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    arm.put(NetworkFixtures.endpointId("pe-in-use") + NETWORK_API, net.endpointBody(false));

    ArmClient.Response put = arm.put(net.endpointsSubnetId() + NETWORK_API,
        "{\"properties\":{\"addressPrefix\":\"" + net.addressBase() + ".2.0/27\"}}");

    assertThat(put.status()).isEqualTo(400);
    assertThat(put.errorCode()).isEqualTo("InUseSubnetCannotBeUpdated");
    assertThat(arm.get(net.endpointsSubnetId() + NETWORK_API).json().path("properties").path("privateEndpoints")
        .findValuesAsText("id")).containsExactly(NetworkFixtures.endpointId("pe-in-use"));
  }

  private static String status(String operationUrl) {
    ArmClient.Response response = arm.getUrl(operationUrl);
    assertThat(response.status()).isEqualTo(200);
    return response.json().path("status").asText();
  }
}
