package io.vaultgate.simulator.dataplane;

import io.vaultgate.simulator.arm.ProvisioningState;
import io.vaultgate.simulator.arm.ResourceId;
import io.vaultgate.simulator.arm.keyvault.DataPlane;
import io.vaultgate.simulator.arm.keyvault.KeyVaults;
import io.vaultgate.simulator.arm.keyvault.NetworkAcls;
import io.vaultgate.simulator.arm.keyvault.PrivateEndpointConnection;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import io.vaultgate.simulator.arm.keyvault.Vault;
import io.vaultgate.simulator.arm.keyvault.VaultProperties;
import io.vaultgate.simulator.arm.network.CidrBlock;
import io.vaultgate.simulator.arm.network.SimSubnet;
import io.vaultgate.simulator.arm.network.VirtualNetworks;
import io.vaultgate.simulator.arm.privatedns.PrivateDnsZone;
import io.vaultgate.simulator.arm.privatedns.PrivateDnsZones;
import io.vaultgate.simulator.arm.privatelink.PrivateEndpoints;
import io.vaultgate.simulator.arm.privatelink.SimPrivateEndpoint;
import io.vaultgate.simulator.graph.Directory;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Decides whether a secret list-and-get request reaches a vault and is authorized, from simulator state, in Key
 * Vault's order and words. It owns the data plane's network decision (name resolution, private endpoint, public
 * endpoint and firewall) and the wording of every denial; which permissions a principal holds is
 * {@link DataPlane}'s. It never changes state and never consults the operator: it follows the documented
 * behaviour only.
 *
 * <p>The decision, step by step:
 * <ol>
 *   <li><b>Name resolution</b> (origin {@link SecretReadOrigin.FromSubnet} only; public DNS always answers). A
 *   provisioned {@value PrivateDnsZones#KEY_VAULT_ZONE} zone with a provisioned link to the subnet's virtual network
 *   answers for {@code <vault>.vault.azure.net}, whose public CNAME points into that zone (azure-security-docs
 *   {@code articles/key-vault/general/private-link-service.md}). Azure refuses a second link of a same-named zone
 *   to one network, so at most one zone answers; should several, the first by resource id does. With its A record
 *   for the vault's name, the name resolves to the record's addresses; without one, the zone's authoritative
 *   NXDOMAIN ends the request ({@link SecretReadDenial#NAME_NOT_RESOLVED}; the link's {@code resolutionPolicy:
 *   NxDomainRedirect} fallback to public resolution, learn.microsoft.com/azure/dns/private-dns-fallback, is not
 *   modelled). Without such a zone the name resolves publicly.</li>
 *   <li><b>Private endpoint</b> (resolved privately). A client may connect to any address of the answer, so the
 *   request passes only if every address is that of a provisioned private endpoint of this vault in the same
 *   virtual network (peering is not modelled) whose connection on the vault is Approved; otherwise 403
 *   {@code ForbiddenByConnection}. Public network access and the firewall do not apply to private link
 *   traffic.</li>
 *   <li><b>Public endpoint</b>. The vault sees the subnet when its {@code Microsoft.KeyVault} service endpoint is
 *   provisioned, otherwise the public egress address (a caller on the internet: its own address). Then, in Key
 *   Vault's order: public network access Disabled → 403 {@code ForbiddenByConnection}; no networkAcls or default
 *   action Allow → passes; an IP rule holding the address (CIDR containment; rules are stored with their prefix),
 *   or a virtual network rule naming the subnet (ignoring case) → passes; otherwise 403 {@code
 *   ForbiddenByFirewall}. Azure DevOps and pipeline agents are never trusted services, so {@code bypass} only
 *   chooses the wording.</li>
 *   <li><b>Authorization</b>, when the network passed and a principal is named: list first, then get, each by
 *   access policy or RBAC as {@link DataPlane} decides; 403 {@code AccessDenied} or {@code ForbiddenByRbac} names
 *   the first one missing.</li>
 * </ol>
 *
 * <p>Messages. Key Vault's own where known (the Azure DevOps tutorial's troubleshooting table, observed CLI output,
 * see the constants); the simulator's own, flagged as such, where Key Vault has no documented answer: a private
 * link that is not an approved one of this vault (in Azure the traffic is dropped or refused), and an unresolved
 * name. The agent's own address inside a subnet is not modelled: a message about a request over a service endpoint
 * names the subnet's address range as the client address.
 */
public final class SecretReadDecision {
  /** With public network access Disabled (Azure DevOps tutorial's troubleshooting table). */
  static final String PUBLIC_ACCESS_DISABLED = "Public network access is disabled and request is not from a trusted"
      + " service nor via an approved private link.";
  /**
   * With public network access Disabled and {@code bypass: None}, as CLI output shows it (e.g. Azure/azure-cli
   * issue #31406; write-ups of vaults set up with bypass None show the same text with inner error
   * ForbiddenByConnection).
   */
  static final String PUBLIC_ACCESS_DISABLED_NO_BYPASS = "Connection is not an approved private link and caller was"
      + " ignored because bypass is not set to 'AzureServices' and PublicNetworkAccess is set to 'Disabled'.";
  /** Firewall on, caller not admitted (tutorial table; common-error-codes.md names the code). */
  static final String NOT_AUTHORIZED = "Client address is not authorized and caller is not a trusted service."
      + " Client address: ";
  /** Firewall on, caller not admitted, {@code bypass: None} (tutorial table). */
  static final String NOT_AUTHORIZED_NO_BYPASS = "Request was not allowed by NSP rules and the client address is not"
      + " authorized and caller was ignored because bypass is set to None Client address: ";
  /** The access policy denial's help link, as Key Vault sends it. */
  private static final String ACCESS_POLICY_HELP =
      "For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125287";

  /** Where the name of a vault resolves in a virtual network. */
  private sealed interface Resolution {
  }

  private record PublicName() implements Resolution {
  }

  private record PrivateName(List<String> addresses) implements Resolution {
  }

  private record NoName(PrivateDnsZone zone) implements Resolution {
  }

  /** What the vault sees as the source of a request to its public endpoint. */
  private sealed interface Source {
    /** The client address a firewall denial names. */
    String clientAddress();
  }

  /** A public IPv4 address, or none when an agent's egress address was not given. */
  private record AddressSource(Optional<String> address) implements Source {
    @Override
    public String clientAddress() {
      return address.orElse("(unknown: no public egress address was given for the agent's subnet)");
    }
  }

  /** A subnet, over its Microsoft.KeyVault service endpoint. */
  private record SubnetSource(SimSubnet subnet) implements Source {
    @Override
    public String clientAddress() {
      return subnet.addressPrefix();
    }
  }

  private final KeyVaults vaults;
  private final VirtualNetworks networks;
  private final PrivateEndpoints endpoints;
  private final PrivateDnsZones zones;
  private final DataPlane authorization;
  private final Directory directory;

  public SecretReadDecision(KeyVaults vaults, VirtualNetworks networks, PrivateEndpoints endpoints,
                            PrivateDnsZones zones, DataPlane authorization, Directory directory) {
    this.vaults = vaults;
    this.networks = networks;
    this.endpoints = endpoints;
    this.zones = zones;
    this.authorization = authorization;
    this.directory = directory;
  }

  /**
   * Whether a request from the origin may list and get the vault's secrets: the network path, then, when a
   * principal (object id) is named, its permissions; without one, only the network is decided.
   *
   * @throws NoSuchElementException if there is no such vault or subnet
   */
  public SecretReadOutcome decide(SimVaultId vaultId, Optional<String> principalObjectId, SecretReadOrigin origin) {
    Vault vault = vaults.get(vaultId);
    SecretReadOutcome network = network(vault, origin);
    return network.allowed() && principalObjectId.isPresent() ? authorize(vault, principalObjectId.get()) : network;
  }

  /**
   * Whether an agent in the subnet reaches the vault over a private endpoint: the name resolves privately in the
   * subnet's virtual network and the private link passes (step 2).
   *
   * @throws NoSuchElementException if there is no such vault or subnet
   */
  public boolean reachesPrivately(String subnetId, SimVaultId vaultId) {
    Vault vault = vaults.get(vaultId);
    ResourceId network = subnet(subnetId).id().virtualNetwork();
    return resolve(vault, network) instanceof PrivateName name && privateLink(vault, network, name).allowed();
  }

  /**
   * Whether the vault's public endpoint admits an agent in the subnet with no known egress address (step 3,
   * whatever the name resolves to): over its service endpoint, or because the firewall is open.
   *
   * @throws NoSuchElementException if there is no such vault or subnet
   */
  public boolean publicEndpointAdmitsSubnet(String subnetId, SimVaultId vaultId) {
    return publicEndpoint(vaults.get(vaultId), source(subnet(subnetId), Optional.empty())).allowed();
  }

  private SecretReadOutcome network(Vault vault, SecretReadOrigin origin) {
    if (origin instanceof SecretReadOrigin.PublicAddress caller) {
      return publicEndpoint(vault, new AddressSource(Optional.of(caller.address())));
    }
    SecretReadOrigin.FromSubnet agent = (SecretReadOrigin.FromSubnet) origin;
    SimSubnet subnet = subnet(agent.subnetId());
    ResourceId network = subnet.id().virtualNetwork();
    Resolution resolution = resolve(vault, network);
    if (resolution instanceof PrivateName name) {
      return privateLink(vault, network, name);
    }
    if (resolution instanceof NoName none) {
      return new SecretReadOutcome.Denied(SecretReadDenial.NAME_NOT_RESOLVED, host(vault) + " does not resolve in"
          + " virtual network '" + network.resourceId() + "': its linked private DNS zone '"
          + none.zone().resourceId() + "' has no A record '" + vault.name().toLowerCase(Locale.ROOT)
          + "' (NXDOMAIN).");
    }
    return publicEndpoint(vault, source(subnet, agent.publicEgressAddress()));
  }

  private Resolution resolve(Vault vault, ResourceId network) {
    Optional<PrivateDnsZone> zone = zones.all().stream()
        .filter(z -> z.name().equalsIgnoreCase(PrivateDnsZones.KEY_VAULT_ZONE)
            && z.provisioningState() == ProvisioningState.SUCCEEDED)
        .filter(z -> zones.links(z.id()).stream().anyMatch(l -> l.provisioningState() == ProvisioningState.SUCCEEDED
            && ResourceId.tryParse(l.virtualNetworkId(), VirtualNetworks.TYPE).map(ResourceId::key)
                .equals(Optional.of(network.key()))))
        .findFirst();
    if (zone.isEmpty()) {
      return new PublicName();
    }
    return zones.findARecord(zone.get().id(), vault.name()).filter(set -> !set.ipv4Addresses().isEmpty())
        .<Resolution>map(set -> new PrivateName(set.ipv4Addresses()))
        .orElseGet(() -> new NoName(zone.get()));
  }

  private SecretReadOutcome privateLink(Vault vault, ResourceId network, PrivateName name) {
    for (String address : name.addresses()) {
      Optional<SimPrivateEndpoint> endpoint = endpoints.all().stream()
          .filter(e -> e.provisioningState() == ProvisioningState.SUCCEEDED && e.privateIpAddress().equals(address)
              && e.subnet().virtualNetwork().key().equals(network.key()))
          .findFirst();
      String problem = endpoint.map(e -> endpointProblem(vault, e)).orElse("which is no private endpoint in"
          + " virtual network '" + network.resourceId() + "'");
      if (!problem.isEmpty()) {
        // The simulator's wording: Key Vault documents no answer for traffic over someone else's or an unapproved
        // private link (in Azure it is dropped or refused).
        return new SecretReadOutcome.Denied(SecretReadDenial.FORBIDDEN_BY_CONNECTION, "Connection is not an"
            + " approved private link: " + host(vault) + " resolves to " + address + ", " + problem + ".");
      }
    }
    return SecretReadOutcome.ALLOWED;
  }

  /** Why the endpoint does not carry requests to the vault, or "" when it does. */
  private String endpointProblem(Vault vault, SimPrivateEndpoint endpoint) {
    if (!endpoint.vault().key().equals(vault.vaultId().key())) {
      return "the address of private endpoint '" + endpoint.resourceId() + "' of vault '" + endpoint.vault().name()
          + "'";
    }
    String status = endpoints.connectionStatus(endpoint.resourceId());
    return status.equals(PrivateEndpointConnection.APPROVED) ? "" : "the address of private endpoint '"
        + endpoint.resourceId() + "', whose connection is " + status;
  }

  private static Source source(SimSubnet subnet, Optional<String> egressAddress) {
    return subnet.serviceEndpointProvisioned(VirtualNetworks.KEY_VAULT_SERVICE) ? new SubnetSource(subnet)
        : new AddressSource(egressAddress);
  }

  private static SecretReadOutcome publicEndpoint(Vault vault, Source source) {
    VaultProperties properties = vault.properties();
    NetworkAcls acls = properties.networkAcls();
    // A vault without networkAcls has the defaults: bypass AzureServices, default action Allow.
    boolean noBypass = acls != null && acls.bypass().equalsIgnoreCase(NetworkAcls.NONE);
    if (!properties.publicNetworkAccessEnabled()) {
      return new SecretReadOutcome.Denied(SecretReadDenial.FORBIDDEN_BY_CONNECTION,
          noBypass ? PUBLIC_ACCESS_DISABLED_NO_BYPASS : PUBLIC_ACCESS_DISABLED);
    }
    if (acls == null || acls.defaultAction().equalsIgnoreCase(NetworkAcls.ALLOW) || admits(acls, source)) {
      return SecretReadOutcome.ALLOWED;
    }
    return new SecretReadOutcome.Denied(SecretReadDenial.FORBIDDEN_BY_FIREWALL,
        (noBypass ? NOT_AUTHORIZED_NO_BYPASS : NOT_AUTHORIZED) + source.clientAddress());
  }

  /** IP rules see addresses, virtual network rules see subnets; neither sees the other. */
  private static boolean admits(NetworkAcls acls, Source source) {
    if (source instanceof SubnetSource s) {
      return acls.virtualNetworkRules().stream().anyMatch(r -> r.id().equalsIgnoreCase(s.subnet().resourceId()));
    }
    return ((AddressSource) source).address().flatMap(CidrBlock::parse).map(CidrBlock::first)
        .filter(ip -> acls.ipRules().stream().map(CidrBlock::parse).flatMap(Optional::stream)
            .anyMatch(rule -> rule.contains(ip)))
        .isPresent();
  }

  /** Key Vault's 403 for a principal missing a permission, worded per permission model. */
  private SecretReadOutcome authorize(Vault vault, String principalObjectId) {
    Optional<DataPlane.SecretOperation> missing = authorization.firstDenied(vault.vaultId(), principalObjectId);
    if (missing.isEmpty()) {
      return SecretReadOutcome.ALLOWED;
    }
    DataPlane.SecretOperation operation = missing.get();
    String caller = caller(vault, principalObjectId);
    String where = vault.name() + ";location=" + vault.location();
    if (vault.properties().enableRbacAuthorization()) {
      // No secret is named: the simulator keeps none, so the resource is the vault's secrets collection.
      return new SecretReadOutcome.Denied(SecretReadDenial.FORBIDDEN_BY_RBAC, "Caller is not authorized to perform"
          + " action on resource. If role assignments, deny assignments or role definitions were changed recently,"
          + " please observe propagation time. Caller: " + caller + " Action: '" + operation.dataAction()
          + "' Resource: '" + vault.resourceId().toLowerCase(Locale.ROOT) + "/secrets' Assignment: (not found)"
          + " DecisionReason: 'DeniedWithNoValidRBAC' Vault: " + where);
    }
    return new SecretReadOutcome.Denied(SecretReadDenial.ACCESS_DENIED, "The user, group or application '" + caller
        + "' does not have secrets " + operation.permission() + " permission on key vault '" + where + "'. "
        + ACCESS_POLICY_HELP);
  }

  /** The caller as Key Vault names it: the token's app (when the directory knows the principal), object id, issuer. */
  private String caller(Vault vault, String principalObjectId) {
    String app = directory.servicePrincipal(principalObjectId).map(sp -> "appid=" + sp.appId() + ";").orElse("");
    return app + "oid=" + principalObjectId + ";iss=https://sts.windows.net/" + vault.properties().tenantId() + "/";
  }

  private static String host(Vault vault) {
    return vault.name().toLowerCase(Locale.ROOT) + ".vault.azure.net";
  }

  private SimSubnet subnet(String subnetId) {
    return networks.findSubnet(subnetId).orElseThrow(() -> new NoSuchElementException("no subnet " + subnetId));
  }
}
