package io.vaultgate.simulator;

import static io.vaultgate.simulator.ArmClient.vaultBody;
import static io.vaultgate.simulator.ArmClient.vaultPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultgate.simulator.arm.keyvault.KeyVaults;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RequestLogTest {
  @RegisterExtension
  static final ArmClient arm = new ArmClient();

  @BeforeEach
  void clear() {
    arm.sim().requests().clear();
  }

  @Test
  void countsEveryRequestByServiceMethodAndRouteIncludingErrors() {
    SimVaultId id = TestIds.freshVault();

    arm.put(vaultPath(id), vaultBody(null));
    arm.get(vaultPath(id));
    arm.get(vaultPath(id).toUpperCase(Locale.ROOT).replace("API-VERSION", "api-version"));
    arm.patch(vaultPath(id), "{\"properties\":{\"networkAcls\":{\"ipRules\":[{\"value\":\"10.0.0.1\"}]}}}");
    arm.get(ArmClient.vaultsPath(TestIds.SUBSCRIPTION, TestIds.RESOURCE_GROUP));
    arm.send(arm.request(vaultPath(id)).GET()); // 401
    arm.get("/nothing/here?api-version=1");

    RequestLog log = arm.sim().requests();
    assertThat(log.count("arm", "GET", KeyVaults.VAULT_ROUTE)).isEqualTo(3);
    assertThat(log.count("arm", "put", KeyVaults.VAULT_ROUTE)).isEqualTo(1);
    assertThat(log.count("arm", "PATCH", KeyVaults.VAULT_ROUTE)).isEqualTo(1);
    assertThat(log.count("arm", "GET", KeyVaults.VAULTS_ROUTE)).isEqualTo(1);
    assertThat(log.count("arm", "GET", "unmatched")).isEqualTo(1);
    assertThat(log.reads()).isEqualTo(5);
    assertThat(log.writes()).isEqualTo(2);
    assertThat(log.snapshot()).extracting(RecordedRequest::status)
        .containsExactly(201, 200, 200, 400, 200, 401, 404);
    List<RecordedRequest> entries = log.snapshot();
    for (int i = 1; i < entries.size(); i++) {
      assertThat(entries.get(i).nanoTime()).isGreaterThanOrEqualTo(entries.get(i - 1).nanoTime());
    }
    assertThat(entries.get(0).path()).isEqualTo(id.resourceId());
    assertThat(entries.get(0).at()).isNotNull();
  }

  @Test
  void filtersByVaultIdComparingWholeSegmentsIgnoringCase() {
    SimVaultId one = new SimVaultId(TestIds.SUBSCRIPTION, TestIds.RESOURCE_GROUP, "kv-filter-1");
    SimVaultId ten = new SimVaultId(TestIds.SUBSCRIPTION, TestIds.RESOURCE_GROUP, "kv-filter-10");
    arm.put(vaultPath(one), vaultBody(null));
    arm.put(vaultPath(ten), vaultBody(null));
    arm.get(vaultPath(one));
    arm.get(vaultPath(one));
    arm.delete(vaultPath(ten));

    String upper = one.resourceId().toUpperCase(Locale.ROOT);
    assertThat(arm.sim().requests().reads("arm", upper)).isEqualTo(2);
    assertThat(arm.sim().requests().writes("arm", upper)).isEqualTo(1);
    assertThat(arm.sim().requests().writes("arm", ten.resourceId())).isEqualTo(2);
    assertThat(arm.sim().requests().writes("graph", null)).isZero();
    assertThat(arm.sim().requests().writes(null, "/subscriptions/" + TestIds.SUBSCRIPTION)).isEqualTo(3);
  }

  @Test
  void stateApiChangesAreNotRequests() {
    SimVaultId id = TestIds.freshVault();
    arm.sim().keyVaults().create(id, "westeurope", TestIds.TENANT, false, "Enabled", null);
    arm.sim().keyVaults().addIpRule(id, "20.37.194.0/24");

    assertThat(arm.sim().requests().snapshot()).isEmpty();
  }

  @Test
  void theControlEndpointReportsCountsWithoutCountingItself() {
    SimVaultId id = TestIds.freshVault();
    arm.put(vaultPath(id), vaultBody(null));
    arm.get(vaultPath(id));
    arm.get(vaultPath(id));

    ArmClient.Response first = arm.get("/_simulator/requests");
    ArmClient.Response second = arm.get("/_simulator/requests");

    assertThat(first.status()).isEqualTo(200);
    assertThat(second.body()).isEqualTo(first.body());
    JsonNode body = first.json();
    assertThat(body.path("totals").path("reads").asLong()).isEqualTo(2);
    assertThat(body.path("totals").path("writes").asLong()).isEqualTo(1);
    assertThat(body.path("routes")).extracting(JsonNode::toString).containsExactly(
        "{\"service\":\"arm\",\"method\":\"GET\",\"route\":\"" + KeyVaults.VAULT_ROUTE + "\",\"count\":2}",
        "{\"service\":\"arm\",\"method\":\"PUT\",\"route\":\"" + KeyVaults.VAULT_ROUTE + "\",\"count\":1}");
    assertThat(arm.sim().requests().snapshot()).hasSize(3);
  }

  @Test
  void theControlEndpointNeedsTheTokenAndCanClearTheLog() {
    arm.put(vaultPath(TestIds.freshVault()), vaultBody(null));

    ArmClient.Response anonymous = arm.send(arm.request("/_simulator/requests").GET());
    ArmClient.Response cleared = arm.delete("/_simulator/requests");

    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(cleared.status()).isEqualTo(204);
    assertThat(arm.sim().requests().snapshot()).isEmpty();
  }
}
