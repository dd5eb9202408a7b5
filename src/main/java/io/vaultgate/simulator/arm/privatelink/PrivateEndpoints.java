package io.vaultgate.simulator.arm.privatelink;

import io.vaultgate.simulator.arm.ArmService;
import io.vaultgate.simulator.arm.Etags;
import io.vaultgate.simulator.arm.LongRunningOperations;
import io.vaultgate.simulator.arm.ProvisioningState;
import io.vaultgate.simulator.arm.ResourceId;
import io.vaultgate.simulator.arm.keyvault.KeyVaults;
import io.vaultgate.simulator.arm.keyvault.PrivateEndpointConnection;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import io.vaultgate.simulator.arm.keyvault.VaultJson;
import io.vaultgate.simulator.arm.network.CidrBlock;
import io.vaultgate.simulator.arm.network.SimSubnet;
import io.vaultgate.simulator.arm.network.SubnetEndpoints;
import io.vaultgate.simulator.arm.network.SubnetId;
import io.vaultgate.simulator.arm.network.VirtualNetwork;
import io.vaultgate.simulator.arm.network.VirtualNetworks;
import io.vaultgate.simulator.arm.privatedns.PrivateDnsZone;
import io.vaultgate.simulator.arm.privatedns.PrivateDnsZones;
import io.vaultgate.simulator.http.ApiError;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * The simulated {@code Microsoft.Network/privateEndpoints} of vaults and their private DNS zone groups. An endpoint
 * takes an address from its subnet and puts a connection on its vault (Approved at once, or Pending until the
 * vault's owner decides when requested manually); a zone group puts an A record for the vault into each zone it
 * names. REST writes are long-running (see {@link LongRunningOperations}); the state API's deletes act at once
 * (another administrator, or drift).
 */
public final class PrivateEndpoints implements SubnetEndpoints {
  public static final String TYPE = "Microsoft.Network/privateEndpoints";
  /** Route templates, as they appear in the request log. */
  public static final String ENDPOINTS_ROUTE =
      "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Network/privateEndpoints";
  public static final String ENDPOINT_ROUTE = ENDPOINTS_ROUTE + "/{}";
  public static final String ZONE_GROUPS_ROUTE = ENDPOINT_ROUTE + "/privateDnsZoneGroups";
  public static final String ZONE_GROUP_ROUTE = ZONE_GROUPS_ROUTE + "/{}";
  /** The network interface an endpoint gets, where its private address is read. */
  public static final String NETWORK_INTERFACE_ROUTE =
      "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Network/networkInterfaces/{}";
  /** Key Vault's only private link sub-resource. */
  public static final String VAULT_GROUP_ID = "vault";
  /** Zones per DNS zone group. */
  public static final int MAX_ZONE_CONFIGS = 5;
  static final String AUTO_APPROVED = "Auto-approved";
  static final String AWAITING_APPROVAL = "Awaiting approval";
  /** Azure keeps the first four addresses of a subnet and its last one. */
  private static final int RESERVED_AT_START = 4;

  private final VirtualNetworks networks;
  private final KeyVaults vaults;
  private final PrivateDnsZones zones;
  private final Map<String, SimPrivateEndpoint> endpoints = new ConcurrentHashMap<>();
  /** By endpoint key: an endpoint has at most one zone group. */
  private final Map<String, PrivateDnsZoneGroup> zoneGroups = new ConcurrentHashMap<>();

  public PrivateEndpoints(VirtualNetworks networks, KeyVaults vaults, PrivateDnsZones zones) {
    this.networks = networks;
    this.vaults = vaults;
    this.zones = zones;
  }

  // ----- state API -----

  /** By resource id, any case; empty also for a malformed id. */
  public Optional<SimPrivateEndpoint> find(String endpointId) {
    return ResourceId.tryParse(endpointId, TYPE).flatMap(this::find);
  }

  /** @throws NoSuchElementException if there is no such endpoint */
  public SimPrivateEndpoint get(String endpointId) {
    return find(endpointId).orElseThrow(() -> new NoSuchElementException("no private endpoint " + endpointId));
  }

  /** All endpoints, by resource id. */
  public List<SimPrivateEndpoint> all() {
    return endpoints.values().stream().sorted(Comparator.comparing(e -> e.id().key())).toList();
  }

  /** The endpoint's DNS zone group, if it has one. */
  public Optional<PrivateDnsZoneGroup> zoneGroup(String endpointId) {
    return find(endpointId).flatMap(e -> zoneGroup(e.id()));
  }

  /**
   * The connection's state as the endpoint reports it (the vault's connection; Disconnected once the vault's
   * owner removed it).
   */
  public String connectionStatus(String endpointId) {
    return connection(get(endpointId)).status();
  }

  /** Deletes an endpoint at once, with its zone group's records and its vault connection; whether it existed. */
  public synchronized boolean delete(String endpointId) {
    Optional<SimPrivateEndpoint> endpoint = find(endpointId);
    endpoint.ifPresent(e -> finishDelete(e.id()));
    return endpoint.isPresent();
  }

  /** Deletes an endpoint's zone group at once, with its records; whether there was one. */
  public synchronized boolean deleteZoneGroup(String endpointId) {
    Optional<SimPrivateEndpoint> endpoint = find(endpointId);
    boolean present = endpoint.flatMap(e -> zoneGroup(e.id())).isPresent();
    endpoint.ifPresent(e -> finishDeleteZoneGroup(e.id()));
    return present;
  }

  // ----- used by the REST handlers -----

  /**
   * A create-or-update request.
   *
   * @param privateLinkServiceId the target as given
   * @param requestMessage       null when none
   * @param customNicName        null when none
   */
  record PutRequest(ResourceId id, String location, SubnetId subnet, String privateLinkServiceId,
          String connectionName, List<String> groupIds, String requestMessage, boolean manualApproval,
          String customNicName, Map<String, String> tags) {
  }

  record PutResult(SimPrivateEndpoint endpoint, boolean created) {
  }

  record ZoneGroupPut(PrivateDnsZoneGroup group, Optional<PrivateDnsZoneGroup> previous, boolean created) {
  }

  Optional<SimPrivateEndpoint> find(ResourceId id) {
    return Optional.ofNullable(endpoints.get(id.key()));
  }

  Optional<PrivateDnsZoneGroup> zoneGroup(ResourceId endpoint) {
    return Optional.ofNullable(zoneGroups.get(endpoint.key()));
  }

  /** The endpoint that owns the network interface (named in the endpoint's resource group), if any. */
  Optional<SimPrivateEndpoint> byNetworkInterface(String subscriptionId, String resourceGroup, String name) {
    return endpoints.values().stream().filter(e -> e.id().subscriptionId().equalsIgnoreCase(subscriptionId)
        && e.id().resourceGroup().equalsIgnoreCase(resourceGroup) && e.networkInterfaceName().equalsIgnoreCase(name))
        .findFirst();
  }

  /** Endpoints in the subnet, by resource id. */
  List<SimPrivateEndpoint> inSubnet(SubnetId subnet) {
    return all().stream().filter(e -> e.subnet().key().equals(subnet.key())).toList();
  }

  @Override
  public List<String> endpointIds(SubnetId subnet) {
    return inSubnet(subnet).stream().map(SimPrivateEndpoint::resourceId).toList();
  }

  /** The vault's connection from the endpoint, or a Disconnected one when the vault no longer has it. */
  PrivateEndpointConnection connection(SimPrivateEndpoint endpoint) {
    return vaults.privateEndpointConnectionFrom(endpoint.vault(), endpoint.resourceId()).orElseGet(() ->
        new PrivateEndpointConnection(endpoint.vaultConnectionName(), endpoint.resourceId(),
            PrivateEndpointConnection.DISCONNECTED, "The connection was removed by the owner of the vault.",
            endpoint.etag()));
  }

  /**
   * PrivateEndpoints_CreateOrUpdate, validated as the Network resource provider does; the endpoint is Updating
   * until its operation ends. A new endpoint takes the lowest free address of its subnet and puts its connection
   * on the vault at once. An update may change only tags and the request message.
   */
  synchronized PutResult beginPut(PutRequest request) {
    String endpointId = request.id().resourceId();
    VirtualNetwork network = networks.find(request.subnet().virtualNetwork())
        .filter(n -> n.location().equals(ArmService.normaliseLocation(request.location())))
        .orElseThrow(() -> VirtualNetworks.referenceNotFound(request.subnet().resourceId(), endpointId));
    SimSubnet subnet = network.subnet(request.subnet().name())
        .orElseThrow(() -> VirtualNetworks.referenceNotFound(request.subnet().resourceId(), endpointId));
    SimVaultId vault = target(request.privateLinkServiceId());
    checkGroupIds(request.groupIds());
    Optional<SimPrivateEndpoint> existing = find(request.id());
    if (existing.isPresent()) {
      SimPrivateEndpoint current = existing.get();
      if (!current.subnet().key().equals(subnet.id().key()) || !current.vault().key().equals(vault.key())
          || current.manualApproval() != request.manualApproval()) {
        throw new ApiError(400, "PrivateEndpointCannotBeUpdated", "The subnet and the private link service"
            + " connection of private endpoint " + endpointId + " cannot be changed; delete it and create it"
            + " again.");
      }
      SimPrivateEndpoint updated = current.updated(request.tags(), request.requestMessage());
      endpoints.put(request.id().key(), updated);
      return new PutResult(updated, false);
    }
    if (vaults.privateEndpointCount(vault) >= KeyVaults.MAX_PRIVATE_ENDPOINTS) {
      throw new ApiError(400, "PrivateEndpointLimitExceeded", "Call to " + VaultJson.TYPE + " failed. Error"
          + " message: The vault '" + vault.name() + "' already has the maximum of "
          + KeyVaults.MAX_PRIVATE_ENDPOINTS + " private endpoint connections.");
    }
    String nic = request.customNicName() != null ? request.customNicName()
        : request.id().name() + ".nic." + UUID.randomUUID();
    SimPrivateEndpoint endpoint = new SimPrivateEndpoint(new ResourceId(request.id().subscriptionId(),
        request.id().resourceGroup(), TYPE, request.id().name()), network.location(), subnet.id(), vault,
        request.connectionName(), List.of(VAULT_GROUP_ID), request.requestMessage(), request.manualApproval(),
        vaultConnectionName(request.id()), freeAddress(subnet), nic, request.customNicName(), request.tags(),
        ProvisioningState.UPDATING, Etags.random());
    endpoints.put(request.id().key(), endpoint);
    vaults.setPrivateEndpointConnection(vault, new PrivateEndpointConnection(endpoint.vaultConnectionName(),
        endpointId, request.manualApproval() ? PrivateEndpointConnection.PENDING : PrivateEndpointConnection.APPROVED,
        request.manualApproval() ? AWAITING_APPROVAL : AUTO_APPROVED, Etags.random()));
    return new PutResult(endpoint, true);
  }

  synchronized void settle(ResourceId id, ProvisioningState state) {
    endpoints.computeIfPresent(id.key(), (k, e) -> e.with(state));
  }

  /** Marks the endpoint Deleting; empty if there is none. */
  synchronized Optional<SimPrivateEndpoint> beginDelete(ResourceId id) {
    return Optional.ofNullable(endpoints.computeIfPresent(id.key(), (k, e) -> e.with(ProvisioningState.DELETING)));
  }

  /** The endpoint goes, and with it its zone group's records, its address and its connection on the vault. */
  synchronized void finishDelete(ResourceId id) {
    find(id).ifPresent(endpoint -> {
      finishDeleteZoneGroup(id);
      vaults.removePrivateEndpointConnection(endpoint.vault(), endpoint.vaultConnectionName());
      endpoints.remove(id.key());
    });
  }

  /**
   * PrivateDnsZoneGroups_CreateOrUpdate: at most one group per endpoint, one to {@link #MAX_ZONE_CONFIGS} existing
   * zones; Updating until its operation ends, when its records are written.
   */
  synchronized ZoneGroupPut beginPutZoneGroup(ResourceId endpointId, String name,
                        List<PrivateDnsZoneGroup.Config> configs) {
    SimPrivateEndpoint endpoint = find(endpointId).orElseThrow(() -> ArmService.resourceNotFound(TYPE,
        endpointId.name(), endpointId.resourceGroup()));
    String groupId = endpoint.resourceId() + "/privateDnsZoneGroups/" + name;
    Optional<PrivateDnsZoneGroup> previous = zoneGroup(endpointId);
    if (previous.isPresent() && !previous.get().name().equalsIgnoreCase(name)) {
      throw new ApiError(400, "PrivateEndpointCanHaveOnlyOnePrivateDnsZoneGroup", "Private endpoint "
          + endpoint.resourceId() + " already has the private DNS zone group '" + previous.get().name()
          + "'; a private endpoint can have only one.");
    }
    if (configs.isEmpty() || configs.size() > MAX_ZONE_CONFIGS) {
      throw ApiError.badRequest("Private DNS zone group " + groupId + " has " + configs.size() + " private DNS"
          + " zone configs; it needs between 1 and " + MAX_ZONE_CONFIGS + ".");
    }
    Set<String> distinct = configs.stream().map(c -> c.privateDnsZoneId().toLowerCase(Locale.ROOT))
        .collect(Collectors.toSet());
    if (distinct.size() != configs.size()) {
      throw ApiError.badRequest("Private DNS zone group " + groupId + " names a private DNS zone more than once.");
    }
    for (PrivateDnsZoneGroup.Config config : configs) {
      if (zones.find(config.privateDnsZoneId()).isEmpty()) {
        throw VirtualNetworks.referenceNotFound(config.privateDnsZoneId(), groupId);
      }
    }
    PrivateDnsZoneGroup group = new PrivateDnsZoneGroup(previous.map(PrivateDnsZoneGroup::name).orElse(name),
        configs, ProvisioningState.UPDATING, Etags.random());
    zoneGroups.put(endpointId.key(), group);
    return new ZoneGroupPut(group, previous, previous.isEmpty());
  }

  /**
   * The end of a zone group's write: on success the records of the zones it no longer names go and those of the
   * zones it names are written.
   */
  synchronized void settleZoneGroup(ResourceId endpointId, Optional<PrivateDnsZoneGroup> previous,
                   ProvisioningState state) {
    Optional<SimPrivateEndpoint> endpoint = find(endpointId);
    Optional<PrivateDnsZoneGroup> group = zoneGroup(endpointId);
    if (endpoint.isEmpty() || group.isEmpty()) {
      return;
    }
    if (state == ProvisioningState.SUCCEEDED) {
      previous.ifPresent(p -> removeRecords(endpoint.get(), p));
      addRecords(endpoint.get(), group.get());
    }
    zoneGroups.put(endpointId.key(), group.get().with(state));
  }

  synchronized Optional<PrivateDnsZoneGroup> beginDeleteZoneGroup(ResourceId endpointId) {
    return Optional.ofNullable(zoneGroups.computeIfPresent(endpointId.key(),
        (k, g) -> g.with(ProvisioningState.DELETING)));
  }

  synchronized void finishDeleteZoneGroup(ResourceId endpointId) {
    Optional<PrivateDnsZoneGroup> group = Optional.ofNullable(zoneGroups.remove(endpointId.key()));
    group.ifPresent(g -> find(endpointId).ifPresent(e -> removeRecords(e, g)));
  }

  /** The record a zone group writes in a zone, if the zone is the vault's private link zone. */
  static Optional<String> recordName(SimPrivateEndpoint endpoint, PrivateDnsZone zone) {
    return zone.name().equalsIgnoreCase(PrivateDnsZones.KEY_VAULT_ZONE)
        ? Optional.of(endpoint.vault().name().toLowerCase(Locale.ROOT)) : Optional.empty();
  }

  /** The vault, or the Network resource provider's error for a target it cannot connect to. */
  private SimVaultId target(String privateLinkServiceId) {
    ResourceId target = ResourceId.tryParse(privateLinkServiceId).orElseThrow(() -> new ApiError(400,
        "LinkedInvalidPropertyId", "Property id '" + privateLinkServiceId + "' at path"
        + " 'properties.privateLinkServiceConnections[0].properties.privateLinkServiceId' is invalid. Expect fully"
        + " qualified resource Id that start with '/subscriptions/{subscriptionId}' or"
        + " '/providers/{resourceProviderNamespace}/'."));
    SimVaultId vault = new SimVaultId(target.subscriptionId(), target.resourceGroup(), target.name());
    if (!target.type().equalsIgnoreCase(VaultJson.TYPE) || vaults.find(vault).isEmpty()) {
      throw new ApiError(400, "PrivateEndpointBadRequest", "Call to " + target.type() + " failed. Error message:"
          + " The Resource '" + target.type() + "/" + target.name() + "' under resource group '"
          + target.resourceGroup() + "' was not found.");
    }
    return vaults.get(vault).vaultId();
  }

  private static void checkGroupIds(List<String> groupIds) {
    if (groupIds.size() != 1 || !groupIds.get(0).equalsIgnoreCase(VAULT_GROUP_ID)) {
      throw new ApiError(400, "PrivateEndpointBadRequest", "Call to " + VaultJson.TYPE + " failed. Error message:"
          + " The group ids " + groupIds + " are not supported; a vault's private link resource has the one group"
          + " id '" + VAULT_GROUP_ID + "'.");
    }
  }

  /** The lowest address of the subnet that no endpoint holds, after the reserved ones. */
  private String freeAddress(SimSubnet subnet) {
    Set<String> taken = inSubnet(subnet.id()).stream().map(SimPrivateEndpoint::privateIpAddress)
        .collect(Collectors.toSet());
    CidrBlock range = subnet.range();
    for (long address = range.first() + RESERVED_AT_START; address < range.last(); address++) {
      if (!taken.contains(CidrBlock.format(address))) {
        return CidrBlock.format(address);
      }
    }
    throw new ApiError(400, "SubnetIsFull", "Subnet " + subnet.name() + " with address prefix "
        + subnet.addressPrefix() + " does not have enough capacity for 1 IP addresses.");
  }

  /** The vault side names a connection after its endpoint and the endpoint's resource GUID. */
  private static String vaultConnectionName(ResourceId endpoint) {
    return endpoint.name() + "." + resourceGuid(endpoint);
  }

  /** The endpoint's resource GUID; derived from its id, so that names built on it are reproducible. */
  static UUID resourceGuid(ResourceId endpoint) {
    return UUID.nameUUIDFromBytes(endpoint.key().getBytes(StandardCharsets.UTF_8));
  }

  private void addRecords(SimPrivateEndpoint endpoint, PrivateDnsZoneGroup group) {
    forEachRecord(endpoint, group, (zone, record) -> zones.addAddress(zone.id(), record,
        endpoint.privateIpAddress(), Map.of("creator", "created by private endpoint " + endpoint.name()
            + " with resource guid " + resourceGuid(endpoint.id()))));
  }

  private void removeRecords(SimPrivateEndpoint endpoint, PrivateDnsZoneGroup group) {
    forEachRecord(endpoint, group, (zone, record) -> zones.removeAddress(zone.id(), record,
        endpoint.privateIpAddress()));
  }

  private void forEachRecord(SimPrivateEndpoint endpoint, PrivateDnsZoneGroup group,
                BiConsumer<PrivateDnsZone, String> action) {
    for (PrivateDnsZoneGroup.Config config : group.configs()) {
      zones.find(config.privateDnsZoneId()).ifPresent(zone ->
          recordName(endpoint, zone).ifPresent(record -> action.accept(zone, record)));
    }
  }
}
