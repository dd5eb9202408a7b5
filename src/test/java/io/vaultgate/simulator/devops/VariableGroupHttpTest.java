package io.vaultgate.simulator.devops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultgate.simulator.ArmClient;
import io.vaultgate.simulator.http.Guid;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Azure DevOps variable groups over raw HTTPS: plain and Key Vault-linked groups, names, ids, secrets. */
class VariableGroupHttpTest {
  private static final String V = "7.1";

  @RegisterExtension
  static final ArmClient arm = new ArmClient();

  @BeforeAll
  static void readyAtOnce() {
    arm.sim().devOps().serviceEndpoints().setReadyDelay(Duration.ZERO);
  }

  private static ArmClient.Response create(DevOpsSeeds.Org org, String body) {
    return arm.devOps("POST", org.path("_apis/distributedtask/variablegroups", V), body);
  }

  private static String endpoint(DevOpsSeeds.Org org, String name) {
    return arm.devOps("POST", org.path("_apis/serviceendpoint/endpoints", V),
        DevOpsSeeds.azureRmEndpoint(name, org.project().id(), Guid.random())).json().path("id").asText();
  }

  private static String plainGroup(String name, String projectId) {
    return """
        {"name":"%1$s","description":"Settings","type":"Vsts",
         "variables":{"region":{"value":"westeurope"},"token":{"value":"t0ken","isSecret":true}},
         "variableGroupProjectReferences":[{"name":"%1$s","description":"","projectReference":{"id":"%2$s"}}]}
        """.formatted(name, projectId);
  }

  @Test
  void aKeyVaultGroupHoldsSecretNamesOnly() {
    DevOpsSeeds.Org org = DevOpsSeeds.organization(arm.sim());
    String endpointId = endpoint(org, "sc-kv");

    ArmClient.Response created = create(org, DevOpsSeeds.keyVaultGroup("vg-kv", org.project().id(), endpointId,
        "kv-pipelines"));

    assertThat(created.status()).isEqualTo(200);
    JsonNode group = created.json();
    assertThat(group.path("id").asInt()).isPositive();
    assertThat(group.path("type").asText()).isEqualTo("AzureKeyVault");
    assertThat(group.path("providerData").path("serviceEndpointId").asText()).isEqualTo(endpointId);
    assertThat(group.path("providerData").path("vault").asText()).isEqualTo("kv-pipelines");
    assertThat(group.path("variables").toString()).isEqualTo("{\"db-password\":{\"value\":null,\"isSecret\":true,"
        + "\"enabled\":true,\"contentType\":\"\"}}");
    JsonNode reference = group.path("variableGroupProjectReferences").get(0);
    assertThat(reference.path("projectReference").path("id").asText()).isEqualTo(org.project().id());
    assertThat(reference.path("projectReference").path("name").asText()).isEqualTo(org.project().name());
    assertThat(arm.sim().devOps().variableGroups().find(org.name(), group.path("id").asInt()))
        .hasValueSatisfying(g -> assertThat(g.variables().get("db-password").value()).isNull());
  }

  @Test
  void aKeyVaultGroupNeedsAnAzureRmConnectionOfItsProjectAndAVault() {
    DevOpsSeeds.Org org = DevOpsSeeds.organization(arm.sim());
    DevOpsSeeds.Org other = DevOpsSeeds.organization(arm.sim());
    String foreign = endpoint(other, "sc-foreign");
    String generic = arm.devOps("POST", org.path("_apis/serviceendpoint/endpoints", V), "{\"name\":\"sc-generic\","
        + "\"type\":\"Generic\",\"url\":\"https://example.org\",\"authorization\":{\"scheme\":\"None\"},"
        + "\"serviceEndpointProjectReferences\":[{\"projectReference\":{\"id\":\"" + org.project().id() + "\"}}]}")
        .json().path("id").asText();
    String mine = endpoint(org, "sc-mine");

    ArmClient.Response unknown = create(org, DevOpsSeeds.keyVaultGroup("vg-1", org.project().id(), Guid.random(),
        "kv"));
    ArmClient.Response notShared = create(org, DevOpsSeeds.keyVaultGroup("vg-2", org.project().id(), foreign, "kv"));
    ArmClient.Response notAzureRm = create(org, DevOpsSeeds.keyVaultGroup("vg-3", org.project().id(), generic,
        "kv"));
    ArmClient.Response noVault = create(org, DevOpsSeeds.keyVaultGroup("vg-4", org.project().id(), mine, ""));
    ArmClient.Response noProvider = create(org, DevOpsSeeds.keyVaultGroup("vg-5", org.project().id(), mine, "kv")
        .replaceFirst("\"providerData\":\\{[^}]*},", ""));

    for (ArmClient.Response refused : new ArmClient.Response[] {unknown, notShared, notAzureRm, noVault,
        noProvider}) {
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.typeKey()).isEqualTo("ArgumentException");
    }
    assertThat(unknown.message()).contains("was not found in project '" + org.project().name() + "'");
    assertThat(notShared.message()).contains("was not found in project");
    assertThat(notAzureRm.message()).contains("needs an Azure Resource Manager (AzureRM) service connection");
    assertThat(noVault.message()).contains("providerData.vault");
    assertThat(arm.sim().devOps().variableGroups().all(org.name())).isEmpty();
  }

  @Test
  void plainGroupsHideSecretValuesAndKeepThemOnUpdate() {
    DevOpsSeeds.Org org = DevOpsSeeds.organization(arm.sim());
    JsonNode created = create(org, plainGroup("vg-plain", org.project().id())).json();
    int id = created.path("id").asInt();

    JsonNode read = arm.devOps("GET", org.projectPath("_apis/distributedtask/variablegroups/" + id, V), null).json();
    ArmClient.Response updated = arm.devOps("PUT", org.path("_apis/distributedtask/variablegroups/" + id, V),
        plainGroup("vg-plain", org.project().id()).replace("\"t0ken\"", "null").replace("westeurope", "northeurope"));

    assertThat(created.path("variables").toString()).isEqualTo("{\"region\":{\"value\":\"westeurope\"},"
        + "\"token\":{\"value\":null,\"isSecret\":true}}");
    assertThat(read.path("name").asText()).isEqualTo("vg-plain");
    assertThat(read.path("description").asText()).isEqualTo("Settings");
    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.json().path("variables").path("region").path("value").asText()).isEqualTo("northeurope");
    assertThat(arm.sim().devOps().variableGroups().find(org.name(), id).orElseThrow().variables().get("token")
        .value()).isEqualTo("t0ken");
  }

  @Test
  void listsByNameWithWildcardsOrByIdsNewestFirst() {
    DevOpsSeeds.Org org = DevOpsSeeds.organization(arm.sim());
    int first = create(org, plainGroup("Test-1", org.project().id())).json().path("id").asInt();
    int second = create(org, plainGroup("test-2", org.project().id())).json().path("id").asInt();
    int third = create(org, plainGroup("Other", org.project().id())).json().path("id").asInt();

    JsonNode byName = arm.devOps("GET", org.projectPath("_apis/distributedtask/variablegroups?groupName=test*", V),
        null).json();
    JsonNode ascending = arm.devOps("GET", org.projectPath("_apis/distributedtask/variablegroups?groupName=Test*"
        + "&queryOrder=IdAscending", V), null).json();
    JsonNode exact = arm.devOps("GET", org.projectPath("_apis/distributedtask/variablegroups?groupName=Other", V),
        null).json();
    JsonNode byIds = arm.devOps("GET", org.projectPath("_apis/distributedtask/variablegroups?groupIds=" + first
        + "," + third, V), null).json();

    assertThat(second).isEqualTo(first + 1);
    assertThat(byName.path("count").asInt()).isEqualTo(2);
    assertThat(DevOpsSeeds.each(byName.path("value"), "name")).containsExactly("test-2", "Test-1");
    assertThat(DevOpsSeeds.each(ascending.path("value"), "name")).containsExactly("Test-1", "test-2");
    assertThat(DevOpsSeeds.each(exact.path("value"), "name")).containsExactly("Other");
    assertThat(DevOpsSeeds.each(byIds.path("value"), "id")).containsExactly(Integer.toString(third),
        Integer.toString(first));
  }

  @Test
  void namesAreUniquePerProjectAndGroupsAreSeenFromTheirProjectsOnly() {
    DevOpsSeeds.Org org = DevOpsSeeds.organization(arm.sim());
    Project other = arm.sim().devOps().seedProject(org.name(), "Other");
    int id = create(org, plainGroup("vg-once", org.project().id())).json().path("id").asInt();

    ArmClient.Response again = create(org, plainGroup("VG-ONCE", org.project().id()));
    ArmClient.Response inOther = create(org, plainGroup("vg-once", other.id()));
    ArmClient.Response fromOther = arm.devOps("GET", org.path(other.id() + "/_apis/distributedtask/variablegroups/"
        + id, V), null);

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.typeKey()).isEqualTo("VariableGroupExistsException");
    assertThat(again.message()).isEqualTo("Variable group with name 'VG-ONCE' already exists in project '"
        + org.project().name() + "'.");
    assertThat(inOther.status()).isEqualTo(200);
    assertThat(fromOther.body()).isEqualTo("null");
  }

  @Test
  void deleteRemovesTheGroupFromTheNamedProjects() {
    DevOpsSeeds.Org org = DevOpsSeeds.organization(arm.sim());
    int id = create(org, plainGroup("vg-delete", org.project().id())).json().path("id").asInt();
    String path = "_apis/distributedtask/variablegroups/" + id;

    ArmClient.Response withoutProjects = arm.devOps("DELETE", org.path(path, V), null);
    ArmClient.Response deleted = arm.devOps("DELETE", org.path(path + "?projectIds=" + org.project().id(), V), null);

    assertThat(withoutProjects.status()).isEqualTo(400);
    assertThat(withoutProjects.typeKey()).isEqualTo("ArgumentNullException");
    assertThat(deleted.status()).isEqualTo(204);
    assertThat(arm.devOps("GET", org.projectPath(path, V), null).body()).isEqualTo("null");
    assertThat(arm.sim().devOps().variableGroups().find(org.name(), id)).isEmpty();
    ArmClient.Response again = arm.devOps("DELETE", org.path(path + "?projectIds=" + org.project().id(), V), null);
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.typeKey()).isEqualTo("VariableGroupNotFoundException");
  }

  @Test
  void previewAndOlderVersionsAreAccepted() {
    DevOpsSeeds.Org org = DevOpsSeeds.organization(arm.sim());

    assertThat(arm.devOps("POST", org.path("_apis/distributedtask/variablegroups", "7.1-preview.2"),
        plainGroup("vg-preview", org.project().id())).status()).isEqualTo(200);
    assertThat(arm.devOps("POST", org.path("_apis/distributedtask/variablegroups", "7.0"),
        plainGroup("vg-seven", org.project().id())).status()).isEqualTo(200);
    assertThat(arm.devOps("POST", org.path("_apis/distributedtask/variablegroups", "6.0"),
        plainGroup("vg-six", org.project().id())).typeKey()).isEqualTo("VssVersionOutOfRangeException");
  }
}
