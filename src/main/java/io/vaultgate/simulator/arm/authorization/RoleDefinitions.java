package io.vaultgate.simulator.arm.authorization;

import io.vaultgate.simulator.arm.Scopes;
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.RouteTable;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Role definition ids and lookups, shared by the role definition and role assignment operations. */
final class RoleDefinitions {
  static final String TYPE = "Microsoft.Authorization/roleDefinitions";
  /** Route templates, as they appear in the request log. */
  static final String DEFINITIONS_ROUTE = "/" + RouteTable.SEGMENTS + "/providers/" + TYPE;
  static final String DEFINITION_ROUTE = DEFINITIONS_ROUTE + "/{}";
  /** Tenant-level ids such as {@code /providers/Microsoft.Authorization/roleDefinitions/{guid}}. */
  static final String TENANT_DEFINITION_ROUTE = "/providers/" + TYPE + "/{}";
  static final List<String> API_VERSIONS = List.of("2022-04-01");

  private static final Pattern ID = Pattern.compile(
      "(?:/subscriptions/[^/]+)?/providers/Microsoft\\.Authorization/roleDefinitions/([^/]+)",
      Pattern.CASE_INSENSITIVE);

  private RoleDefinitions() {
  }

  /** The id ARM gives a role definition read at (or assigned at) a scope: under the scope's subscription. */
  static String id(String scope, String name) {
    return Scopes.subscriptionId(scope).map(s -> "/subscriptions/" + s).orElse("") + "/providers/" + TYPE + "/"
        + name;
  }

  /**
   * The definition an id names: {@code /subscriptions/{s}/providers/Microsoft.Authorization/roleDefinitions/{guid}},
   * or the same without the subscription.
   */
  static RoleDefinition fromId(String roleDefinitionId) {
    Matcher m = ID.matcher(roleDefinitionId);
    if (!m.matches()) {
      throw new ApiError(400, "InvalidRoleDefinitionId", "The role definition ID '" + roleDefinitionId
          + "' is not valid.");
    }
    return byName(m.group(1));
  }

  /** The definition with this GUID; 400 RoleDefinitionDoesNotExist otherwise, as in a role assignment. */
  static RoleDefinition byName(String name) {
    return BuiltInRoles.find(name).orElseThrow(() -> new ApiError(400, "RoleDefinitionDoesNotExist",
        "The specified role definition with ID '" + name + "' does not exist."));
  }
}
