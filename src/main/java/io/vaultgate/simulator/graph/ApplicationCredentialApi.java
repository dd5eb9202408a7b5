package io.vaultgate.simulator.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.Guid;
import io.vaultgate.simulator.http.SimJson;
import io.vaultgate.simulator.http.SimRequest;
import io.vaultgate.simulator.http.SimResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Graph's {@code federatedIdentityCredentials} of an application, under its object id or its appId: list, get,
 * create, update, upsert ({@code PATCH ...(name='...')} with {@code Prefer: create-if-missing}) and delete.
 * Credentials are found by id or by name.
 */
public final class ApplicationCredentialApi {
  private static final String RESOURCE = "FederatedIdentityCredential";
  private static final Set<String> FILTERS = Set.of("name", "subject");
  private static final String CREATE_IF_MISSING = "create-if-missing";

  /**
   * Graph's wording. The duplicate pair message is the one Graph is seen to answer; the wording of the limit is
   * not published, so the simulator's is its own (400 {@code Request_BadRequest}, naming the limit).
   */
  static final FederatedCredentials.Errors ERRORS = new FederatedCredentials.Errors() {
    @Override
    public ApiError invalid(String property, String value) {
      return new ApiError(400, "Request_BadRequest", "Invalid value specified for property '" + property
          + "' of resource '" + RESOURCE + "'.");
    }

    @Override
    public ApiError tooMany(int max) {
      return new ApiError(400, "Request_BadRequest", "The application already has the maximum number of"
          + " federated identity credentials (" + max + ").");
    }

    @Override
    public ApiError duplicateIssuerAndSubject(FederatedIdentityCredential candidate) {
      return new ApiError(400, "InvalidFederatedIdentityCredentialValue", "The combination of issuer and subject"
          + " must be unique for the application. Issuer " + candidate.issuer() + " and Subject: "
          + candidate.subject() + " already exist. paramName: FederatedIdentityCredential.Subject, paramValue: "
          + candidate.subject() + ", objectType: Microsoft.Online.DirectoryServices.Application");
    }

    @Override
    public ApiError nameTaken(String name) {
      return new ApiError(400, "Request_MultipleObjectsWithSameKeyValue",
          "Another object with the same value for property name already exists.");
    }
  };

  private final Directory directory;

  private ApplicationCredentialApi(Directory directory) {
    this.directory = directory;
  }

  public static void register(GraphService graph, Directory directory) {
    ApplicationCredentialApi api = new ApplicationCredentialApi(directory);
    api.register(graph, Directory.FEDERATED_CREDENTIALS_ROUTE, Directory.FEDERATED_CREDENTIAL_ROUTE,
        Directory.FEDERATED_CREDENTIAL_BY_NAME_ROUTE, api::byObjectId);
    api.register(graph, Directory.FEDERATED_CREDENTIALS_BY_APP_ID_ROUTE,
        Directory.FEDERATED_CREDENTIAL_BY_APP_ID_ROUTE, Directory.FEDERATED_CREDENTIAL_BY_APP_ID_AND_NAME_ROUTE,
        api::byAppId);
  }

  private void register(GraphService graph, String all, String one, String byName,
            Function<SimRequest, Directory.Application> application) {
    graph.route("GET", all, request -> list(request, application.apply(request)));
    graph.route("POST", all, request -> create(request, application.apply(request)));
    for (String route : List.of(one, byName)) {
      graph.route("GET", route, request -> get(request, application.apply(request)));
      graph.route("DELETE", route, request -> delete(request, application.apply(request)));
    }
    graph.route("PATCH", one, request -> update(request, application.apply(request), false));
    graph.route("PATCH", byName, request -> update(request, application.apply(request), true));
  }

  private Directory.Application byObjectId(SimRequest request) {
    String id = DirectoryApi.checkObjectId(request.pathParam(0));
    return directory.application(id).orElseThrow(() -> DirectoryApi.notFound(id));
  }

  private Directory.Application byAppId(SimRequest request) {
    String appId = request.pathParam(0);
    return directory.applicationByAppId(appId).orElseThrow(() -> DirectoryApi.notFound(appId));
  }

  private SimResponse list(SimRequest request, Directory.Application app) {
    ODataQuery query = ODataQuery.parse(request, RESOURCE, FILTERS);
    return DirectoryApi.list(request, query, entitySet(app),
        directory.federatedCredentials(app.appId()).stream().map(ApplicationCredentialApi::json).toList());
  }

  private SimResponse get(SimRequest request, Directory.Application app) {
    String key = credentialKey(request);
    FederatedIdentityCredential credential = directory.federatedCredential(app.appId(), key)
        .orElseThrow(() -> DirectoryApi.notFound(key));
    return DirectoryApi.entity(200, request, ODataQuery.parse(request, RESOURCE, Set.of()), entitySet(app),
        json(credential));
  }

  /** 201 with the new credential. */
  private SimResponse create(SimRequest request, Directory.Application app) {
    ObjectNode body = GraphService.jsonBody(request);
    String name = text(body, "name");
    if (name == null) {
      throw ERRORS.invalid("name", null);
    }
    FederatedIdentityCredential credential = new FederatedIdentityCredential(Guid.random(), name,
        text(body, "issuer"), text(body, "subject"), audiences(body), text(body, "description"));
    return created(request, app, directory.putFederatedCredential(app.appId(), credential, false).credential());
  }

  /**
   * 204 once changed. The name cannot change. On the {@code (name='...')} route, a missing credential is created
   * (201 with it) when the request says {@code Prefer: create-if-missing}.
   */
  private SimResponse update(SimRequest request, Directory.Application app, boolean byName) {
    String key = credentialKey(request);
    ObjectNode body = GraphService.jsonBody(request);
    FederatedIdentityCredential current = directory.federatedCredential(app.appId(), key).orElse(null);
    if (current == null) {
      if (!byName || !request.header("Prefer").orElse("").contains(CREATE_IF_MISSING)) {
        throw DirectoryApi.notFound(key);
      }
      current = new FederatedIdentityCredential(Guid.random(), key, null, null, List.of(), null);
    }
    String name = text(body, "name");
    if (name != null && !name.equalsIgnoreCase(current.name())) {
      throw new ApiError(400, "Request_BadRequest", "Property 'name' of resource '" + RESOURCE
          + "' cannot be changed.");
    }
    FederatedIdentityCredential changed = new FederatedIdentityCredential(current.id(), current.name(),
        body.has("issuer") ? text(body, "issuer") : current.issuer(),
        body.has("subject") ? text(body, "subject") : current.subject(),
        body.has("audiences") ? audiences(body) : current.audiences(),
        body.has("description") ? text(body, "description") : current.description());
    FederatedCredentials.Put put = directory.putFederatedCredential(app.appId(), changed, true);
    return put.created() ? created(request, app, put.credential()) : SimResponse.empty(204);
  }

  private SimResponse delete(SimRequest request, Directory.Application app) {
    String key = credentialKey(request);
    if (!directory.deleteFederatedCredential(app.appId(), key)) {
      throw DirectoryApi.notFound(key);
    }
    return SimResponse.empty(204);
  }

  private static SimResponse created(SimRequest request, Directory.Application app,
                    FederatedIdentityCredential credential) {
    return DirectoryApi.entity(201, request, ODataQuery.parse(request, RESOURCE, Set.of()), entitySet(app),
        json(credential));
  }

  /** The id or name in the path; OData doubles quotes inside {@code (name='...')}. */
  private static String credentialKey(SimRequest request) {
    return request.pathParam(1).replace("''", "'");
  }

  private static String entitySet(Directory.Application app) {
    return "applications('" + app.id() + "')/federatedIdentityCredentials";
  }

  static ObjectNode json(FederatedIdentityCredential credential) {
    ObjectNode node = SimJson.object();
    node.put("id", credential.id());
    node.put("name", credential.name());
    node.put("issuer", credential.issuer());
    node.put("subject", credential.subject());
    node.put("description", credential.description());
    credential.audiences().forEach(node.putArray("audiences")::add);
    return node;
  }

  /** A string property; null when absent or null. */
  private static String text(JsonNode body, String property) {
    JsonNode value = body.get(property);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw ERRORS.invalid(property, value.toString());
    }
    return value.asText();
  }

  private static List<String> audiences(JsonNode body) {
    JsonNode value = body.get("audiences");
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw ERRORS.invalid("audiences", value.toString());
    }
    List<String> audiences = new ArrayList<>();
    for (JsonNode audience : value) {
      if (!audience.isTextual()) {
        throw ERRORS.invalid("audiences", value.toString());
      }
      audiences.add(audience.asText());
    }
    return audiences;
  }
}
