package io.vaultgate.simulator.graph;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.Guid;
import io.vaultgate.simulator.http.SimJson;
import io.vaultgate.simulator.http.SimRequest;
import io.vaultgate.simulator.http.SimResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/** Graph's {@code servicePrincipals} and {@code applications}, read-only, served from the {@link Directory}. */
public final class DirectoryApi {
  private static final String SERVICE_PRINCIPALS = "servicePrincipals";
  private static final String APPLICATIONS = "applications";
  private static final Set<String> SERVICE_PRINCIPAL_FILTERS = Set.of("id", "appId", "displayName",
      "servicePrincipalNames", "servicePrincipalType", "alternativeNames", "tags");
  private static final Set<String> APPLICATION_FILTERS = Set.of("id", "appId", "displayName", "identifierUris",
      "tags");

  private final Directory directory;

  private DirectoryApi(Directory directory) {
    this.directory = directory;
  }

  public static void register(GraphService graph, Directory directory) {
    DirectoryApi api = new DirectoryApi(directory);
    graph.route("GET", Directory.SERVICE_PRINCIPALS_ROUTE, api::listServicePrincipals);
    graph.route("GET", Directory.SERVICE_PRINCIPAL_ROUTE, request -> api.servicePrincipal(request,
        request.pathParam(0), directory.servicePrincipal(checkObjectId(request.pathParam(0)))));
    graph.route("GET", Directory.SERVICE_PRINCIPAL_BY_APP_ID_ROUTE, request -> api.servicePrincipal(request,
        request.pathParam(0), directory.servicePrincipalByAppId(request.pathParam(0))));
    graph.route("GET", Directory.APPLICATIONS_ROUTE, api::listApplications);
    graph.route("GET", Directory.APPLICATION_ROUTE, request -> api.application(request, request.pathParam(0),
        directory.application(checkObjectId(request.pathParam(0)))));
    graph.route("GET", Directory.APPLICATION_BY_APP_ID_ROUTE, request -> api.application(request,
        request.pathParam(0), directory.applicationByAppId(request.pathParam(0))));
  }

  private SimResponse listServicePrincipals(SimRequest request) {
    ODataQuery query = ODataQuery.parse(request, "ServicePrincipal", SERVICE_PRINCIPAL_FILTERS);
    return list(request, query, SERVICE_PRINCIPALS,
        directory.servicePrincipals().stream().map(this::servicePrincipal).toList());
  }

  private SimResponse listApplications(SimRequest request) {
    ODataQuery query = ODataQuery.parse(request, "Application", APPLICATION_FILTERS);
    return list(request, query, APPLICATIONS, directory.applications().stream().map(DirectoryApi::application)
        .toList());
  }

  private SimResponse servicePrincipal(SimRequest request, String key, Optional<Directory.ServicePrincipal> sp) {
    ODataQuery query = ODataQuery.parse(request, "ServicePrincipal", Set.of());
    return entity(request, query, SERVICE_PRINCIPALS, sp.map(this::servicePrincipal).orElseThrow(() ->
        notFound(key)));
  }

  private SimResponse application(SimRequest request, String key, Optional<Directory.Application> app) {
    ODataQuery query = ODataQuery.parse(request, "Application", Set.of());
    return entity(request, query, APPLICATIONS, app.map(DirectoryApi::application).orElseThrow(() ->
        notFound(key)));
  }

  /** One page of the matching entities; {@code @odata.nextLink} leads to the next. */
  static SimResponse list(SimRequest request, ODataQuery query, String entitySet,
                  List<ObjectNode> entities) {
    List<ObjectNode> matching = entities.stream().filter(query::matches).toList();
    int from = Math.min(query.skip(), matching.size());
    int to = Math.min(from + query.top(), matching.size());
    ObjectNode body = SimJson.object();
    body.put("@odata.context", context(request, query, entitySet));
    if (query.count()) {
      body.put("@odata.count", matching.size());
    }
    if (to < matching.size()) {
      body.put("@odata.nextLink", nextLink(request, to));
    }
    ArrayNode value = body.putArray("value");
    matching.subList(from, to).forEach(entity -> value.add(query.project(entity)));
    return GraphService.json(200, body);
  }

  private static SimResponse entity(SimRequest request, ODataQuery query, String entitySet, ObjectNode entity) {
    return entity(200, request, query, entitySet, entity);
  }

  /**
   * One entity with its {@code @odata.context}.
   *
   * @param entitySet the context's path, e.g. "applications" or "applications('{id}')/federatedIdentityCredentials"
   */
  static SimResponse entity(int status, SimRequest request, ODataQuery query, String entitySet, ObjectNode entity) {
    ObjectNode body = SimJson.object();
    body.put("@odata.context", context(request, query, entitySet) + "/$entity");
    body.setAll(query.project(entity));
    return GraphService.json(status, body);
  }

  private ObjectNode servicePrincipal(Directory.ServicePrincipal sp) {
    boolean app = sp.servicePrincipalType().equals(Directory.APPLICATION);
    ObjectNode node = SimJson.object();
    node.put("id", sp.id());
    node.putNull("deletedDateTime");
    node.put("accountEnabled", true);
    sp.alternativeNames().forEach(node.putArray("alternativeNames")::add);
    node.put("appDisplayName", sp.displayName());
    node.put("appId", sp.appId());
    // A managed identity's app belongs to Microsoft's own tenant, not this one.
    node.put("appOwnerOrganizationId", app ? directory.tenantId() : null);
    node.put("appRoleAssignmentRequired", false);
    node.put("displayName", sp.displayName());
    node.putArray("servicePrincipalNames").add(sp.appId());
    node.put("servicePrincipalType", sp.servicePrincipalType());
    node.put("signInAudience", "AzureADMyOrg");
    node.putArray("tags");
    return node;
  }

  private static ObjectNode application(Directory.Application app) {
    ObjectNode node = SimJson.object();
    node.put("id", app.id());
    node.putNull("deletedDateTime");
    node.put("appId", app.appId());
    node.put("createdDateTime", app.createdDateTime().toString());
    node.put("displayName", app.displayName());
    node.putArray("identifierUris");
    node.put("signInAudience", "AzureADMyOrg");
    node.putArray("tags");
    node.putArray("keyCredentials");
    node.putArray("passwordCredentials");
    node.putArray("requiredResourceAccess");
    return node;
  }

  /** Object ids are GUIDs; Graph refuses anything else before it looks. */
  static String checkObjectId(String id) {
    if (!Guid.is(id)) {
      throw new ApiError(400, "Request_BadRequest", "Invalid object identifier '" + id + "'.");
    }
    return id;
  }

  static ApiError notFound(String key) {
    return new ApiError(404, "Request_ResourceNotFound", "Resource '" + key + "' does not exist or one of its"
        + " queried reference-property objects are not present.");
  }

  private static String context(SimRequest request, ODataQuery query, String entitySet) {
    String select = query.select().isEmpty() ? "" : "(" + String.join(",", query.select()) + ")";
    return origin(request) + "/v1.0/$metadata#" + entitySet + select;
  }

  /** The same request for the page that starts at {@code skip}. */
  private static String nextLink(SimRequest request, int skip) {
    StringJoiner query = new StringJoiner("&");
    for (Map.Entry<String, List<String>> param : request.query().entrySet()) {
      if (!param.getKey().equals("$skiptoken")) {
        param.getValue().forEach(v -> query.add(encode(param.getKey()) + "=" + encode(v)));
      }
    }
    query.add("$skiptoken=" + skip);
    return origin(request) + request.path() + "?" + query;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%24", "$");
  }

  /** Links point back at this server, as Graph's point at graph.microsoft.com. */
  private static String origin(SimRequest request) {
    return "https://" + request.header("Host").orElse("graph.microsoft.com");
  }
}
