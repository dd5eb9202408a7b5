package io.vaultgate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultgate.access.AccessEvaluator;
import io.vaultgate.access.AccessNeeds;
import io.vaultgate.access.AccessPath;
import io.vaultgate.access.AccessVerdict;
import io.vaultgate.access.AccessWorld;
import io.vaultgate.access.Denial;
import io.vaultgate.access.Openness;
import io.vaultgate.azure.AzureClients;
import io.vaultgate.azure.KeyVaultAdapter;
import io.vaultgate.azure.NetworkAdapter;
import io.vaultgate.azure.RoleAssignmentAdapter;
import io.vaultgate.http.AzureHttp;
import io.vaultgate.http.AzureSettings;
import io.vaultgate.model.InboundRangeTable;
import io.vaultgate.model.Ipv4Range;
import io.vaultgate.model.VaultId;
import io.vaultgate.port.AzurePorts;
import io.vaultgate.port.NetworkPort;
import io.vaultgate.ranges.InboundRangeFile;
import io.vaultgate.simulator.AzureSimulator;
import io.vaultgate.simulator.arm.keyvault.AccessPolicy;
import io.vaultgate.simulator.arm.keyvault.AccessPolicyOperation;
import io.vaultgate.simulator.arm.keyvault.NetworkAcls;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import io.vaultgate.simulator.arm.keyvault.SimVirtualNetworkRule;
import io.vaultgate.simulator.arm.network.SubnetSpec;
import io.vaultgate.simulator.arm.network.VirtualNetwork;
import io.vaultgate.simulator.arm.privatedns.PrivateDnsZones;
import io.vaultgate.simulator.dataplane.SecretReadDenial;
import io.vaultgate.simulator.dataplane.SecretReadOrigin;
import io.vaultgate.simulator.dataplane.SecretReadOutcome;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * vaultgate's access verdicts against the simulator's own data plane, over generated worlds: public network access,
 * default action, bypass, IP rules around the geography's range, a virtual network rule and the subnet's service
 * endpoint, a private endpoint in each connection state, its DNS zone linked or not with or without the record,
 * access policies, and role assignments at the vault, its resource group and its subscription. Each world is laid
 * out in the simulator, observed through the real adapters over HTTPS (as a reconcile observes it), judged by
 * {@link AccessEvaluator}, and asked of the simulator's data plane as a read from each path: the two must agree.
 */
class AccessVerdictsAgreeWithTheDataPlaneProperties {

  private static final String SUBSCRIPTION = "00000000-0000-0000-0000-0000000000a5";
  private static final String GROUP = "rg-agree";
  private static final String LOCATION = "uksouth";
  private static final String GEOGRAPHY = "UnitedKingdom";
  /** An agent address no generated rule names but one: {@code AGENT/32}. */
  private static final String AGENT = "20.50.60.71";
  /**
   * A self-hosted agent's public egress address: vaultgate cannot know it, so a subnet without the service
   * endpoint is never judged open by an IP rule (none names this address).
   */
  private static final String EGRESS = "20.50.60.72";
  /** A Microsoft-hosted agent's address of the moment, never in a rule. */
  private static final String HOSTED = "20.50.60.70";
  private static final InboundRangeTable RANGES = InboundRangeFile.builtIn();
  private static final AtomicInteger WORLDS = new AtomicInteger();

  private static AzureSimulator sim;
  private static Path caFile;
  private static AzurePorts ports;

  enum Endpoint { NONE, APPROVED, PENDING, REJECTED }

  enum Dns { NONE, LINKED_WITHOUT_RECORD, LINKED_TO_ENDPOINT, LINKED_TO_OTHER_ADDRESS, UNLINKED_WITH_RECORD }

  enum Scope { VAULT, GROUP, SUBSCRIPTION, OTHER_VAULT }

  record RoleAt(String role, Scope scope) {
  }

  @BeforeContainer
  static void start() throws IOException {
    sim = AzureSimulator.start();
    sim.seedResourceGroup(SUBSCRIPTION, GROUP, LOCATION);
    sim.operations().setDelay(Duration.ZERO);
    caFile = Files.createTempFile("vaultgate-sim-ca", ".pem");
    sim.writeCaCertificate(caFile);
    AzureSettings settings = new AzureSettings(URI.create(sim.armBaseUrl()), URI.create(sim.graphBaseUrl()),
        URI.create(sim.devOpsBaseUrl()), Optional.of(caFile), 0, Duration.ofMillis(10), Duration.ofSeconds(1));
    AzureClients clients = new AzureClients(new AzureHttp(settings, sim.tokenCredential(),
        (context, next) -> next.process()));
    ports = new AzurePorts(new KeyVaultAdapter(clients), null, new RoleAssignmentAdapter(clients), null,
        new NetworkAdapter(clients), null);
  }

  @AfterContainer
  static void stop() throws IOException {
    sim.close();
    Files.deleteIfExists(caFile);
  }

  @Provide
  Arbitrary<Set<String>> ipRules() {
    return Arbitraries.of("51.104.26.0/24", "51.104.26.0/25", "51.104.26.128/25", "51.104.0.0/16",
        "51.104.26.7/32", "52.1.2.0/24", AGENT + "/32").set().ofMaxSize(4);
  }

  @Provide
  Arbitrary<Set<String>> permissions() {
    return Arbitraries.of("get", "list", "all", "set").set().ofMaxSize(3);
  }

  @Provide
  Arbitrary<List<RoleAt>> roles() {
    // Key Vault Secrets User, Secrets Officer, Administrator, Key Vault Reader, Reader (built-in definition names)
    return Arbitraries.of("4633458b-17de-408a-b874-0445c86b69e6", "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
        "00482a5a-887f-4fb3-b363-3b7fe8e74483", "21090545-7ca7-4776-b22c-e363652d74d2",
        "acdd72a7-3385-48ef-bd42-f606fba81ae7").flatMap(role -> Arbitraries.of(Scope.class).map(s -> new RoleAt(role, s)))
        .list().uniqueElements().ofMaxSize(2);
  }

  @Property(tries = 120)
  void theVerdictOfEveryPathIsWhatTheDataPlaneAnswers(@ForAll boolean rbac, @ForAll boolean publicEnabled,
      @ForAll boolean allow, @ForAll boolean bypassNone, @ForAll("ipRules") Set<String> rules,
      @ForAll boolean vnetRule, @ForAll boolean serviceEndpoint, @ForAll Endpoint endpoint, @ForAll Dns dns,
      @ForAll("permissions") Set<String> permissions, @ForAll("roles") List<RoleAt> roles, @ForAll boolean grants) {
    int n = WORLDS.incrementAndGet();
    SimVaultId vault = new SimVaultId(SUBSCRIPTION, GROUP, "kv-agree-" + n);
    String base = "10." + (n % 200 + 1);
    VirtualNetwork network = sim.virtualNetworks().create(SUBSCRIPTION, GROUP, "vnet-agree-" + n, LOCATION,
        List.of(base + ".0.0/16"), List.of(serviceEndpoint
            ? SubnetSpec.of("agents", base + ".1.0/24", "Microsoft.KeyVault") : SubnetSpec.of("agents", base
            + ".1.0/24"), SubnetSpec.of("endpoints", base + ".2.0/28")));
    String agents = network.subnet("agents").orElseThrow().resourceId();
    NetworkAcls acls = NetworkAcls.deny().withDefaultAction(allow ? NetworkAcls.ALLOW : NetworkAcls.DENY)
        .withBypass(bypassNone ? NetworkAcls.NONE : NetworkAcls.AZURE_SERVICES).withIpRules(List.copyOf(rules))
        .withVirtualNetworkRules(vnetRule ? List.of(new SimVirtualNetworkRule(agents, true)) : List.of());
    sim.keyVaults().create(vault, LOCATION, sim.tenantId(), rbac, publicEnabled ? "Enabled" : "Disabled", acls);
    String principal = sim.directory().seedApp("pipelines-agree-" + n).servicePrincipalObjectId();
    if (!permissions.isEmpty()) {
      sim.keyVaults().updateAccessPolicies(vault, AccessPolicyOperation.ADD, List.of(AccessPolicy.of(sim.tenantId(),
          principal, AccessPolicy.Permissions.secrets(permissions.toArray(String[]::new)))));
    }
    roles.forEach(r -> sim.roleAssignments().assign(scope(r.scope(), vault), r.role(), principal));
    String endpointAddress = endpoint(endpoint, vault, network, n);
    Optional<String> zone = zone(dns, vault, network, endpointAddress, n);

    VaultId id = VaultId.parse(vault.resourceId()).orElseThrow();
    AccessNeeds needs = new AccessNeeds(RANGES.rangesOf(GEOGRAPHY), true, grants, List.of(agents), false,
        Optional.of("app registration " + principal));
    AccessWorld world = new AccessObservation(RANGES, Clock.systemUTC()).world(accessOf(id), needs, ports,
        ports.vaults().read(id), Optional.of(principal), zone);
    List<AccessVerdict> verdicts = AccessEvaluator.evaluate(needs, world);

    assertThat(verdict(verdicts, AccessPath.AzureDevOps)).as("Azure DevOps")
        .isEqualTo(everyAddressOfTheRangeIsAdmitted(vault) ? Openness.True : Openness.False);
    assertThat(verdict(verdicts, AccessPath.MicrosoftHostedAgents)).as("Microsoft-hosted agents")
        .isEqualTo(hosted(vault, grants));
    SecretReadOutcome fromSubnet = sim.secretRead(vault, Optional.empty(),
        new SecretReadOrigin.FromSubnet(agents, Optional.of(EGRESS)));
    AccessVerdict selfHosted = verdicts.stream().filter(v -> v.path() == AccessPath.SelfHostedAgents).findFirst()
        .orElseThrow();
    assertThat(selfHosted.open()).as("self-hosted agents: " + selfHosted.message() + " / " + fromSubnet)
        .isEqualTo(fromSubnet instanceof SecretReadOutcome.Allowed ? Openness.True : Openness.False);
    if (fromSubnet instanceof SecretReadOutcome.Denied denied) {
      assertThat(code(selfHosted.denial().orElseThrow())).as(selfHosted.message()).isEqualTo(denied.denial());
    }
    assertThat(verdict(verdicts, AccessPath.Authorization)).as("authorization")
        .isEqualTo(sim.canReadSecrets(vault, principal) ? Openness.True : Openness.False);
  }

  /** Azure DevOps calls from any address of its ranges: each must get through. */
  private static boolean everyAddressOfTheRangeIsAdmitted(SimVaultId vault) {
    Ipv4Range range = RANGES.rangesOf(GEOGRAPHY).orElseThrow().get(0).range();
    for (int i = 0; i < 1 << (32 - range.prefix()); i++) {
      int a = range.address() + i;
      String address = (a >>> 24) + "." + (a >> 16 & 255) + "." + (a >> 8 & 255) + "." + (a & 255);
      if (!(sim.secretRead(vault, Optional.empty(), new SecretReadOrigin.PublicAddress(address))
          instanceof SecretReadOutcome.Allowed)) {
        return false;
      }
    }
    return true;
  }

  /** Open if today's agent address gets through; on demand if a grant's rule for it would let it through. */
  private static Openness hosted(SimVaultId vault, boolean grants) {
    if (allowed(vault, HOSTED)) {
      return Openness.True;
    }
    sim.keyVaults().addIpRule(vault, HOSTED + "/32");
    try {
      return grants && allowed(vault, HOSTED) ? Openness.OnDemand : Openness.False;
    } finally {
      sim.keyVaults().removeIpRule(vault, HOSTED + "/32");
    }
  }

  private static boolean allowed(SimVaultId vault, String address) {
    return sim.secretRead(vault, Optional.empty(), new SecretReadOrigin.PublicAddress(address))
        instanceof SecretReadOutcome.Allowed;
  }

  /** The inner error code Key Vault answers with for each of vaultgate's denials. */
  private static SecretReadDenial code(Denial denial) {
    return switch (denial) {
      case ForbiddenByConnection, PrivateLinkNotApproved -> SecretReadDenial.FORBIDDEN_BY_CONNECTION;
      case ForbiddenByFirewall, ForbiddenByNsp -> SecretReadDenial.FORBIDDEN_BY_FIREWALL;
      case NameNotResolved -> SecretReadDenial.NAME_NOT_RESOLVED;
      default -> throw new AssertionError("not a network denial: " + denial);
    };
  }

  private static String endpoint(Endpoint state, SimVaultId vault, VirtualNetwork network, int n) {
    if (state == Endpoint.NONE) {
      return "";
    }
    String id = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + GROUP
        + "/providers/Microsoft.Network/privateEndpoints/pe-agree-" + n;
    NetworkPort net = ports.network();
    net.createPrivateEndpoint(id, LOCATION, network.subnet("endpoints").orElseThrow().resourceId(),
        vault.resourceId(), state != Endpoint.APPROVED, Map.of());
    sim.operations().endAllNow();
    if (state == Endpoint.REJECTED) {
      sim.keyVaults().rejectPrivateEndpointConnection(vault,
          sim.keyVaults().privateEndpointConnectionFrom(vault, id).orElseThrow().name());
    }
    return net.privateEndpoint(id).flatMap(NetworkPort.PrivateEndpoint::privateIp).orElseThrow();
  }

  private static Optional<String> zone(Dns dns, SimVaultId vault, VirtualNetwork network, String endpointAddress,
      int n) {
    if (dns == Dns.NONE) {
      return Optional.empty();
    }
    String zoneGroup = "rg-agree-dns-" + n;
    sim.seedResourceGroup(SUBSCRIPTION, zoneGroup, LOCATION);
    String zone = sim.privateDnsZones().create(SUBSCRIPTION, zoneGroup, PrivateDnsZones.KEY_VAULT_ZONE)
        .resourceId();
    if (dns != Dns.UNLINKED_WITH_RECORD) {
      sim.privateDnsZones().link(zone, "link-" + n, network.resourceId());
    }
    String address = switch (dns) {
      case LINKED_TO_ENDPOINT, UNLINKED_WITH_RECORD -> endpointAddress.isEmpty() ? "10.250.0.4" : endpointAddress;
      case LINKED_TO_OTHER_ADDRESS -> "10.250.0.5";
      default -> "";
    };
    if (!address.isEmpty()) {
      sim.privateDnsZones().putARecord(zone, vault.name(), List.of(address));
    }
    sim.operations().endAllNow();
    return Optional.of(zone);
  }

  private static String scope(Scope scope, SimVaultId vault) {
    return switch (scope) {
      case VAULT -> vault.resourceId();
      case GROUP -> "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + GROUP;
      case SUBSCRIPTION -> "/subscriptions/" + SUBSCRIPTION;
      case OTHER_VAULT -> vault.resourceId() + "-other";
    };
  }

  private static Openness verdict(List<AccessVerdict> verdicts, AccessPath path) {
    return verdicts.stream().filter(v -> v.path() == path).map(AccessVerdict::open).findFirst().orElseThrow();
  }

  /** Only the vault's name matters to the observation here. */
  private static io.vaultgate.model.DesiredAccess accessOf(VaultId id) {
    return new io.vaultgate.model.DesiredAccess(id, io.vaultgate.model.Mode.Apply,
        io.vaultgate.model.ReconcilePolicy.MANAGE, GEOGRAPHY, RANGES.version(), Map.of(),
        io.vaultgate.model.DefaultActionPolicy.Keep, io.vaultgate.model.PublicNetworkAccessPolicy.Keep,
        Optional.empty(), io.vaultgate.model.PermissionModel.Auto, false, false,
        new io.vaultgate.model.DevOpsDesired("contoso", Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty()), io.vaultgate.model.AgentsDesired.none(),
        new io.vaultgate.model.PipelineAgents(io.vaultgate.model.AgentHosting.Both, true));
  }
}
