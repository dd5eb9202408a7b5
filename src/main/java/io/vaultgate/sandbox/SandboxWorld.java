package io.vaultgate.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultgate.simulator.AzureSimulator;
import io.vaultgate.simulator.arm.keyvault.NetworkAcls;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import io.vaultgate.simulator.arm.network.SubnetSpec;
import java.util.List;

/**
 * The small, realistic world the sandbox starts with, and the one place it is seeded. Fixed names and ids, so the
 * manifests in {@code examples/} and the e2e scenarios can refer to them: one subscription and resource group, a
 * firewalled access-policy vault and a firewalled RBAC vault (each with a rule someone else added), a legacy vault
 * in its own resource group that nothing has opened (for observing only), the app registration pipelines sign in
 * as, and the Azure DevOps organization {@code contoso} (United States) with the project {@code payments}; in
 * Kubernetes, the namespace {@code team-payments}. Every manifest in {@code examples/} applies to it.
 */
public final class SandboxWorld {

  public static final String TENANT_ID = "4f1c2d3e-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
  public static final String SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000001";
  public static final String RESOURCE_GROUP = "rg-payments";
  public static final String LOCATION = "eastus";

  public static final SimVaultId ACCESS_POLICY_VAULT = new SimVaultId(SUBSCRIPTION_ID, RESOURCE_GROUP, "kv-payments");
  public static final SimVaultId RBAC_VAULT = new SimVaultId(SUBSCRIPTION_ID, RESOURCE_GROUP, "kv-payments-rbac");
  /** Added by "the security team" before vaultgate came: vaultgate must never remove these. */
  public static final String ACCESS_POLICY_VAULT_FOREIGN_RULE = "203.0.113.0/24";
  public static final String RBAC_VAULT_FOREIGN_RULE = "198.51.100.25/32";
  /** A vault from before vaultgate, in its own resource group, never opened to Azure DevOps: to observe only. */
  public static final SimVaultId LEGACY_VAULT = new SimVaultId(SUBSCRIPTION_ID, "rg-legacy", "kv-legacy");
  public static final String LEGACY_LOCATION = "uksouth";

  public static final String PIPELINE_APP_NAME = "payments-pipelines";
  public static final String PIPELINE_APP_CLIENT_ID = "6b0b2e4c-1a3d-4e5f-8a9b-0c1d2e3f4a5b";

  public static final String ORGANIZATION = "contoso";
  public static final String ORGANIZATION_ID = "2d7f0c3a-9b8e-4f6d-a5c4-3b2a1f0e9d8c";
  public static final String PROJECT = "payments";
  public static final String PROJECT_ID = "7e6d5c4b-3a29-4180-9f7e-6d5c4b3a2918";
  public static final String GEOGRAPHY = "UnitedStates";

  /** The agents' virtual network (seeded once the simulator serves Microsoft.Network). */
  public static final String VIRTUAL_NETWORK_ID = "/subscriptions/" + SUBSCRIPTION_ID + "/resourceGroups/"
      + RESOURCE_GROUP + "/providers/Microsoft.Network/virtualNetworks/vnet-agents";
  /** Self-hosted agents run here; it has the Microsoft.KeyVault service endpoint. */
  public static final String AGENT_SUBNET_ID = VIRTUAL_NETWORK_ID + "/subnets/agents";
  /** Private endpoints go here. */
  public static final String ENDPOINT_SUBNET_ID = VIRTUAL_NETWORK_ID + "/subnets/endpoints";

  public static final String NAMESPACE = "team-payments";
  public static final List<String> NAMESPACES = List.of("default", NAMESPACE);

  private SandboxWorld() {
  }

  /** Seeds the simulator (which must have been started for {@link #TENANT_ID}). */
  static void seed(AzureSimulator azure) {
    azure.seedResourceGroup(SUBSCRIPTION_ID, RESOURCE_GROUP, LOCATION);
    azure.keyVaults().create(ACCESS_POLICY_VAULT, LOCATION, TENANT_ID, false, "Enabled",
        NetworkAcls.deny(ACCESS_POLICY_VAULT_FOREIGN_RULE));
    azure.keyVaults().create(RBAC_VAULT, LOCATION, TENANT_ID, true, "Enabled",
        NetworkAcls.deny(RBAC_VAULT_FOREIGN_RULE));
    azure.seedResourceGroup(SUBSCRIPTION_ID, LEGACY_VAULT.resourceGroup(), LEGACY_LOCATION);
    azure.keyVaults().create(LEGACY_VAULT, LEGACY_LOCATION, TENANT_ID, false, "Enabled", NetworkAcls.deny());
    azure.directory().seedApp(PIPELINE_APP_NAME, PIPELINE_APP_CLIENT_ID, null, null);
    azure.devOps().seedOrganization(ORGANIZATION, ORGANIZATION_ID, null);
    azure.devOps().seedProject(ORGANIZATION, PROJECT, PROJECT_ID);
    seedNetwork(azure);
    seedSecrets(azure);
  }

  /**
   * The secrets the variable group of {@code examples/} maps, in the vault it targets, as their owner would have
   * set them: by name only (the simulator holds no values).
   */
  private static void seedSecrets(AzureSimulator azure) {
    List.of("dbPassword", "apiKey").forEach(name -> azure.keyVaults().secrets().add(ACCESS_POLICY_VAULT, name));
  }

  /**
   * The self-hosted agents' virtual network {@code vnet-agents}: subnet {@link #AGENT_SUBNET_ID} with the
   * Microsoft.KeyVault service endpoint (for a virtual network rule) and {@link #ENDPOINT_SUBNET_ID} (for a
   * private endpoint).
   */
  private static void seedNetwork(AzureSimulator azure) {
    azure.virtualNetworks().create(SUBSCRIPTION_ID, RESOURCE_GROUP, "vnet-agents", LOCATION, List.of("10.10.0.0/16"),
        List.of(SubnetSpec.of("agents", "10.10.1.0/24", "Microsoft.KeyVault"),
            SubnetSpec.of("endpoints", "10.10.2.0/24")));
  }

  /** The world as the e2e suite reads it from {@code FILE.azure.json} (also written by hand for a real target). */
  static ObjectNode describe() {
    ObjectNode world = Json.MAPPER.createObjectNode().put("tenantId", TENANT_ID)
        .put("subscriptionId", SUBSCRIPTION_ID).put("resourceGroup", RESOURCE_GROUP).put("location", LOCATION)
        .put("namespace", NAMESPACE);
    world.putObject("vaults").put("accessPolicy", ACCESS_POLICY_VAULT.resourceId())
        .put("rbac", RBAC_VAULT.resourceId());
    world.putObject("pipelineApp").put("displayName", PIPELINE_APP_NAME).put("clientId", PIPELINE_APP_CLIENT_ID);
    world.putObject("network").put("agentSubnet", AGENT_SUBNET_ID).put("endpointSubnet", ENDPOINT_SUBNET_ID);
    world.putObject("devOps").put("organization", ORGANIZATION).put("project", PROJECT).put("geography", GEOGRAPHY);
    return world;
  }
}
