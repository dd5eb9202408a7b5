package io.vaultgate.plan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

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

  /** A built-in role by its definition GUID. */
  public record Role(String name, String definitionId) {
    public static final Role KEY_VAULT_SECRETS_USER = new Role("Key Vault Secrets User",
        "4633458b-17de-408a-b874-0445c86b69e6");
    public static final Role KEY_VAULT_CONTRIBUTOR = new Role("Key Vault Contributor",
        "f25e0fa2-a7c8-4377-a976-54943a77a395");
    public static final Role READER = new Role("Reader", "acdd72a7-3385-48ef-bd42-f606fba81ae7");
  }

  /** One role a principal must hold at a scope. */
  public record Need(String scope, String principalId, Role role) {
    /** The deterministic assignment name: a name-based UUID of scope, principal and role. */
    public String assignmentName() {
      String key = "vaultgate|" + scope.toLowerCase(Locale.ROOT) + "|" + principalId.toLowerCase(Locale.ROOT) + "|"
          + role.definitionId().toLowerCase(Locale.ROOT);
      return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }

    public String assignmentId() {
      return scope + "/providers/Microsoft.Authorization/roleAssignments/" + assignmentName();
    }
  }

  /** A role assignment as listed by Azure. */
  public record Assignment(String id, String name, String scope, String principalId, String roleDefinitionId) {
    boolean grants(Need need) {
      return principalId.equalsIgnoreCase(need.principalId())
          && roleDefinitionId.toLowerCase(Locale.ROOT).endsWith(need.role().definitionId().toLowerCase(Locale.ROOT))
          && covers(scope, need.scope());
    }
  }

  /** Creations and deletions to make, and the ledger afterwards (assignment ids vaultgate created and owns). */
  public record Plan(List<Need> create, List<Assignment> delete, List<Change> changes, Set<String> ledger) {
  }

  /**
   * @param live the principal's assignments visible at the vault scope (at, above and below it)
   * @param wanted what this resource needs now
   * @param ledger assignment ids this resource owns (possibly for a previous principal or scope)
   * @param othersNeed what other resources targeting the vault need: an owned assignment one of them needs stays
   */
  public static Plan plan(List<Assignment> live, List<Need> wanted, Set<String> ledger, List<Need> othersNeed) {
    List<Need> create = new ArrayList<>();
    List<Assignment> delete = new ArrayList<>();
    List<Change> changes = new ArrayList<>();
    Set<String> owned = new LinkedHashSet<>();
    for (Need need : wanted) {
      Optional<Assignment> ours = live.stream().filter(a -> a.name().equalsIgnoreCase(need.assignmentName()))
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
      Optional<Assignment> existing = live.stream().filter(a -> a.id().equalsIgnoreCase(id)).findFirst();
      if (existing.isEmpty()) {
        continue;
      }
      Assignment a = existing.get();
      boolean neededElsewhere = othersNeed.stream().anyMatch(n -> n.assignmentId().equalsIgnoreCase(a.id()));
      if (!neededElsewhere) {
        delete.add(a);
        changes.add(new Change("Remove", "roleAssignment", a.name(), "no longer needed by any PrivateVaultAccess"));
      }
    }
    return new Plan(create, delete, changes, owned);
  }

  /** Whether an assignment at {@code assigned} applies at {@code target}: same scope or an ancestor of it. */
  static boolean covers(String assigned, String target) {
    String a = strip(assigned).toLowerCase(Locale.ROOT);
    String t = strip(target).toLowerCase(Locale.ROOT);
    return t.equals(a) || t.startsWith(a + "/") || a.isEmpty();
  }

  private static String strip(String scope) {
    return scope.endsWith("/") ? scope.substring(0, scope.length() - 1) : scope;
  }
}
