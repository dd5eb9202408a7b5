package io.vaultgate.azure;

import io.vaultgate.plan.RoleAssignmentPlanner.Assignment;
import io.vaultgate.plan.RoleAssignmentPlanner.Need;
import java.util.List;

/** Azure RBAC role assignments. Implementations translate; they decide nothing. Failures are {@link AzureFailure}. */
public interface RoleAssignmentPort {

  /** The principal's assignments that apply at, above or below a scope (one list request). */
  List<Assignment> list(String subscriptionId, String scope, String principalId);

  /** Creates the assignment under its deterministic name. */
  Created create(String subscriptionId, Need need);

  void delete(String subscriptionId, Assignment assignment);

  enum Created {
    /** Created now, by vaultgate. */
    CREATED,
    /** {@code 409 RoleAssignmentExists}: someone else granted it under another name; not vaultgate's. */
    ALREADY_GRANTED
  }
}
