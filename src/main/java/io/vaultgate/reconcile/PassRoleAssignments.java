package io.vaultgate.reconcile;

import io.vaultgate.model.RoleAssignment;
import io.vaultgate.model.RolePermissions;
import io.vaultgate.model.RoleNeed;
import io.vaultgate.port.RoleAssignmentPort;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Role assignments as one pass sees them: a list is read once per scope and principal and reused until the pass
 * creates or deletes an assignment, so that converging secret access and judging the access paths cost one list,
 * not two. Used by one reconcile thread for one pass; never shared between passes.
 */
final class PassRoleAssignments implements RoleAssignmentPort {

  private final RoleAssignmentPort port;
  private final Map<String, List<RoleAssignment>> lists = new HashMap<>();

  PassRoleAssignments(RoleAssignmentPort port) {
    this.port = port;
  }

  @Override
  public List<RoleAssignment> list(String subscriptionId, String scope, String principalId) {
    String key = (scope + "|" + principalId).toLowerCase(Locale.ROOT);
    List<RoleAssignment> cached = lists.get(key);
    if (cached == null) {
      cached = port.list(subscriptionId, scope, principalId);
      lists.put(key, cached);
    }
    return cached;
  }

  @Override
  public Optional<RolePermissions> definition(String subscriptionId, String roleDefinitionId) {
    return port.definition(subscriptionId, roleDefinitionId);
  }

  @Override
  public Created create(String subscriptionId, RoleNeed need) {
    lists.clear();
    return port.create(subscriptionId, need);
  }

  @Override
  public void delete(String subscriptionId, RoleAssignment assignment) {
    lists.clear();
    port.delete(subscriptionId, assignment);
  }
}
