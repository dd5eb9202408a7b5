package io.vaultgate.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultgate.model.InboundRangeTable.InboundRange;
import io.vaultgate.model.Ipv4Range;
import io.vaultgate.model.LiveFirewall;
import io.vaultgate.model.LiveVault.EndpointConnection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class AccessEvaluatorTest {

  static final String VAULT = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv";
  static final String VNET = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v";
  static final String SUBNET = VNET + "/subnets/agents";
  static final String PE = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe";
  static final InboundRange RANGE = new InboundRange("United Kingdom South", Ipv4Range.parse("51.104.26.0/24"));

  static LiveFirewall firewall(String publicAccess, String defaultAction, String... rules) {
    return new LiveFirewall(publicAccess, defaultAction, "AzureServices", List.of(rules), List.of());
  }

  static AccessWorld world(LiveFirewall firewall, List<EndpointConnection> connections, List<AccessWorld.Zone> zones) {
    return new AccessWorld(VAULT, "kv", firewall, false, Map.of("p", Set.of("get", "list")), connections,
        List.of(new AccessWorld.Endpoint(PE, VNET, true, Optional.of("10.0.2.4"))),
        List.of(new AccessWorld.Subnet(SUBNET, VNET, false)), zones, Optional.of("p"), List.of());
  }

  static AccessVerdict only(AccessNeeds needs, AccessWorld world) {
    return AccessEvaluator.evaluate(needs, world).get(0);
  }

  @Test
  void microsoftHostedAgentsAreOpenOnDemandOnlyWhenGrantsAreAllowed() {
    AccessWorld w = world(firewall("Enabled", "Deny"), List.of(), List.of());
    assertThat(only(new AccessNeeds(Optional.empty(), true, true, List.of(), false, Optional.empty()), w).open())
        .isEqualTo(Openness.OnDemand);
    AccessVerdict refused = only(new AccessNeeds(Optional.empty(), true, false, List.of(), false, Optional.empty()), w);
    assertThat(refused.open()).isEqualTo(Openness.False);
    assertThat(refused.message()).startsWith("Client address is not authorized and caller is not a trusted service.")
        .contains("spec.agents.allowIpGrants");
  }

  @Test
  void azureDevOpsNamesTheRangeItLacksInTheVendorsWords() {
    AccessVerdict v = only(new AccessNeeds(Optional.of(List.of(RANGE)), false, false, List.of(), false,
        Optional.empty()), world(firewall("Enabled", "Deny", "51.104.26.0/25"), List.of(), List.of()));
    assertThat(v.denial()).contains(Denial.ForbiddenByFirewall);
    assertThat(v.message()).contains("51.104.26.0/24 (United Kingdom South)");
    assertThat(only(new AccessNeeds(Optional.of(List.of(RANGE)), false, false, List.of(), false, Optional.empty()),
        world(firewall("Enabled", "Deny", "51.104.26.0/25", "51.104.26.128/25"), List.of(), List.of())).open())
        .as("two halves cover the range").isEqualTo(Openness.True);
  }

  @Test
  void aPrivateEndpointOnlyResourceIsOpenOnAVaultWithPublicAccessDisabled() {
    AccessWorld w = world(firewall("Disabled", "Deny"), List.of(new EndpointConnection(PE, "Approved")),
        List.of(new AccessWorld.Zone("z", "privatelink.vaultcore.azure.net", true, List.of(VNET), List.of("10.0.2.4"))));
    assertThat(only(new AccessNeeds(Optional.empty(), false, false, List.of(SUBNET), false, Optional.empty()), w)
        .open()).isEqualTo(Openness.True);
    AccessWorld pending = world(firewall("Disabled", "Deny"), List.of(new EndpointConnection(PE, "Pending")),
        List.of(new AccessWorld.Zone("z", "privatelink.vaultcore.azure.net", true, List.of(VNET), List.of("10.0.2.4"))));
    AccessVerdict v = only(new AccessNeeds(Optional.empty(), false, false, List.of(SUBNET), false, Optional.empty()),
        pending);
    assertThat(v.denial()).contains(Denial.PrivateLinkNotApproved);
    assertThat(v.message()).contains("Pending");
  }

  @Test
  void ownDnsTrustsTheUsersResolutionToTheApprovedEndpoint() {
    AccessWorld w = world(firewall("Disabled", "Deny"), List.of(new EndpointConnection(PE, "Approved")), List.of());
    assertThat(only(new AccessNeeds(Optional.empty(), false, false, List.of(SUBNET), true, Optional.empty()), w)
        .open()).isEqualTo(Openness.True);
    assertThat(only(new AccessNeeds(Optional.empty(), false, false, List.of(SUBNET), false, Optional.empty()), w)
        .denial()).contains(Denial.ForbiddenByConnection);
  }

  @Test
  void rolesAddUpAcrossAssignmentsAndNotDataActionsSubtract() {
    AccessWorld.RoleGrant officer = new AccessWorld.RoleGrant("/subscriptions/s", "custom",
        List.of("Microsoft.KeyVault/vaults/secrets/*"), List.of("Microsoft.KeyVault/vaults/secrets/getSecret/action"));
    AccessWorld.RoleGrant getter = new AccessWorld.RoleGrant(VAULT, "getter",
        List.of("Microsoft.KeyVault/vaults/secrets/getSecret/action"), List.of());
    AccessWorld.RoleGrant elsewhere = new AccessWorld.RoleGrant(VAULT + "2", "other", List.of("*"), List.of());
    AccessNeeds needs = new AccessNeeds(Optional.empty(), false, false, List.of(), false, Optional.of("app x"));
    assertThat(only(needs, rbac(List.of(officer))).denial()).contains(Denial.SecretPermissionMissing);
    assertThat(only(needs, rbac(List.of(officer, getter))).open()).isEqualTo(Openness.True);
    assertThat(only(needs, rbac(List.of(elsewhere))).open()).as("a sibling vault's scope").isEqualTo(Openness.False);
  }

  static AccessWorld rbac(List<AccessWorld.RoleGrant> grants) {
    return new AccessWorld(VAULT, "kv", firewall("Enabled", "Deny"), true, Map.of(), List.of(), List.of(),
        List.of(), List.of(), Optional.of("p"), grants);
  }

  @Provide
  Arbitrary<List<Ipv4Range>> smallRanges() {
    return Arbitraries.integers().between(0, 255).flatMap(a -> Arbitraries.integers().between(24, 32)
        .map(p -> new Ipv4Range((20 << 24) | a, p).network())).list().ofMaxSize(6);
  }

  /** Union coverage against counting every address of the block. */
  @Property
  void aRangeIsCoveredExactlyWhenEachOfItsAddressesIs(@ForAll("smallRanges") List<Ipv4Range> rules,
      @ForAll("smallRanges") List<Ipv4Range> targets) {
    for (Ipv4Range target : targets) {
      boolean every = true;
      for (int i = 0; i < 1 << (32 - target.prefix()); i++) {
        Ipv4Range address = new Ipv4Range(target.network().address() + i, 32);
        every &= rules.stream().anyMatch(r -> r.contains(address));
      }
      assertThat(target.coveredBy(rules.stream().collect(Collectors.toSet()))).isEqualTo(every);
    }
  }
}
