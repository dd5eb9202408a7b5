package io.vaultgate.azure;

import static io.vaultgate.azure.Calls.call;
import static io.vaultgate.azure.Calls.found;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.rest.Response;
import com.azure.core.management.SubResource;
import com.azure.core.util.Context;
import com.azure.resourcemanager.network.fluent.NetworkManagementClient;
import com.azure.resourcemanager.network.fluent.models.PrivateDnsZoneGroupInner;
import com.azure.resourcemanager.network.fluent.models.PrivateEndpointInner;
import com.azure.resourcemanager.network.fluent.models.ServiceTagsListResultInner;
import com.azure.resourcemanager.network.fluent.models.SubnetInner;
import com.azure.resourcemanager.network.models.PrivateDnsZoneConfig;
import com.azure.resourcemanager.network.models.PrivateLinkServiceConnection;
import com.azure.resourcemanager.network.models.ServiceEndpointPropertiesFormat;
import com.azure.resourcemanager.privatedns.fluent.PrivateDnsManagementClient;
import com.azure.resourcemanager.privatedns.fluent.models.PrivateZoneInner;
import com.azure.resourcemanager.privatedns.fluent.models.RecordSetInner;
import com.azure.resourcemanager.privatedns.fluent.models.VirtualNetworkLinkInner;
import com.azure.resourcemanager.privatedns.models.ARecord;
import com.azure.resourcemanager.privatedns.models.RecordType;
import io.vaultgate.http.RestCalls;
import io.vaultgate.model.ServiceTag;
import io.vaultgate.port.NetworkPort;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link NetworkPort} over the Network and Private DNS management clients. Long-running writes are started with the
 * clients' initial request only; the operation URL Azure answers with is returned for the caller to poll later.
 */
public final class NetworkAdapter implements NetworkPort {

  private static final String KEY_VAULT_SERVICE = "Microsoft.KeyVault";
  private static final String ZONE_GROUP = "default";
  /** A bound on the service tag list's pages, so that a looping nextLink cannot hold a reconcile forever. */
  private static final int MAX_SERVICE_TAG_PAGES = 50;
  private static final Pattern ID = Pattern.compile(
      "^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/[^/]+/[^/]+/([^/]+)(?:/([^/]+)/([^/]+))?$",
      Pattern.CASE_INSENSITIVE);

  private final AzureClients clients;
  private final RestCalls arm;

  public NetworkAdapter(AzureClients clients) {
    this.clients = clients;
    this.arm = new RestCalls(clients.http().pipeline(clients.settings().resourceManagerScope()));
  }

  /** Parts of an ARM id: subscription, resource group, name, and a child's name when present. */
  private record Id(String subscription, String group, String name, String child) {
    static Id of(String id) {
      Matcher m = ID.matcher(id);
      if (!m.matches()) {
        throw new IllegalArgumentException("not a resource id: " + id);
      }
      return new Id(m.group(1), m.group(2), m.group(3), m.group(5));
    }
  }

  @Override
  public OperationState poll(Operation operation) {
    Optional<com.fasterxml.jackson.databind.JsonNode> status = arm.get(operation.url());
    if (status.isEmpty()) {
      return OperationState.GONE;
    }
    String value = status.get().path("status").asText("");
    if (value.isEmpty()) {
      value = status.get().path("properties").path("provisioningState").asText("");
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "succeeded" -> OperationState.SUCCEEDED;
      case "failed", "canceled" -> OperationState.FAILED;
      default -> OperationState.IN_PROGRESS;
    };
  }

  @Override
  public Optional<Subnet> subnet(String subnetId) {
    Id id = Id.of(subnetId);
    return call(() -> {
      Optional<SubnetInner> subnet = found(() -> network(id).getSubnets().getWithResponse(id.group(), id.name(),
          id.child(), null, Context.NONE).getValue());
      if (subnet.isEmpty()) {
        return Optional.empty();
      }
      var vnet = network(id).getVirtualNetworks().getByResourceGroupWithResponse(id.group(), id.name(), null,
          Context.NONE).getValue();
      List<String> endpoints = subnet.get().serviceEndpoints() == null ? List.of()
          : subnet.get().serviceEndpoints().stream().map(ServiceEndpointPropertiesFormat::service).toList();
      return Optional.of(new Subnet(subnetId, vnet.id(), vnet.location(), endpoints,
          String.valueOf(subnet.get().provisioningState())));
    });
  }

  @Override
  public Operation enableKeyVaultServiceEndpoint(String subnetId) {
    Id id = Id.of(subnetId);
    return call(() -> {
      SubnetInner subnet = network(id).getSubnets().getWithResponse(id.group(), id.name(), id.child(), null,
          Context.NONE).getValue();
      List<ServiceEndpointPropertiesFormat> endpoints = new ArrayList<>(subnet.serviceEndpoints() == null
          ? List.of() : subnet.serviceEndpoints());
      endpoints.add(new ServiceEndpointPropertiesFormat().withService(KEY_VAULT_SERVICE));
      subnet.withServiceEndpoints(endpoints);
      return started(network(id).getSubnets().createOrUpdateWithResponseAsync(id.group(), id.name(), id.child(),
          subnet));
    });
  }

  @Override
  public Optional<PrivateEndpoint> privateEndpoint(String endpointId) {
    Id id = Id.of(endpointId);
    return call(() -> found(() -> network(id).getPrivateEndpoints().getByResourceGroupWithResponse(id.group(),
        id.name(), null, Context.NONE).getValue()).map(pe -> {
          List<PrivateLinkServiceConnection> connections = new ArrayList<>();
          Optional.ofNullable(pe.privateLinkServiceConnections()).ifPresent(connections::addAll);
          Optional.ofNullable(pe.manualPrivateLinkServiceConnections()).ifPresent(connections::addAll);
          String status = connections.stream().filter(c -> c.privateLinkServiceConnectionState() != null)
              .map(c -> c.privateLinkServiceConnectionState().status()).findFirst().orElse("");
          Optional<PrivateDnsZoneGroupInner> group = zoneGroup(id);
          List<String> zones = group.map(g -> g.privateDnsZoneConfigs() == null ? List.<String>of()
              : g.privateDnsZoneConfigs().stream().map(PrivateDnsZoneConfig::privateDnsZoneId).toList())
              .orElse(List.of());
          return new PrivateEndpoint(pe.id(), pe.location(), pe.subnet() == null ? "" : pe.subnet().id(),
              String.valueOf(pe.provisioningState()), status, privateIp(pe, group),
              pe.tags() == null ? Map.of() : pe.tags(), zones);
        }));
  }

  private Optional<PrivateDnsZoneGroupInner> zoneGroup(Id endpoint) {
    return found(() -> network(endpoint).getPrivateDnsZoneGroups().getWithResponse(endpoint.group(),
        endpoint.name(), ZONE_GROUP, Context.NONE).getValue());
  }

  /**
   * The endpoint's address: Azure lists it under customDnsConfigs only while no zone group manages its DNS, so
   * then from the zone group's record sets, and last from the endpoint's network interface.
   */
  private Optional<String> privateIp(PrivateEndpointInner pe, Optional<PrivateDnsZoneGroupInner> group) {
    Optional<String> fromDnsConfigs = Optional.ofNullable(pe.customDnsConfigs()).flatMap(list -> list.stream()
        .filter(c -> c.ipAddresses() != null && !c.ipAddresses().isEmpty())
        .map(c -> c.ipAddresses().get(0)).findFirst());
    Optional<String> fromZoneGroup = group.flatMap(g -> Optional.ofNullable(g.privateDnsZoneConfigs())
        .flatMap(configs -> configs.stream().filter(c -> c.recordSets() != null)
            .flatMap(c -> c.recordSets().stream())
            .filter(r -> r.ipAddresses() != null && !r.ipAddresses().isEmpty())
            .map(r -> r.ipAddresses().get(0)).findFirst()));
    return fromDnsConfigs.or(() -> fromZoneGroup).or(() -> Optional.ofNullable(pe.networkInterfaces())
        .flatMap(nics -> nics.stream().findFirst()).flatMap(nic -> {
          Id nicId = Id.of(nic.id());
          return found(() -> network(nicId).getNetworkInterfaces().getByResourceGroupWithResponse(nicId.group(),
              nicId.name(), null, Context.NONE).getValue());
        }).flatMap(nic -> Optional.ofNullable(nic.ipConfigurations()).flatMap(configs -> configs.stream()
            .map(c -> c.privateIpAddress()).filter(java.util.Objects::nonNull).findFirst())));
  }

  @Override
  public Operation createPrivateEndpoint(String endpointId, String location, String subnetId, String vaultId,
      boolean manual, Map<String, String> tags) {
    Id id = Id.of(endpointId);
    PrivateLinkServiceConnection connection = new PrivateLinkServiceConnection().withName(id.name())
        .withPrivateLinkServiceId(vaultId).withGroupIds(List.of("vault"));
    PrivateEndpointInner endpoint = new PrivateEndpointInner()
        .withSubnet(new SubnetInner().withId(subnetId));
    endpoint.withLocation(location).withTags(tags);
    if (manual) {
      endpoint.withManualPrivateLinkServiceConnections(List.of(connection.withRequestMessage(
          "Requested by vaultgate for Azure Pipelines' self-hosted agents")));
    } else {
      endpoint.withPrivateLinkServiceConnections(List.of(connection));
    }
    return call(() -> started(network(id).getPrivateEndpoints().createOrUpdateWithResponseAsync(id.group(),
        id.name(), endpoint)));
  }

  @Override
  public Operation deletePrivateEndpoint(String endpointId) {
    Id id = Id.of(endpointId);
    return call(() -> started(network(id).getPrivateEndpoints().deleteWithResponseAsync(id.group(), id.name())));
  }

  @Override
  public Operation putZoneGroup(String endpointId, String zoneId) {
    Id id = Id.of(endpointId);
    PrivateDnsZoneGroupInner group = new PrivateDnsZoneGroupInner().withName(ZONE_GROUP)
        .withPrivateDnsZoneConfigs(List.of(new PrivateDnsZoneConfig().withName("vault")
            .withPrivateDnsZoneId(zoneId)));
    return call(() -> started(network(id).getPrivateDnsZoneGroups().createOrUpdateWithResponseAsync(id.group(),
        id.name(), ZONE_GROUP, group)));
  }

  @Override
  public Optional<Zone> zone(String zoneId) {
    Id id = Id.of(zoneId);
    return call(() -> found(() -> dns(id).getPrivateZones().getByResourceGroupWithResponse(id.group(), id.name(),
        Context.NONE).getValue()).map(z -> new Zone(z.id(), z.tags() == null ? Map.of() : z.tags(),
        z.numberOfRecordSets() == null ? 0 : z.numberOfRecordSets(), String.valueOf(z.provisioningState()))));
  }

  @Override
  public Operation createZone(String zoneId, Map<String, String> tags) {
    Id id = Id.of(zoneId);
    PrivateZoneInner zone = new PrivateZoneInner();
    zone.withLocation("global").withTags(tags);
    // If-None-Match: * creates it only if absent: a zone someone else made meanwhile is never overwritten
    return call(() -> started(dns(id).getPrivateZones().createOrUpdateWithResponseAsync(id.group(), id.name(), zone,
        null, "*")));
  }

  @Override
  public Operation deleteZone(String zoneId) {
    Id id = Id.of(zoneId);
    return call(() -> started(dns(id).getPrivateZones().deleteWithResponseAsync(id.group(), id.name(), null)));
  }

  @Override
  public List<Link> links(String zoneId) {
    Id id = Id.of(zoneId);
    // a zone that is gone has no links
    return call(() -> found(() -> dns(id).getVirtualNetworkLinks().list(id.group(), id.name()).stream()
        .map(l -> new Link(l.id(), l.virtualNetwork() == null ? "" : l.virtualNetwork().id(),
            l.tags() == null ? Map.of() : l.tags(), String.valueOf(l.virtualNetworkLinkState())))
        .toList()).orElse(List.of()));
  }

  @Override
  public Operation createLink(String zoneId, String name, String virtualNetworkId, Map<String, String> tags) {
    Id id = Id.of(zoneId);
    VirtualNetworkLinkInner link = new VirtualNetworkLinkInner()
        .withVirtualNetwork(new SubResource().withId(virtualNetworkId)).withRegistrationEnabled(false);
    link.withLocation("global").withTags(tags);
    return call(() -> started(dns(id).getVirtualNetworkLinks().createOrUpdateWithResponseAsync(id.group(), id.name(),
        name, link, null, "*")));
  }

  @Override
  public Operation deleteLink(String linkId) {
    Id id = Id.of(linkId);
    return call(() -> started(dns(id).getVirtualNetworkLinks().deleteWithResponseAsync(id.group(), id.name(),
        id.child(), null)));
  }

  @Override
  public List<String> aRecord(String zoneId, String name) {
    Id id = Id.of(zoneId);
    return call(() -> found(() -> dns(id).getRecordSets().getWithResponse(id.group(), id.name(), RecordType.A,
        name, Context.NONE).getValue())
        .map(RecordSetInner::aRecords).map(records -> records.stream().map(ARecord::ipv4Address).toList())
        .orElse(List.of()));
  }

  /**
   * Service Tags - List, {@code GET /subscriptions/{subscriptionId}/providers/Microsoft.Network/locations/{location}/
   * serviceTags} (Azure/azure-rest-api-specs, specification/network/resource-manager/Microsoft.Network,
   * examples/ServiceTagsList.json; Get-AzNetworkServiceTag: "the Azure region information you specify will be used
   * as a reference for version (not as a filter based on location)"). The SDK returns one page; a {@code nextLink}
   * is followed on the same pipeline.
   */
  @Override
  public ServiceTag.Published serviceTags(String subscriptionId, String location) {
    return call(() -> {
      ServiceTagsListResultInner first = clients.network(subscriptionId).serviceClient().getServiceTags()
          .listWithResponse(location, Context.NONE).getValue();
      List<ServiceTag> tags = new ArrayList<>();
      if (first.values() != null) {
        first.values().forEach(t -> tags.add(new ServiceTag(nonNull(t.name()),
            t.properties() == null ? "" : nonNull(t.properties().region()),
            t.properties() == null || t.properties().addressPrefixes() == null ? List.of()
                : t.properties().addressPrefixes())));
      }
      String next = first.nextLink();
      for (int page = 1; next != null && !next.isBlank() && page < MAX_SERVICE_TAG_PAGES; page++) {
        com.fasterxml.jackson.databind.JsonNode body = arm.get(next).orElseThrow();
        body.path("values").forEach(t -> {
          List<String> prefixes = new ArrayList<>();
          t.path("properties").path("addressPrefixes").forEach(p -> prefixes.add(p.asText()));
          tags.add(new ServiceTag(t.path("name").asText(""), t.path("properties").path("region").asText(""),
              prefixes));
        });
        next = body.path("nextLink").asText(null);
      }
      return new ServiceTag.Published(nonNull(first.changeNumber()), tags);
    });
  }

  private static String nonNull(String value) {
    return value == null ? "" : value;
  }

  private NetworkManagementClient network(Id id) {
    return clients.network(id.subscription()).serviceClient();
  }

  private PrivateDnsManagementClient dns(Id id) {
    return clients.privateDns(id.subscription()).serviceClient();
  }

  /** Sends only the initial request of a long-running operation and returns where to poll it. */
  private static Operation started(Mono<Response<Flux<ByteBuffer>>> initial) {
    HttpHeaders headers = initial.flatMap(r -> r.getValue().then(Mono.just(r.getHeaders()))).block();
    String url = headers == null ? null : headers.getValue(HttpHeaderName.fromString("Azure-AsyncOperation"));
    if (url == null && headers != null) {
      url = headers.getValue(HttpHeaderName.LOCATION);
    }
    return new Operation(url == null ? "" : url);
  }
}
