package io.vaultgate.reconcile;

import io.vaultgate.model.Change;
import io.vaultgate.model.RoleAssignment;
import io.vaultgate.model.RoleNeed;
import io.vaultgate.model.VaultId;
import io.vaultgate.plan.RoleAssignmentPlanner;
import io.vaultgate.port.RoleAssignmentPort;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Converges one resource's role assignments: one list per principal, then the planned creations and deletions.
 * Role assignments are not vault writes (they live in Microsoft.Authorization), so they need no vault lock.
 */
final class RoleAssignments {

  /** @param satisfied every wanted role applies (verified by reading back after creating) */
  record Result(List<Change> changes, Set<String> ledger, boolean satisfied) {
  }

  Result converge(RoleAssignmentPort port, VaultId vault, List<RoleNeed> wanted, Set<String> ledger,
      Set<String> principals, List<RoleNeed> othersNeed, boolean dryRun) {
    if (wanted.isEmpty() && ledger.isEmpty()) {
      return new Result(List.of(), Set.of(), true);
    }
    String scope = vault.toString();
    List<RoleAssignment> live = list(port, vault, scope, principals);
    RoleAssignmentPlanner.Plan plan = RoleAssignmentPlanner.plan(live, wanted, ledger, othersNeed);
    if (dryRun) {
      return new Result(plan.changes(), ledger, plan.create().isEmpty());
    }
    Set<String> owned = new LinkedHashSet<>(plan.ledger());
    List<Change> changes = new ArrayList<>(plan.changes());
    for (RoleNeed need : plan.create()) {
      if (port.create(vault.subscriptionId(), need) == RoleAssignmentPort.Created.ALREADY_GRANTED) {
        owned.removeIf(id -> id.equalsIgnoreCase(need.assignmentId()));
        changes.removeIf(c -> c.value().equals(need.role().name()) && c.action().equals("Add"));
      }
    }
    plan.delete().forEach(a -> port.delete(vault.subscriptionId(), a));
    boolean satisfied = plan.create().isEmpty();
    if (!satisfied) {
      // verify: read back that every wanted role now applies
      List<RoleAssignment> after = list(port, vault, scope, principals);
      satisfied = RoleAssignmentPlanner.plan(after, wanted, owned, othersNeed).create().isEmpty();
    }
    return new Result(changes, owned, satisfied);
  }

  private static List<RoleAssignment> list(RoleAssignmentPort port, VaultId vault, String scope,
      Set<String> principals) {
    List<RoleAssignment> live = new ArrayList<>();
    principals.forEach(p -> live.addAll(port.list(vault.subscriptionId(), scope, p)));
    return live;
  }
}
