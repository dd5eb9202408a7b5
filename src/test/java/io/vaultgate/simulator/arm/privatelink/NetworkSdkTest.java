package io.vaultgate.simulator.arm.privatelink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.rest.Response;
import com.azure.core.management.SubResource;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.polling.PollResult;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.Context;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.SyncPoller;
import com.azure.resourcemanager.keyvault.KeyVaultManager;
import com.azure.resourcemanager.keyvault.fluent.PrivateEndpointConnectionsClient;
import com.azure.resourcemanager.keyvault.fluent.models.PrivateEndpointConnectionInner;
import com.azure.resourcemanager.keyvault.models.PrivateEndpointServiceConnectionStatus;
import com.azure.resourcemanager.keyvault.models.PrivateLinkServiceConnectionState;
import com.azure.resourcemanager.network.NetworkManager;
import com.azure.resourcemanager.network.fluent.PrivateDnsZoneGroupsClient;
import com.azure.resourcemanager.network.fluent.PrivateEndpointsClient;
import com.azure.resourcemanager.network.fluent.SubnetsClient;
import com.azure.resourcemanager.network.fluent.models.PrivateDnsZoneGroupInner;
import com.azure.resourcemanager.network.fluent.models.PrivateEndpointInner;
import com.azure.resourcemanager.network.fluent.models.SubnetInner;
import com.azure.resourcemanager.network.models.PrivateDnsZoneConfig;
import com.azure.resourcemanager.network.models.PrivateLinkServiceConnection;
import com.azure.resourcemanager.network.models.ProvisioningState;
import com.azure.resourcemanager.network.models.ServiceEndpointPropertiesFormat;
import com.azure.resourcemanager.privatedns.PrivateDnsZoneManager;
import com.azure.resourcemanager.privatedns.fluent.PrivateZonesClient;
import com.azure.resourcemanager.privatedns.fluent.RecordSetsClient;
import com.azure.resourcemanager.privatedns.fluent.VirtualNetworkLinksClient;
import com.azure.resourcemanager.privatedns.fluent.models.PrivateZoneInner;
import com.azure.resourcemanager.privatedns.fluent.models.RecordSetInner;
import com.azure.resourcemanager.privatedns.fluent.models.VirtualNetworkLinkInner;
import com.azure.resourcemanager.privatedns.models.ARecord;
import com.azure.resourcemanager.privatedns.models.RecordType;
import com.azure.resourcemanager.privatedns.models.VirtualNetworkLinkState;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultgate.simulator.AzureSimulator;
import io.vaultgate.simulator.NetworkFixtures;
import io.vaultgate.simulator.TestIds;
import io.vaultgate.simulator.arm.keyvault.KeyVaultApiVersions;
import io.vaultgate.simulator.arm.ArmService;
import io.vaultgate.simulator.arm.LongRunningOperations;
import io.vaultgate.simulator.arm.ResourceId;
import io.vaultgate.simulator.arm.network.SubnetId;
import io.vaultgate.simulator.arm.network.VirtualNetworks;
import io.vaultgate.simulator.arm.privatedns.PrivateDnsZones;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * The Azure SDK for Java's Network (2025-03-01), Private DNS (2024-06-01) and Key Vault (2025-05-01) management
 * clients against the simulator, long-running operations included: the SDK follows {@code Azure-AsyncOperation}.
 */
class NetworkSdkTest {
  /** The SDK polls every 30 s unless told otherwise; the simulator's operations end after 100 ms. */
  private static final Duration POLL = Duration.ofMillis(20);

  private static AzureSimulator sim;
  private static NetworkManager network;
  private static PrivateEndpointsClient endpoints;
  private static SubnetsClient subnets;
  private static PrivateDnsZoneGroupsClient zoneGroups;
  private static PrivateZonesClient zones;
  private static VirtualNetworkLinksClient links;
  private static RecordSetsClient records;
  private static PrivateEndpointConnectionsClient connections;

  @BeforeAll
  static void start() {
    sim = AzureSimulator.start(TestIds.TENANT);
    // The Key Vault library as shipped sends 2025-05-01, served until its retirement.
    sim.clock().set(KeyVaultApiVersions.RETIREMENT.minus(Duration.ofDays(1)));
    AzureProfile profile = new AzureProfile(TestIds.TENANT, TestIds.SUBSCRIPTION, sim.azureEnvironment());
    network = NetworkManager.configure().withHttpClient(sim.sdkHttpClient())
        .authenticate(sim.tokenCredential(), profile);
    endpoints = network.serviceClient().getPrivateEndpoints();
    subnets = network.serviceClient().getSubnets();
    zoneGroups = network.serviceClient().getPrivateDnsZoneGroups();
    PrivateDnsZoneManager dns = PrivateDnsZoneManager.configure().withHttpClient(sim.sdkHttpClient())
        .authenticate(sim.tokenCredential(), profile);
    zones = dns.serviceClient().getPrivateZones();
    links = dns.serviceClient().getVirtualNetworkLinks();
    records = dns.serviceClient().getRecordSets();
    connections = KeyVaultManager.configure().withHttpClient(sim.sdkHttpClient())
        .authenticate(sim.tokenCredential(), profile).serviceClient().getPrivateEndpointConnections();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @BeforeEach
  void reset() {
    sim.operations().setDelay(LongRunningOperations.DEFAULT_DELAY);
  }

  private static PrivateEndpointInner endpoint(NetworkFixtures net, boolean manual) {
    PrivateLinkServiceConnection connection = new PrivateLinkServiceConnection().withName("kv-connection")
        .withPrivateLinkServiceId(net.vault().resourceId()).withGroupIds(List.of("vault"));
    PrivateEndpointInner inner = new PrivateEndpointInner().withLocation("westeurope")
        .withSubnet(new SubnetInner().withId(net.endpointsSubnetId()));
    return manual ? inner.withManualPrivateLinkServiceConnections(List.of(connection))
        : inner.withPrivateLinkServiceConnections(List.of(connection));
  }

  private static <T> T finish(SyncPoller<PollResult<T>, T> poller) {
    poller.setPollInterval(POLL);
    return poller.getFinalResult();
  }

  @Test
  void createsAPrivateEndpointThroughItsLongRunningOperation() {
    NetworkFixtures net = NetworkFixtures.create(sim);

    SyncPoller<PollResult<PrivateEndpointInner>, PrivateEndpointInner> poller =
        endpoints.beginCreateOrUpdate(TestIds.RESOURCE_GROUP, "pe-sdk", endpoint(net, false));
    PrivateEndpointInner created = finish(poller);

    assertThat(poller.poll().getStatus()).isEqualTo(LongRunningOperationStatus.SUCCESSFULLY_COMPLETED);
    assertThat(created.provisioningState()).isEqualTo(ProvisioningState.SUCCEEDED);
    assertThat(created.id()).isEqualTo(NetworkFixtures.endpointId("pe-sdk"));
    assertThat(created.subnet().id()).isEqualTo(net.endpointsSubnetId());
    PrivateLinkServiceConnection connection = created.privateLinkServiceConnections().get(0);
    assertThat(connection.privateLinkServiceConnectionState().status()).isEqualTo("Approved");
    assertThat(connection.groupIds()).containsExactly("vault");
    assertThat(created.manualPrivateLinkServiceConnections()).isEmpty();
    assertThat(created.customDnsConfigs().get(0).ipAddresses()).containsExactly(net.firstEndpointAddress());
    assertThat(created.networkInterfaces()).hasSize(1);
    // With a DNS zone group customDnsConfigs empties; the interface always has the address.
    String nicName = ResourceId.parse(created.networkInterfaces().get(0).id(), "Microsoft.Network/networkInterfaces")
        .name();
    assertThat(network.serviceClient().getNetworkInterfaces().getByResourceGroup(TestIds.RESOURCE_GROUP, nicName)
        .ipConfigurations().get(0).privateIpAddress()).isEqualTo(net.firstEndpointAddress());
    // The SDK's calls: the PUT, at least one poll of the operation, and the final GET.
    assertThat(sim.requests().count(ArmService.NAME, "GET", LongRunningOperations.NETWORK_STATUS_ROUTE))
        .isPositive();
    Response<PrivateEndpointInner> read = endpoints.getByResourceGroupWithResponse(TestIds.RESOURCE_GROUP, "pe-sdk",
        null, Context.NONE);
    assertThat(read.getStatusCode()).isEqualTo(200);
    assertThat(read.getValue().provisioningState()).isEqualTo(ProvisioningState.SUCCEEDED);
  }

  @Test
  void manualApprovalWaitsForTheVaultOwnerWhoApprovesThroughTheKeyVaultClient() {
    NetworkFixtures net = NetworkFixtures.create(sim);
    finish(endpoints.beginCreateOrUpdate(TestIds.RESOURCE_GROUP, "pe-sdk-manual", endpoint(net, true)));
    PrivateEndpointConnectionInner pending = connections.listByResource(net.vault().resourceGroup(),
        net.vault().name()).stream().findFirst().orElseThrow();
    assertThat(pending.privateLinkServiceConnectionState().status())
        .isEqualTo(PrivateEndpointServiceConnectionStatus.PENDING);
    assertThat(pending.privateEndpoint().id()).isEqualTo(NetworkFixtures.endpointId("pe-sdk-manual"));
    assertThat(endpoints.getByResourceGroup(TestIds.RESOURCE_GROUP, "pe-sdk-manual")
        .manualPrivateLinkServiceConnections().get(0).privateLinkServiceConnectionState().status())
        .isEqualTo("Pending");

    PrivateEndpointConnectionInner approved = connections.putWithResponse(net.vault().resourceGroup(),
        net.vault().name(), pending.name(), new PrivateEndpointConnectionInner().withEtag(pending.etag())
            .withPrivateLinkServiceConnectionState(new PrivateLinkServiceConnectionState()
                .withStatus(PrivateEndpointServiceConnectionStatus.APPROVED).withDescription("ok by the owner")),
        Context.NONE).getValue();

    assertThat(approved.privateLinkServiceConnectionState().status())
        .isEqualTo(PrivateEndpointServiceConnectionStatus.APPROVED);
    assertThat(approved.etag()).isNotEqualTo(pending.etag());
    assertThat(connections.get(net.vault().resourceGroup(), net.vault().name(), pending.name())
        .privateLinkServiceConnectionState().description()).isEqualTo("ok by the owner");
    assertThat(endpoints.getByResourceGroup(TestIds.RESOURCE_GROUP, "pe-sdk-manual")
        .manualPrivateLinkServiceConnections().get(0).privateLinkServiceConnectionState().status())
        .isEqualTo("Approved");

    connections.delete(net.vault().resourceGroup(), net.vault().name(), pending.name());

    assertThat(connections.listByResource(net.vault().resourceGroup(), net.vault().name())).isEmpty();
    assertThat(endpoints.getByResourceGroup(TestIds.RESOURCE_GROUP, "pe-sdk-manual")
        .manualPrivateLinkServiceConnections().get(0).privateLinkServiceConnectionState().status())
        .isEqualTo("Disconnected");
  }

  @Test
  void addsTheKeyVaultServiceEndpointToASubnet() {
    NetworkFixtures net = NetworkFixtures.create(sim);
    SubnetId id = SubnetId.parse(net.endpointsSubnetId());
    SubnetInner current = subnets.get(id.virtualNetwork().resourceGroup(), id.virtualNetwork().name(), id.name());
    assertThat(current.serviceEndpoints()).isNullOrEmpty();

    SubnetInner updated = finish(subnets.beginCreateOrUpdate(id.virtualNetwork().resourceGroup(),
        id.virtualNetwork().name(), id.name(), current.withServiceEndpoints(List.of(
            new ServiceEndpointPropertiesFormat().withService("Microsoft.KeyVault")))));

    assertThat(updated.provisioningState()).isEqualTo(ProvisioningState.SUCCEEDED);
    assertThat(updated.addressPrefix()).isEqualTo(net.addressBase() + ".2.0/28");
    assertThat(updated.serviceEndpoints()).singleElement().satisfies(e -> {
      assertThat(e.service()).isEqualTo("Microsoft.KeyVault");
      assertThat(e.locations()).containsExactly("*");
      assertThat(e.provisioningState()).isEqualTo(ProvisioningState.SUCCEEDED);
    });
    assertThat(sim.virtualNetworks().getSubnet(net.endpointsSubnetId())
        .serviceEndpointProvisioned(VirtualNetworks.KEY_VAULT_SERVICE)).isTrue();
  }

  @Test
  void dnsZoneLinkAndZoneGroupMakeTheVaultResolvable() {
    NetworkFixtures net = NetworkFixtures.create(sim);
    finish(endpoints.beginCreateOrUpdate(TestIds.RESOURCE_GROUP, "pe-sdk-dns", endpoint(net, false)));
    String group = "rg-dns-sdk-" + net.addressBase().replace('.', '-');

    sim.seedResourceGroup(TestIds.SUBSCRIPTION, group);
    PrivateZoneInner zone = finish(zones.beginCreateOrUpdate(group, PrivateDnsZones.KEY_VAULT_ZONE,
        (PrivateZoneInner) new PrivateZoneInner().withLocation("global")));
    VirtualNetworkLinkInner link = finish(links.beginCreateOrUpdate(group, PrivateDnsZones.KEY_VAULT_ZONE,
        "agents-link", (VirtualNetworkLinkInner) new VirtualNetworkLinkInner().withLocation("global")
            .withVirtualNetwork(new SubResource().withId(net.virtualNetworkId())).withRegistrationEnabled(false)));
    PrivateDnsZoneGroupInner zoneGroup = finish(zoneGroups.beginCreateOrUpdate(TestIds.RESOURCE_GROUP,
        "pe-sdk-dns", "default", new PrivateDnsZoneGroupInner().withPrivateDnsZoneConfigs(List.of(
            new PrivateDnsZoneConfig().withName("vault").withPrivateDnsZoneId(zone.id())))));

    assertThat(zone.etag()).isNotBlank();
    assertThat(link.virtualNetworkLinkState()).isEqualTo(VirtualNetworkLinkState.COMPLETED);
    assertThat(link.provisioningState())
        .isEqualTo(com.azure.resourcemanager.privatedns.models.ProvisioningState.SUCCEEDED);
    assertThat(zoneGroup.provisioningState()).isEqualTo(ProvisioningState.SUCCEEDED);
    assertThat(zoneGroup.privateDnsZoneConfigs().get(0).recordSets()).singleElement().satisfies(r -> {
      assertThat(r.recordSetName()).isEqualTo(net.vault().name());
      assertThat(r.ipAddresses()).containsExactly(net.firstEndpointAddress());
    });
    assertThat(zoneGroups.get(TestIds.RESOURCE_GROUP, "pe-sdk-dns", "default").name()).isEqualTo("default");
    RecordSetInner record = records.get(group, PrivateDnsZones.KEY_VAULT_ZONE, RecordType.A, net.vault().name());
    assertThat(record.aRecords()).extracting(ARecord::ipv4Address).containsExactly(net.firstEndpointAddress());
    assertThat(record.fqdn()).isEqualTo(net.vault().name() + ".privatelink.vaultcore.azure.net.");
    assertThat(records.listByType(group, PrivateDnsZones.KEY_VAULT_ZONE, RecordType.A))
        .extracting(RecordSetInner::name).containsExactly(net.vault().name());
    assertThat(records.list(group, PrivateDnsZones.KEY_VAULT_ZONE)).extracting(RecordSetInner::name)
        .containsExactly("@", net.vault().name());
    assertThat(sim.agentReachesVaultPrivately(net.agentsSubnetId(), net.vault())).isTrue();

    finish(endpoints.beginDelete(TestIds.RESOURCE_GROUP, "pe-sdk-dns"));

    assertThat(records.listByType(group, PrivateDnsZones.KEY_VAULT_ZONE, RecordType.A)).isEmpty();
    assertThat(sim.agentReachesVaultPrivately(net.agentsSubnetId(), net.vault())).isFalse();
    assertThatThrownBy(() -> endpoints.getByResourceGroup(TestIds.RESOURCE_GROUP, "pe-sdk-dns"))
        .isInstanceOfSatisfying(ManagementException.class, e -> assertThat(e.getResponse().getStatusCode())
            .isEqualTo(404));
  }

  @Test
  void zonesHonourIfNoneMatchAndDeletesWaitForTheirOperation() {
    sim.seedResourceGroup(TestIds.SUBSCRIPTION, "rg-dns-etag");
    PrivateZoneInner body = (PrivateZoneInner) new PrivateZoneInner().withLocation("global");
    PrivateZoneInner created = finish(zones.beginCreateOrUpdate("rg-dns-etag", "contoso.internal", body, null, "*",
        Context.NONE));

    assertThatThrownBy(() -> finish(zones.beginCreateOrUpdate("rg-dns-etag", "contoso.internal", body, null, "*",
        Context.NONE))).isInstanceOfSatisfying(ManagementException.class,
            e -> assertThat(e.getValue().getCode()).isEqualTo("PreconditionFailed"));
    PrivateZoneInner updated = finish(zones.beginCreateOrUpdate("rg-dns-etag", "contoso.internal", body,
        created.etag(), null, Context.NONE));
    assertThat(updated.etag()).isNotEqualTo(created.etag());

    finish(zones.beginDelete("rg-dns-etag", "contoso.internal", null, Context.NONE));

    assertThat(sim.privateDnsZones().find(created.id())).isEmpty();
  }

  @Test
  void aLinkRefusedByItsOperationFailsThePoller() {
    NetworkFixtures net = NetworkFixtures.create(sim);
    sim.privateDnsZones().create(TestIds.SUBSCRIPTION, "rg-dns-hub-" + net.addressBase(),
        PrivateDnsZones.KEY_VAULT_ZONE);
    sim.privateDnsZones().link(NetworkFixtures.zoneId("rg-dns-hub-" + net.addressBase(),
        PrivateDnsZones.KEY_VAULT_ZONE), "hub", net.virtualNetworkId());
    String group = "rg-dns-spoke-" + net.addressBase();
    sim.privateDnsZones().create(TestIds.SUBSCRIPTION, group, PrivateDnsZones.KEY_VAULT_ZONE);

    VirtualNetworkLinkInner body = (VirtualNetworkLinkInner) new VirtualNetworkLinkInner().withLocation("global")
        .withVirtualNetwork(new SubResource().withId(net.virtualNetworkId()));
    SyncPoller<PollResult<VirtualNetworkLinkInner>, VirtualNetworkLinkInner> poller =
        links.beginCreateOrUpdate(group, PrivateDnsZones.KEY_VAULT_ZONE, "spoke", body);
    poller.setPollInterval(POLL);
    var last = poller.waitForCompletion();

    assertThat(last.getStatus()).isEqualTo(LongRunningOperationStatus.FAILED);
    assertThat(last.getValue().getError().getResponseBody()).contains("A virtual network cannot be linked to multiple"
        + " zones with overlapping namespaces. You tried to link virtual network with 'privatelink.vaultcore.azure.net'"
        + " and 'privatelink.vaultcore.azure.net' zones.");
    assertThat(sim.privateDnsZones().findLink(NetworkFixtures.zoneId(group, PrivateDnsZones.KEY_VAULT_ZONE),
        "spoke").orElseThrow().provisioningState()).isEqualTo(io.vaultgate.simulator.arm.ProvisioningState.FAILED);
  }

  /**
   * An operator starts the write, keeps the operation URL (in its status) and, after a restart, follows it with
   * nothing else: a GET on the URL through any client's pipeline.
   */
  @Test
  void aStartedOperationCanBeResumedFromItsUrlAlone() throws IOException {
    NetworkFixtures net = NetworkFixtures.create(sim);
    sim.operations().setDelay(Duration.ofHours(1));

    Response<Flux<ByteBuffer>> first = endpoints.createOrUpdateWithResponseAsync(TestIds.RESOURCE_GROUP,
        "pe-sdk-resume", endpoint(net, false)).block();
    String operationUrl = first.getHeaders().getValue("Azure-AsyncOperation");
    first.getValue().blockLast();

    assertThat(first.getStatusCode()).isEqualTo(201);
    assertThat(operationUrl).startsWith(sim.armBaseUrl() + "subscriptions/" + TestIds.SUBSCRIPTION
        + "/providers/Microsoft.Network/locations/westeurope/operations/").contains("api-version=2025-03-01");
    assertThat(endpoints.getByResourceGroup(TestIds.RESOURCE_GROUP, "pe-sdk-resume").provisioningState())
        .isEqualTo(ProvisioningState.UPDATING);

    NetworkManager restarted = NetworkManager.configure().withHttpClient(sim.sdkHttpClient())
        .authenticate(sim.tokenCredential(), new AzureProfile(TestIds.TENANT, TestIds.SUBSCRIPTION,
            sim.azureEnvironment()));
    assertThat(status(restarted, operationUrl)).isEqualTo("InProgress");

    sim.operations().endAllNow();

    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
        .until(() -> status(restarted, operationUrl).equals("Succeeded"));
    assertThat(restarted.serviceClient().getPrivateEndpoints().getByResourceGroup(TestIds.RESOURCE_GROUP,
        "pe-sdk-resume").provisioningState()).isEqualTo(ProvisioningState.SUCCEEDED);
  }

  private static String status(NetworkManager manager, String operationUrl) throws IOException {
    try (HttpResponse response = manager.httpPipeline()
        .sendSync(new HttpRequest(HttpMethod.GET, operationUrl), Context.NONE)) {
      assertThat(response.getStatusCode()).isEqualTo(200);
      JsonNode body = new ObjectMapper().readTree(response.getBodyAsBinaryData().toBytes());
      return body.path("status").asText();
    }
  }
}
