package io.vaultgate.simulator.arm.authorization;

import java.util.List;
import java.util.regex.Pattern;

/**
 * An Azure RBAC role definition. Action strings may hold {@code *} wildcards (as in
 * {@code Microsoft.KeyVault/vaults/*}) and compare ignoring case.
 *
 * @param name     the role's GUID (the definition's resource name)
 * @param roleType "BuiltInRole" or "CustomRole"
 */
public record RoleDefinition(String name, String roleName, String roleType, String description,
               List<String> actions, List<String> notActions, List<String> dataActions,
               List<String> notDataActions) {
  public RoleDefinition {
    actions = List.copyOf(actions);
    notActions = List.copyOf(notActions);
    dataActions = List.copyOf(dataActions);
    notDataActions = List.copyOf(notDataActions);
  }

  /** Whether the role grants a data action: some dataAction matches it and no notDataAction does. */
  public boolean allowsDataAction(String action) {
    return matchesAny(dataActions, action) && !matchesAny(notDataActions, action);
  }

  /** Whether the role grants a control-plane action: some action matches it and no notAction does. */
  public boolean allowsAction(String action) {
    return matchesAny(actions, action) && !matchesAny(notActions, action);
  }

  private static boolean matchesAny(List<String> patterns, String action) {
    return patterns.stream().anyMatch(pattern -> Pattern.compile(
        "\\Q" + pattern.replace("*", "\\E.*\\Q") + "\\E", Pattern.CASE_INSENSITIVE).matcher(action).matches());
  }
}
