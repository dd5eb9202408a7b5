package io.vaultgate.simulator.arm.keyvault;

import static io.vaultgate.simulator.ArmClient.vaultPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultgate.simulator.ArmClient;
import io.vaultgate.simulator.TestIds;
import io.vaultgate.simulator.http.ApiError;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code PUT .../vaults/{name}/accessPolicies/{add|replace|remove}} over raw HTTPS, and its state API. */
class AccessPoliciesHttpTest {
  @RegisterExtension
  static final ArmClient arm = new ArmClient();

  private static final String PIPELINE = "3f1c2b7a-6d84-4e0f-9a25-7c1e0d4b8f61";
  private static final String OPERATOR = "b2d4f6a8-1c3e-4a5b-8d7f-9e0a1b2c3d4e";

  private static SimVaultId accessPolicyVault() {
    SimVaultId id = TestIds.freshVault();
    arm.sim().keyVaults().create(id, "westeurope", TestIds.TENANT, false, "Enabled", null);
    return id;
  }

  private static String path(SimVaultId id, String operation) {
    return id.resourceId() + "/accessPolicies/" + operation + "?api-version=" + ArmClient.API_VERSION;
  }

  /** A body with one entry per object id, each with these secret permissions (JSON array contents). */
  private static String body(String secrets, String... objectIds) {
    return "{\"properties\":{\"accessPolicies\":[" + Arrays.stream(objectIds)
        .map(o -> "{\"tenantId\":\"" + TestIds.TENANT + "\",\"objectId\":\"" + o
            + "\",\"permissions\":{\"secrets\":[" + secrets + "]}}")
        .collect(Collectors.joining(",")) + "]}}";
  }

  private static List<String> secrets(SimVaultId id, String objectId) {
    return arm.sim().keyVaults().accessPolicies(id).stream().filter(p -> p.objectId().equals(objectId))
        .findFirst().orElseThrow().permissions().secrets();
  }

  @Test
  void addCreatesTheEntryAndAnswersWithTheEntriesSent() {
    SimVaultId id = accessPolicyVault();

    ArmClient.Response added = arm.put(path(id, "add"), """
        {"properties":{"accessPolicies":[{"tenantId":"%s","objectId":"%s",
          "permissions":{"keys":["encrypt"],"secrets":["get"],"certificates":["get"]}}]}}""".formatted(
        TestIds.TENANT, PIPELINE));

    assertThat(added.status()).isEqualTo(200);
    JsonNode body = added.json();
    assertThat(body.path("id").asText()).isEqualTo(id.resourceId() + "/accessPolicies/");
    assertThat(body.path("type").asText()).isEqualTo("Microsoft.KeyVault/vaults/accessPolicies");
    assertThat(body.path("properties").path("accessPolicies").toString()).isEqualTo("[{\"tenantId\":\""
        + TestIds.TENANT + "\",\"objectId\":\"" + PIPELINE + "\",\"permissions\":{\"keys\":[\"encrypt\"],"
        + "\"secrets\":[\"get\"],\"certificates\":[\"get\"]}}]");
    JsonNode vault = arm.get(vaultPath(id)).json().path("properties");
    assertThat(vault.path("accessPolicies").toString()).as("stored in the service's spelling").isEqualTo(
        "[{\"tenantId\":\"" + TestIds.TENANT + "\",\"objectId\":\"" + PIPELINE + "\",\"permissions\":{\"keys\":"
        + "[\"Encrypt\"],\"secrets\":[\"Get\"],\"certificates\":[\"Get\"]}}]");
    assertThat(vault.path("privateEndpointConnections").isArray()).isTrue();
    assertThat(vault.path("privateEndpointConnections").size()).isZero();
  }

  @Test
  void addMergesIntoTheEntryOfTheSamePrincipalIgnoringCase() {
    SimVaultId id = accessPolicyVault();
    arm.put(path(id, "add"), body("\"get\"", PIPELINE, OPERATOR));

    ArmClient.Response merged = arm.put(path(id, "ADD"), body("\"Get\",\"list\"", PIPELINE.toUpperCase()));

    assertThat(merged.status()).isEqualTo(200);
    assertThat(arm.sim().keyVaults().accessPolicies(id)).hasSize(2);
    assertThat(secrets(id, PIPELINE)).containsExactly("Get", "List");
    assertThat(secrets(id, OPERATOR)).containsExactly("Get");
  }

  @Test
  void replaceSetsExactlyTheGivenPermissions() {
    SimVaultId id = accessPolicyVault();
    arm.put(path(id, "add"), body("\"get\",\"list\",\"set\"", PIPELINE));

    arm.put(path(id, "replace"), body("\"list\"", PIPELINE));
    arm.put(path(id, "replace"), body("\"all\"", OPERATOR));

    assertThat(secrets(id, PIPELINE)).containsExactly("List");
    assertThat(secrets(id, OPERATOR)).containsExactly("All");
  }

  @Test
  void removeTakesPermissionsAwayAndDropsAnEntryLeftWithNone() {
    SimVaultId id = accessPolicyVault();
    arm.put(path(id, "add"), body("\"get\",\"list\"", PIPELINE, OPERATOR));

    ArmClient.Response removed = arm.put(path(id, "remove"), body("\"List\"", PIPELINE));
    arm.put(path(id, "remove"), body("\"Get\",\"List\"", OPERATOR));
    arm.put(path(id, "remove"), body("\"Get\"", "0c9e3d1a-7b2f-4c6e-8a5d-1f0e2d3c4b5a"));

    assertThat(removed.status()).isEqualTo(200);
    assertThat(removed.json().path("properties").path("accessPolicies").get(0).path("permissions").toString())
        .as("the response echoes what was sent").isEqualTo("{\"secrets\":[\"List\"]}");
    assertThat(arm.sim().keyVaults().accessPolicies(id)).extracting(AccessPolicy::objectId)
        .containsExactly(PIPELINE);
    assertThat(secrets(id, PIPELINE)).containsExactly("Get");
  }

  /** azure-rest-api-specs issue #42963 (2026-02-01), Terraform azurerm #10707: no match is no error, and no change. */
  @Test
  void removeMatchesNamesCaseSensitivelyAndAnswers200WhenNothingMatched() {
    SimVaultId id = accessPolicyVault();
    arm.put(path(id, "add"), body("\"get\",\"list\"", PIPELINE));
    long version = arm.sim().keyVaults().get(id).version();

    ArmClient.Response removed = arm.put(path(id, "remove"), body("\"get\",\"LIST\"", PIPELINE));

    assertThat(removed.status()).isEqualTo(200);
    assertThat(secrets(id, PIPELINE)).containsExactly("Get", "List");
    assertThat(arm.put(path(id, "remove"), body("\"Get\"", PIPELINE)).status()).isEqualTo(200);
    assertThat(secrets(id, PIPELINE)).containsExactly("List");
    assertThat(arm.sim().keyVaults().get(id).version()).isGreaterThan(version);
  }

  @Test
  void anUnknownPermissionIsABadRequestNamingItAndChangesNothing() {
    SimVaultId id = accessPolicyVault();

    ArmClient.Response response = arm.put(path(id, "add"), body("\"get\",\"fetch\"", PIPELINE));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("BadRequest");
    assertThat(response.errorMessage()).startsWith(
        "Invalid value found at accessPolicies[0].permissions.secrets[1]: 'fetch'");
    assertThat(arm.put(path(id, "add"), """
        {"properties":{"accessPolicies":[{"tenantId":"%s","objectId":"%s","permissions":{"keys":["wrap"]}}]}}"""
        .formatted(TestIds.TENANT, PIPELINE)).errorMessage()).contains("keys[0]: 'wrap'");
    assertThat(arm.sim().keyVaults().accessPolicies(id)).isEmpty();
    assertThat(arm.sim().keyVaults().get(id).version()).isEqualTo(1);
  }

  @Test
  void theSameNamesAreCheckedWhenAVaultIsPut() {
    SimVaultId id = TestIds.freshVault();

    ArmClient.Response response = arm.put(vaultPath(id), """
        {"location":"westeurope","properties":{"tenantId":"%s","sku":{"name":"standard"},
         "accessPolicies":[{"tenantId":"%s","objectId":"%s","permissions":{"storage":["getsas","peek"]}}]}}"""
        .formatted(TestIds.TENANT, TestIds.TENANT, PIPELINE));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorMessage()).startsWith(
        "Invalid value found at accessPolicies[0].permissions.storage[1]: 'peek'");
  }

  @Test
  void malformedEntriesAreRefused() {
    SimVaultId id = accessPolicyVault();

    ArmClient.Response notAGuid = arm.put(path(id, "add"), body("\"get\"", "pipeline-sp"));
    ArmClient.Response noPermissions = arm.put(path(id, "add"), """
        {"properties":{"accessPolicies":[{"tenantId":"%s","objectId":"%s"}]}}""".formatted(TestIds.TENANT,
        PIPELINE));
    ArmClient.Response noList = arm.put(path(id, "add"), "{\"properties\":{}}");
    ArmClient.Response badKind = arm.put(path(id, "merge"), body("\"get\"", PIPELINE));

    assertThat(notAGuid.errorMessage()).isEqualTo(
        "Invalid value found at accessPolicies[0].ObjectId: pipeline-sp");
    assertThat(noPermissions.errorMessage()).isEqualTo(
        "The property 'properties.accessPolicies[0].permissions' is required.");
    assertThat(noList.errorMessage()).isEqualTo("The property 'properties.accessPolicies' is required.");
    assertThat(badKind.status()).isEqualTo(400);
    assertThat(badKind.errorMessage()).contains("operationKind: merge");
    assertThat(arm.sim().keyVaults().get(id).version()).isEqualTo(1);
  }

  @Test
  void atMost16EntriesPerRequest() {
    SimVaultId id = accessPolicyVault();
    String[] sixteen = IntStream.range(0, 16).mapToObj(i -> String.format("00000000-0000-0000-0000-%012d", i))
        .toArray(String[]::new);
    String[] seventeen = IntStream.range(0, 17).mapToObj(i -> String.format("10000000-0000-0000-0000-%012d", i))
        .toArray(String[]::new);

    assertThat(arm.put(path(id, "add"), body("\"get\"", sixteen)).status()).isEqualTo(200);
    ArmClient.Response tooMany = arm.put(path(id, "add"), body("\"get\"", seventeen));

    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.errorMessage()).contains("17 access policies exceed the limit of 16 per request");
    assertThat(arm.sim().keyVaults().accessPolicies(id)).hasSize(16);
  }

  @Test
  void atMost1024EntriesPerVault() {
    SimVaultId id = accessPolicyVault();
    for (int batch = 0; batch < 64; batch++) {
      int b = batch;
      String[] ids = IntStream.range(0, 16).mapToObj(i -> String.format("20000000-0000-0000-%04d-%012d", b, i))
          .toArray(String[]::new);
      assertThat(arm.put(path(id, "add"), body("\"get\"", ids)).status()).isEqualTo(200);
    }

    ArmClient.Response oneMore = arm.put(path(id, "add"), body("\"get\"", PIPELINE));

    assertThat(oneMore.status()).isEqualTo(400);
    assertThat(oneMore.errorMessage()).contains("1025 access policies exceed the limit of 1024");
    assertThat(arm.put(path(id, "add"), body("\"list\"", "20000000-0000-0000-0000-000000000000")).status())
        .as("editing an existing entry still works").isEqualTo(200);
  }

  @Test
  void aMissingVaultIs404() {
    SimVaultId id = TestIds.freshVault();

    ArmClient.Response response = arm.put(path(id, "add"), body("\"get\"", PIPELINE));

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.errorCode()).isEqualTo("ResourceNotFound");
  }

  @Test
  void updatesAreWritesOnTheVaultsPathAndNoChangeIsNoNewVersion() {
    SimVaultId id = accessPolicyVault();
    arm.sim().requests().clear();

    arm.put(path(id, "add"), body("\"get\"", PIPELINE));
    arm.put(path(id, "add"), body("\"get\"", PIPELINE));

    assertThat(arm.sim().requests().writes("arm", id.resourceId())).isEqualTo(2);
    assertThat(arm.sim().requests().count("arm", "PUT", KeyVaults.ACCESS_POLICY_ROUTE)).isEqualTo(2);
    assertThat(arm.sim().keyVaults().get(id).version()).isEqualTo(2);
  }

  @Test
  void anotherAdministratorEditsAccessPoliciesWithTheSameRules() {
    SimVaultId id = accessPolicyVault();
    KeyVaults vaults = arm.sim().keyVaults();

    vaults.updateAccessPolicies(id, AccessPolicyOperation.ADD,
        List.of(AccessPolicy.of(TestIds.TENANT, PIPELINE, AccessPolicy.Permissions.secrets("get", "list"))));
    vaults.updateAccessPolicies(id, AccessPolicyOperation.REMOVE,
        List.of(AccessPolicy.of(TestIds.TENANT, PIPELINE, AccessPolicy.Permissions.secrets("Get"))));

    assertThat(arm.get(vaultPath(id)).json().path("properties").path("accessPolicies").get(0).path("permissions")
        .path("secrets").toString()).isEqualTo("[\"List\"]");
    assertThatThrownBy(() -> vaults.updateAccessPolicies(id, AccessPolicyOperation.ADD,
        List.of(AccessPolicy.of(TestIds.TENANT, PIPELINE, AccessPolicy.Permissions.secrets("read")))))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.getMessage()).contains("'read'"));
    assertThat(vaults.get(id).version()).isEqualTo(3);
  }
}
