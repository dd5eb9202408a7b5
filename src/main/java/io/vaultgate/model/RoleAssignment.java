package io.vaultgate.model;

import java.util.Locale;

/** A role assignment as Azure lists it. Scopes, principals and role ids compare ignoring case, as ARM does. */
public record RoleAssignment(String id, String name, String scope, String principalId, String roleDefinitionId) {

  /** Whether this assignment satisfies the need: same principal and role, at the scope or above it. */
  public boolean grants(RoleNeed need) {
    return principalId.equalsIgnoreCase(need.principalId())
        && roleDefinitionId.toLowerCase(Locale.ROOT).endsWith(need.role().definitionId().toLowerCase(Locale.ROOT))
        && covers(scope, need.scope());
  }

  /** Whether an assignment at {@code assigned} applies at {@code target}: same scope or an ancestor of it. */
  public static boolean covers(String assigned, String target) {
    String a = strip(assigned).toLowerCase(Locale.ROOT);
    String t = strip(target).toLowerCase(Locale.ROOT);
    return t.equals(a) || t.startsWith(a + "/") || a.isEmpty();
  }

  private static String strip(String scope) {
    return scope.endsWith("/") ? scope.substring(0, scope.length() - 1) : scope;
  }
}
