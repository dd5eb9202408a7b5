package io.vaultgate.simulator.arm.privatelink;

import static io.vaultgate.simulator.NetworkFixtures.DNS_API;
import static io.vaultgate.simulator.NetworkFixtures.NETWORK_API;
import static org.assertj.core.api.Assertions.assertThat;

import io.vaultgate.simulator.ArmClient;
import io.vaultgate.simulator.AzureSimulator;
import io.vaultgate.simulator.NetworkFixtures;
import io.vaultgate.simulator.TestIds;
import io.vaultgate.simulator.arm.ProvisioningState;
import io.vaultgate.simulator.arm.privatedns.PrivateDnsZones;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link AzureSimulator#agentReachesVaultPrivately}: true only with every piece in place (approved endpoint in the
 * agents' network, the vault zone linked to that network, the vault's record pointing at the endpoint), and false
 * as soon as any one of them is missing.
 */
class PrivateReachabilityTest {
  @RegisterExtension
  static final ArmClient arm = new ArmClient();

  private static int count;

  @BeforeEach
  void reset() {
    arm.sim().operations().setDelay(Duration.ZERO);
  }

  /** Everything in place over REST; returns the endpoint and zone ids. */
  private record Setup(NetworkFixtures net, String endpointId, String zoneId) {
  }

  private static Setup privateAccess(boolean manual) {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String endpoint = NetworkFixtures.endpointId("pe-reach-" + ++count);
    String group = "rg-reach-" + count;
    arm.sim().seedResourceGroup(TestIds.SUBSCRIPTION, group);
    String zone = NetworkFixtures.zoneId(group, PrivateDnsZones.KEY_VAULT_ZONE);
    arm.awaitOperation(arm.put(endpoint + NETWORK_API, net.endpointBody(manual)));
    arm.awaitOperation(arm.put(zone + DNS_API, "{\"location\":\"global\"}"));
    arm.awaitOperation(arm.put(zone + "/virtualNetworkLinks/agents" + DNS_API,
        NetworkFixtures.linkBody(net.virtualNetworkId())));
    arm.awaitOperation(arm.put(endpoint + "/privateDnsZoneGroups/default" + NETWORK_API,
        NetworkFixtures.zoneGroupBody(zone)));
    return new Setup(net, endpoint, zone);
  }

  private static boolean reaches(Setup setup) {
    return arm.sim().agentReachesVaultPrivately(setup.net().agentsSubnetId(), setup.net().vault());
  }

  @Test
  void anApprovedEndpointALinkedZoneAndTheRecordReachTheVault() {
    Setup setup = privateAccess(false);

    assertThat(reaches(setup)).isTrue();
    assertThat(arm.sim().agentReachesVaultPrivately(setup.net().endpointsSubnetId(), setup.net().vault()))
        .as("any subnet of the network").isTrue();
    assertThat(arm.sim().subnetAllowedByFirewall(setup.net().agentsSubnetId(), setup.net().vault()))
        .as("the private path does not open the firewall").isFalse();
  }

  @Test
  void aPendingConnectionDoesNotUntilTheOwnerApproves() {
    Setup setup = privateAccess(true);
    assertThat(reaches(setup)).isFalse();

    arm.sim().keyVaults().approvePrivateEndpointConnection(setup.net().vault(),
        arm.sim().privateEndpoints().get(setup.endpointId()).vaultConnectionName());

    assertThat(reaches(setup)).isTrue();
  }

  @Test
  void aRejectedConnectionDoesNot() {
    Setup setup = privateAccess(false);

    arm.sim().keyVaults().rejectPrivateEndpointConnection(setup.net().vault(),
        arm.sim().privateEndpoints().get(setup.endpointId()).vaultConnectionName());

    assertThat(reaches(setup)).isFalse();
  }

  @Test
  void withoutTheLinkTheNameDoesNotResolve() {
    Setup setup = privateAccess(false);

    arm.awaitOperation(arm.delete(setup.zoneId() + "/virtualNetworkLinks/agents" + DNS_API));

    assertThat(reaches(setup)).isFalse();
  }

  @Test
  void aLinkToAnotherNetworkDoesNotHelp() {
    Setup setup = privateAccess(false);
    NetworkFixtures other = NetworkFixtures.create(arm.sim());
    arm.sim().privateDnsZones().deleteLink(setup.zoneId(), "agents");
    arm.sim().privateDnsZones().link(setup.zoneId(), "other", other.virtualNetworkId());

    assertThat(reaches(setup)).isFalse();
  }

  @Test
  void withoutTheRecordTheNameDoesNotResolve() {
    Setup setup = privateAccess(false);

    arm.awaitOperation(arm.delete(setup.endpointId() + "/privateDnsZoneGroups/default" + NETWORK_API));

    assertThat(reaches(setup)).isFalse();
  }

  @Test
  void aRecordWrittenByHandWorksLikeTheZoneGroups() {
    Setup setup = privateAccess(false);
    arm.sim().privateEndpoints().deleteZoneGroup(setup.endpointId());
    assertThat(reaches(setup)).isFalse();

    arm.sim().privateDnsZones().putARecord(setup.zoneId(), setup.net().vault().name(),
        List.of(arm.sim().privateEndpoints().get(setup.endpointId()).privateIpAddress()));

    assertThat(reaches(setup)).isTrue();
  }

  @Test
  void aRecordPointingElsewhereDoesNot() {
    Setup setup = privateAccess(false);
    arm.sim().privateEndpoints().deleteZoneGroup(setup.endpointId());

    arm.sim().privateDnsZones().putARecord(setup.zoneId(), setup.net().vault().name(), List.of("10.250.0.9"));

    assertThat(reaches(setup)).isFalse();
  }

  @Test
  void aZoneOfAnotherNameDoesNot() {
    NetworkFixtures net = NetworkFixtures.create(arm.sim());
    String endpoint = NetworkFixtures.endpointId("pe-reach-" + ++count);
    arm.awaitOperation(arm.put(endpoint + NETWORK_API, net.endpointBody(false)));
    String zone = arm.sim().privateDnsZones().create(TestIds.SUBSCRIPTION, "rg-reach-" + count, "vault.corp.internal")
        .resourceId();
    arm.sim().privateDnsZones().link(zone, "agents", net.virtualNetworkId());
    arm.sim().privateDnsZones().putARecord(zone, net.vault().name(), List.of(net.firstEndpointAddress()));

    assertThat(arm.sim().agentReachesVaultPrivately(net.agentsSubnetId(), net.vault())).isFalse();
  }

  @Test
  void anEndpointInAnotherNetworkDoesNot() {
    Setup setup = privateAccess(false);
    NetworkFixtures other = NetworkFixtures.create(arm.sim());
    // The other network resolves the zone too, but the vault's endpoint is not in it (peering is not modelled).
    arm.sim().privateDnsZones().link(setup.zoneId(), "other", other.virtualNetworkId());

    assertThat(arm.sim().agentReachesVaultPrivately(other.agentsSubnetId(), setup.net().vault())).isFalse();
  }

  @Test
  void anEndpointBeingDeletedNoLongerCounts() {
    Setup setup = privateAccess(false);
    arm.sim().operations().setDelay(Duration.ofHours(1));

    ArmClient.Response delete = arm.delete(setup.endpointId() + NETWORK_API);

    assertThat(arm.sim().privateEndpoints().get(setup.endpointId()).provisioningState())
        .isEqualTo(ProvisioningState.DELETING);
    assertThat(reaches(setup)).isFalse();
    arm.sim().operations().endAllNow();
    assertThat(arm.awaitOperation(delete)).isEqualTo("Succeeded");
    assertThat(reaches(setup)).isFalse();
    assertThat(arm.sim().privateDnsZones().aRecords(setup.zoneId())).isEmpty();
  }

  @Test
  void aLinkStillBeingCreatedDoesNotResolveYet() {
    Setup setup = privateAccess(false);
    arm.sim().privateDnsZones().deleteLink(setup.zoneId(), "agents");
    arm.sim().operations().setDelay(Duration.ofHours(1));

    ArmClient.Response link = arm.put(setup.zoneId() + "/virtualNetworkLinks/agents" + DNS_API,
        NetworkFixtures.linkBody(setup.net().virtualNetworkId()));

    assertThat(reaches(setup)).isFalse();
    arm.sim().operations().endAllNow();
    assertThat(arm.awaitOperation(link)).isEqualTo("Succeeded");
    assertThat(reaches(setup)).isTrue();
  }
}
