package io.vaultgate.simulator;

import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import io.vaultgate.simulator.arm.network.SubnetSpec;
import io.vaultgate.simulator.arm.network.VirtualNetworks;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Identifiers shared by the simulator tests. */
public final class TestIds {
  public static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  public static final String SUBSCRIPTION = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";
  public static final String RESOURCE_GROUP = "rg-Pipelines";
  public static final String NETWORK_GROUP = "rg-Net";
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private TestIds() {
  }

  /** A vault id with a fresh name, since vault names are globally unique. */
  public static SimVaultId freshVault() {
    return new SimVaultId(SUBSCRIPTION, RESOURCE_GROUP, "kv-test-" + COUNTER.incrementAndGet());
  }

  public static String subnet(String name) {
    return virtualNetwork() + "/subnets/" + name;
  }

  public static String virtualNetwork() {
    return "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + NETWORK_GROUP
        + "/providers/Microsoft.Network/virtualNetworks/vnet-Agents";
  }

  /**
   * Makes the subnets exist in the simulator (in vnet-Agents, 10.0.0.0/8, West Europe), each a fresh /24 with the
   * Microsoft.KeyVault service endpoint, so that virtual network rules may name them.
   */
  public static void seedSubnets(AzureSimulator sim, String... names) {
    VirtualNetworks networks = sim.virtualNetworks();
    if (networks.find(virtualNetwork()).isEmpty()) {
      networks.create(SUBSCRIPTION, NETWORK_GROUP, "vnet-Agents", "westeurope", List.of("10.0.0.0/8"), List.of());
    }
    for (String name : names) {
      if (networks.findSubnet(subnet(name)).isEmpty()) {
        int n = networks.get(virtualNetwork()).subnets().size();
        networks.putSubnet(virtualNetwork(), SubnetSpec.of(name, "10." + n / 256 + "." + n % 256 + ".0/24",
            VirtualNetworks.KEY_VAULT_SERVICE));
      }
    }
  }
}
