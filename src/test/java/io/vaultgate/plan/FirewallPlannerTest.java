package io.vaultgate.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultgate.model.Change;
import io.vaultgate.model.Ipv4Range;
import io.vaultgate.model.LiveFirewall;
import io.vaultgate.plan.FirewallPlanner.Claim;
import io.vaultgate.plan.FirewallPlanner.Neighbour;
import io.vaultgate.plan.FirewallPlanner.Plan;
import io.vaultgate.plan.FirewallPlanner.Status;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FirewallPlannerTest {

  static final String FOREIGN_IP = "8.8.8.8/32";

  static Ipv4Range r(String s) {
    return Ipv4Range.parse(s);
  }

  static Set<Ipv4Range> rules(String... s) {
    return Arrays.stream(s).map(Ipv4Range::parse).collect(Collectors.toSet());
  }

  static Map<Ipv4Range, String> desired(String... s) {
    Map<Ipv4Range, String> m = new LinkedHashMap<>();
    for (String v : s) {
      m.put(r(v), "test");
    }
    return m;
  }

  static LiveFirewall live(String defaultAction, String... ipRules) {
    return new LiveFirewall("Enabled", defaultAction, "AzureServices", List.of(ipRules), List.of());
  }

  static Claim claim(String owner, Map<Ipv4Range, String> desired, Set<Ipv4Range> ledger) {
    return new Claim(owner, desired, ledger, Set.of(), false, false, false);
  }

  @Test
  void addsEveryMissingRuleInOneWriteAndOwnsOnlyWhatItAdded() {
    LiveFirewall live = live("Deny", "8.8.8.8/32", "20.37.158.0/23");
    Plan plan = FirewallPlanner.plan(live, List.of(claim("ns/a", desired("20.37.158.0/23", "52.150.138.0/24"),
        Set.of())), List.of(), Set.of());

    assertThat(plan.write()).isPresent();
    assertThat(plan.write().get().ipRules()).containsExactly("8.8.8.8/32", "20.37.158.0/23", "52.150.138.0/24");
    assertThat(plan.added()).containsExactly(r("52.150.138.0/24"));
    var outcome = plan.outcomes().get("ns/a");
    assertThat(outcome.status()).isEqualTo(Status.APPLIED);
    assertThat(outcome.ledger()).as("pre-existing 20.37.158.0/23 is not owned").containsExactly(r("52.150.138.0/24"));
    assertThat(outcome.changes()).extracting(Change::value).containsExactly("52.150.138.0/24");
  }

  @Test
  void bareAddressInTheVaultMatchesSlash32() {
    LiveFirewall live = live("Deny", "1.2.3.4");
    Plan plan = FirewallPlanner.plan(live, List.of(claim("ns/a", desired("1.2.3.4/32"), Set.of())), List.of(),
        Set.of());
    assertThat(plan.write()).isEmpty();
  }

  @Test
  void removesOnlyOwnedRulesNoLongerDesired() {
    LiveFirewall live = live("Deny", "8.8.8.8/32", "20.37.158.0/23", "52.150.138.0/24");
    Plan plan = FirewallPlanner.plan(live, List.of(claim("ns/a", desired("20.37.158.0/23"),
        rules("20.37.158.0/23", "52.150.138.0/24"))), List.of(), Set.of());

    assertThat(plan.write().get().ipRules()).containsExactly("8.8.8.8/32", "20.37.158.0/23");
    assertThat(plan.outcomes().get("ns/a").ledger()).containsExactly(r("20.37.158.0/23"));
  }

  @Test
  void foreignRuleIsNeverRemovedEvenWhenNoLongerDesired() {
    LiveFirewall live = live("Deny", "8.8.8.8/32");
    Plan plan = FirewallPlanner.plan(live, List.of(claim("ns/a", desired(), Set.of())), List.of(), Set.of());
    assertThat(plan.write()).isEmpty();
  }

  @Test
  void ruleAnotherResourceStillNeedsIsKeptAndReleased() {
    LiveFirewall live = live("Deny", "20.37.158.0/23");
    Neighbour other = new Neighbour("other/b", rules("20.37.158.0/23"), rules("20.37.158.0/23"));
    Plan plan = FirewallPlanner.plan(live, List.of(claim("ns/a", desired(), rules("20.37.158.0/23"))),
        List.of(other), Set.of());
    assertThat(plan.write()).isEmpty();
    assertThat(plan.outcomes().get("ns/a").ledger()).isEmpty();
  }

  @Test
  void ruleOwnedByAnotherResourceIsCoOwned() {
    LiveFirewall live = live("Deny", "20.37.158.0/23");
    Neighbour other = new Neighbour("other/b", rules("20.37.158.0/23"), rules("20.37.158.0/23"));
    Plan plan = FirewallPlanner.plan(live, List.of(claim("ns/a", desired("20.37.158.0/23"), Set.of())),
        List.of(other), Set.of());
    assertThat(plan.write()).isEmpty();
    assertThat(plan.outcomes().get("ns/a").ledger()).containsExactly(r("20.37.158.0/23"));
  }

  @Test
  void ruleThisProcessAddedButNotYetInAnyVisibleLedgerIsCoOwned() {
    LiveFirewall live = live("Deny", "20.37.158.0/23");
    Plan plan = FirewallPlanner.plan(live, List.of(claim("ns/a", desired("20.37.158.0/23"), Set.of())), List.of(),
        rules("20.37.158.0/23"));
    assertThat(plan.outcomes().get("ns/a").ledger()).containsExactly(r("20.37.158.0/23"));
  }

  @Test
  void pendingIntentThatLandedBecomesOwnedAndOneThatDidNotIsDropped() {
    LiveFirewall live = live("Deny", "20.37.158.0/23");
    Claim c = new Claim("ns/a", desired(), Set.of(), rules("20.37.158.0/23", "52.150.138.0/24"), false, false, false);
    Plan plan = FirewallPlanner.plan(live, List.of(c), List.of(), Set.of());
    assertThat(plan.write().get().ipRules()).as("the landed intent is owned, so it goes when not desired").isEmpty();
  }

  @Test
  void severalClaimsShareOneWriteAndCoOwnCommonRules() {
    LiveFirewall live = live("Deny");
    Plan plan = FirewallPlanner.plan(live, List.of(
        claim("ns/a", desired("20.37.158.0/23", "52.150.138.0/24"), Set.of()),
        claim("ns/b", desired("20.37.158.0/23", "40.74.28.0/23"), Set.of())), List.of(), Set.of());
    assertThat(plan.write().get().ipRules()).containsExactly("20.37.158.0/23", "52.150.138.0/24", "40.74.28.0/23");
    assertThat(plan.outcomes().get("ns/a").ledger()).containsExactlyInAnyOrder(r("20.37.158.0/23"),
        r("52.150.138.0/24"));
    assertThat(plan.outcomes().get("ns/b").ledger()).containsExactlyInAnyOrder(r("20.37.158.0/23"),
        r("40.74.28.0/23"));
  }

  @Test
  void claimReleasingARuleAnotherClaimInTheSameBatchWantsKeepsIt() {
    LiveFirewall live = live("Deny", "20.37.158.0/23");
    Plan plan = FirewallPlanner.plan(live, List.of(
        claim("ns/a", desired(), rules("20.37.158.0/23")),
        claim("ns/b", desired("20.37.158.0/23"), Set.of())), List.of(), Set.of());
    assertThat(plan.write()).isEmpty();
    assertThat(plan.outcomes().get("ns/b").ledger()).containsExactly(r("20.37.158.0/23"));
  }

  @Test
  void dryRunComputesChangesButContributesNothingToTheWrite() {
    LiveFirewall live = live("Allow");
    Claim plan = new Claim("ns/a", desired("20.37.158.0/23"), Set.of(), Set.of(), true, false, true);
    Plan result = FirewallPlanner.plan(live, List.of(plan), List.of(), Set.of());
    assertThat(result.write()).isEmpty();
    assertThat(result.outcomes().get("ns/a").status()).isEqualTo(Status.DRY_RUN);
    assertThat(result.outcomes().get("ns/a").changes()).extracting(Change::toString)
        .containsExactly("Add ipRule 20.37.158.0/23 (test)",
            "Set defaultAction Deny (spec.network.firewall.defaultAction: Deny)");
  }

  @Test
  void denyIsSetOnlyWhenAskedAndAllowIsNeverWritten() {
    LiveFirewall allow = live("Allow");
    Plan keep = FirewallPlanner.plan(allow, List.of(claim("ns/a", desired("20.37.158.0/23"), Set.of())), List.of(),
        Set.of());
    assertThat(keep.write().get().defaultAction()).isEqualTo("Allow");

    Claim deny = new Claim("ns/a", desired("20.37.158.0/23"), Set.of(), Set.of(), true, false, false);
    Plan denied = FirewallPlanner.plan(allow, List.of(deny), List.of(), Set.of());
    assertThat(denied.write().get().defaultAction()).isEqualTo("Deny");
  }

  @Test
  void enablesPublicNetworkAccessOnlyWhenAsked() {
    LiveFirewall disabled = new LiveFirewall("Disabled", "Deny", "AzureServices", List.of(), List.of());
    Plan keep = FirewallPlanner.plan(disabled, List.of(claim("ns/a", desired("20.37.158.0/23"), Set.of())),
        List.of(), Set.of());
    assertThat(keep.write().get().publicNetworkAccess()).isEmpty();

    Claim enable = new Claim("ns/a", desired("20.37.158.0/23"), Set.of(), Set.of(), false, true, false);
    Plan enabled = FirewallPlanner.plan(disabled, List.of(enable), List.of(), Set.of());
    assertThat(enabled.write().get().publicNetworkAccess()).contains("Enabled");
  }

  @Test
  void claimThatWouldExceedTheRuleLimitGetsNothingWhileOthersProceed() {
    List<String> existing = new ArrayList<>();
    for (int i = 0; i < 995; i++) {
      existing.add("8." + (i / 250) + "." + (i % 250) + ".0/24");
    }
    LiveFirewall live = live("Deny", existing.toArray(String[]::new));
    Map<Ipv4Range, String> big = desired("20.37.158.0/23", "52.150.138.0/24", "20.42.5.0/24", "20.41.6.0/23",
        "40.80.187.0/24", "40.119.10.0/24");
    Plan plan = FirewallPlanner.plan(live, List.of(
        claim("ns/a", desired("51.104.26.0/24"), Set.of()),
        claim("ns/b", big, Set.of())), List.of(), Set.of());
    assertThat(plan.outcomes().get("ns/a").status()).isEqualTo(Status.APPLIED);
    assertThat(plan.outcomes().get("ns/b").status()).isEqualTo(Status.RULE_LIMIT_EXCEEDED);
    assertThat(plan.outcomes().get("ns/b").message()).contains("1002").contains("1000");
    assertThat(plan.write().get().ipRules()).hasSize(996).contains("51.104.26.0/24")
        .doesNotContain("20.37.158.0/23");
  }

  @Test
  void driftOfAnOwnedRuleIsRestoredAndSaysSo() {
    LiveFirewall live = live("Deny");
    Plan plan = FirewallPlanner.plan(live, List.of(claim("ns/a", desired("20.37.158.0/23"), rules("20.37.158.0/23"))),
        List.of(), Set.of());
    assertThat(plan.write().get().ipRules()).containsExactly("20.37.158.0/23");
    assertThat(plan.outcomes().get("ns/a").changes().get(0).detail()).contains("restored");
  }

  @Test
  void unreadableRulesAreKeptVerbatimAndCounted() {
    LiveFirewall live = live("Deny", "'10.91.4.0/24'");
    Plan plan = FirewallPlanner.plan(live, List.of(claim("ns/a", desired("20.37.158.0/23"), Set.of())), List.of(),
        Set.of());
    assertThat(plan.write().get().ipRules()).containsExactly("'10.91.4.0/24'", "20.37.158.0/23");
  }

  @Test
  void virtualNetworkRulesAndBypassArePreserved() {
    var vnet = new LiveFirewall.VirtualNetworkRule("/subscriptions/s/resourcegroups/rg/providers/microsoft.network/"
        + "virtualnetworks/v/subnets/a", false);
    LiveFirewall live = new LiveFirewall("Enabled", "Deny", "None", List.of(), List.of(vnet));
    Plan plan = FirewallPlanner.plan(live, List.of(claim("ns/a", desired("20.37.158.0/23"), Set.of())), List.of(),
        Set.of());
    assertThat(plan.write().get().virtualNetworkRules()).containsExactly(vnet);
    assertThat(plan.write().get().bypass()).isEqualTo("None");
  }

  static final String SUBNET = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-net/providers/"
      + "Microsoft.Network/virtualNetworks/agents/subnets/build";

  static Claim subnets(String owner, Map<Ipv4Range, String> ip, Set<String> ledger, String... subnets) {
    Map<String, String> wanted = new LinkedHashMap<>();
    for (String s : subnets) {
      wanted.put(s, "selfHostedAgents.subnetIds");
    }
    return new Claim(owner, ip, Set.of(), Set.of(), wanted, ledger, Set.of(), false, false, false);
  }

  @Test
  void ipAndVirtualNetworkRulesLandInOneWrite() {
    LiveFirewall live = live("Deny", FOREIGN_IP);
    Plan plan = FirewallPlanner.plan(live, List.of(subnets("ns/a", desired("20.37.158.0/23"), Set.of(), SUBNET)),
        List.of(), Set.of(), Set.of());
    assertThat(plan.write().get().ipRules()).containsExactly(FOREIGN_IP, "20.37.158.0/23");
    assertThat(plan.write().get().virtualNetworkRules()).extracting(LiveFirewall.VirtualNetworkRule::id)
        .containsExactly(SUBNET.toLowerCase());
    assertThat(plan.outcomes().get("ns/a").subnetLedger()).containsExactly(SUBNET.toLowerCase());
  }

  @Test
  void subnetIdsCompareIgnoringCaseAndForeignOnesStay() {
    var foreign = new LiveFirewall.VirtualNetworkRule(SUBNET.toLowerCase(), false);
    LiveFirewall live = new LiveFirewall("Enabled", "Deny", "AzureServices", List.of(), List.of(foreign));
    Plan plan = FirewallPlanner.plan(live, List.of(subnets("ns/a", desired(), Set.of(), SUBNET.toUpperCase())),
        List.of(), Set.of(), Set.of());
    assertThat(plan.write()).isEmpty();
    assertThat(plan.outcomes().get("ns/a").subnetLedger()).as("there before vaultgate").isEmpty();

    Plan release = FirewallPlanner.plan(live, List.of(subnets("ns/a", desired(), Set.of())), List.of(), Set.of(),
        Set.of());
    assertThat(release.write()).isEmpty();
  }

  @Test
  void ownedSubnetRuleGoesWhenNoLongerNeededByAnyone() {
    var ours = new LiveFirewall.VirtualNetworkRule(SUBNET.toLowerCase(), false);
    LiveFirewall live = new LiveFirewall("Enabled", "Deny", "AzureServices", List.of(), List.of(ours));
    Plan plan = FirewallPlanner.plan(live, List.of(subnets("ns/a", desired(), Set.of(SUBNET))), List.of(), Set.of(),
        Set.of());
    assertThat(plan.write().get().virtualNetworkRules()).isEmpty();
    Plan shared = FirewallPlanner.plan(live, List.of(subnets("ns/a", desired(), Set.of(SUBNET))),
        List.of(new Neighbour("ns/b", Set.of(), Set.of(), Set.of(SUBNET), Set.of(SUBNET))), Set.of(), Set.of());
    assertThat(shared.write()).isEmpty();
  }

  @Test
  void moreThanTwoHundredSubnetsIsTheLimitAndNothingOfTheClaimIsWritten() {
    List<LiveFirewall.VirtualNetworkRule> existing = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) {
      existing.add(new LiveFirewall.VirtualNetworkRule(SUBNET + i, false));
    }
    LiveFirewall live = new LiveFirewall("Enabled", "Deny", "AzureServices", List.of(), existing);
    Plan plan = FirewallPlanner.plan(live, List.of(subnets("ns/a", desired("20.37.158.0/23"), Set.of(), SUBNET)),
        List.of(), Set.of(), Set.of());
    assertThat(plan.outcomes().get("ns/a").status()).isEqualTo(Status.RULE_LIMIT_EXCEEDED);
    assertThat(plan.outcomes().get("ns/a").message()).contains("201 virtual network rules").contains("200");
    assertThat(plan.write()).as("not even the IP rule").isEmpty();
  }
}
