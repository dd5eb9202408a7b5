package io.vaultgate.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.simulator.AzureSimulator;
import io.vaultgate.simulator.arm.keyvault.NetworkAcls;
import io.vaultgate.simulator.arm.keyvault.Vault;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** What {@code sandbox --apply DIR --once} prints: the {@code kubectl get pva -A} table and every vault's firewall. */
final class Report {

  private Report() {
  }

  static String resources(KubernetesClient client, ApiCatalog catalog, Instant now) {
    ApiResource type = catalog.find(PrivateVaultAccess.GROUP, PrivateVaultAccess.VERSION,
        HasMetadata.getPlural(PrivateVaultAccess.class)).orElseThrow();
    List<JsonNode> objects = new ArrayList<>();
    for (PrivateVaultAccess r : all(client)) {
      objects.add(client.getKubernetesSerialization().convertValue(r, JsonNode.class));
    }
    if (objects.isEmpty()) {
      return "No resources found\n";
    }
    return Tables.text(Tables.table(type, objects, null, Tables.Include.Metadata, true, now), true);
  }

  /**
   * Each vault's firewall: default action, bypass, public network access, and every IP rule with who needs it —
   * the resources whose ledgers own it, or "pre-existing" for a rule vaultgate did not add.
   */
  static String firewalls(AzureSimulator azure, KubernetesClient client) {
    Map<String, TreeSet<String>> owners = new TreeMap<>();
    for (PrivateVaultAccess r : all(client)) {
      if (r.getStatus() != null && r.getStatus().firewall != null && r.getStatus().firewall.vault != null) {
        List<String> rules = new java.util.ArrayList<>(r.getStatus().firewall.ownedIpRules);
        rules.addAll(r.getStatus().firewall.ownedVirtualNetworkRules);
        for (String rule : rules) {
          owners.computeIfAbsent(key(r.getStatus().firewall.vault, rule), k -> new TreeSet<>())
              .add(r.getMetadata().getNamespace() + "/" + r.getMetadata().getName());
        }
      }
    }
    StringBuilder out = new StringBuilder();
    for (Vault vault : azure.keyVaults().all()) {
      NetworkAcls acls = vault.networkAcls() == null ? NetworkAcls.allowAll() : vault.networkAcls();
      out.append(String.format("vault %s (%s): default action %s, bypass %s, public network access %s%n",
          vault.name(), vault.properties().enableRbacAuthorization() ? "RBAC" : "access policies",
          acls.defaultAction(), acls.bypass(), vault.properties().publicNetworkAccess()));
      if (acls.ipRules().isEmpty()) {
        out.append("  no IP rules\n");
      }
      for (String rule : acls.ipRules()) {
        TreeSet<String> owner = owners.get(key(vault.resourceId(), rule));
        out.append(String.format("  %-20s %s%n", rule,
            owner == null ? "pre-existing" : "vaultgate: " + String.join(", ", owner)));
      }
      for (var rule : acls.virtualNetworkRules()) {
        TreeSet<String> owner = owners.get(key(vault.resourceId(), rule.id()));
        String vnet = "/virtualnetworks/";
        out.append(String.format("  subnet %s %s%n", rule.id().substring(rule.id().toLowerCase(Locale.ROOT)
            .indexOf(vnet) + vnet.length()), owner == null ? "pre-existing" : "vaultgate: "
            + String.join(", ", owner)));
      }
      for (var connection : azure.keyVaults().privateEndpointConnections(
          io.vaultgate.simulator.arm.keyvault.SimVaultId.parse(vault.resourceId()))) {
        out.append(String.format("  private endpoint %s %s%n", connection.privateEndpointId()
            .substring(connection.privateEndpointId().lastIndexOf('/') + 1), connection.status()));
      }
    }
    return out.toString();
  }

  private static List<PrivateVaultAccess> all(KubernetesClient client) {
    return client.resources(PrivateVaultAccess.class).inAnyNamespace().list().getItems();
  }

  private static String key(String vaultId, String rule) {
    // subnet ids compare case-insensitively; IP rules are canonical CIDRs
    return vaultId.toLowerCase(Locale.ROOT) + " " + (rule.contains("/") ? rule : rule + "/32")
        .toLowerCase(Locale.ROOT);
  }
}
