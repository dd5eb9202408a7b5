package io.vaultgate.simulator.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultgate.simulator.arm.authorization.RoleAssignmentStore;
import io.vaultgate.simulator.arm.keyvault.KeyVaults;
import io.vaultgate.simulator.graph.Directory;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Route templates: {@code {}} segments, holes inside a segment, and {@code {*}} runs of segments. */
class RouteTableTest {
  private static final RouteTable ROUTES = new RouteTable();

  static {
    for (String template : List.of(KeyVaults.VAULT_ROUTE, RoleAssignmentStore.ASSIGNMENT_ROUTE,
        RoleAssignmentStore.ASSIGNMENTS_ROUTE, Directory.SERVICE_PRINCIPAL_ROUTE,
        Directory.SERVICE_PRINCIPAL_BY_APP_ID_ROUTE)) {
      ROUTES.add("GET", template, request -> SimResponse.empty(200));
    }
  }

  private static Optional<RouteTable.Match> match(String path) {
    return ROUTES.match("GET", path);
  }

  @Test
  void aRunOfSegmentsCapturesTheScope() {
    RouteTable.Match match = match("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"
        + "/providers/microsoft.authorization/ROLEASSIGNMENTS/a1").orElseThrow();

    assertThat(match.template()).isEqualTo(RoleAssignmentStore.ASSIGNMENT_ROUTE);
    assertThat(match.params()).containsExactly(
        "subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv", "a1");
    assertThat(match("/subscriptions/s1/providers/Microsoft.Authorization/roleAssignments").orElseThrow().params())
        .containsExactly("subscriptions/s1");
  }

  @Test
  void aRunNeedsAtLeastOneNonEmptySegment() {
    assertThat(match("/providers/Microsoft.Authorization/roleAssignments/a1")).isEmpty();
    assertThat(match("/subscriptions//providers/Microsoft.Authorization/roleAssignments/a1")).isEmpty();
  }

  @Test
  void fixedTemplatesAreNotTakenByARun() {
    RouteTable.Match match = match("/subscriptions/s1/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv")
        .orElseThrow();

    assertThat(match.template()).isEqualTo(KeyVaults.VAULT_ROUTE);
    assertThat(match.params()).containsExactly("s1", "rg", "kv");
  }

  @Test
  void aHoleInsideASegmentCapturesTheTextBetween() {
    assertThat(match("/v1.0/servicePrincipals(appId='4d9a')").orElseThrow().params()).containsExactly("4d9a");
    assertThat(match("/v1.0/serviceprincipals(APPID='x')").orElseThrow().template())
        .isEqualTo(Directory.SERVICE_PRINCIPAL_BY_APP_ID_ROUTE);
    assertThat(match("/v1.0/servicePrincipals(appId='')")).isEmpty();
    assertThat(match("/v1.0/servicePrincipals(appId=4d9a)")).isEmpty();
    assertThat(match("/v1.0/servicePrincipals/4d9a").orElseThrow().template())
        .isEqualTo(Directory.SERVICE_PRINCIPAL_ROUTE);
  }
}
