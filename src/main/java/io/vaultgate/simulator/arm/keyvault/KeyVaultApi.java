package io.vaultgate.simulator.arm.keyvault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultgate.simulator.arm.ArmService;
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.SimJson;
import io.vaultgate.simulator.http.SimRequest;
import io.vaultgate.simulator.http.SimResponse;
import java.util.List;
import java.util.Map;

/** The REST operations on {@code Microsoft.KeyVault/vaults}, registered on the ARM front door. */
public final class KeyVaultApi {
  /** From this api-version on, a vault created without the flag uses RBAC authorization. */
  private static final String RBAC_BY_DEFAULT_SINCE = "2026-02-01";

  private final KeyVaults vaults;

  private KeyVaultApi(KeyVaults vaults) {
    this.vaults = vaults;
  }

  public static void register(ArmService arm, KeyVaults vaults, KeyVaultApiVersions versions) {
    KeyVaultApi api = new KeyVaultApi(vaults);
    arm.route("GET", KeyVaults.VAULTS_ROUTE, "vaults", versions::served, api::list);
    arm.route("GET", KeyVaults.VAULT_ROUTE, "vaults", versions::served, api::get);
    arm.route("PUT", KeyVaults.VAULT_ROUTE, "vaults", versions::served, api::put);
    arm.route("PATCH", KeyVaults.VAULT_ROUTE, "vaults", versions::served, api::patch);
    arm.route("DELETE", KeyVaults.VAULT_ROUTE, "vaults", versions::served, api::delete);
    arm.route("PUT", KeyVaults.ACCESS_POLICY_ROUTE, "vaults/accessPolicies", versions::served,
        api::updateAccessPolicies);
    arm.resourceType(VaultJson.TYPE, (subscription, group, name) ->
        vaults.find(new SimVaultId(subscription, group, name)).isPresent());
  }

  private SimResponse list(SimRequest request) {
    ObjectNode body = SimJson.object();
    ArrayNode value = body.putArray("value");
    vaults.list(request.pathParam(0), request.pathParam(1)).forEach(v -> value.add(vault(v)));
    return SimResponse.json(200, body);
  }

  private SimResponse get(SimRequest request) {
    return SimResponse.json(200, vault(existing(request)));
  }

  /** Create or replace, completing at once: a 200/201 with a terminal provisioningState ends the SDK's poll. */
  private SimResponse put(SimRequest request) {
    SimVaultId id = id(request);
    KeyVaults.checkName(id.name());
    ObjectNode body = SimJson.body(request);
    JsonNode location = body.get("location");
    if (location == null || !location.isTextual() || location.asText().isBlank()) {
      throw new ApiError(400, "LocationRequired", "The location property is required for this definition.");
    }
    boolean rbacDefault = vaults.find(id)
        .map(v -> v.properties().enableRbacAuthorization())
        .orElse(request.queryParam("api-version").orElseThrow().compareTo(RBAC_BY_DEFAULT_SINCE) >= 0);
    VaultProperties properties = VaultJson.parseProperties(body, rbacDefault);
    KeyVaults.PutResult result = vaults.createOrReplace(id, location.asText(), ArmService.tags(body), properties);
    return SimResponse.json(result.created() ? 201 : 200, vault(result.vault()));
  }

  private SimResponse patch(SimRequest request) {
    Vault current = existing(request);
    ObjectNode body = SimJson.body(request);
    ObjectNode properties = VaultJson.properties(current.properties());
    JsonNode patch = body.get("properties");
    if (patch != null && !patch.isNull()) {
      if (!patch.isObject()) {
        throw ApiError.invalidContent("Unexpected value " + patch + " at 'properties': expected an object");
      }
      properties = VaultJson.merge(properties, patch);
    }
    ObjectNode merged = SimJson.object();
    merged.set("properties", properties);
    VaultProperties parsed = VaultJson.parseProperties(merged, current.properties().enableRbacAuthorization());
    Map<String, String> tags = body.hasNonNull("tags") ? ArmService.tags(body) : current.tags();
    Vault updated = vaults.update(current.vaultId(), tags, parsed).orElseThrow(() -> notFound(request));
    return SimResponse.json(200, vault(updated));
  }

  /** Vaults_UpdateAccessPolicy: not long-running; answers with the entries sent. */
  private SimResponse updateAccessPolicies(SimRequest request) {
    existing(request);
    AccessPolicyOperation operation = AccessPolicyOperation.parse(request.pathParam(3));
    List<AccessPolicy> sent = VaultJson.accessPolicyUpdate(SimJson.body(request));
    Vault updated = vaults.applyAccessPolicies(id(request), operation, sent).orElseThrow(() -> notFound(request));
    return SimResponse.json(200, VaultJson.accessPolicyUpdateResult(updated, sent));
  }

  private SimResponse delete(SimRequest request) {
    return SimResponse.empty(vaults.delete(id(request)) ? 200 : 204);
  }

  private Vault existing(SimRequest request) {
    return vaults.find(id(request)).orElseThrow(() -> notFound(request));
  }

  private static SimVaultId id(SimRequest request) {
    return new SimVaultId(request.pathParam(0), request.pathParam(1), request.pathParam(2));
  }

  private static ApiError notFound(SimRequest request) {
    return ArmService.resourceNotFound(VaultJson.TYPE, request.pathParam(2), request.pathParam(1));
  }

  private ObjectNode vault(Vault vault) {
    return VaultJson.vault(vault, vaults.privateEndpointConnections(vault.vaultId()));
  }
}
