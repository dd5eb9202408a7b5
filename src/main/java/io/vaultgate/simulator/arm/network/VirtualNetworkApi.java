package io.vaultgate.simulator.arm.network;

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
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.JsonFields;
import io.vaultgate.simulator.http.SimJson;
import io.vaultgate.simulator.http.SimRequest;
import io.vaultgate.simulator.http.SimResponse;
import java.util.List;

/**
 * The REST operations on {@code Microsoft.Network/virtualNetworks} and their subnets: reads, and the subnet PUT,
 * which is long-running as in Azure.
 */
public final class VirtualNetworkApi {
  static final String SUBNET_TYPE = VirtualNetworks.TYPE + "/subnets";

  private final VirtualNetworks networks;
  private final SubnetEndpoints endpoints;
  private final LongRunningOperations operations;

  private VirtualNetworkApi(VirtualNetworks networks, SubnetEndpoints endpoints, LongRunningOperations operations) {
    this.networks = networks;
    this.endpoints = endpoints;
    this.operations = operations;
  }

  public static void register(ArmService arm, VirtualNetworks networks, SubnetEndpoints endpoints,
             LongRunningOperations operations) {
    VirtualNetworkApi api = new VirtualNetworkApi(networks, endpoints, operations);
    List<String> versions = VirtualNetworks.API_VERSIONS;
    arm.route("GET", VirtualNetworks.VIRTUAL_NETWORK_ROUTE, "virtualNetworks", versions, api::getNetwork);
    arm.route("GET", VirtualNetworks.SUBNETS_ROUTE, "virtualNetworks/subnets", versions, api::listSubnets);
    arm.route("GET", VirtualNetworks.SUBNET_ROUTE, "virtualNetworks/subnets", versions, api::getSubnet);
    arm.route("PUT", VirtualNetworks.SUBNET_ROUTE, "virtualNetworks/subnets", versions, api::putSubnet);
    arm.resourceType(VirtualNetworks.TYPE, (subscription, group, name) ->
        networks.find(new ResourceId(subscription, group, VirtualNetworks.TYPE, name)).isPresent());
  }

  /** The Network resource provider's 404 for a missing child resource. */
  public static ApiError childNotFound(String resourceId) {
    return new ApiError(404, "NotFound", "Resource " + resourceId + " not found.");
  }

  private SimResponse getNetwork(SimRequest request) {
    return SimResponse.json(200, json(network(request)));
  }

  private SimResponse listSubnets(SimRequest request) {
    ObjectNode body = SimJson.object();
    ArrayNode value = body.putArray("value");
    network(request).subnets().forEach(s -> value.add(json(s)));
    return SimResponse.json(200, body);
  }

  private SimResponse getSubnet(SimRequest request) {
    SubnetId id = subnetId(request);
    network(request);
    return SimResponse.json(200, json(networks.findSubnet(id)
        .orElseThrow(() -> childNotFound(id.resourceId()))));
  }

  /** Subnets_CreateOrUpdate: the whole subnet (absent service endpoints are removed), long-running. */
  private SimResponse putSubnet(SimRequest request) {
    VirtualNetwork network = network(request);
    SubnetId id = new SubnetId(network.id(), request.pathParam(3));
    operations.inProgress(id.resourceId()).ifPresent(running -> {
      throw OperationApi.anotherOperationInProgress(request, running);
    });
    JsonFields p = JsonFields.of(SimJson.body(request), "properties")
        .orElseThrow(() -> ApiError.badRequest("The property 'properties' is required."));
    String prefix = p.text("addressPrefix").or(() -> p.strings("addressPrefixes").stream().findFirst())
        .orElseThrow(() -> p.missing("addressPrefix"));
    List<SubnetServiceEndpoint> serviceEndpoints = p.objects("serviceEndpoints", e -> new SubnetServiceEndpoint(
        e.text("service").orElseThrow(() -> e.missing("service")), e.strings("locations")));
    String policies = p.text("privateEndpointNetworkPolicies").orElse(SimSubnet.POLICIES_DISABLED);
    networks.findSubnet(id).filter(current -> !current.addressPrefix().equals(prefix)
        && !endpoints.endpointIds(id).isEmpty()).ifPresent(current -> {
          throw new ApiError(400, "InUseSubnetCannotBeUpdated", "Subnet " + current.name() + " is in use by "
              + endpoints.endpointIds(id).get(0) + " and cannot be updated.");
        });
    VirtualNetworks.PutResult put = networks.beginPutSubnet(id, prefix, serviceEndpoints, policies);
    AsyncOperation operation = operations.start(id.resourceId(), "PUT",
        OperationApi.networkStatusPrefix(id.virtualNetwork().subscriptionId(), network.location()),
        OperationApi.networkResultPrefix(id.virtualNetwork().subscriptionId(), network.location()),
        Settlement.of(() -> networks.settleSubnet(id, ProvisioningState.SUCCEEDED),
            () -> networks.settleSubnet(id, ProvisioningState.FAILED)), null);
    return OperationApi.accepted(request, operations, put.created() ? 201 : 200, json(put.subnet()), operation,
        false);
  }

  private VirtualNetwork network(SimRequest request) {
    ResourceId id = new ResourceId(request.pathParam(0), request.pathParam(1), VirtualNetworks.TYPE,
        request.pathParam(2));
    return networks.find(id).orElseThrow(() -> ArmService.resourceNotFound(VirtualNetworks.TYPE, id.name(),
        id.resourceGroup()));
  }

  private static SubnetId subnetId(SimRequest request) {
    return new SubnetId(new ResourceId(request.pathParam(0), request.pathParam(1), VirtualNetworks.TYPE,
        request.pathParam(2)), request.pathParam(3));
  }

  private ObjectNode json(VirtualNetwork network) {
    ObjectNode node = SimJson.object();
    node.put("name", network.name());
    node.put("id", network.resourceId());
    node.put("etag", Etags.weak(network.etag()));
    node.put("type", VirtualNetworks.TYPE);
    node.put("location", network.location());
    ObjectNode properties = node.putObject("properties");
    properties.put("provisioningState", ProvisioningState.SUCCEEDED.toString());
    network.addressPrefixes().forEach(properties.putObject("addressSpace").putArray("addressPrefixes")::add);
    ArrayNode subnets = properties.putArray("subnets");
    network.subnets().forEach(s -> subnets.add(json(s)));
    properties.putArray("virtualNetworkPeerings");
    return node;
  }

  private ObjectNode json(SimSubnet subnet) {
    ObjectNode node = SimJson.object();
    node.put("name", subnet.name());
    node.put("id", subnet.resourceId());
    node.put("etag", Etags.weak(subnet.etag()));
    node.put("type", SUBNET_TYPE);
    ObjectNode properties = node.putObject("properties");
    properties.put("provisioningState", subnet.provisioningState().toString());
    properties.put("addressPrefix", subnet.addressPrefix());
    if (!subnet.serviceEndpoints().isEmpty()) {
      ArrayNode list = properties.putArray("serviceEndpoints");
      for (SubnetServiceEndpoint endpoint : subnet.serviceEndpoints()) {
        ObjectNode item = list.addObject().put("service", endpoint.service());
        endpoint.locations().forEach(item.putArray("locations")::add);
        item.put("provisioningState", endpoint.provisioningState().toString());
      }
    }
    List<String> inside = endpoints.endpointIds(subnet.id());
    if (!inside.isEmpty()) {
      ArrayNode list = properties.putArray("privateEndpoints");
      inside.forEach(endpointId -> list.addObject().put("id", endpointId));
    }
    properties.put("privateEndpointNetworkPolicies", subnet.privateEndpointNetworkPolicies());
    properties.put("privateLinkServiceNetworkPolicies", "Enabled");
    return node;
  }
}
