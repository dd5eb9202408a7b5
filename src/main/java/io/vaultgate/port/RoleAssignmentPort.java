package io.vaultgate.port;

import io.vaultgate.model.RoleAssignment;
import io.vaultgate.model.RoleNeed;
import io.vaultgate.model.RolePermissions;
import java.util.List;
import java.util.Optional;

/** Azure RBAC role assignments. Implementations translate; they decide nothing. Failures are {@link AzureFailure}. */
public interface RoleAssignmentPort {

  /** The principal's assignments that apply at, above or below a scope (one list request). */
  List<RoleAssignment> list(String subscriptionId, String scope, String principalId);

  /** A role definition by its resource id, with its data actions; empty when it does not exist. */
  Optional<RolePermissions> definition(String subscriptionId, String roleDefinitionId);

  /** Creates the assignment under its deterministic name. */
  Created create(String subscriptionId, RoleNeed need);

  void delete(String subscriptionId, RoleAssignment assignment);

  enum Created {
    /** Created now, by vaultgate. */
    CREATED,
    /** {@code 409 RoleAssignmentExists}: someone else granted it under another name; not vaultgate's. */
    ALREADY_GRANTED
  }
}
