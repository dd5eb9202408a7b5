package io.vaultgate.simulator.arm.privatedns;

import static io.vaultgate.simulator.NetworkFixtures.DNS_API;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultgate.simulator.ArmClient;
import io.vaultgate.simulator.NetworkFixtures;
import io.vaultgate.simulator.TestIds;
import io.vaultgate.simulator.arm.ProvisioningState;
import io.vaultgate.simulator.arm.ResourceId;
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.Guid;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Private DNS zones, virtual network links and A record sets over raw HTTPS. */
class PrivateDnsHttpTest {
  @RegisterExtension
  static final ArmClient arm = new ArmClient();

  private static int groups;

  @BeforeEach
  void reset() {
    arm.sim().operations().setDelay(Duration.ZERO);
  }

  /** A fresh resource group's id of the vault zone (not created). */
  private static String freshZone() {
    String group = "rg-dns-" + ++groups;
    arm.sim().seedResourceGroup(TestIds.SUBSCRIPTION, group);
    return NetworkFixtures.zoneId(group, PrivateDnsZones.KEY_VAULT_ZONE);
  }

  private static ArmClient.Response send(String method, String path, String json, String header, String value) {
    HttpRequest.Builder request = arm.request(path).header("Authorization", "Bearer " + arm.sim().bearerToken())
        .header(header, value);
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    return arm.send(request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(json)));
  }

  @Test
  void zonePutIsLongRunningWithPrivateDnsOperationUrls() {
    String zone = freshZone();
    String group = ResourceId.parse(zone, PrivateDnsZones.TYPE).resourceGroup();
    arm.sim().operations().setDelay(Duration.ofMillis(300));

    ArmClient.Response put = arm.put(zone + DNS_API, "{\"location\":\"Global\",\"tags\":{\"owner\":\"vaultgate\"}}");

    assertThat(put.status()).isEqualTo(201);
    String prefix = arm.sim().armBaseUrl() + "subscriptions/" + TestIds.SUBSCRIPTION + "/resourceGroups/" + group
        + "/providers/Microsoft.Network/";
    assertThat(put.header("Azure-AsyncOperation")).startsWith(prefix + "privateDnsOperationStatuses/")
        .endsWith(DNS_API);
    assertThat(put.header("Location")).startsWith(prefix + "privateDnsOperationResults/");
    JsonNode created = put.json();
    assertThat(created.path("location").asText()).isEqualTo("global");
    assertThat(created.path("properties").path("provisioningState").asText()).isEqualTo("Creating");
    assertThat(arm.awaitOperation(put)).isEqualTo("Succeeded");

    JsonNode zoneJson = arm.get(zone + DNS_API).json();
    assertThat(zoneJson.path("id").asText()).isEqualTo(zone);
    assertThat(zoneJson.path("name").asText()).isEqualTo(PrivateDnsZones.KEY_VAULT_ZONE);
    assertThat(zoneJson.path("type").asText()).isEqualTo("Microsoft.Network/privateDnsZones");
    assertThat(zoneJson.path("etag").asText()).isEqualTo(created.path("etag").asText());
    assertThat(zoneJson.path("tags").path("owner").asText()).isEqualTo("vaultgate");
    JsonNode properties = zoneJson.path("properties");
    assertThat(properties.path("provisioningState").asText()).isEqualTo("Succeeded");
    assertThat(properties.path("numberOfRecordSets").asInt()).isEqualTo(1);
    assertThat(properties.path("numberOfVirtualNetworkLinks").asInt()).isZero();
    assertThat(properties.path("maxNumberOfVirtualNetworkLinks").asInt()).isPositive();

    ArmClient.Response update = arm.put(zone + DNS_API, "{\"location\":\"global\"}");
    assertThat(update.status()).isEqualTo(200);
    assertThat(update.json().path("properties").path("provisioningState").asText()).isEqualTo("Updating");
  }

  @Test
  void zonesAreGlobal() {
    ArmClient.Response put = arm.put(freshZone() + DNS_API, "{\"location\":\"westeurope\"}");

    assertThat(put.status()).isEqualTo(400);
    assertThat(put.errorCode()).isEqualTo("InvalidLocation");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2020-06-01", "2024-06-01"})
  void acceptsThePrivateDnsApiVersions(String version) {
    String zone = freshZone();

    assertThat(arm.put(zone + "?api-version=" + version, "{\"location\":\"global\"}").status()).isEqualTo(201);
    assertThat(arm.get(zone + "?api-version=2025-03-01").status()).isEqualTo(400);
  }

  @Test
  void zoneWritesHonourIfMatchAndIfNoneMatch() {
    String zone = freshZone();
    String etag = arm.put(zone + DNS_API, "{\"location\":\"global\"}").json().path("etag").asText();

    ArmClient.Response createOnly = send("PUT", zone + DNS_API, "{\"location\":\"global\"}", "If-None-Match", "*");
    ArmClient.Response stale = send("PUT", zone + DNS_API, "{\"location\":\"global\"}", "If-Match", "\"stale\"");
    ArmClient.Response staleDelete = send("DELETE", zone + DNS_API, null, "If-Match", "stale");
    ArmClient.Response current = send("PUT", zone + DNS_API, "{\"location\":\"global\"}", "If-Match",
        "\"" + etag + "\"");

    assertThat(createOnly.status()).isEqualTo(412);
    assertThat(createOnly.errorCode()).isEqualTo("PreconditionFailed");
    assertThat(stale.status()).isEqualTo(412);
    assertThat(stale.errorMessage()).contains("'stale'").contains(etag);
    assertThat(staleDelete.status()).isEqualTo(412);
    assertThat(current.status()).isEqualTo(200);
    assertThat(current.json().path("etag").asText()).isNotEqualTo(etag);
    assertThat(send("PUT", freshZone() + DNS_API, "{\"location\":\"global\"}", "If-Match", "*").status())
        .as("If-Match needs an existing zone").isEqualTo(412);
  }

  @Test
  void aLinkIsInProgressUntilItsOperationCompletesIt() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String zone = freshZone();
    arm.put(zone + DNS_API, "{\"location\":\"global\"}");
    arm.sim().operations().setDelay(Duration.ofMillis(300));

    ArmClient.Response put = arm.put(zone + "/virtualNetworkLinks/agents" + DNS_API,
        NetworkFixtures.linkBody(net.virtualNetworkId()));

    assertThat(put.status()).isEqualTo(201);
    assertThat(put.header("Azure-AsyncOperation")).contains("/privateDnsOperationStatuses/");
    JsonNode accepted = put.json().path("properties");
    assertThat(accepted.path("virtualNetworkLinkState").asText()).isEqualTo("InProgress");
    assertThat(accepted.path("provisioningState").asText()).isEqualTo("Creating");
    assertThat(arm.awaitOperation(put)).isEqualTo("Succeeded");
    JsonNode link = arm.get(zone + "/virtualNetworkLinks/agents" + DNS_API).json();
    assertThat(link.path("id").asText()).isEqualTo(zone + "/virtualNetworkLinks/agents");
    assertThat(link.path("type").asText()).isEqualTo("Microsoft.Network/privateDnsZones/virtualNetworkLinks");
    assertThat(link.path("location").asText()).isEqualTo("global");
    assertThat(link.path("etag").asText()).isNotBlank();
    assertThat(link.path("properties").toString()).isEqualTo("{\"virtualNetwork\":{\"id\":\"" + net.virtualNetworkId()
        + "\"},\"registrationEnabled\":false,\"virtualNetworkLinkState\":\"Completed\",\"provisioningState\":"
        + "\"Succeeded\"}");
    assertThat(arm.get(zone + "/virtualNetworkLinks" + DNS_API).json().path("value").size()).isEqualTo(1);
    assertThat(arm.get(zone + DNS_API).json().path("properties").path("numberOfVirtualNetworkLinks").asInt())
        .isEqualTo(1);
  }

  @Test
  void linkWritesHonourIfMatchAndIfNoneMatch() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String zone = freshZone();
    arm.put(zone + DNS_API, "{\"location\":\"global\"}");
    String link = zone + "/virtualNetworkLinks/agents" + DNS_API;
    String body = NetworkFixtures.linkBody(net.virtualNetworkId());
    String etag = arm.put(link, body).json().path("etag").asText();

    ArmClient.Response createOnly = send("PUT", link, body, "If-None-Match", "*");
    ArmClient.Response stale = send("PUT", link, body, "If-Match", "\"" + Guid.random() + "\"");
    ArmClient.Response staleDelete = send("DELETE", link, null, "If-Match", "\"" + Guid.random() + "\"");
    ArmClient.Response current = send("PUT", link, body, "If-Match", "\"" + etag + "\"");

    assertThat(createOnly.status()).isEqualTo(412);
    assertThat(stale.status()).isEqualTo(412);
    assertThat(staleDelete.status()).isEqualTo(412);
    assertThat(arm.sim().privateDnsZones().findLink(zone, "agents")).isPresent();
    assertThat(current.status()).isEqualTo(200);
    assertThat(current.json().path("properties").path("provisioningState").asText()).isEqualTo("Updating");
  }

  @Test
  void zonesAreListedByResourceGroup() {
    String zone = freshZone();
    arm.put(zone + DNS_API, "{\"location\":\"global\"}");
    String group = ResourceId.parse(zone, PrivateDnsZones.TYPE).resourceGroup();

    ArmClient.Response list = arm.get("/subscriptions/" + TestIds.SUBSCRIPTION + "/resourceGroups/" + group
        + "/providers/Microsoft.Network/privateDnsZones" + DNS_API);

    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().path("value").findValuesAsText("id")).containsExactly(zone);
  }

  @Test
  void aLinkToAnUnknownNetworkIsRefused() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String zone = freshZone();
    arm.put(zone + DNS_API, "{\"location\":\"global\"}");

    ArmClient.Response put = arm.put(zone + "/virtualNetworkLinks/agents" + DNS_API,
        NetworkFixtures.linkBody(net.virtualNetworkId() + "-gone"));

    assertThat(put.status()).isEqualTo(400);
    assertThat(put.errorCode()).isEqualTo("InvalidResourceReference");
    assertThat(arm.get(zone + "/virtualNetworkLinks/agents" + DNS_API).status()).isEqualTo(404);
  }

  @Test
  void aNetworkAlreadyLinkedToAZoneOfTheSameNameFailsTheOperation() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String hub = freshZone();
    String spoke = freshZone();
    arm.put(hub + DNS_API, "{\"location\":\"global\"}");
    arm.put(spoke + DNS_API, "{\"location\":\"global\"}");
    arm.awaitOperation(arm.put(hub + "/virtualNetworkLinks/hub" + DNS_API,
        NetworkFixtures.linkBody(net.virtualNetworkId())));

    ArmClient.Response put = arm.put(spoke + "/virtualNetworkLinks/spoke" + DNS_API,
        NetworkFixtures.linkBody(net.virtualNetworkId()));

    assertThat(put.status()).as("accepted; the operation finds the conflict").isEqualTo(201);
    assertThat(arm.awaitOperation(put)).isEqualTo("Failed");
    JsonNode status = arm.getUrl(put.header("Azure-AsyncOperation"))
        .json();
    assertThat(status.path("error").path("code").asText()).isEqualTo("BadRequest");
    assertThat(status.path("error").path("message").asText()).isEqualTo("A virtual network cannot be linked to"
        + " multiple zones with overlapping namespaces. You tried to link virtual network with"
        + " 'privatelink.vaultcore.azure.net' and 'privatelink.vaultcore.azure.net' zones.");
    assertThat(arm.get(spoke + "/virtualNetworkLinks/spoke" + DNS_API).json().path("properties")
        .path("provisioningState").asText()).isEqualTo("Failed");
    ArmClient.Response result = arm.getUrl(put.header("Location"));
    assertThat(result.status()).isEqualTo(400);
    assertThat(result.errorMessage()).contains("overlapping namespaces");
  }

  @Test
  void aZoneWithLinksCannotBeDeleted() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String zone = freshZone();
    arm.put(zone + DNS_API, "{\"location\":\"global\"}");
    arm.put(zone + "/virtualNetworkLinks/agents" + DNS_API, NetworkFixtures.linkBody(net.virtualNetworkId()));

    ArmClient.Response refused = arm.delete(zone + DNS_API);

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.errorCode()).isEqualTo("CannotDeleteResource");
    assertThat(refused.errorMessage()).isEqualTo("Cannot delete resource while nested resources exist. Some existing"
        + " nested resource IDs include: '" + zone + "/virtualNetworkLinks/agents'.");
    assertThatThrownBy(() -> arm.sim().privateDnsZones().delete(zone)).isInstanceOf(ApiError.class);

    ArmClient.Response unlink = arm.delete(zone + "/virtualNetworkLinks/agents" + DNS_API);
    assertThat(unlink.status()).isEqualTo(202);
    assertThat(unlink.header("Location")).contains("/privateDnsOperationResults/");
    assertThat(arm.awaitOperation(unlink)).isEqualTo("Succeeded");
    ArmClient.Response delete = arm.delete(zone + DNS_API);

    assertThat(delete.status()).isEqualTo(202);
    assertThat(arm.awaitOperation(delete)).isEqualTo("Succeeded");
    assertThat(arm.get(zone + DNS_API).status()).isEqualTo(404);
    assertThat(arm.delete(zone + DNS_API).status()).isEqualTo(204);
  }

  @Test
  void recordSetsAreReadByNameByTypeAndAll() {
    String zone = freshZone();
    arm.put(zone + DNS_API, "{\"location\":\"global\"}");
    arm.sim().privateDnsZones().putARecord(zone, "Kv-Other", List.of("10.9.0.5"));

    ArmClient.Response one = arm.get(zone + "/A/kv-other" + DNS_API);
    ArmClient.Response byType = arm.get(zone + "/A" + DNS_API);
    ArmClient.Response all = arm.get(zone + "/ALL" + DNS_API);
    ArmClient.Response missing = arm.get(zone + "/A/nope" + DNS_API);

    assertThat(one.status()).isEqualTo(200);
    JsonNode record = one.json();
    assertThat(record.path("id").asText()).isEqualTo(zone + "/A/kv-other");
    assertThat(record.path("name").asText()).isEqualTo("kv-other");
    assertThat(record.path("type").asText()).isEqualTo("Microsoft.Network/privateDnsZones/A");
    assertThat(record.path("properties").path("fqdn").asText())
        .isEqualTo("kv-other.privatelink.vaultcore.azure.net.");
    assertThat(record.path("properties").path("isAutoRegistered").asBoolean()).isFalse();
    assertThat(record.path("properties").path("aRecords").toString()).isEqualTo("[{\"ipv4Address\":\"10.9.0.5\"}]");
    assertThat(byType.json().path("value").findValuesAsText("name")).containsExactly("kv-other");
    assertThat(all.json().path("value").findValuesAsText("name")).containsExactly("@", "kv-other");
    assertThat(all.json().path("value").get(0).path("type").asText())
        .isEqualTo("Microsoft.Network/privateDnsZones/SOA");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.errorMessage()).isEqualTo("The resource record 'nope' does not exist in resource group '"
        + ResourceId.parse(zone, PrivateDnsZones.TYPE).resourceGroup() + "' of subscription '" + TestIds.SUBSCRIPTION
        + "'.");
    assertThat(arm.get(zone + DNS_API).json().path("properties").path("numberOfRecordSets").asInt()).isEqualTo(2);
  }

  @Test
  void stateApiLinksAndDeletesAtOnce() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    PrivateDnsZones zones = arm.sim().privateDnsZones();
    String zone = zones.create(TestIds.SUBSCRIPTION, "rg-dns-state", "corp.internal").resourceId();

    VirtualNetworkLink link = zones.link(zone, "agents", net.virtualNetworkId());

    assertThat(link.provisioningState()).isEqualTo(ProvisioningState.SUCCEEDED);
    assertThat(link.virtualNetworkLinkState()).isEqualTo("Completed");
    assertThat(arm.get(zone + "/virtualNetworkLinks/agents" + DNS_API).status()).isEqualTo(200);
    assertThatThrownBy(() -> zones.create(TestIds.SUBSCRIPTION, "rg-dns-state", "corp.internal"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> zones.create(TestIds.SUBSCRIPTION, "rg-dns-state", "nodots"))
        .isInstanceOf(ApiError.class);

    assertThat(zones.deleteLink(zone, "AGENTS")).isTrue();
    assertThat(zones.delete(zone)).isTrue();
    assertThat(zones.delete(zone)).isFalse();
  }
}
