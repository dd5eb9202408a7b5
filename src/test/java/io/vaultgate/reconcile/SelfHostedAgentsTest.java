package io.vaultgate.reconcile;

import static io.vaultgate.reconcile.OperatorHarness.condition;
import static io.vaultgate.reconcile.OperatorHarness.pva;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vaultgate.api.Conditions;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.PrivateVaultAccessSpec;
import io.vaultgate.api.PrivateVaultAccessStatus.PrivateEndpointStatus;
import io.vaultgate.api.Reason;
import io.vaultgate.simulator.arm.LongRunningOperations;
import io.vaultgate.simulator.arm.keyvault.NetworkAcls;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import io.vaultgate.simulator.arm.network.SubnetSpec;
import io.vaultgate.simulator.arm.privatedns.PrivateDnsZones;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Self-hosted agents: virtual network rules, the vault's private endpoint and its private DNS, proven by the
 * simulator's reachability checks and not only by the calls made.
 */
class SelfHostedAgentsTest {

  static final String SUB = OperatorHarness.SUBSCRIPTION;
  static final Duration RESYNC = Duration.ofSeconds(1);

  @RegisterExtension
  static final OperatorHarness h = new OperatorHarness(DriftAndSteadyStateTest.withResync(RESYNC), Optional.empty());

  /** A virtual network "vnet-{name}" in rg-agents with subnets "agents" (Key Vault service endpoint unless asked
   *  otherwise) and "plain" (Microsoft.Storage only). */
  private static String network(String name) {
    h.azure.virtualNetworks().create(SUB, "rg-agents", "vnet-" + name, "westeurope", List.of("10.20.0.0/16"),
        List.of(SubnetSpec.of("agents", "10.20.1.0/24", "Microsoft.KeyVault"),
            SubnetSpec.of("plain", "10.20.2.0/24", "Microsoft.Storage")));
    return "/subscriptions/" + SUB + "/resourceGroups/rg-agents/providers/Microsoft.Network/virtualNetworks/vnet-"
        + name;
  }

  private static PrivateVaultAccess agents(String namespace, String vault, List<String> subnets,
      PrivateVaultAccessSpec.PrivateEndpointSpec endpoint, String... ips) {
    PrivateVaultAccess r = pva(namespace, "pipelines", vault, "Europe", ips);
    r.getSpec().network.azureDevOpsInbound = false;
    r.getSpec().network.selfHostedAgents = new PrivateVaultAccessSpec.SelfHostedAgentsSpec();
    r.getSpec().network.selfHostedAgents.subnetIds = subnets;
    r.getSpec().network.selfHostedAgents.privateEndpoint = endpoint;
    return r;
  }

  private static PrivateVaultAccessSpec.PrivateEndpointSpec endpoint(String subnetId, String dns, boolean manual) {
    PrivateVaultAccessSpec.PrivateEndpointSpec e = new PrivateVaultAccessSpec.PrivateEndpointSpec();
    e.subnetId = subnetId;
    e.privateDnsZone = dns;
    e.manualApproval = manual ? true : null;
    return e;
  }

  /** A firewalled vault in a resource group of its own, so that tests share no private DNS zone. */
  private static String vault(String name) {
    return vault(name, "rg-" + name);
  }

  private static String vault(String name, String resourceGroup) {
    SimVaultId id = new SimVaultId(SUB, resourceGroup, name);
    h.azure.seedResourceGroup(SUB, id.resourceGroup());
    h.azure.keyVaults().create(id, "westeurope", h.azure.tenantId(), false, "Enabled", NetworkAcls.deny());
    return id.resourceId();
  }

  private static String zone(String vault) {
    return "/subscriptions/" + SUB + "/resourceGroups/" + id(vault).resourceGroup()
        + "/providers/Microsoft.Network/privateDnsZones/" + PrivateDnsZones.KEY_VAULT_ZONE;
  }

  private static SimVaultId id(String vault) {
    return SimVaultId.parse(vault);
  }

  private static PrivateVaultAccess awaitCondition(String namespace, String type, String reason) {
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      var c = condition(h.get(namespace, "pipelines"), type);
      return c != null && reason.equals(c.reason);
    });
    return h.get(namespace, "pipelines");
  }

  private static long networkWrites() {
    return h.azure.requests().count(r -> r.isWrite() && r.path().contains("/providers/Microsoft.Network/"));
  }

  // ---- virtual network rules ----

  @Test
  void subnetRuleAndIpRuleLandInOneVaultWriteAndTheSubnetReachesTheVault() {
    String vnet = network("rule");
    String vault = vault("kv-vnet-rule");
    String subnet = vnet + "/subnets/agents";
    h.apply(agents("agents-rule", vault, List.of(subnet.toUpperCase()), null, "52.1.2.3"));

    PrivateVaultAccess r = h.awaitReason("agents-rule", "pipelines", Reason.Converged);
    assertThat(h.writes(vault)).as("one write for the IP and the virtual network rule").isEqualTo(1);
    assertThat(h.ipRules(vault)).containsExactly("52.1.2.3/32");
    assertThat(h.azure.subnetAllowedByFirewall(subnet, id(vault))).isTrue();
    assertThat(r.getStatus().firewall.ownedVirtualNetworkRules).hasSize(1)
        .allSatisfy(s -> assertThat(s).isEqualToIgnoringCase(subnet));

    h.delete("agents-rule", "pipelines");
    h.awaitGone("agents-rule", "pipelines");
    assertThat(h.acls(vault).virtualNetworkRules()).isEmpty();
    assertThat(h.azure.subnetAllowedByFirewall(subnet, id(vault))).isFalse();
  }

  @Test
  void aSubnetWithoutTheServiceEndpointIsReportedAndLeftAloneUnlessAskedToEnableIt() {
    String vnet = network("se");
    String vault = vault("kv-vnet-se");
    String plain = vnet + "/subnets/plain";
    h.apply(agents("agents-se", vault, List.of(plain), null));

    PrivateVaultAccess r = awaitCondition("agents-se", Conditions.FIREWALL_READY, "ServiceEndpointMissing");
    assertThat(condition(r, Conditions.FIREWALL_READY).status).isEqualTo("False");
    assertThat(condition(r, Conditions.FIREWALL_READY).message).contains(plain).contains("Microsoft.KeyVault");
    assertThat(h.azure.virtualNetworks().getSubnet(plain).hasServiceEndpoint("Microsoft.KeyVault")).isFalse();
    assertThat(networkWrites()).as("the customer's subnet is not touched").isZero();
    assertThat(h.azure.subnetAllowedByFirewall(plain, id(vault))).isFalse();

    h.edit("agents-se", "pipelines", x -> {
      x.getSpec().network.selfHostedAgents.enableServiceEndpoint = true;
      return x;
    });
    h.awaitReason("agents-se", "pipelines", Reason.Converged);
    var subnet = h.azure.virtualNetworks().getSubnet(plain);
    assertThat(subnet.hasServiceEndpoint("Microsoft.KeyVault")).isTrue();
    assertThat(subnet.hasServiceEndpoint("Microsoft.Storage")).as("the subnet's other endpoints stay").isTrue();
    assertThat(h.azure.subnetAllowedByFirewall(plain, id(vault))).isTrue();
  }

  /**
   * Adding the service endpoint to the customer's subnet is a change like any other: listed (and only listed) in Plan
   * mode, then made once, shown in status.plan and in the FirewallUpdated Event.
   */
  @Test
  void theServiceEndpointIsAPlannedChangeListedInPlanModeAndRecordedWhenMade() {
    String vnet = network("sep");
    String vault = vault("kv-vnet-sep");
    String plain = vnet + "/subnets/plain";
    PrivateVaultAccess r = agents("agents-sep", vault, List.of(plain), null);
    r.getSpec().network.selfHostedAgents.enableServiceEndpoint = true;
    r.getSpec().mode = "Plan";
    long writes = networkWrites();
    h.apply(r);

    PrivateVaultAccess planned = awaitCondition("agents-sep", Conditions.FIREWALL_READY, "Planned");
    assertThat(planned.getStatus().plan).anySatisfy(c -> {
      assertThat(c.action).isEqualTo("Add");
      assertThat(c.target).isEqualTo("serviceEndpoint");
      assertThat(c.value).isEqualTo(plain);
    });
    assertThat(condition(planned, Conditions.FIREWALL_READY).message).contains("Add serviceEndpoint " + plain);
    assertThat(networkWrites()).as("Plan mode only lists it").isEqualTo(writes);
    assertThat(h.azure.virtualNetworks().getSubnet(plain).hasServiceEndpoint("Microsoft.KeyVault")).isFalse();

    // the subnet's update stays under way, so the reconcile that made it is the last with changes
    h.azure.operations().setDelay(Duration.ofMinutes(5));
    try {
      h.edit("agents-sep", "pipelines", x -> {
        x.getSpec().mode = "Apply";
        return x;
      });
      await().atMost(Duration.ofSeconds(20)).until(() -> networkWrites() == writes + 1);
      PrivateVaultAccess enabling = awaitCondition("agents-sep", Conditions.FIREWALL_READY, "Progressing");
      assertThat(enabling.getStatus().plan).extracting(c -> c.action + " " + c.target + " " + c.value)
          .contains("Add serviceEndpoint " + plain);
      assertThat(h.events("agents-sep", "pipelines")).anySatisfy(e -> {
        assertThat(e.getReason()).isEqualTo("FirewallUpdated");
        assertThat(e.getMessage()).contains("Add serviceEndpoint " + plain);
      });
    } finally {
      h.azure.operations().setDelay(LongRunningOperations.DEFAULT_DELAY);
      h.azure.operations().endAllNow();
    }
    h.awaitReason("agents-sep", "pipelines", Reason.Converged);
    assertThat(h.azure.virtualNetworks().getSubnet(plain).hasServiceEndpoint("Microsoft.KeyVault")).isTrue();
    assertThat(networkWrites()).as("the subnet is written once").isEqualTo(writes + 1);
    assertThat(h.azure.subnetAllowedByFirewall(plain, id(vault))).isTrue();
  }

  // ---- private endpoint and DNS ----

  @Test
  void automaticApprovalWithCreatedDnsMakesTheVaultReachableAndSteadyStateWritesNothing() {
    String vnet = network("auto");
    String vault = vault("kv-pe-auto");
    String subnet = vnet + "/subnets/agents";
    h.apply(agents("pe-auto", vault, null, endpoint(subnet, null, false)));

    PrivateVaultAccess r = h.awaitReason("pe-auto", "pipelines", Reason.Converged);
    PrivateEndpointStatus pe = r.getStatus().privateEndpoint;
    assertThat(pe.id()).contains("/resourceGroups/rg-kv-pe-auto/providers/Microsoft.Network/privateEndpoints/"
        + "vaultgate-kv-pe-auto-");
    assertThat(pe.connectionState()).isEqualTo("Approved");
    assertThat(pe.privateIpAddress()).startsWith("10.20.1.");
    assertThat(pe.fqdn()).isEqualTo("kv-pe-auto.privatelink.vaultcore.azure.net");
    assertThat(pe.operation()).isNull();
    assertThat(condition(r, Conditions.PRIVATE_ENDPOINT_READY).status).isEqualTo("True");
    assertThat(h.azure.agentReachesVaultPrivately(subnet, id(vault))).isTrue();

    String zone = zone(vault);
    assertThat(h.azure.privateDnsZones().find(zone)).isPresent();
    assertThat(h.azure.privateDnsZones().links(zone)).singleElement().satisfies(l -> {
      assertThat(l.virtualNetworkId()).isEqualToIgnoringCase(vnet);
      assertThat(l.registrationEnabled()).isFalse();
    });
    assertThat(h.azure.privateEndpoints().get(pe.id()).location()).isEqualTo("westeurope");
    assertThat(h.azure.privateDnsZones().findARecord(zone, "kv-pe-auto")).get()
        .satisfies(a -> assertThat(a.ipv4Addresses()).containsExactly(pe.privateIpAddress()));

    long writes = h.azure.requests().writes();
    long reads = h.reads(vault);
    long endpointReads = endpointGets(pe.id());
    await().atMost(Duration.ofSeconds(20)).until(() -> h.reads(vault) >= reads + 3);
    assertThat(h.azure.requests().writes()).as("no write at steady state").isEqualTo(writes);
    // the endpoint capability and the access verdict share one read of the endpoint per pass
    assertThat(endpointGets(pe.id()) - endpointReads).as("one endpoint read per resync")
        .isLessThanOrEqualTo(h.reads(vault) - reads);
  }

  @Test
  void manualApprovalWaitsForTheVaultOwnerAndReportsRejection() {
    String vnet = network("manual");
    String vault = vault("kv-pe-manual");
    String subnet = vnet + "/subnets/agents";
    h.apply(agents("pe-manual", vault, null, endpoint(subnet, "None", true)));

    PrivateVaultAccess r = awaitCondition("pe-manual", Conditions.PRIVATE_ENDPOINT_READY, "WaitingForApproval");
    var waiting = condition(r, Conditions.PRIVATE_ENDPOINT_READY);
    assertThat(waiting.status).isEqualTo("False");
    assertThat(waiting.severity).isEqualTo("Info");
    assertThat(r.getStatus().privateEndpoint.connectionState()).isEqualTo("Pending");
    assertThat(h.azure.agentReachesVaultPrivately(subnet, id(vault))).isFalse();

    String connection = h.azure.keyVaults().privateEndpointConnectionFrom(id(vault), r.getStatus().privateEndpoint
        .id()).orElseThrow().name();
    h.azure.keyVaults().approvePrivateEndpointConnection(id(vault), connection);
    PrivateVaultAccess approved = h.awaitReason("pe-manual", "pipelines", Reason.Converged);
    assertThat(condition(approved, Conditions.PRIVATE_ENDPOINT_READY).message).contains("privateDnsZone: None")
        .contains("kv-pe-manual.privatelink.vaultcore.azure.net");
    assertThat(h.azure.privateDnsZones().find(zone(vault))).isEmpty();
    assertThat(h.azure.privateEndpoints().zoneGroup(approved.getStatus().privateEndpoint.id())).isEmpty();

    h.azure.keyVaults().rejectPrivateEndpointConnection(id(vault), connection);
    PrivateVaultAccess rejected = awaitCondition("pe-manual", Conditions.PRIVATE_ENDPOINT_READY,
        "PrivateEndpointRejected");
    assertThat(condition(rejected, Conditions.STALLED).status).isEqualTo("True");

    h.azure.keyVaults().disconnectPrivateEndpointConnection(id(vault), connection);
    PrivateVaultAccess disconnected = awaitCondition("pe-manual", Conditions.PRIVATE_ENDPOINT_READY,
        "PrivateEndpointDisconnected");
    assertThat(condition(disconnected, Conditions.PRIVATE_ENDPOINT_READY).message).contains("Disconnected");
  }

  @Test
  void anExistingZoneIsUsedAsIsAndKeptOnDelete() {
    String vnet = network("byo");
    String vault = vault("kv-pe-byo");
    String subnet = vnet + "/subnets/agents";
    String zone = h.azure.privateDnsZones().create(SUB, "rg-dns", PrivateDnsZones.KEY_VAULT_ZONE).resourceId();
    h.apply(agents("pe-byo", vault, null, endpoint(subnet, zone, false)));

    PrivateVaultAccess r = h.awaitReason("pe-byo", "pipelines", Reason.Converged);
    assertThat(h.azure.agentReachesVaultPrivately(subnet, id(vault))).isTrue();
    assertThat(r.getStatus().privateEndpoint.dnsZoneId()).isEqualToIgnoringCase(zone);
    assertThat(h.azure.privateDnsZones().find(zone(vault)))
        .as("no zone created in the vault's group").isEmpty();

    h.delete("pe-byo", "pipelines");
    h.awaitGone("pe-byo", "pipelines");
    assertThat(h.azure.privateEndpoints().find(r.getStatus().privateEndpoint.id())).isEmpty();
    assertThat(h.azure.privateDnsZones().find(zone)).as("the user's zone stays").isPresent();
    assertThat(h.azure.privateDnsZones().links(zone)).as("the link vaultgate made goes").isEmpty();
  }

  @Test
  void aLongRunningCreateIsResumedByAnotherOperatorWithoutASecondCreate() {
    String vnet = network("resume");
    String vault = vault("kv-pe-resume");
    String subnet = vnet + "/subnets/agents";
    h.azure.operations().setDelay(Duration.ofMinutes(5));
    try {
      h.apply(agents("pe-resume", vault, null, endpoint(subnet, "None", false)));
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        PrivateVaultAccess r = h.get("pe-resume", "pipelines");
        return r.getStatus() != null && r.getStatus().privateEndpoint != null
            && r.getStatus().privateEndpoint.operation() != null;
      });
      h.stopOperator();
      h.azure.operations().endAllNow();
      h.azure.operations().setDelay(Duration.ofMillis(100));
      h.startOperator();
      PrivateVaultAccess r = h.awaitReason("pe-resume", "pipelines", Reason.Converged);
      assertThat(r.getStatus().privateEndpoint.operation()).isNull();
      assertThat(h.azure.requests().count(q -> "PUT".equals(q.method())
          && q.path().endsWith(r.getStatus().privateEndpoint.id().substring(r.getStatus().privateEndpoint.id()
          .lastIndexOf('/'))) && q.path().contains("/privateEndpoints/"))).as("created once").isEqualTo(1);
      assertThat(h.azure.requests().count(q -> q.route().contains("operations") && q.isRead()))
          .as("the kept operation URL was polled").isPositive();
    } finally {
      h.azure.operations().setDelay(Duration.ofMillis(100));
      if (!h.running()) {
        h.startOperator();
      }
    }
  }

  @Test
  void driftIsHealedOnResync() {
    String vnet = network("drift");
    String vault = vault("kv-pe-drift");
    String subnet = vnet + "/subnets/agents";
    h.apply(agents("pe-drift", vault, List.of(subnet), endpoint(subnet, null, false)));
    PrivateVaultAccess r = h.awaitReason("pe-drift", "pipelines", Reason.Converged);
    String pe = r.getStatus().privateEndpoint.id();
    String zone = zone(vault);

    h.azure.privateEndpoints().delete(pe);
    String link = h.azure.privateDnsZones().links(zone).get(0).name();
    h.azure.privateDnsZones().deleteLink(zone, link);
    NetworkAcls acls = h.acls(vault);
    h.azure.keyVaults().setNetworkAcls(id(vault), new NetworkAcls(acls.bypass(), acls.defaultAction(),
        acls.ipRules(), List.of()));
    assertThat(h.azure.agentReachesVaultPrivately(subnet, id(vault))).isFalse();

    await().atMost(Duration.ofSeconds(30)).until(() -> h.azure.agentReachesVaultPrivately(subnet, id(vault))
        && h.azure.subnetAllowedByFirewall(subnet, id(vault)));
    assertThat(h.azure.privateDnsZones().findLink(zone, link)).isPresent();
  }

  @Test
  void deletingOneOfTwoResourcesSharingTheZoneKeepsItUntilTheLast() {
    String vnet = network("shared");
    String first = vault("kv-pe-share-a", "rg-shared");
    String second = vault("kv-pe-share-b", "rg-shared");
    String subnet = vnet + "/subnets/agents";
    h.apply(agents("pe-share-a", first, null, endpoint(subnet, null, false)));
    h.awaitReason("pe-share-a", "pipelines", Reason.Converged);
    h.apply(agents("pe-share-b", second, null, endpoint(subnet, null, false)));
    h.awaitReason("pe-share-b", "pipelines", Reason.Converged);
    String zone = zone(first);
    assertThat(h.azure.privateDnsZones().links(zone)).hasSize(1);

    h.delete("pe-share-a", "pipelines");
    h.awaitGone("pe-share-a", "pipelines");
    assertThat(h.azure.privateDnsZones().find(zone)).isPresent();
    assertThat(h.azure.privateDnsZones().links(zone)).hasSize(1);
    assertThat(h.azure.agentReachesVaultPrivately(subnet, id(second))).isTrue();
    assertThat(h.azure.agentReachesVaultPrivately(subnet, id(first))).isFalse();

    h.delete("pe-share-b", "pipelines");
    h.awaitGone("pe-share-b", "pipelines");
    assertThat(h.azure.privateDnsZones().find(zone)).as("created by vaultgate, now unused").isEmpty();
    assertThat(h.azure.privateEndpoints().all()).noneMatch(p -> p.resourceId().contains("kv-pe-share"));
  }

  @Test
  void detachOnDeleteLeavesTheEndpointAndDnsInPlace() {
    String vnet = network("detach");
    String vault = vault("kv-pe-detach");
    String subnet = vnet + "/subnets/agents";
    PrivateVaultAccess r = agents("pe-detach", vault, null, endpoint(subnet, null, false));
    r.getMetadata().setAnnotations(OperatorHarness.annotations(PrivateVaultAccess.RECONCILE_POLICY_ANNOTATION,
        "detach-on-delete"));
    h.apply(r);
    h.awaitReason("pe-detach", "pipelines", Reason.Converged);

    h.delete("pe-detach", "pipelines");
    h.awaitGone("pe-detach", "pipelines");
    assertThat(h.azure.agentReachesVaultPrivately(subnet, id(vault))).isTrue();
    assertThat(h.azure.privateDnsZones().find(zone(vault))).isPresent();
  }

  @Test
  void planModeListsTheEndpointZoneLinkAndRuleWithoutWriting() {
    String vnet = network("plan");
    String vault = vault("kv-pe-plan");
    String subnet = vnet + "/subnets/agents";
    PrivateVaultAccess r = agents("pe-plan", vault, List.of(subnet), endpoint(subnet, null, false));
    r.getSpec().mode = "Plan";
    long writes = h.azure.requests().writes();
    h.apply(r);
    PrivateVaultAccess planned = awaitCondition("pe-plan", Conditions.PRIVATE_ENDPOINT_READY, "Planned");
    assertThat(planned.getStatus().plan).extracting(c -> c.value)
        .anySatisfy(t -> assertThat(t).containsIgnoringCase("privateEndpoints/vaultgate-kv-pe-plan"))
        .anySatisfy(t -> assertThat(t).endsWith("privateDnsZones/privatelink.vaultcore.azure.net"))
        .anySatisfy(t -> assertThat(t).contains("virtualNetworkLinks/"))
        .anySatisfy(t -> assertThat(t).isEqualToIgnoringCase(subnet));
    assertThat(h.azure.requests().writes()).isEqualTo(writes);
  }


  private long endpointGets(String endpointId) {
    return h.azure.requests().count(q -> "GET".equals(q.method()) && q.path().equalsIgnoreCase(endpointId));
  }
}
