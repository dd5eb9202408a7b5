package io.vaultgate.devops;

import static io.vaultgate.http.RestCalls.encode;

import com.azure.core.http.HttpMethod;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultgate.http.RestCalls;
import io.vaultgate.port.DevOpsPort;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link DevOpsPort} over the Azure DevOps REST API (api-version 7.1), on the same azure-core pipeline as the Azure
 * SDK clients. Request bodies follow Microsoft's examples; issuer and subject are read back from Azure DevOps.
 */
public final class DevOpsRestClient implements DevOpsPort {

  static final String API = "api-version=7.1";
  static final String PERMISSIONS_API = "api-version=7.1-preview.1";
  static final String AZURE_RM = "azurerm";
  static final String WORKLOAD_IDENTITY = "WorkloadIdentityFederation";
  static final String KEY_VAULT_GROUP = "AzureKeyVault";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RestCalls rest;
  private final String base;

  public DevOpsRestClient(RestCalls rest, URI endpoint) {
    this.rest = rest;
    String b = endpoint.toString();
    this.base = b.endsWith("/") ? b : b + "/";
  }

  private String url(String organization, String path) {
    return base + encode(organization) + "/" + path;
  }

  private String url(String organization, String project, String path) {
    return base + encode(organization) + "/" + encode(project) + "/" + path;
  }

  @Override
  public Optional<String> organizationId(String organization) {
    return rest.get(url(organization, "_apis/connectionData?api-version=7.1-preview.1"))
        .map(n -> n.path("instanceId").asText(null));
  }

  @Override
  public Optional<String> projectId(String organization, String project) {
    return rest.get(url(organization, "_apis/projects/" + encode(project) + "?" + API)).map(n -> n.path("id").asText());
  }

  @Override
  public Optional<ServiceEndpoint> findEndpoint(String organization, String project, String name) {
    return rest.get(url(organization, project, "_apis/serviceendpoint/endpoints?endpointNames=" + encode(name) + "&"
            + API))
        .flatMap(n -> first(n.path("value"), e -> e.path("name").asText().equalsIgnoreCase(name)))
        .map(DevOpsRestClient::endpoint);
  }

  @Override
  public Optional<ServiceEndpoint> getEndpoint(String organization, String project, String id) {
    return rest.get(url(organization, project, "_apis/serviceendpoint/endpoints/" + encode(id) + "?" + API))
        .filter(n -> n.isObject() && n.has("id")).map(DevOpsRestClient::endpoint);
  }

  @Override
  public ServiceEndpoint createEndpoint(String organization, EndpointDefinition definition) {
    return endpoint(rest.send(HttpMethod.POST, url(organization, "_apis/serviceendpoint/endpoints?" + API),
        endpointBody(definition, null), Map.of()).orElseThrow());
  }

  @Override
  public ServiceEndpoint updateEndpoint(String organization, String id, EndpointDefinition definition) {
    return endpoint(rest.send(HttpMethod.PUT, url(organization, "_apis/serviceendpoint/endpoints/" + encode(id) + "?"
        + API), endpointBody(definition, id), Map.of()).orElseThrow());
  }

  @Override
  public void deleteEndpoint(String organization, String id, String projectId) {
    rest.send(HttpMethod.DELETE, url(organization, "_apis/serviceendpoint/endpoints/" + encode(id) + "?projectIds="
        + encode(projectId) + "&" + API), null, Map.of());
  }

  @Override
  public boolean allPipelinesAuthorized(String organization, String project, String resourceType,
      String resourceId) {
    return rest.get(url(organization, project, permissionsPath(resourceType, resourceId)))
        .map(n -> n.path("allPipelines").path("authorized").asBoolean(false)).orElse(false);
  }

  @Override
  public void authorizeAllPipelines(String organization, String project, String resourceType, String resourceId) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("allPipelines").put("authorized", true);
    rest.send(HttpMethod.PATCH, url(organization, project, permissionsPath(resourceType, resourceId)), body,
        Map.of());
  }

  private static String permissionsPath(String resourceType, String resourceId) {
    return "_apis/pipelines/pipelinePermissions/" + encode(resourceType) + "/" + encode(resourceId) + "?" + PERMISSIONS_API;
  }

  @Override
  public Optional<VariableGroup> findVariableGroup(String organization, String project, String name) {
    return rest.get(url(organization, project, "_apis/distributedtask/variablegroups?groupName=" + encode(name) + "&"
            + API))
        .flatMap(n -> first(n.path("value"), g -> g.path("name").asText().equalsIgnoreCase(name)))
        .map(DevOpsRestClient::group);
  }

  @Override
  public VariableGroup createVariableGroup(String organization, GroupDefinition definition) {
    return group(rest.send(HttpMethod.POST, url(organization, "_apis/distributedtask/variablegroups?" + API),
        groupBody(definition), Map.of()).orElseThrow());
  }

  @Override
  public VariableGroup updateVariableGroup(String organization, int id, GroupDefinition definition) {
    return group(rest.send(HttpMethod.PUT, url(organization, "_apis/distributedtask/variablegroups/" + id + "?" + API),
        groupBody(definition), Map.of()).orElseThrow());
  }

  @Override
  public void deleteVariableGroup(String organization, int id, String projectId) {
    rest.send(HttpMethod.DELETE, url(organization, "_apis/distributedtask/variablegroups/" + id + "?projectIds="
        + encode(projectId) + "&" + API), null, Map.of());
  }

  // ---- bodies, as in Microsoft's examples ----

  static ObjectNode endpointBody(EndpointDefinition d, String id) {
    ObjectNode body = JSON.createObjectNode();
    if (id != null) {
      body.put("id", id);
    }
    body.put("name", d.name());
    body.put("description", d.description());
    body.put("type", AZURE_RM);
    body.put("url", "https://management.azure.com/");
    ObjectNode data = body.putObject("data");
    data.put("subscriptionId", d.subscriptionId());
    data.put("subscriptionName", d.subscriptionId());
    data.put("environment", "AzureCloud");
    data.put("scopeLevel", "Subscription");
    data.put("creationMode", "Manual");
    ObjectNode auth = body.putObject("authorization");
    auth.put("scheme", WORKLOAD_IDENTITY);
    ObjectNode parameters = auth.putObject("parameters");
    parameters.put("tenantid", d.tenantId());
    parameters.put("serviceprincipalid", d.clientId());
    d.resourceGroupScope().ifPresent(scope -> parameters.put("scope", scope));
    body.put("isShared", false);
    body.put("owner", "library");
    ArrayNode references = body.putArray("serviceEndpointProjectReferences");
    ObjectNode reference = references.addObject();
    reference.putObject("projectReference").put("id", d.projectId());
    reference.put("name", d.name());
    reference.put("description", d.description());
    return body;
  }

  static ServiceEndpoint endpoint(JsonNode n) {
    JsonNode parameters = n.path("authorization").path("parameters");
    String projectId = "";
    for (JsonNode ref : n.path("serviceEndpointProjectReferences")) {
      projectId = ref.path("projectReference").path("id").asText(projectId);
    }
    EndpointDefinition definition = new EndpointDefinition(n.path("name").asText(), n.path("description").asText(""),
        projectId, n.path("data").path("subscriptionId").asText(""), parameters.path("tenantid").asText(""),
        parameters.path("serviceprincipalid").asText(""),
        Optional.ofNullable(parameters.path("scope").asText(null)).filter(s -> !s.isBlank()));
    boolean workloadIdentity = WORKLOAD_IDENTITY.equalsIgnoreCase(n.path("authorization").path("scheme").asText())
        && AZURE_RM.equalsIgnoreCase(n.path("type").asText());
    return new ServiceEndpoint(n.path("id").asText(), workloadIdentity ? definition : definition.withoutIdentity(),
        n.path("isReady").asBoolean(false), n.path("operationStatus").path("state").asText(""),
        parameters.path("workloadIdentityFederationIssuer").asText(""),
        parameters.path("workloadIdentityFederationSubject").asText(""));
  }

  static ObjectNode groupBody(GroupDefinition d) {
    ObjectNode body = JSON.createObjectNode();
    body.put("name", d.name());
    body.put("description", d.description());
    body.put("type", KEY_VAULT_GROUP);
    ObjectNode provider = body.putObject("providerData");
    provider.put("serviceEndpointId", d.serviceEndpointId());
    provider.put("vault", d.vaultName());
    ObjectNode variables = body.putObject("variables");
    for (String secret : d.secrets()) {
      ObjectNode v = variables.putObject(secret);
      v.put("isSecret", true);
      v.put("enabled", true);
      v.put("contentType", "");
      v.putNull("value");
    }
    ArrayNode references = body.putArray("variableGroupProjectReferences");
    ObjectNode reference = references.addObject();
    reference.put("name", d.name());
    reference.put("description", d.description());
    reference.putObject("projectReference").put("id", d.projectId());
    return body;
  }

  static VariableGroup group(JsonNode n) {
    List<String> secrets = new ArrayList<>();
    for (Iterator<String> it = n.path("variables").fieldNames(); it.hasNext(); ) {
      secrets.add(it.next());
    }
    String projectId = "";
    for (JsonNode ref : n.path("variableGroupProjectReferences")) {
      projectId = ref.path("projectReference").path("id").asText(projectId);
    }
    return new VariableGroup(n.path("id").asInt(), n.path("type").asText(""), new GroupDefinition(
        n.path("name").asText(), n.path("description").asText(""), projectId,
        n.path("providerData").path("serviceEndpointId").asText(""), n.path("providerData").path("vault").asText(""),
        secrets));
  }

  private static Optional<JsonNode> first(JsonNode array, java.util.function.Predicate<JsonNode> match) {
    for (JsonNode item : array) {
      if (match.test(item)) {
        return Optional.of(item);
      }
    }
    return Optional.empty();
  }

}
