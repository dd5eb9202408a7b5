package io.vaultgate.model;

import java.util.List;

/**
 * A role definition's data-plane permissions, as Azure lists them (patterns may hold {@code *}).
 *
 * @param id the definition's resource id
 */
public record RolePermissions(String id, String roleName, List<String> dataActions, List<String> notDataActions) {

  public RolePermissions {
    dataActions = List.copyOf(dataActions);
    notDataActions = List.copyOf(notDataActions);
  }
}
