package io.vaultgate.simulator;

import io.vaultgate.simulator.arm.keyvault.NetworkAcls;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import io.vaultgate.simulator.arm.network.SubnetSpec;
import io.vaultgate.simulator.arm.network.VirtualNetwork;
import io.vaultgate.simulator.arm.network.VirtualNetworks;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A customer network for the network tests, laid out through the state API: per call a fresh virtual network in
 * West Europe (10.n.0.0/16) with an {@code agents} subnet (Microsoft.KeyVault service endpoint, 10.n.1.0/24) and an
 * {@code endpoints} subnet (none, 10.n.2.0/28), and a fresh vault (public network access disabled, firewall on).
 */
public record NetworkFixtures(String virtualNetworkId, String agentsSubnetId, String endpointsSubnetId,
                              SimVaultId vault, String addressBase) {
  /** The api-version the network tests send to the Network resource provider. */
  public static final String NETWORK_API = "?api-version=2025-03-01";
  /** The api-version the network tests send to Private DNS. */
  public static final String DNS_API = "?api-version=2024-06-01";
  public static final String NETWORK_GROUP = "rg-Net";
  public static final String LOCATION = "westeurope";
  private static final AtomicInteger COUNTER = new AtomicInteger();

  public static NetworkFixtures create(AzureSimulator sim) {
    int n = COUNTER.incrementAndGet();
    String base = "10." + (n % 250 + 1);
    VirtualNetwork network = sim.virtualNetworks().create(TestIds.SUBSCRIPTION, NETWORK_GROUP, "vnet-" + n, LOCATION,
        List.of(base + ".0.0/16"), List.of(
            SubnetSpec.of("agents", base + ".1.0/24", VirtualNetworks.KEY_VAULT_SERVICE),
            SubnetSpec.of("endpoints", base + ".2.0/28")));
    SimVaultId vault = TestIds.freshVault();
    sim.keyVaults().create(vault, LOCATION, TestIds.TENANT, true, "Disabled", NetworkAcls.deny());
    return new NetworkFixtures(network.resourceId(), network.subnet("agents").orElseThrow().resourceId(),
        network.subnet("endpoints").orElseThrow().resourceId(), vault, base);
  }

  /** The first address Azure hands out in a subnet ({@code .4}). */
  public String firstEndpointAddress() {
    return addressBase + ".2.4";
  }

  public static String endpointId(String name) {
    return "/subscriptions/" + TestIds.SUBSCRIPTION + "/resourceGroups/" + TestIds.RESOURCE_GROUP
        + "/providers/Microsoft.Network/privateEndpoints/" + name;
  }

  public static String zoneId(String resourceGroup, String name) {
    return "/subscriptions/" + TestIds.SUBSCRIPTION + "/resourceGroups/" + resourceGroup
        + "/providers/Microsoft.Network/privateDnsZones/" + name;
  }

  /** A private endpoint PUT body for the vault in the endpoints subnet. */
  public String endpointBody(boolean manual) {
    return endpointBody(manual, LOCATION, endpointsSubnetId, vault.resourceId(), "vault");
  }

  public static String endpointBody(boolean manual, String location, String subnetId, String targetId, String groupId) {
    return """
        {"location":"%s","properties":{"subnet":{"id":"%s"},
         "%s":[{"name":"kv-connection","properties":{"privateLinkServiceId":"%s","groupIds":["%s"]%s}}]}}
        """.formatted(location, subnetId, manual ? "manualPrivateLinkServiceConnections"
        : "privateLinkServiceConnections", targetId, groupId,
        manual ? ",\"requestMessage\":\"Please approve vaultgate's endpoint.\"" : "");
  }

  public static String zoneGroupBody(String... zoneIds) {
    StringBuilder configs = new StringBuilder();
    for (String zoneId : zoneIds) {
      configs.append(configs.length() == 0 ? "" : ",").append("{\"properties\":{\"privateDnsZoneId\":\"")
          .append(zoneId).append("\"}}");
    }
    return "{\"properties\":{\"privateDnsZoneConfigs\":[" + configs + "]}}";
  }

  public static String linkBody(String virtualNetworkId) {
    return """
        {"location":"global","properties":{"virtualNetwork":{"id":"%s"},"registrationEnabled":false}}
        """.formatted(virtualNetworkId);
  }
}
