package io.vaultgate.simulator.arm.keyvault;

import static io.vaultgate.simulator.ArmClient.vaultBody;
import static io.vaultgate.simulator.ArmClient.vaultPath;
import static io.vaultgate.simulator.NetworkFixtures.NETWORK_API;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultgate.simulator.ArmClient;
import io.vaultgate.simulator.NetworkFixtures;
import io.vaultgate.simulator.TestIds;
import io.vaultgate.simulator.arm.LongRunningOperations;
import io.vaultgate.simulator.arm.network.VirtualNetworks;
import io.vaultgate.simulator.http.ApiError;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A vault's virtual network rules against the simulated subnets: Key Vault refuses a rule whose subnet lacks the
 * Microsoft.KeyVault service endpoint (unless told to ignore it) or does not exist, and the firewall admits a
 * subnet only over a provisioned service endpoint.
 */
class VaultSubnetRulesTest {
  @RegisterExtension
  static final ArmClient arm = new ArmClient();

  @BeforeEach
  void reset() {
    arm.sim().operations().setDelay(LongRunningOperations.DEFAULT_DELAY);
  }

  private static String rule(String subnetId, boolean ignoreMissingEndpoint) {
    return "{\"defaultAction\":\"Deny\",\"virtualNetworkRules\":[{\"id\":\"" + subnetId
        + "\",\"ignoreMissingVnetServiceEndpoint\":" + ignoreMissingEndpoint + "}]}";
  }

  @Test
  void aSubnetWithTheServiceEndpointMayBeNamed() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());

    ArmClient.Response put = arm.put(vaultPath(TestIds.freshVault()), vaultBody(rule(net.agentsSubnetId(), false)));

    assertThat(put.status()).isEqualTo(201);
    assertThat(put.json().path("properties").path("networkAcls").path("virtualNetworkRules").get(0).path("id")
        .asText()).isEqualTo(net.agentsSubnetId().toLowerCase(Locale.ROOT));
  }

  @Test
  void aSubnetWithoutTheServiceEndpointIsRefusedInKeyVaultsWords() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    SimVaultId id = TestIds.freshVault();

    ArmClient.Response put = arm.put(vaultPath(id), vaultBody(rule(net.endpointsSubnetId(), false)));

    assertThat(put.status()).isEqualTo(400);
    assertThat(put.errorCode()).isEqualTo("VirtualNetworkNotValid");
    assertThat(put.errorMessage()).isEqualTo("Operation on Virtual Network could not be performed. StatusCode: 400"
        + " (BadRequest). Error Code: SubnetsHaveNoServiceEndpointsConfigured. Error Message: Subnets endpoints of"
        + " virtual network " + net.virtualNetworkId() + " do not have ServiceEndpoints for Microsoft.KeyVault"
        + " resources configured. Add Microsoft.KeyVault to subnet's ServiceEndpoints collection before trying to"
        + " ACL Microsoft.KeyVault resources to these subnets..");
    assertThat(arm.sim().keyVaults().find(id)).isEmpty();
  }

  @Test
  void ignoreMissingVnetServiceEndpointLetsTheRuleIn() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());

    ArmClient.Response put = arm.put(vaultPath(TestIds.freshVault()), vaultBody(rule(net.endpointsSubnetId(), true)));

    assertThat(put.status()).isEqualTo(201);
  }

  @Test
  void anUnknownSubnetIsRefusedAndNamedEvenWhenTheEndpointCheckIsIgnored() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String missing = net.virtualNetworkId() + "/subnets/gone";

    for (boolean ignore : List.of(false, true)) {
      ArmClient.Response put = arm.put(vaultPath(TestIds.freshVault()), vaultBody(rule(missing, ignore)));

      assertThat(put.status()).isEqualTo(400);
      assertThat(put.errorCode()).isEqualTo("VirtualNetworkNotValid");
      assertThat(put.errorMessage()).contains("StatusCode: 404 (NotFound)")
          .contains("Resource " + missing.toLowerCase(Locale.ROOT) + " not found.");
    }
  }

  @Test
  void patchChecksOnlyTheRulesItAdds() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    SimVaultId id = TestIds.freshVault();
    arm.put(vaultPath(id), vaultBody(rule(net.agentsSubnetId(), false)));
    // Another administrator removes the endpoint; Azure keeps the rule.
    arm.sim().virtualNetworks().setServiceEndpoints(net.agentsSubnetId());

    ArmClient.Response keep = arm.patch(vaultPath(id), "{\"properties\":{\"networkAcls\":{\"ipRules\":"
        + "[{\"value\":\"20.37.194.0/24\"}]}}}");
    ArmClient.Response add = arm.patch(vaultPath(id), "{\"properties\":{\"networkAcls\":{\"virtualNetworkRules\":"
        + "[{\"id\":\"" + net.agentsSubnetId() + "\"},{\"id\":\"" + net.endpointsSubnetId() + "\"}]}}}");

    assertThat(keep.status()).isEqualTo(200);
    assertThat(add.status()).isEqualTo(400);
    assertThat(add.errorMessage()).contains("Subnets endpoints of virtual network");
  }

  @Test
  void theStateApiMeetsTheSameCheck() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    SimVaultId id = TestIds.freshVault();
    arm.sim().keyVaults().create(id, "westeurope", TestIds.TENANT, true, "Enabled", NetworkAcls.deny());

    assertThatThrownBy(() -> arm.sim().keyVaults().setNetworkAcls(id, NetworkAcls.deny().withVirtualNetworkRules(
        List.of(SimVirtualNetworkRule.of(net.endpointsSubnetId())))))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo("VirtualNetworkNotValid"));
    assertThat(arm.sim().keyVaults().setNetworkAcls(id, NetworkAcls.deny().withVirtualNetworkRules(
        List.of(SimVirtualNetworkRule.of(net.agentsSubnetId())))).version()).isEqualTo(2);
  }

  @Test
  void theFirewallAdmitsASubnetOverItsProvisionedServiceEndpoint() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    SimVaultId id = net.vault();
    KeyVaults vaults = arm.sim().keyVaults();
    vaults.setPublicNetworkAccess(id, "Enabled");
    assertThat(arm.sim().subnetAllowedByFirewall(net.agentsSubnetId(), id)).as("default action Deny").isFalse();

    vaults.setNetworkAcls(id, NetworkAcls.deny().withVirtualNetworkRules(List.of(
        SimVirtualNetworkRule.of(net.agentsSubnetId()), new SimVirtualNetworkRule(net.endpointsSubnetId(), true))));

    assertThat(arm.sim().subnetAllowedByFirewall(net.agentsSubnetId().toUpperCase(Locale.ROOT), id)).isTrue();
    assertThat(arm.sim().subnetAllowedByFirewall(net.endpointsSubnetId(), id)).as("no service endpoint").isFalse();

    arm.sim().virtualNetworks().setServiceEndpoints(net.agentsSubnetId());
    assertThat(arm.sim().subnetAllowedByFirewall(net.agentsSubnetId(), id)).as("endpoint removed").isFalse();

    arm.sim().virtualNetworks().setServiceEndpoints(net.agentsSubnetId(), VirtualNetworks.KEY_VAULT_SERVICE);
    vaults.setPublicNetworkAccess(id, "Disabled");
    assertThat(arm.sim().subnetAllowedByFirewall(net.agentsSubnetId(), id)).as("public access off").isFalse();

    vaults.setPublicNetworkAccess(id, "Enabled");
    vaults.setNetworkAcls(id, NetworkAcls.allowAll());
    assertThat(arm.sim().subnetAllowedByFirewall(net.endpointsSubnetId(), id)).as("default action Allow").isTrue();
  }

  @Test
  void aServiceEndpointAdmitsOnceItsOperationHasProvisionedIt() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    arm.sim().keyVaults().setPublicNetworkAccess(net.vault(), "Enabled");
    arm.sim().keyVaults().setNetworkAcls(net.vault(), NetworkAcls.deny().withVirtualNetworkRules(
        List.of(new SimVirtualNetworkRule(net.endpointsSubnetId(), true))));
    arm.sim().operations().setDelay(Duration.ofHours(1));

    ArmClient.Response put = arm.put(net.endpointsSubnetId() + NETWORK_API,
        "{\"properties\":{\"addressPrefix\":\"" + net.addressBase() + ".2.0/28\",\"serviceEndpoints\":"
            + "[{\"service\":\"Microsoft.KeyVault\"}]}}");

    assertThat(put.status()).isEqualTo(200);
    assertThat(arm.sim().subnetAllowedByFirewall(net.endpointsSubnetId(), net.vault())).isFalse();

    arm.sim().operations().endAllNow();

    assertThat(arm.sim().subnetAllowedByFirewall(net.endpointsSubnetId(), net.vault())).isTrue();
  }

  @Test
  void unknownSubnetsAndVaultsAreTestMistakes() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());

    assertThatThrownBy(() -> arm.sim().subnetAllowedByFirewall(net.virtualNetworkId() + "/subnets/nope", net.vault()))
        .isInstanceOf(NoSuchElementException.class);
    assertThatThrownBy(() -> arm.sim().agentReachesVaultPrivately(net.agentsSubnetId(), TestIds.freshVault()))
        .isInstanceOf(NoSuchElementException.class);
  }
}
