package io.vaultgate.reconcile;

import static io.vaultgate.reconcile.OperatorHarness.condition;
import static io.vaultgate.reconcile.OperatorHarness.pva;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vaultgate.api.Conditions;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.PrivateVaultAccessSpec;
import io.vaultgate.api.Reason;
import io.vaultgate.simulator.RecordedRequest;
import io.vaultgate.simulator.arm.keyvault.NetworkAcls;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import io.vaultgate.simulator.arm.network.SubnetSpec;
import io.vaultgate.simulator.arm.privatedns.PrivateDnsZones;
import io.vaultgate.simulator.devops.Project;
import io.vaultgate.simulator.graph.Directory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A resource whose prerequisites are not all there makes no write at all — not the vault's firewall or access
 * policy, no role assignment, no private endpoint, nothing in Microsoft Graph or Azure DevOps — and says what is
 * missing; one that loses a prerequisite later keeps what it holds and adds nothing. Counted from the simulator's
 * request log, over every service, for the first pass and the retry after it.
 */
class ObserveBeforeActingTest {

  static final String ORG = "contoso";
  static final String SUB = OperatorHarness.SUBSCRIPTION;
  static final String NAMESPACE = "observe";

  @RegisterExtension
  static final OperatorHarness h = new OperatorHarness();

  static Project project;
  static String vnet;

  @BeforeAll
  static void seed() {
    h.azure.devOps().seedOrganization(ORG);
    project = h.azure.devOps().seedProject(ORG, "payments");
    h.azure.virtualNetworks().create(SUB, "rg-agents", "vnet-observe", "westeurope", List.of("10.30.0.0/16"),
        List.of(SubnetSpec.of("agents", "10.30.1.0/24", "Microsoft.KeyVault")));
    vnet = "/subscriptions/" + SUB + "/resourceGroups/rg-agents/providers/Microsoft.Network/virtualNetworks/"
        + "vnet-observe";
  }

  /** Each test's resource goes, so that no retry of it counts in the next test. */
  @AfterEach
  void deleteTheResource() {
    if (h.get(NAMESPACE, "pipelines") != null) {
      h.delete(NAMESPACE, "pipelines");
      h.awaitGone(NAMESPACE, "pipelines");
    }
  }

  @Test
  void aProjectThatDoesNotExistWritesNothing() {
    String vault = h.createVault("kv-obs-project", NetworkAcls.deny());
    Directory.AppRegistration app = h.azure.directory().seedApp("pipelines-obs-project");
    PrivateVaultAccess r = withConnection(withApp(pva(NAMESPACE, "pipelines", vault, "UnitedStates"), app.appId()),
        "kv-obs-project");
    r.getSpec().devOps.project = "nosuchproject";
    long from = System.nanoTime();
    h.apply(r);

    PrivateVaultAccess done = h.awaitReason(NAMESPACE, "pipelines", Reason.ProjectNotFound);
    assertThat(condition(done, Conditions.SERVICE_CONNECTION_READY).message).contains("'nosuchproject'");
    assertNoWriteSince(from);
    assertThat(h.ipRules(vault)).isEmpty();
    assertThat(h.azure.keyVaults().accessPolicies(SimVaultId.parse(vault))).isEmpty();
  }

  @Test
  void anIdentityThatDoesNotExistWritesNothing() {
    String vault = h.createVault("kv-obs-identity", NetworkAcls.deny());
    long from = System.nanoTime();
    h.apply(withApp(pva(NAMESPACE, "pipelines", vault, "UnitedStates"), "0f0f0f0f-0000-4000-8000-00000000000b"));

    PrivateVaultAccess done = h.awaitReason(NAMESPACE, "pipelines", Reason.IdentityNotFound);
    assertThat(condition(done, Conditions.FIREWALL_READY).status).isEqualTo("False");
    assertNoWriteSince(from);
    assertThat(h.ipRules(vault)).isEmpty();
  }

  @Test
  void aVirtualNetworkRuleSubnetThatDoesNotExistWritesNothing() {
    String vault = h.createVault("kv-obs-subnet", NetworkAcls.deny());
    String missing = vnet + "/subnets/nosuchsubnet";
    PrivateVaultAccess r = pva(NAMESPACE, "pipelines", vault, "UnitedStates", "52.1.2.3");
    r.getSpec().network.selfHostedAgents = new PrivateVaultAccessSpec.SelfHostedAgentsSpec();
    r.getSpec().network.selfHostedAgents.subnetIds = List.of(missing);
    long from = System.nanoTime();
    h.apply(r);

    PrivateVaultAccess done = h.awaitReason(NAMESPACE, "pipelines", Reason.SubnetNotFound);
    assertThat(condition(done, Conditions.FIREWALL_READY).message).contains(missing).contains("was not found");
    assertNoWriteSince(from);
    assertThat(h.ipRules(vault)).isEmpty();
  }

  @Test
  void aPrivateEndpointSubnetThatDoesNotExistWritesNothing() {
    String vault = h.createVault("kv-obs-pesubnet", NetworkAcls.deny());
    String missing = "/subscriptions/" + SUB + "/resourceGroups/rg-agents/providers/Microsoft.Network/"
        + "virtualNetworks/vnet-nosuch/subnets/agents";
    long from = System.nanoTime();
    h.apply(withEndpoint(pva(NAMESPACE, "pipelines", vault, "UnitedStates"), missing, "Create"));

    PrivateVaultAccess done = h.awaitReason(NAMESPACE, "pipelines", Reason.SubnetNotFound);
    assertThat(condition(done, Conditions.PRIVATE_ENDPOINT_READY).message).contains(missing);
    assertNoWriteSince(from);
    assertThat(h.ipRules(vault)).isEmpty();
    assertThat(done.getStatus().privateEndpoint).isNull();
  }

  @Test
  void aPrivateDnsZoneThatDoesNotExistWritesNothing() {
    String vault = h.createVault("kv-obs-zone", NetworkAcls.deny());
    String zone = "/subscriptions/" + SUB + "/resourceGroups/rg-dns-nosuch/providers/Microsoft.Network/"
        + "privateDnsZones/" + PrivateDnsZones.KEY_VAULT_ZONE;
    long from = System.nanoTime();
    h.apply(withEndpoint(pva(NAMESPACE, "pipelines", vault, "UnitedStates"), vnet + "/subnets/agents", zone));

    PrivateVaultAccess done = h.awaitReason(NAMESPACE, "pipelines", Reason.DnsZoneNotFound);
    assertThat(condition(done, Conditions.PRIVATE_ENDPOINT_READY).message).contains(zone);
    assertNoWriteSince(from);
    assertThat(h.ipRules(vault)).isEmpty();
    assertThat(h.azure.privateEndpoints().all()).isEmpty();
  }

  @Test
  void aServiceConnectionNameTakenByAnotherConnectionWritesNothing() {
    String vault = h.createVault("kv-obs-taken", NetworkAcls.deny());
    Directory.AppRegistration app = h.azure.directory().seedApp("pipelines-obs-taken");
    String theirs = new DevOpsAdmin(h.azure).createConnection(ORG, project.id(), "kv-obs-taken", h.azure.tenantId(),
        app.appId()).path("id").asText();
    // set up: Azure DevOps lists a connection by name only once it is ready
    await().atMost(Duration.ofSeconds(10)).until(() -> h.azure.devOps().serviceEndpoints().find(ORG, theirs)
        .orElseThrow().isReady());
    long from = System.nanoTime();
    h.apply(withConnection(withApp(pva(NAMESPACE, "pipelines", vault, "UnitedStates"), app.appId()),
        "kv-obs-taken"));

    PrivateVaultAccess done = h.awaitReason(NAMESPACE, "pipelines", Reason.NameConflict);
    assertThat(condition(done, Conditions.STALLED).status).isEqualTo("True");
    assertThat(condition(done, Conditions.SERVICE_CONNECTION_READY).message).contains("'kv-obs-taken'")
        .contains("not this resource's");
    assertNoWriteSince(from);
    assertThat(h.ipRules(vault)).isEmpty();
    assertThat(h.azure.keyVaults().accessPolicies(SimVaultId.parse(vault))).isEmpty();
    assertThat(h.azure.directory().federatedCredentials(app.appId())).isEmpty();
  }

  /**
   * Losing a prerequisite later holds the resource: what it made stays (not torn down, not recorded twice), a spec
   * change adds nothing until the prerequisite is back, and dropping the part of the spec that needs it lets the
   * rest converge again.
   */
  @Test
  void aResourceThatLosesItsIdentityKeepsWhatItHoldsAndAddsNothing() {
    String vault = h.createVault("kv-obs-hold", NetworkAcls.deny());
    Directory.AppRegistration app = h.azure.directory().seedApp("pipelines-obs-hold");
    h.apply(withApp(pva(NAMESPACE, "pipelines", vault, "UnitedStates"), app.appId()));
    PrivateVaultAccess converged = h.awaitReason(NAMESPACE, "pipelines", Reason.Converged);
    List<String> rules = h.ipRules(vault);
    var policies = h.azure.keyVaults().accessPolicies(SimVaultId.parse(vault));
    assertThat(policies).isNotEmpty();

    h.azure.directory().deleteApp(app.appId());
    long from = System.nanoTime();
    h.edit(NAMESPACE, "pipelines", x -> {
      x.getSpec().network.additionalIpRanges = List.of("52.1.2.3");
      return x;
    });
    PrivateVaultAccess held = h.awaitReason(NAMESPACE, "pipelines", Reason.IdentityNotFound);
    assertNoWriteSince(from);
    assertThat(h.ipRules(vault)).as("nothing added, nothing removed").isEqualTo(rules);
    assertThat(h.azure.keyVaults().accessPolicies(SimVaultId.parse(vault))).isEqualTo(policies);
    assertThat(held.getStatus().firewall.ownedIpRules).isEqualTo(converged.getStatus().firewall.ownedIpRules);
    assertThat(held.getStatus().secretAccess.ownedSecretPermissions)
        .isEqualTo(converged.getStatus().secretAccess.ownedSecretPermissions);
    assertThat(condition(held, Conditions.READY).message).contains("keeps what it holds");

    h.edit(NAMESPACE, "pipelines", x -> {
      x.getSpec().identity = null;
      return x;
    });
    h.awaitReason(NAMESPACE, "pipelines", Reason.Converged);
    assertThat(h.ipRules(vault)).contains("52.1.2.3/32");
    assertThat(h.azure.keyVaults().accessPolicies(SimVaultId.parse(vault))).as("the policy it added goes")
        .isEmpty();
  }

  // ---- helpers ----

  private static PrivateVaultAccess withApp(PrivateVaultAccess r, String appId) {
    r.getSpec().identity = new PrivateVaultAccessSpec.IdentitySpec();
    r.getSpec().identity.applicationClientId = appId;
    return r;
  }

  private static PrivateVaultAccess withConnection(PrivateVaultAccess r, String name) {
    r.getSpec().serviceConnection = new PrivateVaultAccessSpec.ServiceConnectionSpec();
    r.getSpec().serviceConnection.name = name;
    return r;
  }

  private static PrivateVaultAccess withEndpoint(PrivateVaultAccess r, String subnetId, String dnsZone) {
    r.getSpec().network.selfHostedAgents = new PrivateVaultAccessSpec.SelfHostedAgentsSpec();
    r.getSpec().network.selfHostedAgents.privateEndpoint = new PrivateVaultAccessSpec.PrivateEndpointSpec();
    r.getSpec().network.selfHostedAgents.privateEndpoint.subnetId = subnetId;
    r.getSpec().network.selfHostedAgents.privateEndpoint.privateDnsZone = dnsZone;
    return r;
  }

  /** No write to any service since {@code from}, by the pass that reported nor by the retry after it. */
  private static void assertNoWriteSince(long from) {
    Predicate<RecordedRequest> since = q -> q.nanoTime() > from;
    assertThat(writes(since)).as("writes").isEmpty();
    long reads = h.azure.requests().count(since.and(RecordedRequest::isRead));
    await().atMost(Duration.ofSeconds(20))
        .until(() -> h.azure.requests().count(since.and(RecordedRequest::isRead)) > reads);
    assertThat(writes(since)).as("writes, after a retry").isEmpty();
  }

  private static List<String> writes(Predicate<RecordedRequest> since) {
    return h.azure.requests().snapshot().stream().filter(since.and(RecordedRequest::isWrite))
        .map(q -> q.service() + " " + q.method() + " " + q.path()).toList();
  }
}
