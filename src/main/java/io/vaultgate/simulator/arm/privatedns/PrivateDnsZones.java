package io.vaultgate.simulator.arm.privatedns;

import io.vaultgate.simulator.arm.Etags;
import io.vaultgate.simulator.arm.LongRunningOperations;
import io.vaultgate.simulator.arm.ProvisioningState;
import io.vaultgate.simulator.arm.ResourceGroups;
import io.vaultgate.simulator.arm.ResourceId;
import io.vaultgate.simulator.arm.network.VirtualNetworks;
import io.vaultgate.simulator.http.ApiError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The simulated {@code Microsoft.Network/privateDnsZones} with their virtual network links and A record sets,
 * and the state API through which a test (or the sandbox) acts as another administrator. State API writes take
 * effect at once; REST writes are long-running (see {@link LongRunningOperations}). Private endpoints' DNS zone
 * groups write A records here.
 */
public final class PrivateDnsZones {
  public static final String TYPE = "Microsoft.Network/privateDnsZones";
  /** The api-versions Private DNS accepts, oldest first (the Java SDK 2.53.x sends the last). */
  public static final List<String> API_VERSIONS = List.of("2020-06-01", "2024-06-01");
  /** Route templates, as they appear in the request log. */
  public static final String ZONES_ROUTE =
      "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Network/privateDnsZones";
  public static final String ZONE_ROUTE = ZONES_ROUTE + "/{}";
  public static final String LINKS_ROUTE = ZONE_ROUTE + "/virtualNetworkLinks";
  public static final String LINK_ROUTE = LINKS_ROUTE + "/{}";
  public static final String A_RECORDS_ROUTE = ZONE_ROUTE + "/A";
  public static final String A_RECORD_ROUTE = A_RECORDS_ROUTE + "/{}";
  /** Every record set of a zone, its SOA record included. */
  public static final String ALL_RECORDS_ROUTE = ZONE_ROUTE + "/ALL";
  /** The zone Key Vault's private endpoints resolve in ({@code <vault>.privatelink.vaultcore.azure.net}). */
  public static final String KEY_VAULT_ZONE = "privatelink.vaultcore.azure.net";
  /** The time to live of the records private endpoints write. */
  public static final int PRIVATE_ENDPOINT_RECORD_TTL = 10;
  static final int DEFAULT_TTL = 3600;

  private final ResourceGroups resourceGroups;
  private final VirtualNetworks networks;
  private final Map<String, PrivateDnsZone> zones = new ConcurrentHashMap<>();
  /** By zone key, then lower-case name; the inner maps are replaced, never changed, so reads need no lock. */
  private final Map<String, Map<String, VirtualNetworkLink>> links = new ConcurrentHashMap<>();
  private final Map<String, Map<String, ARecordSet>> records = new ConcurrentHashMap<>();

  public PrivateDnsZones(ResourceGroups resourceGroups, VirtualNetworks networks) {
    this.resourceGroups = resourceGroups;
    this.networks = networks;
  }

  // ----- state API -----

  /**
   * Creates a zone as another administrator would (the resource group is seeded if missing).
   *
   * @throws IllegalStateException if it exists
   */
  public synchronized PrivateDnsZone create(String subscriptionId, String resourceGroup, String name) {
    ResourceGroups.ResourceGroup group = resourceGroups.seed(subscriptionId, resourceGroup,
        ResourceGroups.DEFAULT_LOCATION);
    ResourceId id = new ResourceId(group.subscriptionId(), group.name(), TYPE, name);
    if (zones.containsKey(id.key())) {
      throw new IllegalStateException("private DNS zone exists: " + id.resourceId());
    }
    checkZoneName(name);
    PrivateDnsZone zone = new PrivateDnsZone(id, Map.of(), ProvisioningState.SUCCEEDED, Etags.random());
    zones.put(id.key(), zone);
    return zone;
  }

  /**
   * Links the zone to a virtual network, provisioned at once, with the same rules as a REST write (refused when
   * the network is already linked to a zone of the same name).
   *
   * @throws NoSuchElementException if there is no such zone
   */
  public synchronized VirtualNetworkLink link(String zoneId, String linkName, String virtualNetworkId) {
    PrivateDnsZone zone = get(zoneId);
    ApiError conflict = sameNameLinked(zone.id(), linkName, virtualNetworkId);
    if (conflict != null) {
      throw conflict;
    }
    beginPutLink(zone.id(), linkName, virtualNetworkId, false, Map.of());
    settleLink(zone.id(), linkName, ProvisioningState.SUCCEEDED);
    return findLink(zoneId, linkName).orElseThrow();
  }

  /** Adds or replaces an A record set (e.g. one the customer keeps in the zone). */
  public synchronized ARecordSet putARecord(String zoneId, String name, List<String> ipv4Addresses) {
    PrivateDnsZone zone = get(zoneId);
    ARecordSet set = new ARecordSet(zone.id(), name.toLowerCase(Locale.ROOT), DEFAULT_TTL, ipv4Addresses, Map.of(),
        Etags.random());
    records.compute(zone.id().key(), (k, v) -> with(v, set.name(), set));
    return set;
  }

  /** Deletes a link at once (e.g. drift behind the operator's back); returns whether it existed. */
  public synchronized boolean deleteLink(String zoneId, String linkName) {
    Optional<PrivateDnsZone> zone = find(zoneId);
    if (zone.isEmpty() || findLink(zoneId, linkName).isEmpty()) {
      return false;
    }
    finishDeleteLink(zone.get().id(), linkName);
    return true;
  }

  /**
   * Deletes a zone and its records at once; refused, as over REST, while it has virtual network links.
   *
   * @return whether it existed
   */
  public synchronized boolean delete(String zoneId) {
    Optional<PrivateDnsZone> zone = find(zoneId);
    zone.ifPresent(z -> checkNoLinks(z.id()));
    zone.ifPresent(z -> finishDeleteZone(z.id()));
    return zone.isPresent();
  }

  /** By resource id, any case; empty also for a malformed id. */
  public Optional<PrivateDnsZone> find(String zoneId) {
    return ResourceId.tryParse(zoneId, TYPE).flatMap(this::find);
  }

  /** @throws NoSuchElementException if there is no such zone */
  public PrivateDnsZone get(String zoneId) {
    return find(zoneId).orElseThrow(() -> new NoSuchElementException("no private DNS zone " + zoneId));
  }

  /** All zones, by resource id. */
  public List<PrivateDnsZone> all() {
    return zones.values().stream().sorted(Comparator.comparing(z -> z.id().key())).toList();
  }

  /** The zone's virtual network links, in creation order; empty for an unknown zone. */
  public List<VirtualNetworkLink> links(String zoneId) {
    return find(zoneId).map(z -> links(z.id())).orElse(List.of());
  }

  public Optional<VirtualNetworkLink> findLink(String zoneId, String linkName) {
    return find(zoneId).flatMap(z -> findLink(z.id(), linkName));
  }

  /** The zone's A record sets, in creation order; empty for an unknown zone. */
  public List<ARecordSet> aRecords(String zoneId) {
    return find(zoneId).map(z -> aRecords(z.id())).orElse(List.of());
  }

  public Optional<ARecordSet> findARecord(String zoneId, String name) {
    return find(zoneId).flatMap(z -> findARecord(z.id(), name));
  }

  // ----- used by the REST handlers and private endpoints -----

  record ZonePut(PrivateDnsZone zone, boolean created) {
  }

  /**
   * A link write as accepted, Creating or Updating; {@code conflict} is the error its operation is to end with
   * when the network is already linked to another zone of the same name, null otherwise.
   */
  record LinkPut(VirtualNetworkLink link, boolean created, ApiError conflict) {
  }

  Optional<PrivateDnsZone> find(ResourceId id) {
    return Optional.ofNullable(zones.get(id.key()));
  }

  public List<VirtualNetworkLink> links(ResourceId zone) {
    return List.copyOf(links.getOrDefault(zone.key(), Map.of()).values());
  }

  Optional<VirtualNetworkLink> findLink(ResourceId zone, String name) {
    return Optional.ofNullable(links.getOrDefault(zone.key(), Map.of()).get(name.toLowerCase(Locale.ROOT)));
  }

  List<ARecordSet> aRecords(ResourceId zone) {
    return List.copyOf(records.getOrDefault(zone.key(), Map.of()).values());
  }

  public Optional<ARecordSet> findARecord(ResourceId zone, String name) {
    return Optional.ofNullable(records.getOrDefault(zone.key(), Map.of()).get(name.toLowerCase(Locale.ROOT)));
  }

  /** PrivateZones_CreateOrUpdate: Creating (new) or Updating until its operation ends. */
  synchronized ZonePut beginPutZone(ResourceId id, Map<String, String> tags) {
    checkZoneName(id.name());
    Optional<PrivateDnsZone> existing = find(id);
    PrivateDnsZone zone = new PrivateDnsZone(existing.map(PrivateDnsZone::id).orElse(id), tags,
        existing.isPresent() ? ProvisioningState.UPDATING : ProvisioningState.CREATING, Etags.random());
    zones.put(id.key(), zone);
    return new ZonePut(zone, existing.isEmpty());
  }

  synchronized void settleZone(ResourceId id, ProvisioningState state) {
    zones.computeIfPresent(id.key(), (k, zone) -> zone.with(state));
  }

  /** Marks the zone Deleting; refused while it has virtual network links, as Azure refuses it. */
  synchronized PrivateDnsZone beginDeleteZone(ResourceId id) {
    checkNoLinks(id);
    return zones.computeIfPresent(id.key(), (k, zone) -> zone.with(ProvisioningState.DELETING));
  }

  synchronized void finishDeleteZone(ResourceId id) {
    zones.remove(id.key());
    links.remove(id.key());
    records.remove(id.key());
  }

  /** VirtualNetworkLinks_CreateOrUpdate: Creating or Updating until its operation ends. */
  synchronized LinkPut beginPutLink(ResourceId zone, String name, String virtualNetworkId,
                   boolean registrationEnabled, Map<String, String> tags) {
    String linkId = zone.resourceId() + "/virtualNetworkLinks/" + name;
    if (networks.find(virtualNetworkId).isEmpty()) {
      throw VirtualNetworks.referenceNotFound(virtualNetworkId, linkId);
    }
    Optional<VirtualNetworkLink> existing = findLink(zone, name);
    if (existing.isPresent() && !existing.get().virtualNetworkId().equalsIgnoreCase(virtualNetworkId)) {
      throw ApiError.badRequest("The virtual network of the link '" + linkId + "' cannot be changed.");
    }
    VirtualNetworkLink link = new VirtualNetworkLink(zone, existing.map(VirtualNetworkLink::name).orElse(name),
        virtualNetworkId, registrationEnabled, tags,
        existing.isPresent() ? ProvisioningState.UPDATING : ProvisioningState.CREATING, Etags.random());
    links.compute(zone.key(), (k, v) -> with(v, name, link));
    return new LinkPut(link, existing.isEmpty(), sameNameLinked(zone, name, virtualNetworkId));
  }

  synchronized void settleLink(ResourceId zone, String name, ProvisioningState state) {
    findLink(zone, name).ifPresent(link -> links.compute(zone.key(), (k, v) -> with(v, name, link.with(state))));
  }

  synchronized Optional<VirtualNetworkLink> beginDeleteLink(ResourceId zone, String name) {
    Optional<VirtualNetworkLink> link = findLink(zone, name).map(l -> l.with(ProvisioningState.DELETING));
    link.ifPresent(l -> links.compute(zone.key(), (k, v) -> with(v, name, l)));
    return link;
  }

  synchronized void finishDeleteLink(ResourceId zone, String name) {
    links.computeIfPresent(zone.key(), (k, v) -> without(v, name));
  }

  /**
   * Adds an address to an A record set, creating it with the private endpoint TTL if absent (what a DNS zone
   * group does); nothing if the zone is gone.
   */
  public synchronized void addAddress(ResourceId zone, String name, String address, Map<String, String> metadata) {
    if (find(zone).isEmpty()) {
      return;
    }
    String key = name.toLowerCase(Locale.ROOT);
    Optional<ARecordSet> existing = findARecord(zone, key);
    List<String> addresses = new ArrayList<>(existing.map(ARecordSet::ipv4Addresses).orElse(List.of()));
    if (!addresses.contains(address)) {
      addresses.add(address);
    }
    ARecordSet set = new ARecordSet(zone, key, existing.map(ARecordSet::ttl).orElse(PRIVATE_ENDPOINT_RECORD_TTL),
        addresses, existing.map(ARecordSet::metadata).orElse(metadata), Etags.random());
    records.compute(zone.key(), (k, v) -> with(v, key, set));
  }

  /** Removes an address from an A record set; a set left empty goes. */
  public synchronized void removeAddress(ResourceId zone, String name, String address) {
    findARecord(zone, name).ifPresent(set -> {
      List<String> addresses = set.ipv4Addresses().stream().filter(a -> !a.equals(address)).toList();
      records.compute(zone.key(), (k, v) -> addresses.isEmpty() ? without(v, set.name())
          : with(v, set.name(), new ARecordSet(zone, set.name(), set.ttl(), addresses, set.metadata(),
              Etags.random())));
    });
  }

  /**
   * The error Private DNS ends a link's operation with when the network already has a link to a zone of the same
   * name (the same zone included): a network resolves one zone per namespace.
   */
  private ApiError sameNameLinked(ResourceId zone, String linkName, String virtualNetworkId) {
    for (PrivateDnsZone other : zones.values()) {
      if (!other.name().equalsIgnoreCase(zone.name())) {
        continue;
      }
      boolean linked = links(other.id()).stream()
          .filter(l -> !(other.id().key().equals(zone.key()) && l.name().equalsIgnoreCase(linkName)))
          .anyMatch(l -> l.virtualNetworkId().equalsIgnoreCase(virtualNetworkId)
              && l.provisioningState() != ProvisioningState.FAILED);
      if (linked) {
        return ApiError.badRequest("A virtual network cannot be linked to multiple zones with overlapping"
            + " namespaces. You tried to link virtual network with '" + other.name() + "' and '" + zone.name()
            + "' zones.");
      }
    }
    return null;
  }

  private void checkNoLinks(ResourceId zone) {
    List<VirtualNetworkLink> linked = links(zone);
    if (!linked.isEmpty()) {
      throw new ApiError(409, "CannotDeleteResource", "Cannot delete resource while nested resources exist. Some"
          + " existing nested resource IDs include: '" + linked.get(0).resourceId() + "'.");
    }
  }

  /** At least two labels of letters, digits, hyphens and underscores; at most 253 characters. */
  private static void checkZoneName(String name) {
    if (name.length() > 253 || !name.matches("([A-Za-z0-9_-]{1,63}\\.)+[A-Za-z0-9_-]{1,63}")) {
      throw ApiError.badRequest("The zone name '" + name + "' is invalid. A zone name has at least two labels of"
          + " letters, digits, hyphens or underscores, separated by dots.");
    }
  }

  private static <T> Map<String, T> with(Map<String, T> map, String name, T value) {
    return change(map, m -> {
      m.put(name.toLowerCase(Locale.ROOT), value);
      return m;
    });
  }

  private static <T> Map<String, T> without(Map<String, T> map, String name) {
    return change(map, m -> {
      m.remove(name.toLowerCase(Locale.ROOT));
      return m;
    });
  }

  /** A changed copy, keeping insertion order. */
  private static <T> Map<String, T> change(Map<String, T> map, UnaryOperator<LinkedHashMap<String, T>> change) {
    return Collections.unmodifiableMap(change.apply(new LinkedHashMap<>(map == null ? Map.of() : map)));
  }
}
