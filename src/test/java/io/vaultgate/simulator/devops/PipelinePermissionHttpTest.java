package io.vaultgate.simulator.devops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultgate.simulator.ArmClient;
import io.vaultgate.simulator.http.Guid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Azure DevOps pipeline permissions of service connections and variable groups over raw HTTPS. */
class PipelinePermissionHttpTest {
  private static final String V = "7.1-preview.1";

  @RegisterExtension
  static final ArmClient arm = new ArmClient();

  private static String endpoint(DevOpsSeeds.Org org) {
    return arm.devOps("POST", org.path("_apis/serviceendpoint/endpoints", "7.1"), DevOpsSeeds.azureRmEndpoint(
        "sc-" + Guid.random().substring(0, 8), org.project().id(), Guid.random())).json().path("id").asText();
  }

  private static String permissions(DevOpsSeeds.Org org, String type, String id) {
    return org.projectPath("_apis/pipelines/pipelinePermissions/" + type + "/" + id, V);
  }

  @Test
  void aResourceNobodyAuthorizedHasNoPermissions() {
    DevOpsSeeds.Org org = DevOpsSeeds.organization(arm.sim());
    String id = endpoint(org);

    ArmClient.Response response = arm.devOps("GET", permissions(org, "endpoint", id), null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().toString()).isEqualTo("{\"resource\":{\"type\":\"endpoint\",\"id\":\"" + id
        + "\"},\"pipelines\":[]}");
  }

  @Test
  void patchGrantsAllPipelinesAndAnswersWithTheMergedPermissions() {
    DevOpsSeeds.Org org = DevOpsSeeds.organization(arm.sim());
    String id = endpoint(org);

    ArmClient.Response granted = arm.devOps("PATCH", permissions(org, "endpoint", id),
        "{\"allPipelines\":{\"authorized\":true}}");
    ArmClient.Response onePipeline = arm.devOps("PATCH", permissions(org, "endpoint", id),
        "{\"pipelines\":[{\"id\":16,\"authorized\":true}]}");

    assertThat(granted.status()).isEqualTo(200);
    JsonNode all = granted.json().path("allPipelines");
    assertThat(all.path("authorized").asBoolean()).isTrue();
    assertThat(all.path("authorizedBy").path("id").asText()).isEqualTo(DevOpsJson.CALLER_ID);
    assertThat(all.path("authorizedOn").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    JsonNode merged = onePipeline.json();
    assertThat(merged.path("allPipelines").path("authorized").asBoolean()).as("kept when not sent").isTrue();
    assertThat(DevOpsSeeds.each(merged.path("pipelines"), "id")).containsExactly("16");
    assertThat(arm.devOps("GET", permissions(org, "endpoint", id), null).json()).isEqualTo(merged);
    ResourcePipelinePermissions stored = arm.sim().devOps().pipelinePermissions().get(org.name(),
        org.project().name(), PipelinePermissions.ENDPOINT, id);
    assertThat(stored.allPipelinesAuthorized()).isTrue();
    assertThat(stored.authorizes(16)).isTrue();
  }

  @Test
  void pipelinesAreAddedAndRevokedById() {
    DevOpsSeeds.Org org = DevOpsSeeds.organization(arm.sim());
    int group = arm.devOps("POST", org.path("_apis/distributedtask/variablegroups", "7.1"), """
        {"name":"vg-p","type":"Vsts","variables":{},
         "variableGroupProjectReferences":[{"name":"vg-p","projectReference":{"id":"%s"}}]}
        """.formatted(org.project().id())).json().path("id").asInt();
    String path = permissions(org, "variablegroup", Integer.toString(group));

    arm.devOps("PATCH", path, "{\"pipelines\":[{\"id\":16,\"authorized\":true},{\"id\":6,\"authorized\":true}]}");
    JsonNode revoked = arm.devOps("PATCH", path, "{\"pipelines\":[{\"id\":16,\"authorized\":false},"
        + "{\"id\":15,\"authorized\":true}],\"allPipelines\":{\"authorized\":false}}").json();

    assertThat(revoked.path("resource").path("type").asText()).isEqualTo("variablegroup");
    assertThat(DevOpsSeeds.each(revoked.path("pipelines"), "id")).containsExactly("6", "15");
    assertThat(revoked.path("pipelines").get(0).path("authorized").asBoolean()).isTrue();
    assertThat(revoked.path("allPipelines").path("authorized").asBoolean()).isFalse();
    ResourcePipelinePermissions stored = arm.sim().devOps().pipelinePermissions().get(org.name(),
        org.project().id(), "VariableGroup", Integer.toString(group));
    assertThat(stored.authorizes(6)).isTrue();
    assertThat(stored.authorizes(16)).isFalse();
  }

  @Test
  void otherResourceTypesMissingResourcesAndReleasedVersionsAreRefused() {
    DevOpsSeeds.Org org = DevOpsSeeds.organization(arm.sim());
    String id = endpoint(org);
    Project other = arm.sim().devOps().seedProject(org.name(), "Other");

    ArmClient.Response queue = arm.devOps("GET", permissions(org, "queue", "1"), null);
    ArmClient.Response missing = arm.devOps("GET", permissions(org, "endpoint", Guid.random()), null);
    ArmClient.Response otherProject = arm.devOps("GET", org.path(other.id()
        + "/_apis/pipelines/pipelinePermissions/endpoint/" + id, V), null);
    ArmClient.Response released = arm.devOps("GET", org.projectPath("_apis/pipelines/pipelinePermissions/endpoint/"
        + id, "7.1"), null);
    ArmClient.Response badBody = arm.devOps("PATCH", permissions(org, "endpoint", id),
        "{\"pipelines\":[{\"authorized\":true}]}");

    assertThat(queue.status()).isEqualTo(400);
    assertThat(queue.typeKey()).isEqualTo("ArgumentException");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(otherProject.status()).isEqualTo(404);
    assertThat(released.typeKey()).isEqualTo("VssInvalidPreviewVersionException");
    assertThat(badBody.status()).isEqualTo(400);
  }

  @Test
  void anotherAdministratorGrantsAndDeletingTheResourceForgetsThem() {
    DevOpsSeeds.Org org = DevOpsSeeds.organization(arm.sim());
    String id = endpoint(org);
    PipelinePermissions permissions = arm.sim().devOps().pipelinePermissions();

    permissions.authorizeAllPipelines(org.name(), org.project().id(), PipelinePermissions.ENDPOINT, id, true);

    assertThat(arm.devOps("GET", permissions(org, "endpoint", id), null).json().path("allPipelines")
        .path("authorized").asBoolean()).isTrue();
    assertThat(arm.sim().devOps().serviceEndpoints().delete(org.name(), id)).isTrue();
    assertThat(permissions.get(org.name(), org.project().id(), PipelinePermissions.ENDPOINT, id)
        .allPipelinesAuthorized()).isFalse();
  }
}
