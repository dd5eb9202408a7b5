package io.vaultgate.simulator;

import java.util.concurrent.atomic.AtomicInteger;

/** Identifiers shared by the simulator tests. */
final class TestIds {
  static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  static final String SUBSCRIPTION = "0b1f6471-1bf0-4dda-aec3-cb9272f09590";
  static final String RESOURCE_GROUP = "rg-Pipelines";
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private TestIds() {
  }

  /** A vault id with a fresh name, since vault names are globally unique. */
  static VaultId freshVault() {
    return new VaultId(SUBSCRIPTION, RESOURCE_GROUP, "kv-test-" + COUNTER.incrementAndGet());
  }

  static String subnet(String name) {
    return "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/rg-Net/providers/Microsoft.Network/virtualNetworks/"
        + "vnet-Agents/subnets/" + name;
  }
}
