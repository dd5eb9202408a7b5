package io.vaultgate.simulator.arm.authorization;

import java.time.Instant;
import java.util.Objects;

/**
 * A role assignment as stored.
 *
 * @param name               its GUID, unique in the tenant
 * @param scope              where it applies (and everything below), with a leading slash
 * @param roleDefinitionName the role definition's GUID
 * @param principalType      "ServicePrincipal", "User", "Group", ...
 * @param description        null when none
 * @param condition          an ABAC condition, or null (stored, not evaluated)
 * @param conditionVersion   null unless a condition is set
 * @param createdBy          object id of who created it, or null when another administrator did
 */
public record SimRoleAssignment(String name, String scope, String roleDefinitionName, String principalId,
               String principalType, String description, String condition, String conditionVersion,
               String createdBy, Instant createdOn, Instant updatedOn) {
  static final String TYPE = "Microsoft.Authorization/roleAssignments";

  public SimRoleAssignment {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(roleDefinitionName, "roleDefinitionName");
    Objects.requireNonNull(principalId, "principalId");
    Objects.requireNonNull(principalType, "principalType");
  }

  /** {@code {scope}/providers/Microsoft.Authorization/roleAssignments/{name}}. */
  public String id() {
    return (scope.equals("/") ? "" : scope) + "/providers/" + TYPE + "/" + name;
  }

  /** The role definition's id as ARM reports it: under the scope's subscription when there is one. */
  public String roleDefinitionId() {
    return RoleDefinitions.id(scope, roleDefinitionName);
  }

  SimRoleAssignment withDetails(String description, String condition, String conditionVersion, Instant updatedOn) {
    return new SimRoleAssignment(name, scope, roleDefinitionName, principalId, principalType, description, condition,
        conditionVersion, createdBy, createdOn, updatedOn);
  }
}
