package io.vaultgate.simulator.devops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.JsonFields;
import io.vaultgate.simulator.http.SimJson;
import io.vaultgate.simulator.http.SimRequest;
import io.vaultgate.simulator.http.SimResponse;
import java.util.List;

/**
 * Azure DevOps's pipeline permissions of one resource in a project: GET, and PATCH that merges (allPipelines
 * replaced when sent, pipelines changed by id). The resource must exist in the project.
 */
public final class PipelinePermissionApi {
  static final List<String> API_VERSIONS = List.of("7.1-preview.1");

  private final DevOps devOps;

  private PipelinePermissionApi(DevOps devOps) {
    this.devOps = devOps;
  }

  public static void register(DevOpsService service, DevOps devOps) {
    PipelinePermissionApi api = new PipelinePermissionApi(devOps);
    service.route("GET", DevOps.PIPELINE_PERMISSIONS_ROUTE, API_VERSIONS, api::get);
    service.route("PATCH", DevOps.PIPELINE_PERMISSIONS_ROUTE, API_VERSIONS, api::patch);
  }

  private SimResponse get(SimRequest request) {
    Project project = checkResource(request);
    return SimResponse.json(200, json(devOps.pipelinePermissions().get(request.pathParam(0), project.id(),
        request.pathParam(2), request.pathParam(3))));
  }

  /** Answers with the merged permissions. */
  private SimResponse patch(SimRequest request) {
    Project project = checkResource(request);
    JsonFields body = new JsonFields(SimJson.body(request), "");
    Boolean allPipelines = body.object("allPipelines").map(all -> all.bool("authorized")
        .orElseThrow(() -> DevOpsJson.argumentNull("allPipelines.authorized"))).orElse(null);
    List<PipelinePermissions.PipelineChange> changes = body.objects("pipelines", pipeline ->
        new PipelinePermissions.PipelineChange(
            pipeline.integer("id").orElseThrow(() -> DevOpsJson.argumentNull("pipelines.id")),
            pipeline.bool("authorized").orElseThrow(() -> DevOpsJson.argumentNull("pipelines.authorized"))));
    return SimResponse.json(200, json(devOps.pipelinePermissions().update(request.pathParam(0), project.id(),
        request.pathParam(2), request.pathParam(3), allPipelines, changes)));
  }

  /** The project, once the resource type is one simulated and the resource is shared with the project. */
  private Project checkResource(SimRequest request) {
    String organization = request.pathParam(0);
    Project project = devOps.project(organization, request.pathParam(1));
    String type = PipelinePermissions.canonicalType(request.pathParam(2));
    String id = request.pathParam(3);
    boolean exists = type.equals(PipelinePermissions.ENDPOINT)
        ? devOps.serviceEndpoints().find(organization, id).filter(e -> e.isSharedWith(project.id())).isPresent()
        : id.matches("\\d{1,9}") && devOps.variableGroups().find(organization, Integer.parseInt(id))
            .filter(g -> g.isSharedWith(project.id())).isPresent();
    if (!exists) {
      throw new ApiError(404, "ResourceNotFoundException", "The resource of type '" + type + "' with id '" + id
          + "' was not found in project '" + project.name() + "'.");
    }
    return project;
  }

  private static ObjectNode json(ResourcePipelinePermissions permissions) {
    ObjectNode node = SimJson.object();
    node.putObject("resource").put("type", permissions.resourceType()).put("id", permissions.resourceId());
    if (permissions.allPipelines() != null) {
      node.putObject("allPipelines")
          .put("authorized", permissions.allPipelines().authorized())
          .<ObjectNode>set("authorizedBy", DevOpsJson.caller())
          .put("authorizedOn", SimJson.timestamp(permissions.allPipelines().authorizedOn()));
    }
    ArrayNode pipelines = node.putArray("pipelines");
    permissions.pipelines().forEach(p -> pipelines.addObject()
        .put("id", p.id())
        .put("authorized", true)
        .<ObjectNode>set("authorizedBy", DevOpsJson.caller())
        .put("authorizedOn", SimJson.timestamp(p.authorizedOn())));
    return node;
  }
}
