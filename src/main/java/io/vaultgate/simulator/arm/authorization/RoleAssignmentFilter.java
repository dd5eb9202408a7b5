package io.vaultgate.simulator.arm.authorization;

import io.vaultgate.simulator.arm.Scopes;
import io.vaultgate.simulator.http.ApiError;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code $filter} of a role assignment list: {@code atScope()}, {@code principalId eq '{id}'} and
 * {@code assignedTo('{id}')}, joined with {@code and}. Without {@code atScope()} a list covers assignments at,
 * above and below the scope; with it, at and above only. {@code assignedTo} would add the principal's groups;
 * the directory has no groups, so it selects the principal's own assignments.
 *
 * @param principalIds every principal named (an assignment must be for each of them)
 */
record RoleAssignmentFilter(boolean atScope, List<String> principalIds) {
  static final RoleAssignmentFilter NONE = new RoleAssignmentFilter(false, List.of());

  private static final Pattern CLAUSE = Pattern.compile(
      "\\s*(?:(atScope\\(\\))|principalId\\s+eq\\s+'?([^'\\s)]+)'?|assignedTo\\('([^']+)'\\))\\s*",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern AND = Pattern.compile("and(?=\\s)", Pattern.CASE_INSENSITIVE);

  RoleAssignmentFilter {
    principalIds = List.copyOf(principalIds);
  }

  /** @param filter null or blank for none */
  static RoleAssignmentFilter parse(String filter) {
    if (filter == null || filter.isBlank()) {
      return NONE;
    }
    boolean atScope = false;
    List<String> principals = new ArrayList<>();
    Matcher clause = CLAUSE.matcher(filter);
    Matcher and = AND.matcher(filter);
    int at = 0;
    while (true) {
      if (!clause.region(at, filter.length()).lookingAt()) {
        throw unsupported(filter);
      }
      atScope |= clause.group(1) != null;
      if (clause.group(2) != null || clause.group(3) != null) {
        principals.add(clause.group(2) != null ? clause.group(2) : clause.group(3));
      }
      at = clause.end();
      if (at == filter.length()) {
        return new RoleAssignmentFilter(atScope, principals);
      }
      if (!and.region(at, filter.length()).lookingAt()) {
        throw unsupported(filter);
      }
      at = and.end();
    }
  }

  boolean matches(SimRoleAssignment assignment, String listScope) {
    boolean inRange = Scopes.isAtOrAbove(assignment.scope(), listScope)
        || !atScope && Scopes.isAtOrAbove(listScope, assignment.scope());
    return inRange && principalIds.stream().allMatch(id -> id.equalsIgnoreCase(assignment.principalId()));
  }

  private static ApiError unsupported(String filter) {
    return new ApiError(400, "UnsupportedQuery", "The filter '" + filter + "' is not supported. Supported filters"
        + " are 'atScope()', 'principalId eq {id}' and 'assignedTo('{id}')', joined with 'and'.");
  }
}
