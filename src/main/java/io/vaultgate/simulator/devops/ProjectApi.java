package io.vaultgate.simulator.devops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultgate.simulator.http.SimJson;
import io.vaultgate.simulator.http.SimRequest;
import io.vaultgate.simulator.http.SimResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/** Azure DevOps's connectionData (who am I, which organization) and the organization's projects, read-only. */
public final class ProjectApi {
  static final List<String> PROJECT_API_VERSIONS = List.of("1.0", "5.0", "5.1", "6.0", "7.0", "7.1");
  /** The service owner Azure DevOps reports for its location service. */
  private static final String SERVICE_OWNER = "00025394-6065-48ca-87d9-7f5672854ef7";

  private final DevOps devOps;

  private ProjectApi(DevOps devOps) {
    this.devOps = devOps;
  }

  public static void register(DevOpsService service, DevOps devOps) {
    ProjectApi api = new ProjectApi(devOps);
    // Clients call connectionData with or without an api-version.
    service.route("GET", DevOps.CONNECTION_DATA_ROUTE, List.of(), api::connectionData);
    service.route("GET", DevOps.PROJECTS_ROUTE, PROJECT_API_VERSIONS, api::list);
    service.route("GET", DevOps.PROJECT_ROUTE, PROJECT_API_VERSIONS, api::get);
  }

  /** {@code instanceId} is the organization id. */
  private SimResponse connectionData(SimRequest request) {
    Organization organization = devOps.existingOrganization(request.pathParam(0));
    ObjectNode body = SimJson.object();
    body.set("authenticatedUser", user());
    body.set("authorizedUser", user());
    body.put("instanceId", organization.id());
    body.put("deploymentId", derivedId("deployment", organization.id()));
    body.put("deploymentType", "hosted");
    body.putObject("locationServiceData")
        .put("serviceOwner", SERVICE_OWNER)
        .put("defaultAccessMappingMoniker", "PublicAccessMapping")
        .put("lastChangeId", 1)
        .put("lastChangeId64", 1);
    return SimResponse.json(200, body);
  }

  private SimResponse list(SimRequest request) {
    Organization organization = devOps.existingOrganization(request.pathParam(0));
    return SimResponse.json(200, DevOpsJson.list(devOps.projects(organization.name()).stream()
        .map(p -> summary(request, organization, p)).toList()));
  }

  private SimResponse get(SimRequest request) {
    Organization organization = devOps.existingOrganization(request.pathParam(0));
    Project project = devOps.project(organization.name(), request.pathParam(1));
    ObjectNode node = summary(request, organization, project);
    String base = DevOpsJson.origin(request) + "/" + organization.name();
    ObjectNode links = node.putObject("_links");
    links.putObject("self").put("href", node.path("url").asText());
    links.putObject("collection").put("href", base + "/_apis/projectCollections/" + organization.id());
    links.putObject("web").put("href", base + "/" + project.name());
    String teamId = derivedId("team", project.id());
    node.putObject("defaultTeam").put("id", teamId).put("name", project.name() + " Team")
        .put("url", node.path("url").asText() + "/teams/" + teamId);
    return SimResponse.json(200, node);
  }

  private static ObjectNode summary(SimRequest request, Organization organization, Project project) {
    ObjectNode node = SimJson.object();
    node.put("id", project.id());
    node.put("name", project.name());
    if (project.description() != null) {
      node.put("description", project.description());
    }
    node.put("url", DevOpsJson.origin(request) + "/" + organization.name() + "/_apis/projects/" + project.id());
    node.put("state", "wellFormed");
    node.put("revision", 1);
    node.put("visibility", "private");
    return node;
  }

  private static ObjectNode user() {
    ObjectNode user = SimJson.object();
    user.put("id", DevOpsJson.CALLER_ID);
    user.put("providerDisplayName", DevOpsJson.CALLER_NAME);
    user.put("isActive", true);
    user.putObject("properties");
    return user;
  }

  /** A stable id for something the simulator does not model beyond its id. */
  private static String derivedId(String kind, String of) {
    return UUID.nameUUIDFromBytes((kind + ":" + of).getBytes(StandardCharsets.UTF_8)).toString();
  }
}
