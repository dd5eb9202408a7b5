package io.vaultgate.simulator.arm.network;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultgate.simulator.arm.ArmService;
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.SimJson;
import io.vaultgate.simulator.http.SimRequest;
import io.vaultgate.simulator.http.SimResponse;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Network's service tag discovery API, Service Tags - List: {@code GET /subscriptions/{subscriptionId}/providers/
 * Microsoft.Network/locations/{location}/serviceTags}. The body follows the public spec example
 * (Azure/azure-rest-api-specs, specification/network/resource-manager/Microsoft.Network/stable/2024-05-01/examples/
 * ServiceTagsList.json): {@code name}, {@code id}, {@code type}, {@code changeNumber}, {@code cloud} and
 * {@code values[]} of {@code {name, id, properties: {changeNumber, region, systemService, addressPrefixes}}}. The
 * location is a version reference, not a filter: every region's tags come back (Get-AzNetworkServiceTag). Long
 * lists come in pages linked by {@code nextLink}.
 */
public final class ServiceTagApi {

  public static final String ROUTE = "/subscriptions/{}/providers/Microsoft.Network/locations/{}/serviceTags";
  private static final String TYPE = "Microsoft.Network/serviceTags";
  private static final String SKIP = "$skipToken";

  private final ServiceTagRegistry registry;

  private ServiceTagApi(ServiceTagRegistry registry) {
    this.registry = registry;
  }

  public static void register(ArmService arm, ServiceTagRegistry registry) {
    ServiceTagApi api = new ServiceTagApi(registry);
    arm.route("GET", ROUTE, "locations/serviceTags", VirtualNetworks.API_VERSIONS, api::list);
  }

  private SimResponse list(SimRequest request) {
    String subscription = request.pathParam(0);
    String location = ArmService.normaliseLocation(request.pathParam(1));
    if (!registry.knowsLocation(location)) {
      throw new ApiError(400, "LocationNotAvailableForResourceType", "The provided location '" + location
          + "' is not available for resource type '" + TYPE + "'. List of available regions for the resource type"
          + " is '" + registry.tags().stream().map(SimServiceTag::region).filter(r -> !r.isEmpty()).distinct()
          .collect(Collectors.joining(",")) + "'.");
    }
    List<SimServiceTag> tags = registry.tags();
    int from = request.queryParam(SKIP).map(ServiceTagApi::skip).orElse(0);
    int to = Math.min(tags.size(), from + registry.pageSize());
    ObjectNode body = SimJson.object();
    body.put("name", "public");
    body.put("id", "/subscriptions/" + subscription + "/providers/" + TYPE + "/public");
    body.put("type", TYPE);
    body.put("changeNumber", registry.changeNumber());
    body.put("cloud", "Public");
    ArrayNode values = body.putArray("values");
    for (SimServiceTag tag : tags.subList(Math.min(from, to), to)) {
      ObjectNode value = values.addObject();
      value.put("name", tag.name());
      value.put("id", tag.name());
      ObjectNode properties = value.putObject("properties");
      properties.put("changeNumber", tag.changeNumber());
      properties.put("region", tag.region());
      properties.put("systemService", tag.systemService());
      ArrayNode prefixes = properties.putArray("addressPrefixes");
      tag.addressPrefixes().forEach(prefixes::add);
    }
    if (to < tags.size()) {
      body.put("nextLink", ArmService.url(request, "/subscriptions/" + subscription + "/providers/Microsoft.Network"
          + "/locations/" + location + "/serviceTags?api-version=" + request.queryParam("api-version").orElseThrow()
          + "&" + SKIP + "=" + to));
    }
    return SimResponse.json(200, body);
  }

  private static int skip(String token) {
    try {
      int value = Integer.parseInt(token);
      if (value >= 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw ApiError.badRequest("The skip token '" + token + "' is not valid.");
  }
}
