package io.vaultgate.simulator.arm.authorization;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultgate.simulator.arm.ArmService;
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.BearerToken;
import io.vaultgate.simulator.http.JsonFields;
import io.vaultgate.simulator.http.SimJson;
import io.vaultgate.simulator.http.SimRequest;
import io.vaultgate.simulator.http.SimResponse;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The REST operations of {@code Microsoft.Authorization} (role assignments and role definitions at any scope),
 * registered on the ARM front door. All are synchronous.
 */
public final class AuthorizationApi {
  private static final Pattern ROLE_NAME_FILTER = Pattern.compile("\\s*roleName\\s+eq\\s+'([^']*)'\\s*",
      Pattern.CASE_INSENSITIVE);

  private final ArmService arm;
  private final RoleAssignmentStore assignments;

  private AuthorizationApi(ArmService arm, RoleAssignmentStore assignments) {
    this.arm = arm;
    this.assignments = assignments;
  }

  public static void register(ArmService arm, RoleAssignmentStore assignments) {
    AuthorizationApi api = new AuthorizationApi(arm, assignments);
    List<String> versions = RoleAssignmentStore.API_VERSIONS;
    arm.route("GET", RoleAssignmentStore.ASSIGNMENTS_ROUTE, "roleAssignments", versions, api::listAssignments);
    arm.route("GET", RoleAssignmentStore.ASSIGNMENT_ROUTE, "roleAssignments", versions, api::getAssignment);
    arm.route("PUT", RoleAssignmentStore.ASSIGNMENT_ROUTE, "roleAssignments", versions, api::putAssignment);
    arm.route("DELETE", RoleAssignmentStore.ASSIGNMENT_ROUTE, "roleAssignments", versions, api::deleteAssignment);
    versions = RoleDefinitions.API_VERSIONS;
    arm.route("GET", RoleDefinitions.DEFINITIONS_ROUTE, "roleDefinitions", versions, api::listDefinitions);
    arm.route("GET", RoleDefinitions.DEFINITION_ROUTE, "roleDefinitions", versions, api::getDefinition);
    arm.route("GET", RoleDefinitions.TENANT_DEFINITION_ROUTE, "roleDefinitions", versions,
        api::getTenantDefinition);
  }

  // ----- role assignments -----

  private SimResponse listAssignments(SimRequest request) {
    String scope = arm.checkScope(request.pathParam(0));
    RoleAssignmentFilter filter = RoleAssignmentFilter.parse(request.queryParam("$filter").orElse(null));
    ObjectNode body = SimJson.object();
    ArrayNode value = body.putArray("value");
    assignments.list(scope, filter).forEach(a -> value.add(assignment(a)));
    return SimResponse.json(200, body);
  }

  private SimResponse getAssignment(SimRequest request) {
    String name = request.pathParam(1);
    RoleAssignmentStore.checkName(name);
    String scope = arm.checkScope(request.pathParam(0));
    return SimResponse.json(200, assignment(assignments.at(scope, name).orElseThrow(() -> new ApiError(404,
        "RoleAssignmentNotFound", "The role assignment '" + name + "' is not found."))));
  }

  /** 201 when created, 200 when it existed (identical, or with a new description or condition). */
  private SimResponse putAssignment(SimRequest request) {
    String name = request.pathParam(1);
    RoleAssignmentStore.checkName(name);
    String scope = arm.checkScope(request.pathParam(0));
    JsonFields p = JsonFields.of(SimJson.body(request), "properties")
        .orElseThrow(() -> ApiError.badRequest("The property 'properties' is required."));
    RoleDefinition role = RoleDefinitions.fromId(p.text("roleDefinitionId")
        .orElseThrow(() -> p.missing("roleDefinitionId")));
    String principalId = p.text("principalId").orElseThrow(() -> p.missing("principalId"));
    String principalType = p.text("principalType").orElse(null);
    if (principalType != null && !List.of("user", "group", "serviceprincipal", "foreigngroup", "device")
        .contains(principalType.toLowerCase(Locale.ROOT))) {
      throw ApiError.badRequest("Invalid value found at properties.principalType: " + principalType);
    }
    RoleAssignmentStore.PutResult result = assignments.put(new RoleAssignmentStore.Put(scope, name, role, principalId,
        principalType, p.text("description").orElse(null), p.text("condition").orElse(null),
        p.text("conditionVersion").orElse(null), BearerToken.CALLER_OBJECT_ID));
    return SimResponse.json(result.created() ? 201 : 200, assignment(result.assignment()));
  }

  /** 200 with the deleted assignment, or 204 when there was none at this scope. */
  private SimResponse deleteAssignment(SimRequest request) {
    String name = request.pathParam(1);
    RoleAssignmentStore.checkName(name);
    String scope = arm.checkScope(request.pathParam(0));
    return assignments.removeAt(scope, name).map(a -> SimResponse.json(200, assignment(a)))
        .orElseGet(() -> SimResponse.empty(204));
  }

  static ObjectNode assignment(SimRoleAssignment a) {
    ObjectNode node = SimJson.object();
    ObjectNode p = node.putObject("properties");
    p.put("roleDefinitionId", a.roleDefinitionId());
    p.put("principalId", a.principalId());
    p.put("principalType", a.principalType());
    p.put("scope", a.scope());
    p.put("condition", a.condition());
    p.put("conditionVersion", a.conditionVersion());
    p.put("createdOn", SimJson.timestamp(a.createdOn()));
    p.put("updatedOn", SimJson.timestamp(a.updatedOn()));
    p.put("createdBy", a.createdBy());
    p.put("updatedBy", a.createdBy());
    p.putNull("delegatedManagedIdentityResourceId");
    p.put("description", a.description());
    node.put("id", a.id());
    node.put("type", SimRoleAssignment.TYPE);
    node.put("name", a.name());
    return node;
  }

  // ----- role definitions -----

  private SimResponse listDefinitions(SimRequest request) {
    String scope = arm.checkScope(request.pathParam(0));
    String filter = request.queryParam("$filter").orElse("");
    String roleName = null;
    if (!filter.isBlank()) {
      Matcher m = ROLE_NAME_FILTER.matcher(filter);
      if (!m.matches()) {
        throw new ApiError(400, "UnsupportedQuery", "The filter '" + filter + "' is not supported. Supported"
            + " filters are 'roleName eq '{name}''.");
      }
      roleName = m.group(1);
    }
    ObjectNode body = SimJson.object();
    ArrayNode value = body.putArray("value");
    for (RoleDefinition role : BuiltInRoles.all()) {
      if (roleName == null || role.roleName().equalsIgnoreCase(roleName)) {
        value.add(definition(scope, role));
      }
    }
    return SimResponse.json(200, body);
  }

  private SimResponse getDefinition(SimRequest request) {
    String scope = arm.checkScope(request.pathParam(0));
    return SimResponse.json(200, definition(scope, definitionOr404(request.pathParam(1))));
  }

  private SimResponse getTenantDefinition(SimRequest request) {
    return SimResponse.json(200, definition("/", definitionOr404(request.pathParam(0))));
  }

  private static RoleDefinition definitionOr404(String name) {
    return BuiltInRoles.find(name).orElseThrow(() -> new ApiError(404, "RoleDefinitionDoesNotExist",
        "The specified role definition with ID '" + name + "' does not exist."));
  }

  private static ObjectNode definition(String scope, RoleDefinition role) {
    ObjectNode node = SimJson.object();
    ObjectNode p = node.putObject("properties");
    p.put("roleName", role.roleName());
    p.put("type", role.roleType());
    p.put("description", role.description());
    p.putArray("assignableScopes").add("/");
    ObjectNode permissions = p.putArray("permissions").addObject();
    role.actions().forEach(permissions.putArray("actions")::add);
    role.notActions().forEach(permissions.putArray("notActions")::add);
    role.dataActions().forEach(permissions.putArray("dataActions")::add);
    role.notDataActions().forEach(permissions.putArray("notDataActions")::add);
    p.putNull("createdBy");
    p.putNull("updatedBy");
    node.put("id", RoleDefinitions.id(scope, role.name()));
    node.put("type", RoleDefinitions.TYPE);
    node.put("name", role.name());
    return node;
  }
}
