package io.vaultgate.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultgate.model.Ipv4Range;
import io.vaultgate.model.LiveFirewall;
import io.vaultgate.plan.FirewallPlanner.Claim;
import io.vaultgate.plan.FirewallPlanner.Neighbour;
import io.vaultgate.plan.FirewallPlanner.Plan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The planner's promises over arbitrary worlds: a universe of rules split into foreign ones (present before
 * vaultgate) and ones vaultgate added, resources claiming and owning arbitrary subsets.
 */
class FirewallPlannerProperties {

  record World(LiveFirewall live, Set<Ipv4Range> foreign, List<Claim> claims, List<Neighbour> neighbours) {
  }

  private static final List<Ipv4Range> UNIVERSE = java.util.stream.IntStream.range(0, 24)
      .mapToObj(i -> Ipv4Range.parse("20." + i + ".0.0/24")).toList();

  @Provide
  Arbitrary<World> worlds() {
    Arbitrary<Set<Ipv4Range>> subsets = Arbitraries.of(UNIVERSE).set().ofMaxSize(UNIVERSE.size());
    return Combinators.combine(subsets, subsets, subsets, claims(), neighbours(), Arbitraries.of("Allow", "Deny"))
        .as((foreignCandidates, vaultgateAdded, presentAdded, claims, neighbours, defaultAction) -> {
          Set<Ipv4Range> foreign = new HashSet<>(foreignCandidates);
          Set<Ipv4Range> owned = new HashSet<>(vaultgateAdded);
          owned.removeAll(foreign);
          List<String> live = new ArrayList<>();
          foreign.forEach(r -> live.add(r.toString()));
          presentAdded.stream().filter(owned::contains).forEach(r -> live.add(r.toString()));
          // ledgers may only hold rules vaultgate added
          List<Claim> cs = claims.stream().map(c -> new Claim(c.owner(), c.desired(), intersect(c.ledger(), owned),
              intersect(c.pending(), owned), c.wantsDeny(), c.wantsPublicAccess(), c.dryRun())).toList();
          List<Neighbour> ns = neighbours.stream().map(n -> new Neighbour(n.owner(), n.needs(),
              intersect(n.ledger(), owned))).toList();
          return new World(new LiveFirewall("Enabled", defaultAction, "AzureServices", live, List.of()), foreign, cs,
              ns);
        });
  }

  private Arbitrary<List<Claim>> claims() {
    Arbitrary<Set<Ipv4Range>> subsets = Arbitraries.of(UNIVERSE).set().ofMaxSize(8);
    Arbitrary<Claim> claim = Combinators.combine(subsets, subsets, subsets, Arbitraries.of(true, false),
        Arbitraries.of(true, false, false, false)).as((desired, ledger, pending, deny, dry) -> new Claim("x",
        toDesired(desired), ledger, pending, deny, false, dry));
    return claim.list().ofMinSize(1).ofMaxSize(4).map(list -> {
      List<Claim> named = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        Claim c = list.get(i);
        named.add(new Claim("ns/c" + i, c.desired(), c.ledger(), c.pending(), c.wantsDeny(), false, c.dryRun()));
      }
      return named;
    });
  }

  private Arbitrary<List<Neighbour>> neighbours() {
    Arbitrary<Set<Ipv4Range>> subsets = Arbitraries.of(UNIVERSE).set().ofMaxSize(6);
    return Combinators.combine(subsets, subsets).as((needs, ledger) -> new Neighbour("other/n", needs, ledger))
        .list().ofMaxSize(2);
  }

  private static Map<Ipv4Range, String> toDesired(Set<Ipv4Range> rules) {
    Map<Ipv4Range, String> m = new LinkedHashMap<>();
    rules.stream().sorted().forEach(r -> m.put(r, "generated"));
    return m;
  }

  private static Set<Ipv4Range> intersect(Set<Ipv4Range> a, Set<Ipv4Range> b) {
    return a.stream().filter(b::contains).collect(Collectors.toSet());
  }

  private static Set<Ipv4Range> rulesOf(List<String> values) {
    return values.stream().map(Ipv4Range::parse).collect(Collectors.toSet());
  }

  private static LiveFirewall apply(LiveFirewall live, Plan plan) {
    return plan.write().map(w -> new LiveFirewall(live.publicNetworkAccess(), w.defaultAction(), w.bypass(),
        w.ipRules(), w.virtualNetworkRules())).orElse(live);
  }

  @Property
  void neverRemovesARuleItDoesNotOwn(@ForAll("worlds") World world) {
    Plan plan = FirewallPlanner.plan(world.live(), world.claims(), world.neighbours(), Set.of());
    Set<Ipv4Range> after = rulesOf(apply(world.live(), plan).ipRules());
    assertThat(after).containsAll(world.foreign());
  }

  @Property
  void planningAfterApplyingYieldsNoChanges(@ForAll("worlds") World world) {
    Plan first = FirewallPlanner.plan(world.live(), world.claims(), world.neighbours(), Set.of());
    LiveFirewall after = apply(world.live(), first);
    List<Claim> again = world.claims().stream().map(c -> new Claim(c.owner(), c.desired(),
        first.outcomes().get(c.owner()).ledger(), Set.of(), c.wantsDeny(), c.wantsPublicAccess(), c.dryRun()))
        .toList();
    Plan second = FirewallPlanner.plan(after, again, world.neighbours(), first.added());
    assertThat(second.write()).isEmpty();
    again.stream().filter(c -> !c.dryRun()).forEach(c ->
        assertThat(second.outcomes().get(c.owner()).changes()).as(c.owner()).isEmpty());
  }

  @Property
  void everyAppliedClaimGetsItsRulesAndNeighboursKeepTheirs(@ForAll("worlds") World world) {
    Plan plan = FirewallPlanner.plan(world.live(), world.claims(), world.neighbours(), Set.of());
    Set<Ipv4Range> before = rulesOf(world.live().ipRules());
    Set<Ipv4Range> after = rulesOf(apply(world.live(), plan).ipRules());
    world.claims().stream().filter(c -> !c.dryRun())
        .forEach(c -> assertThat(after).containsAll(c.desired().keySet()));
    Set<Ipv4Range> stillNeeded = new HashSet<>();
    world.neighbours().forEach(n -> stillNeeded.addAll(n.needs()));
    world.claims().forEach(c -> stillNeeded.addAll(c.desired().keySet()));
    stillNeeded.stream().filter(before::contains).forEach(r -> assertThat(after).contains(r));
  }

  @Property
  void dryRunsAloneNeverWrite(@ForAll("worlds") World world) {
    List<Claim> dry = world.claims().stream().map(c -> new Claim(c.owner(), c.desired(), c.ledger(), c.pending(),
        c.wantsDeny(), c.wantsPublicAccess(), true)).toList();
    assertThat(FirewallPlanner.plan(world.live(), dry, world.neighbours(), Set.of()).write()).isEmpty();
  }

  @Property
  void ledgersHoldOnlyRulesVaultgateAdded(@ForAll("worlds") World world) {
    Plan plan = FirewallPlanner.plan(world.live(), world.claims(), world.neighbours(), Set.of());
    plan.outcomes().values().forEach(o -> assertThat(intersect(o.ledger(), world.foreign())).isEmpty());
  }
}
