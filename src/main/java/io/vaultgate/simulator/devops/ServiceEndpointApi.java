package io.vaultgate.simulator.devops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.JsonFields;
import io.vaultgate.simulator.http.SimJson;
import io.vaultgate.simulator.http.SimRequest;
import io.vaultgate.simulator.http.SimResponse;
import java.util.List;
import java.util.Map;

/**
 * Azure DevOps's service endpoints (service connections): create, get, list, update and delete, and the endpoint
 * proxy's {@code AzureKeyVaultSecrets} data source, which lists a vault's secrets through a connection.
 */
public final class ServiceEndpointApi {
  static final List<String> API_VERSIONS = List.of("6.0-preview.4", "7.0", "7.1-preview.4", "7.1");
  static final List<String> PROXY_API_VERSIONS = List.of("7.1-preview.1");
  static final String KEY_VAULT_SECRETS = "AzureKeyVaultSecrets";

  private final DevOps devOps;
  private final PipelineAccess access;

  private ServiceEndpointApi(DevOps devOps, PipelineAccess access) {
    this.devOps = devOps;
    this.access = access;
  }

  public static void register(DevOpsService service, DevOps devOps, PipelineAccess access) {
    ServiceEndpointApi api = new ServiceEndpointApi(devOps, access);
    service.route("POST", DevOps.ENDPOINTS_ROUTE, API_VERSIONS, api::create);
    service.route("PUT", DevOps.ENDPOINT_ROUTE, API_VERSIONS, api::update);
    service.route("DELETE", DevOps.ENDPOINT_ROUTE, API_VERSIONS, api::delete);
    service.route("GET", DevOps.PROJECT_ENDPOINTS_ROUTE, API_VERSIONS, api::list);
    service.route("GET", DevOps.PROJECT_ENDPOINT_ROUTE, API_VERSIONS, api::get);
    service.route("POST", DevOps.ENDPOINT_PROXY_ROUTE, PROXY_API_VERSIONS, api::proxy);
  }

  private SimResponse create(SimRequest request) {
    Organization organization = organization(request);
    SimServiceEndpoint requested = parse(organization, SimJson.body(request));
    if (requested.projectReferences().isEmpty()) {
      throw DevOpsJson.argumentNull("endpoint.ServiceEndpointProjectReferences");
    }
    return SimResponse.json(200, json(organization, devOps.serviceEndpoints().create(organization, requested)));
  }

  /** A connection that is missing or not shared with the project is answered with a null body, as Azure DevOps does. */
  private SimResponse get(SimRequest request) {
    Organization organization = organization(request);
    Project project = devOps.project(organization.name(), request.pathParam(1));
    return devOps.serviceEndpoints().find(organization.name(), request.pathParam(2))
        .filter(e -> e.isSharedWith(project.id()))
        .map(e -> SimResponse.json(200, json(organization, e)))
        .orElseGet(() -> SimResponse.json(200, NullNode.getInstance()));
  }

  /**
   * The project's connections, by {@code endpointNames}, {@code type}, {@code endpointIds} and
   * {@code authSchemes}. Connections whose operation is still in progress are left out until they are ready, as
   * Azure DevOps does.
   */
  private SimResponse list(SimRequest request) {
    Organization organization = organization(request);
    Project project = devOps.project(organization.name(), request.pathParam(1));
    List<String> names = DevOpsJson.commaList(request, "endpointNames");
    List<String> ids = DevOpsJson.commaList(request, "endpointIds");
    List<String> schemes = DevOpsJson.commaList(request, "authSchemes");
    String type = request.queryParam("type").orElse(null);
    return SimResponse.json(200, DevOpsJson.list(devOps.serviceEndpoints().all(organization.name()).stream()
        .filter(e -> e.isSharedWith(project.id()) && e.isReady())
        .filter(e -> names.isEmpty() || names.stream().anyMatch(e.reference(project.id()).orElseThrow().name()
            ::equalsIgnoreCase))
        .filter(e -> ids.isEmpty() || ids.stream().anyMatch(e.id()::equalsIgnoreCase))
        .filter(e -> schemes.isEmpty() || schemes.stream().anyMatch(e.scheme()::equalsIgnoreCase))
        .filter(e -> type == null || e.type().equalsIgnoreCase(type))
        .map(e -> json(organization, e)).toList()));
  }

  /** The whole connection is sent; see {@link ServiceEndpoints} for what is kept. */
  private SimResponse update(SimRequest request) {
    Organization organization = organization(request);
    SimServiceEndpoint requested = parse(organization, SimJson.body(request));
    return SimResponse.json(200, json(organization, devOps.serviceEndpoints().update(organization,
        request.pathParam(1), requested)));
  }

  /** Removes the connection from the projects named (by id or name); the last one removes it altogether. */
  private SimResponse delete(SimRequest request) {
    Organization organization = organization(request);
    List<String> projectIds = DevOpsJson.requiredList(request, "projectIds").stream()
        .map(p -> devOps.project(organization.name(), p).id()).toList();
    devOps.serviceEndpoints().unshare(organization, request.pathParam(1), projectIds);
    return SimResponse.empty(204);
  }

  /**
   * Runs a data source through the connection; only {@code AzureKeyVaultSecrets} is simulated. It answers whether
   * the secrets could be listed, not their names: success is an empty result; failures carry the status and text
   * Azure DevOps relays.
   */
  private SimResponse proxy(SimRequest request) {
    Organization organization = organization(request);
    String endpointId = request.queryParam("endpointId").orElseThrow(() -> DevOpsJson.argumentNull("endpointId"));
    JsonFields details = JsonFields.of(SimJson.body(request), "dataSourceDetails")
        .orElseThrow(() -> DevOpsJson.argumentNull("serviceEndpointRequest.DataSourceDetails"));
    String dataSource = details.text("dataSourceName").orElse("");
    if (!dataSource.equalsIgnoreCase(KEY_VAULT_SECRETS)) {
      throw new ApiError(400, "ArgumentException", "Data source '" + dataSource + "' is not supported for this"
          + " service connection. Supported: " + KEY_VAULT_SECRETS + ".");
    }
    String vault = DevOpsJson.strings(details, "parameters").entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase("KeyVaultName") && e.getValue() != null)
        .map(Map.Entry::getValue).findFirst()
        .orElseThrow(() -> DevOpsJson.argumentNull("KeyVaultName"));
    SimServiceEndpoint endpoint = access.endpoint(organization.name(), request.pathParam(1), endpointId);
    PipelineVaultAccess result = access.canReadVault(organization, endpoint, vault);
    ObjectNode body = SimJson.object();
    body.putArray("result");
    body.put("statusCode", result.statusCode());
    body.put("errorMessage", result.reason());
    return SimResponse.json(200, body);
  }

  private Organization organization(SimRequest request) {
    return devOps.existingOrganization(request.pathParam(0));
  }

  private SimServiceEndpoint parse(Organization organization, ObjectNode body) {
    JsonFields fields = new JsonFields(body, "");
    String name = fields.text("name").filter(n -> !n.isBlank())
        .orElseThrow(() -> DevOpsJson.argumentNull("endpoint.Name"));
    String type = fields.text("type").orElseThrow(() -> DevOpsJson.argumentNull("endpoint.Type"));
    String url = fields.text("url").orElseThrow(() -> DevOpsJson.argumentNull("endpoint.Url"));
    JsonFields authorization = fields.object("authorization")
        .orElseThrow(() -> DevOpsJson.argumentNull("endpoint.Authorization"));
    String scheme = authorization.text("scheme")
        .orElseThrow(() -> DevOpsJson.argumentNull("endpoint.Authorization.Scheme"));
    String description = fields.text("description").orElse("");
    return new SimServiceEndpoint(null, name, type, url, description, DevOpsJson.strings(fields, "data"), scheme,
        DevOpsJson.strings(authorization, "parameters"), DevOpsJson.projectReferences(devOps, organization, fields,
            "serviceEndpointProjectReferences", name, description), fields.text("owner").orElse("library"),
        null, null);
  }

  /** The connection as Azure DevOps returns it: secrets null, readiness from its operation. */
  private ObjectNode json(Organization organization, SimServiceEndpoint endpoint) {
    boolean ready = endpoint.isReady();
    ObjectNode node = SimJson.object();
    ObjectNode data = node.putObject("data");
    endpoint.data().forEach(data::put);
    node.put("id", endpoint.id());
    node.put("name", endpoint.name());
    node.put("type", endpoint.type());
    node.put("url", endpoint.url());
    node.set("createdBy", DevOpsJson.caller());
    node.put("description", endpoint.description());
    ObjectNode authorization = node.putObject("authorization");
    ObjectNode parameters = authorization.putObject("parameters");
    endpoint.parameters().forEach((k, v) -> parameters.put(k, ServiceEndpoints.isSecret(k) ? null : v));
    authorization.put("scheme", endpoint.scheme());
    node.put("isShared", endpoint.projectReferences().size() > 1);
    node.put("isReady", ready);
    node.put("isOutdated", false);
    node.putObject("operationStatus").put("state", ready ? "Ready" : "InProgress")
        .put("statusMessage", "");
    node.put("owner", endpoint.owner());
    ArrayNode references = node.putArray("serviceEndpointProjectReferences");
    endpoint.projectReferences().forEach(reference -> references.add(DevOpsJson.projectReference(reference,
        devOps.project(organization.name(), reference.projectId()))));
    return node;
  }
}
