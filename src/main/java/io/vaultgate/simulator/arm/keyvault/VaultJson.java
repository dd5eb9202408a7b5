package io.vaultgate.simulator.arm.keyvault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.Guid;
import io.vaultgate.simulator.http.JsonFields;
import io.vaultgate.simulator.http.SimJson;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The wire shape of {@code Microsoft.KeyVault/vaults}: vaults to JSON, request bodies to validated properties,
 * and ARM's PATCH merge. Type errors are 400 {@code InvalidRequestContent}, bad values 400 {@code BadRequest}.
 */
public final class VaultJson {
  public static final String TYPE = "Microsoft.KeyVault/vaults";
  static final String ACCESS_POLICIES_TYPE = TYPE + "/accessPolicies";
  static final String CONNECTION_TYPE = TYPE + "/privateEndpointConnections";

  private VaultJson() {
  }

  static ObjectNode vault(Vault vault, List<PrivateEndpointConnection> connections) {
    ObjectNode node = SimJson.object();
    node.put("id", vault.resourceId());
    node.put("name", vault.name());
    node.put("type", TYPE);
    node.put("location", vault.location());
    ObjectNode tags = node.putObject("tags");
    new TreeMap<>(vault.tags()).forEach(tags::put);
    node.putObject("systemData")
        .put("createdAt", SimJson.timestamp(vault.createdAt()))
        .put("lastModifiedAt", SimJson.timestamp(vault.lastModifiedAt()));
    ObjectNode properties = properties(vault.properties());
    properties.put("vaultUri", vault.vaultUri());
    properties.put("provisioningState", "Succeeded");
    // Read-only: connections are made from the private endpoint's side.
    ArrayNode list = properties.putArray("privateEndpointConnections");
    for (PrivateEndpointConnection c : connections) {
      ObjectNode item = list.addObject();
      item.put("id", connectionId(vault, c));
      item.put("etag", c.etag());
      item.set("properties", connectionProperties(c));
    }
    node.set("properties", properties);
    return node;
  }

  /** A private endpoint connection as the vault serves it under {@code .../privateEndpointConnections/{name}}. */
  static ObjectNode connection(Vault vault, PrivateEndpointConnection connection) {
    ObjectNode node = SimJson.object();
    node.put("id", connectionId(vault, connection));
    node.put("name", connection.name());
    node.put("type", CONNECTION_TYPE);
    node.put("etag", connection.etag());
    node.set("properties", connectionProperties(connection));
    return node;
  }

  private static String connectionId(Vault vault, PrivateEndpointConnection connection) {
    return vault.resourceId() + "/privateEndpointConnections/" + connection.name();
  }

  private static ObjectNode connectionProperties(PrivateEndpointConnection connection) {
    ObjectNode properties = SimJson.object();
    properties.put("provisioningState", "Succeeded");
    properties.putObject("privateEndpoint").put("id", connection.privateEndpointId());
    properties.putObject("privateLinkServiceConnectionState").put("status", connection.status())
        .put("description", connection.description()).put("actionsRequired", "None");
    return properties;
  }

  /** The stored properties (no read-only ones). */
  static ObjectNode properties(VaultProperties p) {
    ObjectNode node = SimJson.object();
    node.putObject("sku").put("family", p.sku().family()).put("name", p.sku().name());
    node.put("tenantId", p.tenantId());
    if (p.networkAcls() != null) {
      node.set("networkAcls", networkAcls(p.networkAcls()));
    }
    ArrayNode policies = node.putArray("accessPolicies");
    p.accessPolicies().forEach(policy -> policies.add(accessPolicy(policy)));
    node.put("enabledForDeployment", p.enabledForDeployment());
    node.put("enabledForDiskEncryption", p.enabledForDiskEncryption());
    node.put("enabledForTemplateDeployment", p.enabledForTemplateDeployment());
    node.put("enableSoftDelete", p.enableSoftDelete());
    node.put("softDeleteRetentionInDays", p.softDeleteRetentionInDays());
    node.put("enableRbacAuthorization", p.enableRbacAuthorization());
    if (p.enablePurgeProtection() != null) {
      node.put("enablePurgeProtection", p.enablePurgeProtection());
    }
    node.put("publicNetworkAccess", p.publicNetworkAccess());
    return node;
  }

  static ObjectNode networkAcls(NetworkAcls acls) {
    ObjectNode node = SimJson.object();
    node.put("bypass", acls.bypass());
    node.put("defaultAction", acls.defaultAction());
    ArrayNode ipRules = node.putArray("ipRules");
    acls.ipRules().forEach(rule -> ipRules.addObject().put("value", rule));
    ArrayNode vnetRules = node.putArray("virtualNetworkRules");
    acls.virtualNetworkRules().forEach(rule -> vnetRules.addObject().put("id", rule.id())
        .put("ignoreMissingVnetServiceEndpoint", rule.ignoreMissingVnetServiceEndpoint()));
    return node;
  }

  static ObjectNode accessPolicy(AccessPolicy policy) {
    ObjectNode node = SimJson.object();
    node.put("tenantId", policy.tenantId());
    node.put("objectId", policy.objectId());
    if (policy.applicationId() != null) {
      node.put("applicationId", policy.applicationId());
    }
    ObjectNode permissions = node.putObject("permissions");
    AccessPolicy.Permissions p = policy.permissions();
    putNames(permissions, "keys", p.keys());
    putNames(permissions, "secrets", p.secrets());
    putNames(permissions, "certificates", p.certificates());
    putNames(permissions, "storage", p.storage());
    return node;
  }

  private static void putNames(ObjectNode permissions, String kind, List<String> names) {
    if (!names.isEmpty()) {
      names.forEach(permissions.putArray(kind)::add);
    }
  }

  /**
   * ARM PATCH: each top-level property present in {@code patch} replaces the stored one; inside
   * {@code networkAcls} each present field replaces and absent ones are kept. JSON null counts as absent.
   */
  static ObjectNode merge(ObjectNode current, JsonNode patch) {
    ObjectNode merged = current.deepCopy();
    for (Map.Entry<String, JsonNode> field : patch.properties()) {
      JsonNode value = field.getValue();
      if (value.isNull()) {
        continue;
      }
      JsonNode stored = merged.get(field.getKey());
      if (field.getKey().equals("networkAcls") && value.isObject() && stored != null && stored.isObject()) {
        for (Map.Entry<String, JsonNode> acl : value.properties()) {
          if (!acl.getValue().isNull()) {
            ((ObjectNode) stored).set(acl.getKey(), acl.getValue());
          }
        }
      } else {
        merged.set(field.getKey(), value);
      }
    }
    return merged;
  }

  /**
   * Reads and validates {@code properties}; absent optional fields take the service's defaults.
   *
   * @param rbacDefault {@code enableRbacAuthorization} when absent
   */
  static VaultProperties parseProperties(JsonNode node, boolean rbacDefault) {
    JsonFields p = JsonFields.of(node, "properties").orElseThrow(() -> ApiError.badRequest(
        "The property 'properties' is required."));
    String tenantId = p.text("tenantId").orElseThrow(() -> p.missing("tenantId"));
    if (!Guid.is(tenantId)) {
      throw ApiError.badRequest("Invalid value found at properties.tenantId: " + tenantId);
    }
    JsonFields sku = p.object("sku").orElseThrow(() -> p.missing("sku"));
    String family = sku.text("family").orElse("A");
    String skuName = sku.text("name").orElseThrow(() -> sku.missing("name"));
    if (!family.equalsIgnoreCase("A") || !(skuName.equalsIgnoreCase("standard")
        || skuName.equalsIgnoreCase("premium"))) {
      throw ApiError.badRequest("Invalid value found at properties.sku: " + family + "/" + skuName
          + ". The sku family must be 'A' and the name 'standard' or 'premium'.");
    }
    int retention = p.integer("softDeleteRetentionInDays").orElse(90);
    if (retention < 7 || retention > 90) {
      throw ApiError.badRequest("Invalid value found at properties.softDeleteRetentionInDays: " + retention
          + ". The value must be between 7 and 90.");
    }
    List<AccessPolicy> policies = accessPolicies(p).stream().map(AccessPolicies::spelled).toList();
    AccessPolicies.checkCount(policies);
    NetworkAcls acls = p.object("networkAcls").map(VaultJson::networkAcls).orElse(null);
    return new VaultProperties(tenantId, new Sku("A", skuName.toLowerCase(Locale.ROOT)), policies,
        p.bool("enableRbacAuthorization").orElse(rbacDefault),
        p.text("publicNetworkAccess").orElse(VaultProperties.ENABLED),
        acls == null ? null : NetworkAclsRules.normalise(acls),
        p.bool("enabledForDeployment").orElse(false),
        p.bool("enabledForDiskEncryption").orElse(false),
        p.bool("enabledForTemplateDeployment").orElse(false),
        p.bool("enableSoftDelete").orElse(true),
        retention,
        p.bool("enablePurgeProtection").orElse(null));
  }

  /** Raw networkAcls as given (defaults for absent fields); {@link NetworkAclsRules} validates them. */
  private static NetworkAcls networkAcls(JsonFields acls) {
    return new NetworkAcls(
        acls.text("bypass").orElse(NetworkAcls.AZURE_SERVICES),
        acls.text("defaultAction").orElse(NetworkAcls.ALLOW),
        acls.objects("ipRules", rule -> rule.text("value").orElseThrow(() -> rule.missing("value"))),
        acls.objects("virtualNetworkRules", rule -> new SimVirtualNetworkRule(
            rule.text("id").orElseThrow(() -> rule.missing("id")),
            rule.bool("ignoreMissingVnetServiceEndpoint").orElse(false))));
  }

  /**
   * The body of {@code PUT .../accessPolicies/{operationKind}}: {@code properties.accessPolicies}, each entry
   * validated as in a vault.
   */
  static List<AccessPolicy> accessPolicyUpdate(JsonNode body) {
    JsonFields p = JsonFields.of(body, "properties").orElseThrow(() -> ApiError.badRequest(
        "The property 'properties' is required."));
    if (!p.node().hasNonNull("accessPolicies")) {
      throw p.missing("accessPolicies");
    }
    return accessPolicies(p);
  }

  /** The response of an access policy update: the entries sent, under the operation's id. */
  static ObjectNode accessPolicyUpdateResult(Vault vault, List<AccessPolicy> sent) {
    ObjectNode node = SimJson.object();
    // As in the spec's example: the id ends in "/accessPolicies/", without the operation kind.
    node.put("id", vault.resourceId() + "/accessPolicies/");
    node.put("type", ACCESS_POLICIES_TYPE);
    ArrayNode policies = node.putObject("properties").putArray("accessPolicies");
    sent.forEach(policy -> policies.add(accessPolicy(policy)));
    return node;
  }

  private static List<AccessPolicy> accessPolicies(JsonFields properties) {
    List<AccessPolicy> policies = properties.objects("accessPolicies", VaultJson::accessPolicy);
    for (int i = 0; i < policies.size(); i++) {
      AccessPolicies.check(policies.get(i), i);
    }
    return policies;
  }

  private static AccessPolicy accessPolicy(JsonFields policy) {
    JsonFields permissions = policy.object("permissions").orElseThrow(() -> policy.missing("permissions"));
    return new AccessPolicy(
        policy.text("tenantId").orElseThrow(() -> policy.missing("tenantId")),
        policy.text("objectId").orElseThrow(() -> policy.missing("objectId")),
        policy.text("applicationId").orElse(null),
        new AccessPolicy.Permissions(permissions.strings("keys"), permissions.strings("secrets"),
            permissions.strings("certificates"), permissions.strings("storage")));
  }
}
