package io.vaultgate.simulator.arm.keyvault;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultgate.simulator.arm.ArmService;
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.JsonFields;
import io.vaultgate.simulator.http.SimJson;
import io.vaultgate.simulator.http.SimRequest;
import io.vaultgate.simulator.http.SimResponse;
import java.util.List;

/**
 * The REST operations on a vault's {@code privateEndpointConnections}: the vault owner's side of private
 * endpoints. PUT approves or rejects (synchronously, as the spec answers 200), DELETE disconnects; the
 * connections themselves come from private endpoints.
 */
public final class PrivateEndpointConnectionApi {
  private static final List<String> SETTABLE =
      List.of(PrivateEndpointConnection.APPROVED, PrivateEndpointConnection.REJECTED);

  private final KeyVaults vaults;

  private PrivateEndpointConnectionApi(KeyVaults vaults) {
    this.vaults = vaults;
  }

  public static void register(ArmService arm, KeyVaults vaults, KeyVaultApiVersions versions) {
    PrivateEndpointConnectionApi api = new PrivateEndpointConnectionApi(vaults);
    String type = "vaults/privateEndpointConnections";
    arm.route("GET", KeyVaults.CONNECTIONS_ROUTE, type, versions::served, api::list);
    arm.route("GET", KeyVaults.CONNECTION_ROUTE, type, versions::served, api::get);
    arm.route("PUT", KeyVaults.CONNECTION_ROUTE, type, versions::served, api::put);
    arm.route("DELETE", KeyVaults.CONNECTION_ROUTE, type, versions::served, api::delete);
  }

  private SimResponse list(SimRequest request) {
    Vault vault = vault(request);
    ObjectNode body = SimJson.object();
    ArrayNode value = body.putArray("value");
    vaults.privateEndpointConnections(vault.vaultId()).forEach(c -> value.add(VaultJson.connection(vault, c)));
    return SimResponse.json(200, body);
  }

  private SimResponse get(SimRequest request) {
    Vault vault = vault(request);
    String name = request.pathParam(3);
    return SimResponse.json(200, VaultJson.connection(vault, vaults.privateEndpointConnection(vault.vaultId(), name)
        .orElseThrow(() -> notFound(vault, name))));
  }

  /**
   * Sets {@code properties.privateLinkServiceConnectionState} (status Approved or Rejected, optional description);
   * a non-empty {@code etag} in the body must be the connection's current one.
   */
  private SimResponse put(SimRequest request) {
    Vault vault = vault(request);
    String name = request.pathParam(3);
    ObjectNode body = SimJson.body(request);
    JsonFields p = JsonFields.of(body, "properties")
        .orElseThrow(() -> ApiError.badRequest("The property 'properties' is required."));
    JsonFields state = p.object("privateLinkServiceConnectionState")
        .orElseThrow(() -> p.missing("privateLinkServiceConnectionState"));
    String requested = state.text("status").orElseThrow(() -> state.missing("status"));
    String status = SETTABLE.stream().filter(s -> s.equalsIgnoreCase(requested)).findFirst()
        .orElseThrow(() -> ApiError.badRequest("Invalid value found at"
            + " properties.privateLinkServiceConnectionState.status: " + requested + ". Allowed values are "
            + String.join(", ", SETTABLE) + "."));
    PrivateEndpointConnection updated = vaults.setConnectionState(vault.vaultId(), name, status,
        state.text("description").orElse(""), new JsonFields(body, "").text("etag").orElse(null))
        .orElseThrow(() -> notFound(vault, name));
    return SimResponse.json(200, VaultJson.connection(vault, updated));
  }

  /** 200 with the connection Disconnected, or 204 when there is none; synchronous. */
  private SimResponse delete(SimRequest request) {
    Vault vault = vault(request);
    String name = request.pathParam(3);
    return vaults.privateEndpointConnection(vault.vaultId(), name).map(c -> {
      vaults.removePrivateEndpointConnection(vault.vaultId(), name);
      ObjectNode node = SimJson.object();
      node.put("id", vault.resourceId() + "/privateEndpointConnections/" + c.name());
      node.put("name", c.name());
      node.put("type", VaultJson.CONNECTION_TYPE);
      node.putObject("properties").put("provisioningState", PrivateEndpointConnection.DISCONNECTED);
      return SimResponse.json(200, node);
    }).orElseGet(() -> SimResponse.empty(204));
  }

  private Vault vault(SimRequest request) {
    SimVaultId id = new SimVaultId(request.pathParam(0), request.pathParam(1), request.pathParam(2));
    return vaults.find(id).orElseThrow(() -> ArmService.resourceNotFound(VaultJson.TYPE, id.name(),
        id.resourceGroup()));
  }

  private static ApiError notFound(Vault vault, String name) {
    return ArmService.resourceNotFound(VaultJson.TYPE, vault.name() + "/privateEndpointConnections/" + name,
        vault.vaultId().resourceGroup());
  }
}
