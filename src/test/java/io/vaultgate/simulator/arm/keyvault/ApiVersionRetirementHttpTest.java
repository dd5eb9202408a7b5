package io.vaultgate.simulator.arm.keyvault;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultgate.simulator.ArmClient;
import io.vaultgate.simulator.TestIds;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Key Vault's control-plane api-versions before 2026-02-01 retire on 2027-02-27: served until then, refused from
 * that day on as ARM refuses any version it does not register, on every Key Vault route; 2026-02-01 goes on.
 */
class ApiVersionRetirementHttpTest {
  @RegisterExtension
  static final ArmClient arm = new ArmClient();

  private static final Instant LAST_MOMENT = KeyVaultApiVersions.RETIREMENT.minus(Duration.ofSeconds(1));

  @AfterEach
  void backToToday() {
    arm.sim().clock().useSystemTime();
  }

  private static SimVaultId vault() {
    SimVaultId id = TestIds.freshVault();
    arm.sim().keyVaults().create(id, "westeurope", TestIds.TENANT, false, "Enabled", null);
    return id;
  }

  @Test
  void theTableRetiresEveryVersionBefore20260201OnThe27thOfFebruary2027() {
    assertThat(KeyVaultApiVersions.RETIREMENT).isEqualTo(Instant.parse("2027-02-27T00:00:00Z"));
    assertThat(KeyVaultApiVersions.all()).endsWith("2025-05-01", "2026-02-01");
    assertThat(KeyVaultApiVersions.all()).allSatisfy(v -> assertThat(KeyVaultApiVersions.retirement(v))
        .isEqualTo(v.compareTo("2026-02-01") < 0 ? Optional.of(KeyVaultApiVersions.RETIREMENT)
            : Optional.empty()));
  }

  @Test
  void theLibrarysVersionIsServedUntilTheLastMoment() {
    SimVaultId id = vault();
    arm.sim().clock().set(LAST_MOMENT);

    assertThat(arm.get(id.resourceId() + "?api-version=2025-05-01").status()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2025-05-01", "2024-11-01", "2023-07-01", "2023-02-01", "2022-07-01"})
  void aRetiredVersionIsRefusedWithArmsErrorFromTheRetirementOn(String retired) {
    SimVaultId id = vault();
    arm.sim().clock().set(KeyVaultApiVersions.RETIREMENT);

    ArmClient.Response response = arm.get(id.resourceId() + "?api-version=" + retired);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.header("Content-Type")).startsWith("application/json");
    assertThat(response.body()).isEqualTo("{\"error\":{\"code\":\"NoRegisteredProviderFound\",\"message\":\"No"
        + " registered resource provider found for location 'westeurope' and API version '" + retired + "' for"
        + " type 'vaults'. The supported api-versions are '2026-02-01'.\"}}");
  }

  @Test
  void everyKeyVaultRouteRefusesTheRetiredVersionAndServesTheNewOne() {
    SimVaultId id = vault();
    String policy = """
        {"properties":{"accessPolicies":[{"tenantId":"%s","objectId":"5d1f0e2a-9c3b-4e7d-8a6f-1b2c3d4e5f60",
          "permissions":{"secrets":["get"]}}]}}""".formatted(TestIds.TENANT);
    String[][] calls = {
        {"GET", id.resourceId(), null},
        {"PATCH", id.resourceId(), "{\"properties\":{\"networkAcls\":{\"bypass\":\"AzureServices\","
            + "\"defaultAction\":\"Deny\"}}}"},
        {"PUT", id.resourceId() + "/accessPolicies/add", policy},
        {"GET", id.resourceId() + "/secrets", null},
        {"GET", id.resourceId() + "/privateEndpointConnections", null},
        {"GET", "/subscriptions/" + TestIds.SUBSCRIPTION + "/resourceGroups/" + TestIds.RESOURCE_GROUP
            + "/providers/Microsoft.KeyVault/vaults", null}};
    arm.sim().clock().set(KeyVaultApiVersions.RETIREMENT.plus(Duration.ofDays(400)));

    for (String[] call : calls) {
      ArmClient.Response old = arm.send(call[0], call[1] + "?api-version=2025-05-01", call[2]);
      ArmClient.Response current = arm.send(call[0], call[1] + "?api-version=2026-02-01", call[2]);

      assertThat(old.status()).as(call[0] + " " + call[1]).isEqualTo(400);
      assertThat(old.errorCode()).isEqualTo("NoRegisteredProviderFound");
      assertThat(current.status()).as(call[0] + " " + call[1]).isEqualTo(200);
    }
  }
}
