package io.vaultgate.plan;

import io.vaultgate.model.Change;
import io.vaultgate.model.DesiredAccess;
import io.vaultgate.model.PermissionModel;
import io.vaultgate.model.Role;
import io.vaultgate.model.RoleAssignment;
import io.vaultgate.model.RoleNeed;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Plans the role assignments a pipeline identity needs (Key Vault Secrets User on an RBAC vault, and the optional
 * extras). Every assignment vaultgate creates is named with a GUID derived from scope, principal and role, so a
 * crash between creating it and recording it is healed by finding it again, never by creating a duplicate. An
 * assignment granted by someone else (any other name, at the scope or inherited from above) satisfies the need and
 * is never owned, so never deleted.
 *
 * <p>Pure: no I/O. Scopes, principals and role ids are compared ignoring case.
 */
public final class RoleAssignmentPlanner {

  private RoleAssignmentPlanner() {
  }

  /** Creations and deletions to make, and the ledger afterwards (assignment ids vaultgate created and owns). */
  public record Plan(List<RoleNeed> create, List<RoleAssignment> delete, List<Change> changes, Set<String> ledger) {
  }

  /** The roles a resource's principal needs: the secrets role on RBAC vaults, and the extras the spec asks for. */
  public static List<RoleNeed> needs(DesiredAccess access, String principal, boolean rbacVault) {
    List<RoleNeed> needs = new ArrayList<>();
    if (rbacVault && access.permissionModel() != PermissionModel.AccessPolicy) {
      needs.add(new RoleNeed(access.vault().toString(), principal, Role.KEY_VAULT_SECRETS_USER));
    }
    if (access.readerOnSubscription()) {
      needs.add(new RoleNeed("/subscriptions/" + access.vault().subscriptionId(), principal, Role.READER));
    }
    if (access.keyVaultContributor()) {
      needs.add(new RoleNeed(access.vault().toString(), principal, Role.KEY_VAULT_CONTRIBUTOR));
    }
    return needs;
  }

  /**
   * @param live the principal's assignments visible at the vault scope (at, above and below it)
   * @param wanted what this resource needs now
   * @param ledger assignment ids this resource owns (possibly for a previous principal or scope)
   * @param othersNeed what other resources targeting the vault need: an owned assignment one of them needs stays
   */
  public static Plan plan(List<RoleAssignment> live, List<RoleNeed> wanted, Set<String> ledger,
      List<RoleNeed> othersNeed) {
    List<RoleNeed> create = new ArrayList<>();
    List<RoleAssignment> delete = new ArrayList<>();
    List<Change> changes = new ArrayList<>();
    Set<String> owned = new LinkedHashSet<>();
    for (RoleNeed need : wanted) {
      Optional<RoleAssignment> ours = live.stream().filter(a -> a.name().equalsIgnoreCase(need.assignmentName()))
          .findFirst();
      if (ours.isPresent()) {
        owned.add(ours.get().id());
      } else if (live.stream().noneMatch(a -> a.grants(need))) {
        create.add(need);
        owned.add(need.assignmentId());
        changes.add(new Change("Add", "roleAssignment", need.role().name(), "for " + need.principalId() + " at "
            + need.scope() + (ledger.stream().anyMatch(id -> id.equalsIgnoreCase(need.assignmentId()))
            ? "; restored, removed outside vaultgate" : "")));
      }
    }
    for (String id : ledger) {
      if (owned.stream().anyMatch(id::equalsIgnoreCase)) {
        continue;
      }
      Optional<RoleAssignment> existing = live.stream().filter(a -> a.id().equalsIgnoreCase(id)).findFirst();
      if (existing.isEmpty()) {
        continue;
      }
      RoleAssignment a = existing.get();
      boolean neededElsewhere = othersNeed.stream().anyMatch(n -> n.assignmentId().equalsIgnoreCase(a.id()));
      if (!neededElsewhere) {
        delete.add(a);
        changes.add(new Change("Remove", "roleAssignment", a.name(), "no longer needed by any PrivateVaultAccess"));
      }
    }
    return new Plan(create, delete, changes, owned);
  }
}
