package io.vaultgate.simulator.arm.authorization;

import io.vaultgate.simulator.arm.Scopes;
import io.vaultgate.simulator.graph.Directory;
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.Guid;
import io.vaultgate.simulator.http.RouteTable;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated Azure RBAC role assignments of the tenant, and the state API through which a test (or the
 * sandbox) adds and removes them as another administrator. State API changes are not requests (not logged or
 * faulted) but meet the same validation as REST writes (failures throw {@link ApiError}); the scope is taken as
 * given there, while REST requests need it to exist.
 */
public final class RoleAssignmentStore {
  /** Route templates, as they appear in the request log; {@code {*}} is the scope. */
  public static final String ASSIGNMENTS_ROUTE = "/" + RouteTable.SEGMENTS + "/providers/" + SimRoleAssignment.TYPE;
  public static final String ASSIGNMENT_ROUTE = ASSIGNMENTS_ROUTE + "/{}";
  /** The api-versions the service accepts (the Java SDK 2.53.x sends 2022-04-01). */
  public static final List<String> API_VERSIONS = List.of("2022-04-01");

  private final Directory directory;
  /** By lower-case name: names are unique in the whole tenant, whatever the scope. */
  private final Map<String, SimRoleAssignment> assignments = new ConcurrentHashMap<>();

  public RoleAssignmentStore(Directory directory) {
    this.directory = directory;
  }

  // ----- state API -----

  /** Assigns a role (by its GUID, e.g. {@link BuiltInRoles#KEY_VAULT_SECRETS_USER}) under a fresh name. */
  public SimRoleAssignment assign(String scope, String roleDefinitionName, String principalId) {
    return create(scope, Guid.random(), roleDefinitionName, principalId);
  }

  /**
   * Creates a role assignment as a PUT would (the principal type is the directory's); an identical one under
   * the same name is returned as it is.
   */
  public SimRoleAssignment create(String scope, String name, String roleDefinitionName, String principalId) {
    return put(new Put(scope, name, RoleDefinitions.byName(roleDefinitionName), principalId, null, null, null, null,
        null)).assignment();
  }

  /** All assignments, by scope then name. */
  public List<SimRoleAssignment> all() {
    return assignments.values().stream()
        .sorted(Comparator.comparing((SimRoleAssignment a) -> a.scope().toLowerCase(Locale.ROOT))
            .thenComparing(SimRoleAssignment::name))
        .toList();
  }

  /** One principal's assignments, at any scope. */
  public List<SimRoleAssignment> forPrincipal(String principalId) {
    return all().stream().filter(a -> a.principalId().equalsIgnoreCase(principalId)).toList();
  }

  public Optional<SimRoleAssignment> find(String name) {
    return Optional.ofNullable(assignments.get(key(name)));
  }

  /** @return whether it existed */
  public boolean delete(String name) {
    return assignments.remove(key(name)) != null;
  }

  // ----- used by the REST handlers -----

  /** A create-or-update request; null principalType means "as the directory says". */
  record Put(String scope, String name, RoleDefinition role, String principalId, String principalType,
        String description, String condition, String conditionVersion, String createdBy) {
  }

  record PutResult(SimRoleAssignment assignment, boolean created) {
  }

  static void checkName(String name) {
    if (!Guid.is(name)) {
      throw new ApiError(400, "InvalidRoleAssignmentId", "The role assignment ID '" + name + "' is not valid."
          + " The role assignment ID must be a GUID.");
    }
  }

  /**
   * PUT: creates the assignment, or updates the description and condition of the same one. The principal must
   * exist; its principal, role and scope cannot change; the same principal, role and scope under another name
   * is a conflict.
   */
  synchronized PutResult put(Put put) {
    checkName(put.name());
    String scope = Scopes.normalise(put.scope());
    // The service writes the principal id without hyphens in this message.
    String actualType = directory.principalType(put.principalId()).orElseThrow(() -> new ApiError(400,
        "PrincipalNotFound", "Principal " + put.principalId().replace("-", "") + " does not exist in the"
        + " directory " + directory.tenantId() + ". Check that you have the correct principal ID. If you are"
        + " creating this principal and then immediately assigning a role, this error might be related to a"
        + " replication delay. In this case, set the role assignment principalType property to a value, such as"
        + " ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype"));
    if (put.principalType() != null && !put.principalType().equalsIgnoreCase(actualType)) {
      // Sic: the service's message has the typo and the space before the comma.
      throw new ApiError(400, "UnmatchedPrincipalType", "The PrincipalId '" + put.principalId() + "' has type '"
          + actualType + "' , which is different from specified PrinciaplType '" + put.principalType() + "'.");
    }
    Instant now = Instant.now();
    SimRoleAssignment existing = assignments.get(key(put.name()));
    if (existing != null) {
      if (!Scopes.same(existing.scope(), scope) || !existing.principalId().equalsIgnoreCase(put.principalId())
          || !existing.roleDefinitionName().equalsIgnoreCase(put.role().name())) {
        throw new ApiError(400, "RoleAssignmentUpdateNotPermitted",
            "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.");
      }
      boolean same = Objects.equals(existing.description(), put.description())
          && Objects.equals(existing.condition(), put.condition())
          && Objects.equals(existing.conditionVersion(), put.conditionVersion());
      SimRoleAssignment updated = same ? existing
          : existing.withDetails(put.description(), put.condition(), put.conditionVersion(), now);
      assignments.put(key(put.name()), updated);
      return new PutResult(updated, false);
    }
    boolean duplicate = assignments.values().stream().anyMatch(a -> Scopes.same(a.scope(), scope)
        && a.principalId().equalsIgnoreCase(put.principalId())
        && a.roleDefinitionName().equalsIgnoreCase(put.role().name()));
    if (duplicate) {
      throw new ApiError(409, "RoleAssignmentExists", "The role assignment already exists.");
    }
    SimRoleAssignment created = new SimRoleAssignment(put.name(), scope, put.role().name(), put.principalId(),
        actualType, put.description(), put.condition(), put.conditionVersion(), put.createdBy(), now, now);
    assignments.put(key(put.name()), created);
    return new PutResult(created, true);
  }

  /** The assignment with this name if it is at exactly this scope. */
  Optional<SimRoleAssignment> at(String scope, String name) {
    return find(name).filter(a -> Scopes.same(a.scope(), scope));
  }

  /** DELETE: removes the assignment if it is at exactly this scope. */
  synchronized Optional<SimRoleAssignment> removeAt(String scope, String name) {
    Optional<SimRoleAssignment> found = at(scope, name);
    found.ifPresent(a -> assignments.remove(key(name)));
    return found;
  }

  List<SimRoleAssignment> list(String scope, RoleAssignmentFilter filter) {
    return all().stream().filter(a -> filter.matches(a, scope)).toList();
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
