package io.vaultgate.model;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/** One role a principal must hold at a scope. */
public record RoleNeed(String scope, String principalId, Role role) {

  /**
   * The deterministic assignment name: a name-based UUID of scope, principal and role, so a crash between creating
   * the assignment and recording it is healed by finding it again, never by creating a duplicate.
   */
  public String assignmentName() {
    String key = "vaultgate|" + scope.toLowerCase(Locale.ROOT) + "|" + principalId.toLowerCase(Locale.ROOT) + "|"
        + role.definitionId().toLowerCase(Locale.ROOT);
    return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
  }

  public String assignmentId() {
    return scope + "/providers/Microsoft.Authorization/roleAssignments/" + assignmentName();
  }
}
