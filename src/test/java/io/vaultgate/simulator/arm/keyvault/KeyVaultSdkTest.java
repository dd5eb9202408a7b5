package io.vaultgate.simulator.arm.keyvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.rest.Response;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.Context;
import com.azure.resourcemanager.keyvault.KeyVaultManager;
import com.azure.resourcemanager.keyvault.fluent.VaultsClient;
import com.azure.resourcemanager.keyvault.fluent.models.VaultAccessPolicyParametersInner;
import com.azure.resourcemanager.keyvault.fluent.models.VaultInner;
import com.azure.resourcemanager.keyvault.models.AccessPolicyEntry;
import com.azure.resourcemanager.keyvault.models.AccessPolicyUpdateKind;
import com.azure.resourcemanager.keyvault.models.IpRule;
import com.azure.resourcemanager.keyvault.models.NetworkRuleAction;
import com.azure.resourcemanager.keyvault.models.NetworkRuleBypassOptions;
import com.azure.resourcemanager.keyvault.models.NetworkRuleSet;
import com.azure.resourcemanager.keyvault.models.Permissions;
import com.azure.resourcemanager.keyvault.models.SecretPermissions;
import com.azure.resourcemanager.keyvault.models.Sku;
import com.azure.resourcemanager.keyvault.models.SkuFamily;
import com.azure.resourcemanager.keyvault.models.SkuName;
import com.azure.resourcemanager.keyvault.models.VaultAccessPolicyProperties;
import com.azure.resourcemanager.keyvault.models.VaultCreateOrUpdateParameters;
import com.azure.resourcemanager.keyvault.models.VaultPatchParameters;
import com.azure.resourcemanager.keyvault.models.VaultPatchProperties;
import com.azure.resourcemanager.keyvault.models.VirtualNetworkRule;
import io.vaultgate.simulator.AzureSimulator;
import io.vaultgate.simulator.FaultAction;
import io.vaultgate.simulator.FaultRule;
import io.vaultgate.simulator.TestIds;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The real Azure SDK for Java, over its real HTTP pipeline, against the simulated ARM. */
class KeyVaultSdkTest {
  private static AzureSimulator sim;
  private static VaultsClient vaults;

  @BeforeAll
  static void start() {
    sim = AzureSimulator.start();
    sim.seedResourceGroup(TestIds.SUBSCRIPTION, TestIds.RESOURCE_GROUP);
    // The library as shipped sends 2025-05-01, served until its retirement; the product moves its own calls on.
    sim.clock().set(KeyVaultApiVersions.RETIREMENT.minus(Duration.ofDays(1)));

    // Configured by hand here (rather than with the simulator's helpers) to show and pin the exact wiring.
    Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
    endpoints.put("resourceManagerEndpointUrl", sim.armBaseUrl());
    AzureProfile profile = new AzureProfile(TestIds.TENANT, TestIds.SUBSCRIPTION, new AzureEnvironment(endpoints));
    TokenCredential credential = request ->
        Mono.just(new AccessToken(sim.bearerToken(), OffsetDateTime.now().plusHours(1)));
    KeyVaultManager manager = KeyVaultManager.configure()
        .withHttpClient(new JdkHttpClientBuilder(
            java.net.http.HttpClient.newBuilder().sslContext(sim.sslContext())).build())
        .authenticate(credential, profile);
    vaults = manager.serviceClient().getVaults();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @Test
  void getsAVaultWithItsNetworkAcls() {
    SimVaultId id = TestIds.freshVault();
    sim.keyVaults().create(id, "westeurope", TestIds.TENANT, true, "Enabled",
        NetworkAcls.deny("20.37.194.0/24", "1.2.3.4"));

    Response<VaultInner> response =
        vaults.getByResourceGroupWithResponse(id.resourceGroup(), id.name(), Context.NONE);

    assertThat(response.getStatusCode()).isEqualTo(200);
    VaultInner vault = response.getValue();
    assertThat(vault.id()).isEqualTo(id.resourceId());
    assertThat(vault.name()).isEqualTo(id.name());
    assertThat(vault.type()).isEqualTo("Microsoft.KeyVault/vaults");
    assertThat(vault.properties().tenantId()).hasToString(TestIds.TENANT);
    assertThat(vault.properties().enableRbacAuthorization()).isTrue();
    assertThat(vault.properties().publicNetworkAccess()).isEqualTo("Enabled");
    assertThat(vault.properties().vaultUri()).isEqualTo("https://" + id.name() + ".vault.azure.net/");
    NetworkRuleSet acls = vault.properties().networkAcls();
    assertThat(acls.defaultAction()).isEqualTo(NetworkRuleAction.DENY);
    assertThat(acls.bypass()).isEqualTo(NetworkRuleBypassOptions.AZURE_SERVICES);
    assertThat(acls.ipRules()).extracting(IpRule::value).containsExactly("20.37.194.0/24", "1.2.3.4/32");
  }

  @Test
  void patchReplacesTheWholeNetworkAclsAndReadsBack() {
    SimVaultId id = TestIds.freshVault();
    TestIds.seedSubnets(sim, "Agents");
    sim.keyVaults().create(id, "westeurope", TestIds.TENANT, true, "Enabled", NetworkAcls.deny("20.37.194.0/24"));
    NetworkRuleSet wanted = new NetworkRuleSet()
        .withBypass(NetworkRuleBypassOptions.NONE)
        .withDefaultAction(NetworkRuleAction.DENY)
        .withIpRules(List.of(new IpRule().withValue("20.41.6.0/23"), new IpRule().withValue("52.150.138.7")))
        .withVirtualNetworkRules(List.of(new VirtualNetworkRule().withId(TestIds.subnet("Agents"))));

    Response<VaultInner> response = vaults.updateWithResponse(id.resourceGroup(), id.name(),
        new VaultPatchParameters().withProperties(new VaultPatchProperties().withNetworkAcls(wanted)),
        Context.NONE);

    assertThat(response.getStatusCode()).isEqualTo(200);
    NetworkRuleSet returned = response.getValue().properties().networkAcls();
    NetworkRuleSet reread = vaults.getByResourceGroupWithResponse(id.resourceGroup(), id.name(), Context.NONE)
        .getValue().properties().networkAcls();
    for (NetworkRuleSet acls : List.of(returned, reread)) {
      assertThat(acls.bypass()).isEqualTo(NetworkRuleBypassOptions.NONE);
      assertThat(acls.defaultAction()).isEqualTo(NetworkRuleAction.DENY);
      assertThat(acls.ipRules()).extracting(IpRule::value).containsExactly("20.41.6.0/23", "52.150.138.7/32");
      assertThat(acls.virtualNetworkRules()).extracting(VirtualNetworkRule::id)
          .containsExactly(TestIds.subnet("Agents").toLowerCase());
    }
    assertThat(sim.keyVaults().networkAcls(id)).contains(new NetworkAcls("None", "Deny",
        List.of("20.41.6.0/23", "52.150.138.7/32"),
        List.of(SimVirtualNetworkRule.of(TestIds.subnet("Agents").toLowerCase()))));
    assertThat(sim.requests().count(r -> r.method().equals("PATCH") && r.isUnder(id.resourceId()))).isEqualTo(1);
  }

  @Test
  void addsAndRemovesAccessPolicyPermissions() {
    SimVaultId id = TestIds.freshVault();
    sim.keyVaults().create(id, "westeurope", TestIds.TENANT, false, "Enabled", null);
    String principal = UUID.randomUUID().toString();

    Response<VaultAccessPolicyParametersInner> added = vaults.updateAccessPolicyWithResponse(id.resourceGroup(),
        id.name(), AccessPolicyUpdateKind.ADD, secretPolicy(principal, SecretPermissions.GET, SecretPermissions.LIST),
        Context.NONE);

    assertThat(added.getStatusCode()).isEqualTo(200);
    assertThat(added.getValue().type()).isEqualTo("Microsoft.KeyVault/vaults/accessPolicies");
    assertThat(added.getValue().properties().accessPolicies()).singleElement().satisfies(entry -> {
      assertThat(entry.objectId()).isEqualTo(principal);
      assertThat(entry.permissions().secrets()).containsExactly(SecretPermissions.GET, SecretPermissions.LIST);
    });
    assertThat(sim.canReadSecrets(id, principal)).isTrue();
    VaultInner read = vaults.getByResourceGroupWithResponse(id.resourceGroup(), id.name(), Context.NONE).getValue();
    assertThat(read.properties().accessPolicies()).singleElement()
        .satisfies(entry -> assertThat(entry.tenantId()).hasToString(TestIds.TENANT));

    assertThat(read.properties().accessPolicies().get(0).permissions().secrets()).as("the service's spelling")
        .extracting(SecretPermissions::toString).containsExactly("Get", "List");

    // the SDK's constants are lower case: the service matches none of them and answers 200 (specs issue #42963)
    Response<VaultAccessPolicyParametersInner> missed = vaults.updateAccessPolicyWithResponse(id.resourceGroup(),
        id.name(), AccessPolicyUpdateKind.REMOVE, secretPolicy(principal, SecretPermissions.LIST), Context.NONE);
    assertThat(missed.getStatusCode()).isEqualTo(200);
    assertThat(sim.canReadSecrets(id, principal)).isTrue();
    vaults.updateAccessPolicyWithResponse(id.resourceGroup(), id.name(), AccessPolicyUpdateKind.REMOVE,
        secretPolicy(principal, SecretPermissions.fromString("List")), Context.NONE);

    assertThat(sim.keyVaults().accessPolicies(id)).singleElement()
        .satisfies(entry -> assertThat(entry.permissions().secrets()).containsExactly("Get"));
    assertThat(sim.canReadSecrets(id, principal)).isFalse();
    assertThat(sim.requests().writes("arm", id.resourceId())).isEqualTo(3);
  }

  private static VaultAccessPolicyParametersInner secretPolicy(String objectId, SecretPermissions... secrets) {
    return new VaultAccessPolicyParametersInner().withProperties(new VaultAccessPolicyProperties()
        .withAccessPolicies(List.of(new AccessPolicyEntry().withTenantId(UUID.fromString(TestIds.TENANT))
            .withObjectId(objectId).withPermissions(new Permissions().withSecrets(List.of(secrets))))));
  }

  @Test
  void aMissingVaultIsAManagementExceptionWithArmsCode() {
    SimVaultId id = TestIds.freshVault();

    assertThatThrownBy(() -> vaults.getByResourceGroupWithResponse(id.resourceGroup(), id.name(), Context.NONE))
        .isInstanceOfSatisfying(ManagementException.class, e -> {
          assertThat(e.getResponse().getStatusCode()).isEqualTo(404);
          assertThat(e.getValue().getCode()).isEqualTo("ResourceNotFound");
          assertThat(e.getValue().getMessage()).contains("Microsoft.KeyVault/vaults/" + id.name());
        });
  }

  @Test
  void theSdkRetriesInjectedFaultsAndGetsThrough() {
    SimVaultId id = TestIds.freshVault();
    sim.keyVaults().create(id, "westeurope", TestIds.TENANT, true, "Enabled", NetworkAcls.deny("20.37.194.0/24"));
    // The simulator's helpers give the same wiring as start(); short fixed retry delays keep the test fast.
    VaultsClient retrying = KeyVaultManager.configure()
        .withHttpClient(sim.sdkHttpClient())
        .withRetryOptions(new RetryOptions(new FixedDelayOptions(3, Duration.ofMillis(5))))
        .authenticate(sim.tokenCredential(),
            new AzureProfile(TestIds.TENANT, TestIds.SUBSCRIPTION, sim.azureEnvironment()))
        .serviceClient().getVaults();
    sim.faults().add(FaultRule.next(1, "arm", FaultAction.serverError(503)).withPathMatching(id.name()));
    sim.faults().add(FaultRule.next(1, "arm", FaultAction.tooManyRequests(0)).withPathMatching(id.name()));
    sim.faults().add(FaultRule.next(1, "arm", FaultAction.reset()).withMethod("PATCH").withPathMatching(id.name()));

    VaultInner read =
        retrying.getByResourceGroupWithResponse(id.resourceGroup(), id.name(), Context.NONE).getValue();
    VaultInner patched = retrying.updateWithResponse(id.resourceGroup(), id.name(), new VaultPatchParameters()
        .withProperties(new VaultPatchProperties().withNetworkAcls(new NetworkRuleSet()
            .withIpRules(List.of(new IpRule().withValue("20.42.134.0/23"))))), Context.NONE).getValue();

    assertThat(read.name()).isEqualTo(id.name());
    assertThat(patched.properties().networkAcls().ipRules()).extracting(IpRule::value)
        .containsExactly("20.42.134.0/23");
    assertThat(sim.requests().snapshot()).filteredOn(r -> r.isUnder(id.resourceId()))
        .extracting(r -> r.method() + " " + r.status())
        .containsExactly("GET 503", "GET 429", "GET 200", "PATCH -1", "PATCH 200");
  }

  @Test
  void createOrUpdateCompletesWithoutPolling() {
    SimVaultId id = TestIds.freshVault();
    long started = System.nanoTime();

    VaultInner created = vaults.createOrUpdate(id.resourceGroup(), id.name(), new VaultCreateOrUpdateParameters()
        .withLocation("West Europe")
        .withProperties(new com.azure.resourcemanager.keyvault.models.VaultProperties()
            .withTenantId(UUID.fromString(TestIds.TENANT))
            .withSku(new Sku().withFamily(SkuFamily.A).withName(SkuName.STANDARD))
            .withNetworkAcls(new NetworkRuleSet().withDefaultAction(NetworkRuleAction.DENY)
                .withIpRules(List.of(new IpRule().withValue("40.74.28.0/23"))))));

    // The SDK would wait its 30 s poll interval had it not taken the 201's terminal state as done.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertThat(created.location()).isEqualTo("westeurope");
    assertThat(created.properties().provisioningState().toString()).isEqualTo("Succeeded");
    assertThat(sim.keyVaults().get(id).networkAcls().ipRules()).containsExactly("40.74.28.0/23");
    assertThat(sim.requests().writes("arm", id.resourceId())).isEqualTo(1);
    assertThat(sim.requests().reads("arm", id.resourceId())).isZero();
  }
}
