package io.vaultgate.simulator.arm.privatedns;

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
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The REST operations of Private DNS: zones and virtual network links (long-running writes that honour
 * {@code If-Match} and {@code If-None-Match: *}), and A record sets (read-only here: private endpoints write them).
 */
public final class PrivateDnsApi {
  private static final String GLOBAL = "global";
  /** Quotas a zone reports, as Azure reports them today. */
  private static final int MAX_RECORD_SETS = 25000;
  private static final int MAX_LINKS = 1000;
  private static final int MAX_REGISTRATION_LINKS = 100;

  private final PrivateDnsZones zones;
  private final LongRunningOperations operations;

  private PrivateDnsApi(PrivateDnsZones zones, LongRunningOperations operations) {
    this.zones = zones;
    this.operations = operations;
  }

  public static void register(ArmService arm, PrivateDnsZones zones, LongRunningOperations operations) {
    PrivateDnsApi api = new PrivateDnsApi(zones, operations);
    List<String> versions = PrivateDnsZones.API_VERSIONS;
    String links = "privateDnsZones/virtualNetworkLinks";
    arm.route("GET", PrivateDnsZones.ZONES_ROUTE, "privateDnsZones", versions, api::listZones);
    arm.route("GET", PrivateDnsZones.ZONE_ROUTE, "privateDnsZones", versions, api::getZone);
    arm.route("PUT", PrivateDnsZones.ZONE_ROUTE, "privateDnsZones", versions, api::putZone);
    arm.route("DELETE", PrivateDnsZones.ZONE_ROUTE, "privateDnsZones", versions, api::deleteZone);
    arm.route("GET", PrivateDnsZones.LINKS_ROUTE, links, versions, api::listLinks);
    arm.route("GET", PrivateDnsZones.LINK_ROUTE, links, versions, api::getLink);
    arm.route("PUT", PrivateDnsZones.LINK_ROUTE, links, versions, api::putLink);
    arm.route("DELETE", PrivateDnsZones.LINK_ROUTE, links, versions, api::deleteLink);
    arm.route("GET", PrivateDnsZones.A_RECORDS_ROUTE, "privateDnsZones/A", versions, api::listARecords);
    arm.route("GET", PrivateDnsZones.A_RECORD_ROUTE, "privateDnsZones/A", versions, api::getARecord);
    arm.route("GET", PrivateDnsZones.ALL_RECORDS_ROUTE, "privateDnsZones/ALL", versions, api::listAllRecords);
    arm.resourceType(PrivateDnsZones.TYPE, (subscription, group, name) ->
        zones.find(new ResourceId(subscription, group, PrivateDnsZones.TYPE, name)).isPresent());
  }

  private SimResponse listZones(SimRequest request) {
    ObjectNode body = SimJson.object();
    ArrayNode value = body.putArray("value");
    zones.all().stream().filter(z -> z.id().subscriptionId().equalsIgnoreCase(request.pathParam(0))
        && z.id().resourceGroup().equalsIgnoreCase(request.pathParam(1))).forEach(z -> value.add(json(z)));
    return SimResponse.json(200, body);
  }

  private SimResponse getZone(SimRequest request) {
    return SimResponse.json(200, json(existingZone(request)));
  }

  /** PrivateZones_CreateOrUpdate: location global; 201 Creating or 200 Updating, long-running. */
  private SimResponse putZone(SimRequest request) {
    ResourceId id = zoneId(request);
    checkIdle(request, id.resourceId());
    Etags.check(request, zones.find(id).map(PrivateDnsZone::etag), PrivateDnsZones.TYPE + "/" + id.name());
    ObjectNode body = SimJson.body(request);
    checkGlobal(body);
    PrivateDnsZones.ZonePut put = zones.beginPutZone(id, ArmService.tags(body));
    AsyncOperation operation = start(id, id.resourceId(), "PUT", Settlement.of(
        () -> zones.settleZone(id, ProvisioningState.SUCCEEDED), () -> zones.settleZone(id, ProvisioningState.FAILED)),
        null);
    return OperationApi.accepted(request, operations, put.created() ? 201 : 200, json(put.zone()), operation, true);
  }

  /** 202 and the operation; 204 when there is no such zone; 409 while it has virtual network links. */
  private SimResponse deleteZone(SimRequest request) {
    ResourceId id = zoneId(request);
    checkIdle(request, id.resourceId());
    Optional<PrivateDnsZone> zone = zones.find(id);
    Etags.check(request, zone.map(PrivateDnsZone::etag), PrivateDnsZones.TYPE + "/" + id.name());
    if (zone.isEmpty()) {
      return SimResponse.empty(204);
    }
    zones.beginDeleteZone(id);
    AsyncOperation operation = start(id, id.resourceId(), "DELETE", Settlement.of(
        () -> zones.finishDeleteZone(id), () -> zones.settleZone(id, ProvisioningState.FAILED)), null);
    return OperationApi.accepted(request, operations, 202, null, operation, true);
  }

  private SimResponse listLinks(SimRequest request) {
    PrivateDnsZone zone = existingZone(request);
    ObjectNode body = SimJson.object();
    ArrayNode value = body.putArray("value");
    zones.links(zone.id()).forEach(l -> value.add(json(l)));
    return SimResponse.json(200, body);
  }

  private SimResponse getLink(SimRequest request) {
    PrivateDnsZone zone = existingZone(request);
    String name = request.pathParam(3);
    return SimResponse.json(200, json(zones.findLink(zone.id(), name).orElseThrow(() -> linkNotFound(zone, name))));
  }

  /**
   * VirtualNetworkLinks_CreateOrUpdate, long-running. A network already linked to a zone of the same name is
   * found only by the operation, which then fails, as Azure reports it.
   */
  private SimResponse putLink(SimRequest request) {
    PrivateDnsZone zone = existingZone(request);
    String name = request.pathParam(3);
    String linkId = idleLink(request, zone, name);
    ObjectNode body = SimJson.body(request);
    checkGlobal(body);
    JsonFields p = JsonFields.of(body, "properties")
        .orElseThrow(() -> ApiError.badRequest("The property 'properties' is required."));
    JsonFields network = p.object("virtualNetwork").orElseThrow(() -> p.missing("virtualNetwork"));
    PrivateDnsZones.LinkPut put = zones.beginPutLink(zone.id(), name,
        network.text("id").orElseThrow(() -> network.missing("id")), p.bool("registrationEnabled").orElse(false),
        ArmService.tags(body));
    ResourceId zoneId = zone.id();
    AsyncOperation operation = start(zoneId, linkId, "PUT", Settlement.of(
        () -> zones.settleLink(zoneId, name, ProvisioningState.SUCCEEDED),
        () -> zones.settleLink(zoneId, name, ProvisioningState.FAILED)), put.conflict());
    return OperationApi.accepted(request, operations, put.created() ? 201 : 200, json(put.link()), operation, true);
  }

  private SimResponse deleteLink(SimRequest request) {
    PrivateDnsZone zone = existingZone(request);
    String name = request.pathParam(3);
    String linkId = idleLink(request, zone, name);
    if (zones.beginDeleteLink(zone.id(), name).isEmpty()) {
      return SimResponse.empty(204);
    }
    ResourceId zoneId = zone.id();
    AsyncOperation operation = start(zoneId, linkId, "DELETE", Settlement.of(
        () -> zones.finishDeleteLink(zoneId, name), () -> zones.settleLink(zoneId, name, ProvisioningState.FAILED)),
        null);
    return OperationApi.accepted(request, operations, 202, null, operation, true);
  }

  /** A link's id, once no operation holds it and the request's If-Match / If-None-Match allow the change. */
  private String idleLink(SimRequest request, PrivateDnsZone zone, String name) {
    String linkId = zone.resourceId() + "/virtualNetworkLinks/" + name;
    checkIdle(request, linkId);
    Etags.check(request, zones.findLink(zone.id(), name).map(VirtualNetworkLink::etag),
        VirtualNetworkLink.TYPE + "/" + name);
    return linkId;
  }

  private SimResponse listARecords(SimRequest request) {
    PrivateDnsZone zone = existingZone(request);
    ObjectNode body = SimJson.object();
    ArrayNode value = body.putArray("value");
    zones.aRecords(zone.id()).forEach(set -> value.add(json(set)));
    return SimResponse.json(200, body);
  }

  private SimResponse getARecord(SimRequest request) {
    PrivateDnsZone zone = existingZone(request);
    String name = request.pathParam(3);
    return SimResponse.json(200, json(zones.findARecord(zone.id(), name).orElseThrow(() -> new ApiError(404,
        "NotFound", "The resource record '" + name + "' does not exist in resource group '"
            + zone.id().resourceGroup() + "' of subscription '" + zone.id().subscriptionId() + "'."))));
  }

  /** RecordSets_List: the zone's SOA record, then its A record sets. */
  private SimResponse listAllRecords(SimRequest request) {
    PrivateDnsZone zone = existingZone(request);
    ObjectNode body = SimJson.object();
    ArrayNode value = body.putArray("value");
    value.add(soa(zone));
    zones.aRecords(zone.id()).forEach(set -> value.add(json(set)));
    return SimResponse.json(200, body);
  }

  private AsyncOperation start(ResourceId zone, String resourceId, String method, Settlement settlement,
                               ApiError failure) {
    return operations.start(resourceId, method,
        OperationApi.privateDnsStatusPrefix(zone.subscriptionId(), zone.resourceGroup()),
        OperationApi.privateDnsResultPrefix(zone.subscriptionId(), zone.resourceGroup()), settlement, failure);
  }

  private void checkIdle(SimRequest request, String resourceId) {
    operations.inProgress(resourceId).ifPresent(running -> {
      throw OperationApi.anotherOperationInProgress(request, running);
    });
  }

  /** Zones and links are global resources. */
  private static void checkGlobal(ObjectNode body) {
    new JsonFields(body, "").text("location").filter(l -> !l.equalsIgnoreCase(GLOBAL)).ifPresent(l -> {
      throw new ApiError(400, "InvalidLocation", "The location '" + l + "' is not valid for this resource:"
          + " private DNS zones and their virtual network links are global; use 'global'.");
    });
  }

  private PrivateDnsZone existingZone(SimRequest request) {
    ResourceId id = zoneId(request);
    return zones.find(id).orElseThrow(() -> ArmService.resourceNotFound(PrivateDnsZones.TYPE, id.name(),
        id.resourceGroup()));
  }

  private static ResourceId zoneId(SimRequest request) {
    return new ResourceId(request.pathParam(0), request.pathParam(1), PrivateDnsZones.TYPE, request.pathParam(2));
  }

  private static ApiError linkNotFound(PrivateDnsZone zone, String name) {
    return ArmService.resourceNotFound(PrivateDnsZones.TYPE, zone.name() + "/virtualNetworkLinks/" + name,
        zone.id().resourceGroup());
  }

  private ObjectNode json(PrivateDnsZone zone) {
    ObjectNode node = SimJson.object();
    node.put("id", zone.resourceId());
    node.put("name", zone.name());
    node.put("type", PrivateDnsZones.TYPE);
    node.put("location", GLOBAL);
    node.put("etag", zone.etag());
    tags(node, zone.tags());
    List<VirtualNetworkLink> links = zones.links(zone.id());
    ObjectNode properties = node.putObject("properties");
    properties.put("maxNumberOfRecordSets", MAX_RECORD_SETS);
    properties.put("numberOfRecordSets", 1 + zones.aRecords(zone.id()).size());
    properties.put("maxNumberOfVirtualNetworkLinks", MAX_LINKS);
    properties.put("numberOfVirtualNetworkLinks", links.size());
    properties.put("maxNumberOfVirtualNetworkLinksWithRegistration", MAX_REGISTRATION_LINKS);
    properties.put("numberOfVirtualNetworkLinksWithRegistration",
        links.stream().filter(VirtualNetworkLink::registrationEnabled).count());
    properties.put("provisioningState", zone.provisioningState().toString());
    return node;
  }

  private static ObjectNode json(VirtualNetworkLink link) {
    ObjectNode node = SimJson.object();
    node.put("id", link.resourceId());
    node.put("name", link.name());
    node.put("type", VirtualNetworkLink.TYPE);
    node.put("location", GLOBAL);
    node.put("etag", link.etag());
    tags(node, link.tags());
    ObjectNode properties = node.putObject("properties");
    properties.putObject("virtualNetwork").put("id", link.virtualNetworkId());
    properties.put("registrationEnabled", link.registrationEnabled());
    properties.put("virtualNetworkLinkState", link.virtualNetworkLinkState());
    properties.put("provisioningState", link.provisioningState().toString());
    return node;
  }

  private static ObjectNode json(ARecordSet set) {
    ObjectNode node = SimJson.object();
    node.put("id", set.resourceId());
    node.put("etag", set.etag());
    node.put("name", set.name());
    node.put("type", ARecordSet.TYPE);
    ObjectNode properties = node.putObject("properties");
    if (!set.metadata().isEmpty()) {
      ObjectNode metadata = properties.putObject("metadata");
      new TreeMap<>(set.metadata()).forEach(metadata::put);
    }
    properties.put("ttl", set.ttl());
    properties.put("fqdn", set.fqdn());
    properties.put("isAutoRegistered", false);
    ArrayNode records = properties.putArray("aRecords");
    set.ipv4Addresses().forEach(a -> records.addObject().put("ipv4Address", a));
    return node;
  }

  /** The start-of-authority record every private zone has, with Azure's values. */
  private static ObjectNode soa(PrivateDnsZone zone) {
    ObjectNode node = SimJson.object();
    node.put("id", zone.resourceId() + "/SOA/@");
    node.put("etag", zone.etag());
    node.put("name", "@");
    node.put("type", PrivateDnsZones.TYPE + "/SOA");
    ObjectNode properties = node.putObject("properties");
    properties.put("ttl", PrivateDnsZones.DEFAULT_TTL);
    properties.put("fqdn", zone.name() + ".");
    properties.put("isAutoRegistered", false);
    properties.putObject("soaRecord").put("host", "azureprivatedns.net")
        .put("email", "azureprivatedns-host.microsoft.com").put("serialNumber", 1).put("refreshTime", 3600)
        .put("retryTime", 300).put("expireTime", 2419200).put("minimumTtl", 10);
    return node;
  }

  private static void tags(ObjectNode node, Map<String, String> tags) {
    ObjectNode object = node.putObject("tags");
    new TreeMap<>(tags).forEach(object::put);
  }
}
