package io.vaultgate.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The REST operations on {@code Microsoft.ManagedIdentity/userAssignedIdentities}, on the ARM front door. */
final class ManagedIdentityApi {
  /** The first api-version whose identities report {@code isolationScope}. */
  private static final String ISOLATION_SCOPE_SINCE = "2024-11-30";

  private final ManagedIdentities identities;

  private ManagedIdentityApi(ManagedIdentities identities) {
    this.identities = identities;
  }

  static void register(ArmService arm, ManagedIdentities identities) {
    ManagedIdentityApi api = new ManagedIdentityApi(identities);
    arm.route("GET", ManagedIdentities.IDENTITY_ROUTE, "userAssignedIdentities", ManagedIdentities.API_VERSIONS,
        api::get);
    arm.resourceType(IdentityId.TYPE, (subscription, group, name) ->
        identities.find(new IdentityId(subscription, group, name)).isPresent());
  }

  private SimResponse get(SimRequest request) {
    IdentityId id = new IdentityId(request.pathParam(0), request.pathParam(1), request.pathParam(2));
    UserAssignedIdentity identity = identities.find(id).orElseThrow(() ->
        ArmService.resourceNotFound(IdentityId.TYPE, id.name(), id.resourceGroup()));
    boolean isolationScope = request.queryParam("api-version").orElseThrow().compareTo(ISOLATION_SCOPE_SINCE) >= 0;
    return SimResponse.json(200, json(identity, isolationScope));
  }

  private static ObjectNode json(UserAssignedIdentity identity, boolean isolationScope) {
    IdentityId id = identity.identityId();
    ObjectNode node = Json.object();
    node.put("name", id.name());
    node.put("type", IdentityId.TYPE);
    // The service writes "resourcegroups" in lower case in the ids it returns (as in its spec examples).
    node.put("id", "/subscriptions/" + id.subscriptionId() + "/resourcegroups/" + id.resourceGroup()
        + "/providers/" + IdentityId.TYPE + "/" + id.name());
    node.put("location", identity.location());
    node.putObject("tags");
    ObjectNode properties = node.putObject("properties");
    properties.put("tenantId", identity.tenantId());
    properties.put("principalId", identity.principalId());
    properties.put("clientId", identity.clientId());
    if (isolationScope) {
      properties.put("isolationScope", "None");
    }
    return node;
  }
}
