package io.vaultgate.simulator.arm.network;

import io.vaultgate.simulator.arm.ArmService;
import io.vaultgate.simulator.arm.Etags;
import io.vaultgate.simulator.arm.LongRunningOperations;
import io.vaultgate.simulator.arm.ProvisioningState;
import io.vaultgate.simulator.arm.ResourceGroups;
import io.vaultgate.simulator.arm.ResourceId;
import io.vaultgate.simulator.http.ApiError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated {@code Microsoft.Network/virtualNetworks} and their subnets, and the state API through which a
 * test (or the sandbox) lays out the customer's network. State API writes are provisioned at once; REST subnet
 * writes are long-running (see {@link LongRunningOperations}). Both meet the same validation ({@link ApiError}).
 */
public final class VirtualNetworks {
  public static final String TYPE = "Microsoft.Network/virtualNetworks";
  /** The api-versions the Network resource provider accepts here, oldest first (Java SDK 2.57.0 sends the last). */
  public static final List<String> API_VERSIONS = List.of("2024-05-01", "2024-07-01", "2025-03-01");
  /** Route templates, as they appear in the request log. */
  public static final String VIRTUAL_NETWORK_ROUTE =
      "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Network/virtualNetworks/{}";
  public static final String SUBNETS_ROUTE = VIRTUAL_NETWORK_ROUTE + "/subnets";
  public static final String SUBNET_ROUTE = SUBNETS_ROUTE + "/{}";
  /** The service endpoint a subnet needs before a vault's virtual network rule may name it. */
  public static final String KEY_VAULT_SERVICE = "Microsoft.KeyVault";

  private static final List<String> NETWORK_POLICIES =
      List.of("Disabled", "Enabled", "NetworkSecurityGroupEnabled", "RouteTableEnabled");

  private final ResourceGroups resourceGroups;
  private final Map<String, VirtualNetwork> networks = new ConcurrentHashMap<>();

  public VirtualNetworks(ResourceGroups resourceGroups) {
    this.resourceGroups = resourceGroups;
  }

  // ----- state API -----

  /**
   * Creates a virtual network with its subnets, all provisioned (the resource group is seeded if missing).
   *
   * @param addressPrefixes its address space, e.g. {@code 10.0.0.0/16}
   * @throws IllegalStateException if it exists
   */
  public synchronized VirtualNetwork create(String subscriptionId, String resourceGroup, String name,
                       String location, List<String> addressPrefixes, List<SubnetSpec> subnets) {
    ResourceGroups.ResourceGroup group = resourceGroups.seed(subscriptionId, resourceGroup, location);
    ResourceId id = new ResourceId(group.subscriptionId(), group.name(), TYPE, name);
    if (networks.containsKey(id.key())) {
      throw new IllegalStateException("virtual network exists: " + id.resourceId());
    }
    if (addressPrefixes.isEmpty()) {
      throw ApiError.badRequest("The virtual network '" + name + "' needs at least one address prefix.");
    }
    addressPrefixes.forEach(prefix -> checkPrefix(prefix, id.resourceId()));
    VirtualNetwork network = new VirtualNetwork(id, ArmService.normaliseLocation(location), addressPrefixes,
        List.of(), Etags.random());
    for (SubnetSpec spec : subnets) {
      network = network.withSubnet(subnet(network, spec.name(), spec.addressPrefix(), spec.serviceEndpoints(),
          spec.privateEndpointNetworkPolicies(), ProvisioningState.SUCCEEDED));
    }
    networks.put(id.key(), network);
    return network;
  }

  /**
   * Adds a subnet to a virtual network, or replaces the one of that name, provisioned at once (as another
   * administrator would).
   *
   * @throws NoSuchElementException if there is no such virtual network
   */
  public synchronized SimSubnet putSubnet(String virtualNetworkId, SubnetSpec spec) {
    VirtualNetwork network = get(virtualNetworkId);
    SimSubnet subnet = subnet(network, spec.name(), spec.addressPrefix(), spec.serviceEndpoints(),
        spec.privateEndpointNetworkPolicies(), ProvisioningState.SUCCEEDED);
    networks.put(network.id().key(), network.withSubnet(subnet));
    return subnet;
  }

  /**
   * Replaces a subnet's service endpoints (e.g. another administrator removes {@code Microsoft.KeyVault}),
   * provisioned at once; each gets its service's default locations.
   *
   * @throws NoSuchElementException if there is no such subnet
   */
  public synchronized SimSubnet setServiceEndpoints(String subnetId, String... services) {
    SimSubnet current = getSubnet(subnetId);
    SubnetSpec spec = SubnetSpec.of(current.name(), current.addressPrefix(), services)
        .withPrivateEndpointNetworkPolicies(current.privateEndpointNetworkPolicies());
    return putSubnet(current.id().virtualNetwork().resourceId(), spec);
  }

  /** By resource id, any case; empty also for a malformed id. */
  public Optional<VirtualNetwork> find(String virtualNetworkId) {
    return ResourceId.tryParse(virtualNetworkId, TYPE).flatMap(this::find);
  }

  /** @throws NoSuchElementException if there is no such virtual network */
  public VirtualNetwork get(String virtualNetworkId) {
    return find(virtualNetworkId).orElseThrow(() -> new NoSuchElementException("no virtual network "
        + virtualNetworkId));
  }

  /** By resource id, any case; empty also for a malformed id. */
  public Optional<SimSubnet> findSubnet(String subnetId) {
    return SubnetId.tryParse(subnetId).flatMap(this::findSubnet);
  }

  /** @throws NoSuchElementException if there is no such subnet */
  public SimSubnet getSubnet(String subnetId) {
    return findSubnet(subnetId).orElseThrow(() -> new NoSuchElementException("no subnet " + subnetId));
  }

  /** All virtual networks, by resource id. */
  public List<VirtualNetwork> all() {
    return networks.values().stream().sorted(Comparator.comparing(n -> n.id().key())).toList();
  }

  /**
   * The Network resource provider's 400 for a reference it cannot follow; it says the same when the resource
   * exists in another region.
   */
  public static ApiError referenceNotFound(String referenced, String referencedBy) {
    return new ApiError(400, "InvalidResourceReference", "Resource " + referenced + " referenced by resource "
        + referencedBy + " was not found. Please make sure that the referenced resource exists, and that both"
        + " resources are in the same region.");
  }

  // ----- used by the REST handlers and other resources -----

  record PutResult(SimSubnet subnet, boolean created) {
  }

  public Optional<VirtualNetwork> find(ResourceId id) {
    return Optional.ofNullable(networks.get(id.key()));
  }

  Optional<SimSubnet> findSubnet(SubnetId id) {
    return find(id.virtualNetwork()).flatMap(n -> n.subnet(id.name()));
  }

  /**
   * Subnets_CreateOrUpdate: stores the subnet as asked, Updating until its operation ends; service endpoints it
   * already had stay provisioned, new ones are provisioned with it.
   */
  synchronized PutResult beginPutSubnet(SubnetId id, String addressPrefix, List<SubnetServiceEndpoint> endpoints,
                      String privateEndpointNetworkPolicies) {
    VirtualNetwork network = find(id.virtualNetwork()).orElseThrow(() -> ArmService.resourceNotFound(TYPE,
        id.virtualNetwork().name(), id.virtualNetwork().resourceGroup()));
    Optional<SimSubnet> previous = network.subnet(id.name());
    SimSubnet subnet = subnet(network, id.name(), addressPrefix, endpoints, privateEndpointNetworkPolicies,
        ProvisioningState.UPDATING);
    networks.put(network.id().key(), network.withSubnet(subnet));
    return new PutResult(subnet, previous.isEmpty());
  }

  /** The end of a subnet's operation. */
  synchronized void settleSubnet(SubnetId id, ProvisioningState state) {
    find(id.virtualNetwork()).ifPresent(network -> network.subnet(id.name()).ifPresent(subnet ->
        networks.put(network.id().key(), network.withSubnet(subnet.settled(state)))));
  }

  /**
   * A valid subnet of the network, or the Network resource provider's error: the prefix in CIDR notation, inside
   * the address space and clear of the other subnets. Service endpoints the subnet already had provisioned stay
   * so; the others take {@code state}.
   */
  private SimSubnet subnet(VirtualNetwork network, String name, String addressPrefix,
              List<SubnetServiceEndpoint> endpoints, String policies, ProvisioningState state) {
    SubnetId id = new SubnetId(network.id(), name);
    CidrBlock range = checkPrefix(addressPrefix, id.resourceId());
    boolean inside = network.addressPrefixes().stream()
        .anyMatch(p -> CidrBlock.parse(p).orElseThrow().contains(range));
    if (!inside) {
      throw new ApiError(400, "NetcfgSubnetRangeOutsideVnet", "Subnet '" + name + "' is not valid because its IP"
          + " address range is outside the IP address range of virtual network '" + network.name() + "'.");
    }
    for (SimSubnet other : network.subnets()) {
      if (!other.name().equalsIgnoreCase(name) && other.range().overlaps(range)) {
        throw new ApiError(400, "NetcfgSubnetRangesOverlap", "Subnet '" + name + "' is not valid because its IP"
            + " address range overlaps with that of an existing subnet in virtual network '" + network.name()
            + "'.");
      }
    }
    Optional<SimSubnet> previous = network.subnet(name);
    List<SubnetServiceEndpoint> stored = new ArrayList<>();
    for (SubnetServiceEndpoint endpoint : endpoints) {
      boolean provisioned = previous.map(p -> p.serviceEndpointProvisioned(endpoint.service())).orElse(false);
      List<String> locations = endpoint.locations().isEmpty()
          ? defaultLocations(endpoint.service(), network.location()) : endpoint.locations();
      stored.add(new SubnetServiceEndpoint(endpoint.service(), locations,
          provisioned ? ProvisioningState.SUCCEEDED : state));
    }
    String canonicalPolicies = NETWORK_POLICIES.stream().filter(p -> p.equalsIgnoreCase(policies)).findFirst()
        .orElseThrow(() -> ApiError.badRequest("Invalid value '" + policies + "' for"
            + " properties.privateEndpointNetworkPolicies. Allowed values are " + String.join(", ", NETWORK_POLICIES)
            + "."));
    return new SimSubnet(id, addressPrefix, stored, canonicalPolicies, state, Etags.random());
  }

  /** Key Vault's service endpoint serves every region; the others, by default, the network's own. */
  private static List<String> defaultLocations(String service, String location) {
    return service.equalsIgnoreCase(KEY_VAULT_SERVICE) ? List.of("*") : List.of(location);
  }

  private static CidrBlock checkPrefix(String prefix, String resourceId) {
    CidrBlock range = CidrBlock.parse(prefix).filter(r -> prefix.contains("/")).orElseThrow(() ->
        new ApiError(400, "InvalidAddressPrefixFormat", "Address prefix " + prefix + " of resource " + resourceId
            + " is not formatted correctly. It should follow CIDR notation, for example 10.0.0.0/24."));
    if (!range.cidr().equals(prefix)) {
      throw new ApiError(400, "InvalidCIDRNotation", "The address prefix " + prefix + " in resource " + resourceId
          + " has an invalid CIDR notation. For the given prefix length, the address prefix should be "
          + range.cidr() + ".");
    }
    return range;
  }
}
