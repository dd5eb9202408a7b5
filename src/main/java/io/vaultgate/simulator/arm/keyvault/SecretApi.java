package io.vaultgate.simulator.arm.keyvault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultgate.simulator.arm.ArmPages;
import io.vaultgate.simulator.arm.ArmService;
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.JsonFields;
import io.vaultgate.simulator.http.SimJson;
import io.vaultgate.simulator.http.SimRequest;
import io.vaultgate.simulator.http.SimResponse;
import java.util.TreeMap;

/**
 * The management plane's {@code Microsoft.KeyVault/vaults/secrets} (secrets.json in azure-rest-api-specs):
 * Secrets_List (paged by {@code nextLink}, {@code $top} per page), Secrets_Get, and Secrets_CreateOrUpdate, which
 * requires {@code properties} and accepts {@code properties.value} only to discard it: these operations never return
 * a value, and the simulator never holds one. All are synchronous. The spec has no DELETE; Secrets_Update (PATCH)
 * is not simulated. Reads are not subject to the vault's firewall (it guards the data plane only).
 */
public final class SecretApi {
  static final String TYPE = VaultJson.TYPE + "/secrets";
  /**
   * The page size without {@code $top}, and the largest served. The spec states none; this is the data plane's
   * {@code maxresults} ceiling (Azure/azure-sdk-for-net issue #19802), so paging is exercised.
   */
  static final int PAGE_SIZE = 25;

  private final KeyVaults vaults;

  private SecretApi(KeyVaults vaults) {
    this.vaults = vaults;
  }

  public static void register(ArmService arm, KeyVaults vaults, KeyVaultApiVersions versions) {
    SecretApi api = new SecretApi(vaults);
    String type = "vaults/secrets";
    arm.route("GET", KeyVaults.SECRETS_ROUTE, type, versions::served, api::list);
    arm.route("GET", KeyVaults.SECRET_ROUTE, type, versions::served, api::get);
    arm.route("PUT", KeyVaults.SECRET_ROUTE, type, versions::served, api::put);
  }

  private SimResponse list(SimRequest request) {
    Vault vault = vault(request);
    return SimResponse.json(200, ArmPages.page(request, vaults.secrets().list(vault.vaultId()), PAGE_SIZE, PAGE_SIZE,
        s -> json(vault, s)));
  }

  private SimResponse get(SimRequest request) {
    Vault vault = vault(request);
    String name = request.pathParam(3);
    return SimResponse.json(200, json(vault, vaults.secrets().find(vault.vaultId(), name)
        .orElseThrow(() -> ArmService.resourceNotFound(VaultJson.TYPE, vault.name() + "/secrets/" + name,
            vault.vaultId().resourceGroup()))));
  }

  /** 201 when created, 200 when a new version replaced the settings of an existing one. */
  private SimResponse put(SimRequest request) {
    Vault vault = vault(request);
    ObjectNode body = SimJson.body(request);
    JsonFields properties = JsonFields.of(body, "properties")
        .orElseThrow(() -> new JsonFields(body, "").missing("properties"));
    // properties.value is not read at all: not kept, not checked, never echoed in an error
    JsonFields attributes = properties.object("attributes").orElse(new JsonFields(SimJson.object(),
        properties.path() + ".attributes"));
    VaultSecrets.PutResult result = vaults.secrets().put(vault.vaultId(), request.pathParam(3),
        ArmService.tags(body), properties.text("contentType").orElse(null),
        attributes.bool("enabled").orElse(true), seconds(attributes, "nbf"), seconds(attributes, "exp"));
    return SimResponse.json(result.created() ? 201 : 200, json(vault, result.secret()));
  }

  private Vault vault(SimRequest request) {
    SimVaultId id = new SimVaultId(request.pathParam(0), request.pathParam(1), request.pathParam(2));
    return vaults.find(id).orElseThrow(() -> ArmService.resourceNotFound(VaultJson.TYPE, id.name(),
        id.resourceGroup()));
  }

  /** A unixtime attribute; absent is null. */
  private static Long seconds(JsonFields attributes, String field) {
    JsonNode node = attributes.node().get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.canConvertToLong() || !node.isIntegralNumber()) {
      throw new JsonFields(node, attributes.path() + "." + field).wrongType("an integer");
    }
    return node.asLong();
  }

  /** A secret as the spec's examples show it: no value, ever. */
  private static ObjectNode json(Vault vault, SimSecret secret) {
    ObjectNode node = SimJson.object();
    node.put("id", vault.resourceId() + "/secrets/" + secret.name());
    node.put("name", secret.name());
    node.put("type", TYPE);
    node.put("location", vault.location());
    if (!secret.tags().isEmpty()) {
      ObjectNode tags = node.putObject("tags");
      new TreeMap<>(secret.tags()).forEach(tags::put);
    }
    ObjectNode properties = node.putObject("properties");
    ObjectNode attributes = properties.putObject("attributes").put("enabled", secret.attributes().enabled());
    if (secret.attributes().notBefore() != null) {
      attributes.put("nbf", secret.attributes().notBefore());
    }
    if (secret.attributes().expires() != null) {
      attributes.put("exp", secret.attributes().expires());
    }
    attributes.put("created", secret.attributes().created()).put("updated", secret.attributes().updated());
    if (secret.contentType() != null) {
      properties.put("contentType", secret.contentType());
    }
    String uri = vault.vaultUri() + "secrets/" + secret.name();
    properties.put("secretUri", uri);
    properties.put("secretUriWithVersion", uri + "/" + secret.version());
    return node;
  }
}
