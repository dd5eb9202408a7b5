package io.vaultgate.simulator.arm.privatelink;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultgate.simulator.arm.ArmService;
import io.vaultgate.simulator.arm.Etags;
import io.vaultgate.simulator.arm.LongRunningOperations;
import io.vaultgate.simulator.arm.LongRunningOperations.AsyncOperation;
import io.vaultgate.simulator.arm.LongRunningOperations.Settlement;
import io.vaultgate.simulator.arm.OperationApi;
import io.vaultgate.simulator.arm.ProvisioningState;
import io.vaultgate.simulator.arm.ResourceId;
import io.vaultgate.simulator.arm.keyvault.PrivateEndpointConnection;
import io.vaultgate.simulator.arm.network.SubnetId;
import io.vaultgate.simulator.arm.network.VirtualNetworkApi;
import io.vaultgate.simulator.arm.network.VirtualNetworks;
import io.vaultgate.simulator.arm.privatedns.PrivateDnsZones;
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.JsonFields;
import io.vaultgate.simulator.http.SimJson;
import io.vaultgate.simulator.http.SimRequest;
import io.vaultgate.simulator.http.SimResponse;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The REST operations on {@code Microsoft.Network/privateEndpoints} and their {@code privateDnsZoneGroups}, on the
 * ARM front door. Writes are long-running: 201/200 (PUT) or 202 (DELETE) with {@code Azure-AsyncOperation}.
 */
public final class PrivateEndpointApi {
  static final String ZONE_GROUP_TYPE = PrivateEndpoints.TYPE + "/privateDnsZoneGroups";

  private final PrivateEndpoints endpoints;
  private final PrivateDnsZones zones;
  private final LongRunningOperations operations;

  private PrivateEndpointApi(PrivateEndpoints endpoints, PrivateDnsZones zones, LongRunningOperations operations) {
    this.endpoints = endpoints;
    this.zones = zones;
    this.operations = operations;
  }

  public static void register(ArmService arm, PrivateEndpoints endpoints, PrivateDnsZones zones,
             LongRunningOperations operations) {
    PrivateEndpointApi api = new PrivateEndpointApi(endpoints, zones, operations);
    List<String> versions = VirtualNetworks.API_VERSIONS;
    String groups = "privateEndpoints/privateDnsZoneGroups";
    arm.route("GET", PrivateEndpoints.ENDPOINTS_ROUTE, "privateEndpoints", versions, api::list);
    arm.route("GET", PrivateEndpoints.ENDPOINT_ROUTE, "privateEndpoints", versions, api::get);
    arm.route("PUT", PrivateEndpoints.ENDPOINT_ROUTE, "privateEndpoints", versions, api::put);
    arm.route("DELETE", PrivateEndpoints.ENDPOINT_ROUTE, "privateEndpoints", versions, api::delete);
    arm.route("GET", PrivateEndpoints.ZONE_GROUPS_ROUTE, groups, versions, api::listZoneGroups);
    arm.route("GET", PrivateEndpoints.ZONE_GROUP_ROUTE, groups, versions, api::getZoneGroup);
    arm.route("PUT", PrivateEndpoints.ZONE_GROUP_ROUTE, groups, versions, api::putZoneGroup);
    arm.route("DELETE", PrivateEndpoints.ZONE_GROUP_ROUTE, groups, versions, api::deleteZoneGroup);
    arm.route("GET", PrivateEndpoints.NETWORK_INTERFACE_ROUTE, "networkInterfaces", versions,
        api::getNetworkInterface);
    arm.resourceType(PrivateEndpoints.TYPE, (subscription, group, name) ->
        endpoints.find(new ResourceId(subscription, group, PrivateEndpoints.TYPE, name)).isPresent());
  }

  private SimResponse list(SimRequest request) {
    ObjectNode body = SimJson.object();
    ArrayNode value = body.putArray("value");
    endpoints.all().stream()
        .filter(e -> e.id().subscriptionId().equalsIgnoreCase(request.pathParam(0))
            && e.id().resourceGroup().equalsIgnoreCase(request.pathParam(1)))
        .forEach(e -> value.add(json(e)));
    return SimResponse.json(200, body);
  }

  private SimResponse get(SimRequest request) {
    return SimResponse.json(200, json(existing(request)));
  }

  /** PrivateEndpoints_CreateOrUpdate: exactly one connection, automatic or manual, to a vault's {@code vault}. */
  private SimResponse put(SimRequest request) {
    ResourceId id = id(request);
    checkIdle(request, id.resourceId());
    ObjectNode body = SimJson.body(request);
    String location = new JsonFields(body, "").text("location").filter(l -> !l.isBlank())
        .orElseThrow(() -> new ApiError(400, "LocationRequired", "The location property is required for this"
            + " definition."));
    JsonFields p = JsonFields.of(body, "properties")
        .orElseThrow(() -> ApiError.badRequest("The property 'properties' is required."));
    JsonFields subnetField = p.object("subnet").orElseThrow(() -> p.missing("subnet"));
    String subnetId = subnetField.text("id").orElseThrow(() -> subnetField.missing("id"));
    SubnetId subnet = SubnetId.tryParse(subnetId).orElseThrow(() -> new ApiError(400, "LinkedInvalidPropertyId",
        "Property id '" + subnetId + "' at path 'properties.subnet.id' is invalid. Expect fully qualified resource"
            + " Id that start with '/subscriptions/{subscriptionId}' or '/providers/{resourceProviderNamespace}/'."));
    List<JsonFields> automatic = p.objects("privateLinkServiceConnections", c -> c);
    List<JsonFields> manual = p.objects("manualPrivateLinkServiceConnections", c -> c);
    if (automatic.size() + manual.size() != 1) {
      throw ApiError.badRequest("Private endpoint " + id.resourceId() + " must have exactly one private link"
          + " service connection (in privateLinkServiceConnections or manualPrivateLinkServiceConnections); it has "
          + (automatic.size() + manual.size()) + ".");
    }
    JsonFields connection = automatic.isEmpty() ? manual.get(0) : automatic.get(0);
    JsonFields c = connection.object("properties").orElseThrow(() -> connection.missing("properties"));
    PrivateEndpoints.PutResult put = endpoints.beginPut(new PrivateEndpoints.PutRequest(id, location, subnet,
        c.text("privateLinkServiceId").orElseThrow(() -> c.missing("privateLinkServiceId")),
        connection.text("name").orElse(id.name()), c.strings("groupIds"), c.text("requestMessage").orElse(null),
        automatic.isEmpty(), p.text("customNetworkInterfaceName").orElse(null), ArmService.tags(body)));
    SimPrivateEndpoint endpoint = put.endpoint();
    AsyncOperation operation = start(endpoint, endpoint.resourceId(), "PUT",
        Settlement.of(() -> endpoints.settle(id, ProvisioningState.SUCCEEDED),
            () -> endpoints.settle(id, ProvisioningState.FAILED)));
    return OperationApi.accepted(request, operations, put.created() ? 201 : 200, json(endpoint), operation, false);
  }

  /** 202 and the operation, or 204 when there is no such endpoint. */
  private SimResponse delete(SimRequest request) {
    ResourceId id = id(request);
    checkIdle(request, id.resourceId());
    Optional<SimPrivateEndpoint> endpoint = endpoints.beginDelete(id);
    if (endpoint.isEmpty()) {
      return SimResponse.empty(204);
    }
    AsyncOperation operation = start(endpoint.get(), id.resourceId(), "DELETE",
        Settlement.of(() -> endpoints.finishDelete(id),
            () -> endpoints.settle(id, ProvisioningState.FAILED)));
    return OperationApi.accepted(request, operations, 202, null, operation, true);
  }

  private SimResponse listZoneGroups(SimRequest request) {
    SimPrivateEndpoint endpoint = existing(request);
    ObjectNode body = SimJson.object();
    ArrayNode value = body.putArray("value");
    endpoints.zoneGroup(endpoint.id()).ifPresent(g -> value.add(json(endpoint, g)));
    return SimResponse.json(200, body);
  }

  private SimResponse getZoneGroup(SimRequest request) {
    SimPrivateEndpoint endpoint = existing(request);
    return SimResponse.json(200, json(endpoint, endpoints.zoneGroup(endpoint.id())
        .filter(g -> g.name().equalsIgnoreCase(request.pathParam(3)))
        .orElseThrow(() -> VirtualNetworkApi.childNotFound(zoneGroupId(endpoint, request.pathParam(3))))));
  }

  /** PrivateDnsZoneGroups_CreateOrUpdate: the records follow when its operation ends. */
  private SimResponse putZoneGroup(SimRequest request) {
    SimPrivateEndpoint endpoint = existing(request);
    String groupId = zoneGroupId(endpoint, request.pathParam(3));
    checkIdle(request, groupId);
    JsonFields p = JsonFields.of(SimJson.body(request), "properties")
        .orElseThrow(() -> ApiError.badRequest("The property 'properties' is required."));
    List<PrivateDnsZoneGroup.Config> configs = p.objects("privateDnsZoneConfigs", config -> {
      JsonFields c = config.object("properties").orElseThrow(() -> config.missing("properties"));
      String zoneId = c.text("privateDnsZoneId").orElseThrow(() -> c.missing("privateDnsZoneId"));
      // Unnamed configs are named after their zone, as the portal names them.
      String name = config.text("name").orElseGet(() -> ResourceId.tryParse(zoneId).map(ResourceId::name)
          .orElse(zoneId).replace('.', '-'));
      return new PrivateDnsZoneGroup.Config(name, zoneId);
    });
    PrivateEndpoints.ZoneGroupPut put = endpoints.beginPutZoneGroup(endpoint.id(), request.pathParam(3), configs);
    ResourceId id = endpoint.id();
    AsyncOperation operation = start(endpoint, groupId, "PUT", Settlement.of(
        () -> endpoints.settleZoneGroup(id, put.previous(), ProvisioningState.SUCCEEDED),
        () -> endpoints.settleZoneGroup(id, put.previous(), ProvisioningState.FAILED)));
    return OperationApi.accepted(request, operations, put.created() ? 201 : 200, json(endpoint, put.group()),
        operation, false);
  }

  private SimResponse deleteZoneGroup(SimRequest request) {
    SimPrivateEndpoint endpoint = existing(request);
    String groupId = zoneGroupId(endpoint, request.pathParam(3));
    checkIdle(request, groupId);
    boolean named = endpoints.zoneGroup(endpoint.id()).filter(g -> g.name().equalsIgnoreCase(request.pathParam(3)))
        .isPresent();
    if (!named) {
      return SimResponse.empty(204);
    }
    PrivateDnsZoneGroup group = endpoints.beginDeleteZoneGroup(endpoint.id()).orElseThrow();
    ResourceId id = endpoint.id();
    AsyncOperation operation = start(endpoint, groupId, "DELETE", Settlement.of(
        () -> endpoints.finishDeleteZoneGroup(id),
        () -> endpoints.settleZoneGroup(id, Optional.of(group), ProvisioningState.FAILED)));
    return OperationApi.accepted(request, operations, 202, null, operation, true);
  }

  /** Only endpoints' interfaces exist here; their one IP configuration holds the endpoint's address. */
  private SimResponse getNetworkInterface(SimRequest request) {
    SimPrivateEndpoint endpoint = endpoints.byNetworkInterface(request.pathParam(0), request.pathParam(1),
        request.pathParam(2)).orElseThrow(() -> ArmService.resourceNotFound("Microsoft.Network/networkInterfaces",
        request.pathParam(2), request.pathParam(1)));
    ObjectNode node = SimJson.object();
    node.put("name", endpoint.networkInterfaceName());
    node.put("id", endpoint.networkInterfaceId());
    node.put("etag", Etags.weak(endpoint.etag()));
    node.put("type", "Microsoft.Network/networkInterfaces");
    node.put("location", endpoint.location());
    ObjectNode properties = node.putObject("properties");
    properties.put("provisioningState", ProvisioningState.SUCCEEDED.toString());
    String configuration = "privateEndpointIpConfig." + PrivateEndpoints.resourceGuid(endpoint.id());
    ObjectNode ip = properties.putArray("ipConfigurations").addObject();
    ip.put("name", configuration);
    ip.put("id", endpoint.networkInterfaceId() + "/ipConfigurations/" + configuration);
    ip.put("type", "Microsoft.Network/networkInterfaces/ipConfigurations");
    ObjectNode ipProperties = ip.putObject("properties");
    ipProperties.put("provisioningState", ProvisioningState.SUCCEEDED.toString());
    ipProperties.put("privateIPAddress", endpoint.privateIpAddress());
    ipProperties.put("privateIPAllocationMethod", "Dynamic");
    ipProperties.putObject("subnet").put("id", endpoint.subnet().resourceId());
    ipProperties.put("primary", true);
    ipProperties.put("privateIPAddressVersion", "IPv4");
    ObjectNode link = ipProperties.putObject("privateLinkConnectionProperties");
    link.put("groupId", PrivateEndpoints.VAULT_GROUP_ID).put("requiredMemberName", "default");
    link.putArray("fqdns").add(endpoint.vault().name() + ".vault.azure.net");
    properties.putObject("privateEndpoint").put("id", endpoint.resourceId());
    return SimResponse.json(200, node);
  }

  private AsyncOperation start(SimPrivateEndpoint endpoint, String resourceId, String method,
                               Settlement settlement) {
    String subscription = endpoint.id().subscriptionId();
    return operations.start(resourceId, method, OperationApi.networkStatusPrefix(subscription, endpoint.location()),
        OperationApi.networkResultPrefix(subscription, endpoint.location()), settlement, null);
  }

  private void checkIdle(SimRequest request, String resourceId) {
    operations.inProgress(resourceId).ifPresent(running -> {
      throw OperationApi.anotherOperationInProgress(request, running);
    });
  }

  private SimPrivateEndpoint existing(SimRequest request) {
    ResourceId id = id(request);
    return endpoints.find(id).orElseThrow(() -> ArmService.resourceNotFound(PrivateEndpoints.TYPE, id.name(),
        id.resourceGroup()));
  }

  private static ResourceId id(SimRequest request) {
    return new ResourceId(request.pathParam(0), request.pathParam(1), PrivateEndpoints.TYPE, request.pathParam(2));
  }

  private static String zoneGroupId(SimPrivateEndpoint endpoint, String name) {
    return endpoint.resourceId() + "/privateDnsZoneGroups/" + name;
  }

  private ObjectNode json(SimPrivateEndpoint endpoint) {
    ObjectNode node = SimJson.object();
    node.put("name", endpoint.name());
    node.put("id", endpoint.resourceId());
    node.put("etag", Etags.weak(endpoint.etag()));
    node.put("type", PrivateEndpoints.TYPE);
    node.put("location", endpoint.location());
    ObjectNode tags = node.putObject("tags");
    new TreeMap<>(endpoint.tags()).forEach(tags::put);
    ObjectNode properties = node.putObject("properties");
    properties.put("provisioningState", endpoint.provisioningState().toString());
    properties.putObject("subnet").put("id", endpoint.subnet().resourceId());
    String kind = endpoint.manualApproval() ? "manualPrivateLinkServiceConnections" : "privateLinkServiceConnections";
    ArrayNode automatic = properties.putArray("privateLinkServiceConnections");
    ArrayNode manual = properties.putArray("manualPrivateLinkServiceConnections");
    (endpoint.manualApproval() ? manual : automatic).add(connection(endpoint, kind));
    properties.putArray("networkInterfaces").addObject().put("id", endpoint.networkInterfaceId());
    ArrayNode customDns = properties.putArray("customDnsConfigs");
    // With a zone group the records live in the zone; without one the caller must publish them itself.
    if (endpoints.zoneGroup(endpoint.id()).isEmpty()) {
      customDns.addObject().put("fqdn", endpoint.vault().name() + ".vault.azure.net")
          .putArray("ipAddresses").add(endpoint.privateIpAddress());
    }
    properties.putArray("ipConfigurations");
    properties.putArray("applicationSecurityGroups");
    if (endpoint.customNetworkInterfaceName() != null) {
      properties.put("customNetworkInterfaceName", endpoint.customNetworkInterfaceName());
    }
    return node;
  }

  /** The endpoint's connection, in the state the vault holds it in. */
  private ObjectNode connection(SimPrivateEndpoint endpoint, String kind) {
    PrivateEndpointConnection state = endpoints.connection(endpoint);
    ObjectNode node = SimJson.object();
    node.put("name", endpoint.connectionName());
    node.put("id", endpoint.resourceId() + "/" + kind + "/" + endpoint.connectionName());
    node.put("etag", Etags.weak(endpoint.etag()));
    node.put("type", PrivateEndpoints.TYPE + "/" + kind);
    ObjectNode properties = node.putObject("properties");
    properties.put("provisioningState", ProvisioningState.SUCCEEDED.toString());
    properties.put("privateLinkServiceId", endpoint.vault().resourceId());
    endpoint.groupIds().forEach(properties.putArray("groupIds")::add);
    if (endpoint.requestMessage() != null) {
      properties.put("requestMessage", endpoint.requestMessage());
    }
    properties.putObject("privateLinkServiceConnectionState").put("status", state.status())
        .put("description", state.description()).put("actionsRequired", "None");
    return node;
  }

  /** The group with, per zone, the record sets it keeps there for the endpoint. */
  private ObjectNode json(SimPrivateEndpoint endpoint, PrivateDnsZoneGroup group) {
    ObjectNode node = SimJson.object();
    node.put("name", group.name());
    node.put("id", zoneGroupId(endpoint, group.name()));
    node.put("etag", Etags.weak(group.etag()));
    node.put("type", ZONE_GROUP_TYPE);
    ObjectNode properties = node.putObject("properties");
    properties.put("provisioningState", group.provisioningState().toString());
    ArrayNode configs = properties.putArray("privateDnsZoneConfigs");
    for (PrivateDnsZoneGroup.Config config : group.configs()) {
      ObjectNode item = configs.addObject();
      item.put("name", config.name());
      ObjectNode props = item.putObject("properties");
      props.put("privateDnsZoneId", config.privateDnsZoneId());
      ArrayNode recordSets = props.putArray("recordSets");
      zones.find(config.privateDnsZoneId()).ifPresent(zone -> PrivateEndpoints.recordName(endpoint, zone)
          .flatMap(name -> zones.findARecord(zone.id(), name))
          .filter(set -> set.ipv4Addresses().contains(endpoint.privateIpAddress()))
          .ifPresent(set -> recordSets.addObject().put("recordType", "A").put("recordSetName", set.name())
              .put("fqdn", set.name() + "." + zone.name()).put("ttl", set.ttl())
              .put("provisioningState", ProvisioningState.SUCCEEDED.toString())
              .putArray("ipAddresses").add(endpoint.privateIpAddress())));
    }
    return node;
  }
}
