package io.vaultgate.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultgate.model.Change;
import io.vaultgate.plan.AccessPolicyPlanner.Claim;
import io.vaultgate.plan.AccessPolicyPlanner.Grant;
import io.vaultgate.plan.AccessPolicyPlanner.Neighbour;
import io.vaultgate.plan.AccessPolicyPlanner.Plan;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessPolicyPlannerTest {

  static final String SP = "11111111-1111-1111-1111-111111111111";
  static final String OTHER = "22222222-2222-2222-2222-222222222222";

  static Claim wants(String owner, String principal) {
    return new Claim(owner, Optional.of(principal), Optional.empty(), Optional.empty(), false);
  }

  @Test
  void addsOnlyTheMissingPermissionsAndOwnsOnlyThose() {
    Plan plan = AccessPolicyPlanner.plan(Map.of(SP, Set.of("Get", "set")), List.of(wants("ns/a", SP)), List.of(),
        Map.of());
    assertThat(plan.add()).containsExactly(Map.entry(SP, Set.of("list")));
    assertThat(plan.remove()).isEmpty();
    assertThat(plan.outcomes().get("ns/a").ledger()).contains(new Grant(SP, Set.of("list")));
  }

  @Test
  void allAlreadyCoversGetAndList() {
    Plan plan = AccessPolicyPlanner.plan(Map.of(SP, Set.of("all")), List.of(wants("ns/a", SP)), List.of(), Map.of());
    assertThat(plan.writes()).isFalse();
    assertThat(plan.outcomes().get("ns/a").ledger()).isEmpty();
  }

  @Test
  void releasingRemovesOnlyOwnedPermissionsAndNeverPreExistingOnes() {
    Claim release = new Claim("ns/a", Optional.empty(), Optional.of(new Grant(SP, Set.of("list"))), Optional.empty(),
        false);
    Plan plan = AccessPolicyPlanner.plan(Map.of(SP, Set.of("get", "list")), List.of(release), List.of(), Map.of());
    assertThat(plan.remove()).containsExactly(Map.entry(SP, Set.of("list")));
    assertThat(plan.outcomes().get("ns/a").ledger()).isEmpty();
  }

  @Test
  void permissionAnotherResourceStillNeedsForThePrincipalIsKept() {
    Claim release = new Claim("ns/a", Optional.empty(), Optional.of(new Grant(SP, Set.of("get", "list"))),
        Optional.empty(), false);
    Neighbour other = new Neighbour("ns/b", Optional.of(SP), Optional.of(new Grant(SP, Set.of("get", "list"))));
    Plan plan = AccessPolicyPlanner.plan(Map.of(SP, Set.of("get", "list")), List.of(release), List.of(other),
        Map.of());
    assertThat(plan.writes()).isFalse();
  }

  @Test
  void ownedByAnotherResourceIsCoOwned() {
    Neighbour other = new Neighbour("ns/b", Optional.of(SP), Optional.of(new Grant(SP, Set.of("get", "list"))));
    Plan plan = AccessPolicyPlanner.plan(Map.of(SP, Set.of("get", "list")), List.of(wants("ns/a", SP)),
        List.of(other), Map.of());
    assertThat(plan.outcomes().get("ns/a").ledger()).contains(new Grant(SP, Set.of("get", "list")));
  }

  @Test
  void changingThePrincipalReleasesTheOldOneAndGrantsTheNew() {
    Claim moved = new Claim("ns/a", Optional.of(OTHER), Optional.of(new Grant(SP, Set.of("get", "list"))),
        Optional.empty(), false);
    Plan plan = AccessPolicyPlanner.plan(Map.of(SP, Set.of("get", "list")), List.of(moved), List.of(), Map.of());
    assertThat(plan.add()).containsExactly(Map.entry(OTHER, Set.of("get", "list")));
    assertThat(plan.remove()).containsExactly(Map.entry(SP, Set.of("get", "list")));
    assertThat(plan.outcomes().get("ns/a").ledger()).contains(new Grant(OTHER, Set.of("get", "list")));
  }

  @Test
  void pendingPermissionsThatLandedAreOwned() {
    Claim crashed = new Claim("ns/a", Optional.of(SP), Optional.empty(),
        Optional.of(new Grant(SP, Set.of("get", "list"))), false);
    Plan plan = AccessPolicyPlanner.plan(Map.of(SP, Set.of("get", "list")), List.of(crashed), List.of(), Map.of());
    assertThat(plan.writes()).isFalse();
    assertThat(plan.outcomes().get("ns/a").ledger()).contains(new Grant(SP, Set.of("get", "list")));
  }

  @Test
  void dryRunShowsChangesWithoutWriting() {
    Claim plan = new Claim("ns/a", Optional.of(SP), Optional.empty(), Optional.empty(), true);
    Plan result = AccessPolicyPlanner.plan(Map.of(), List.of(plan), List.of(), Map.of());
    assertThat(result.writes()).isFalse();
    assertThat(result.outcomes().get("ns/a").changes()).extracting(Change::toString)
        .containsExactly("Add accessPolicy " + SP + " (secrets get, list)");
  }

  @Test
  void severalPrincipalsShareOneAddCall() {
    Plan plan = AccessPolicyPlanner.plan(Map.of(), List.of(wants("ns/a", SP), wants("ns/b", OTHER)), List.of(),
        Map.of());
    assertThat(plan.add()).containsOnlyKeys(SP, OTHER);
  }
}
