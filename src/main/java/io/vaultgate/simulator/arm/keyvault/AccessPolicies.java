package io.vaultgate.simulator.arm.keyvault;

import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.Guid;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BinaryOperator;

/**
 * Key Vault's rules for access policies: validation (ids, permission names per kind), the per-vault limit, and
 * the add / replace / remove edits of {@code Vaults_UpdateAccessPolicy}. Pure functions on values.
 */
final class AccessPolicies {
  static final int MAX_PER_VAULT = 1024;
  static final int MAX_PER_UPDATE = 16;

  /**
   * The permission enums of the spec (the same in the SDK's KeyPermissions etc.), by kind, spelled as the service
   * and the Portal store and return them: capitalised (azure-cli issue #15907, azure-rest-api-specs #34772). The
   * names a request sends are checked ignoring case and stored in this spelling.
   */
  private static final Map<String, List<String>> NAMES = Map.of(
      "keys", List.of("All", "Encrypt", "Decrypt", "WrapKey", "UnwrapKey", "Sign", "Verify", "Get", "List",
          "Create", "Update", "Import", "Delete", "Backup", "Restore", "Recover", "Purge", "Release", "Rotate",
          "GetRotationPolicy", "SetRotationPolicy"),
      "secrets", List.of("All", "Get", "List", "Set", "Delete", "Backup", "Restore", "Recover", "Purge"),
      "certificates", List.of("All", "Get", "List", "Delete", "Create", "Import", "Update", "ManageContacts",
          "GetIssuers", "ListIssuers", "SetIssuers", "DeleteIssuers", "ManageIssuers", "Recover", "Purge",
          "Backup", "Restore"),
      "storage", List.of("All", "Get", "List", "Delete", "Set", "Update", "RegenerateKey", "Recover", "Purge",
          "Backup", "Restore", "SetSAS", "ListSAS", "GetSAS", "DeleteSAS"));

  private AccessPolicies() {
  }

  /**
   * Validates one entry as the service does, naming it in messages the way the service's own do (e.g.
   * "Invalid value found at accessPolicies[1].ObjectId: ..."), in a vault PUT as in an update.
   *
   * @param index the entry's position in the request
   */
  static void check(AccessPolicy policy, int index) {
    String path = "accessPolicies[" + index + "]";
    checkGuid(policy.tenantId(), path + ".TenantId");
    checkGuid(policy.objectId(), path + ".ObjectId");
    if (policy.applicationId() != null) {
      checkGuid(policy.applicationId(), path + ".ApplicationId");
    }
    AccessPolicy.Permissions p = policy.permissions();
    checkNames("keys", p.keys(), path);
    checkNames("secrets", p.secrets(), path);
    checkNames("certificates", p.certificates(), path);
    checkNames("storage", p.storage(), path);
  }

  static void checkCount(List<AccessPolicy> policies) {
    if (policies.size() > MAX_PER_VAULT) {
      throw ApiError.badRequest("Invalid value found at properties.accessPolicies: " + policies.size()
          + " access policies exceed the limit of " + MAX_PER_VAULT + ".");
    }
  }

  /**
   * The vault's entries after one update; each change edits the entry of the same principal. Add and replace store
   * the service's spelling; remove matches names exactly as sent, case-sensitively, and a name that matches nothing
   * is no error: the service answers 200 and removes nothing (azure-rest-api-specs issue #42963, api-version
   * 2026-02-01; Terraform azurerm #10707).
   */
  static List<AccessPolicy> apply(List<AccessPolicy> current, AccessPolicyOperation operation,
                  List<AccessPolicy> changes) {
    if (changes.size() > MAX_PER_UPDATE) {
      throw ApiError.badRequest("Invalid value found at properties.accessPolicies: " + changes.size()
          + " access policies exceed the limit of " + MAX_PER_UPDATE + " per request.");
    }
    List<AccessPolicy> result = new ArrayList<>(current);
    for (AccessPolicy sent : changes) {
      AccessPolicy change = operation == AccessPolicyOperation.REMOVE ? sent : spelled(sent);
      int index = indexOf(result, change);
      AccessPolicy entry = index < 0 ? null : result.get(index);
      switch (operation) {
        case ADD -> put(result, index, entry == null ? distinct(change)
            : entry.withPermissions(combine(entry.permissions(), change.permissions(), AccessPolicies::union)));
        case REPLACE -> put(result, index, entry == null ? distinct(change)
            : entry.withPermissions(distinct(change).permissions()));
        case REMOVE -> {
          if (entry != null) {
            AccessPolicy.Permissions left =
                combine(entry.permissions(), change.permissions(), AccessPolicies::minus);
            if (left.isEmpty()) {
              result.remove(index);
            } else {
              result.set(index, entry.withPermissions(left));
            }
          }
        }
      }
    }
    checkCount(result);
    return List.copyOf(result);
  }

  /** Whether the entry grants the secret permission (e.g. {@code get}); {@code all} includes every one. */
  static boolean allowsSecret(AccessPolicy policy, String permission) {
    Set<String> secrets = names(policy.permissions().secrets().toArray(String[]::new));
    return secrets.contains("all") || secrets.contains(permission);
  }

  private static void put(List<AccessPolicy> policies, int index, AccessPolicy policy) {
    if (index < 0) {
      policies.add(policy);
    } else {
      policies.set(index, policy);
    }
  }

  private static int indexOf(List<AccessPolicy> policies, AccessPolicy wanted) {
    for (int i = 0; i < policies.size(); i++) {
      if (policies.get(i).samePrincipal(wanted)) {
        return i;
      }
    }
    return -1;
  }

  private static AccessPolicy distinct(AccessPolicy policy) {
    AccessPolicy.Permissions none = new AccessPolicy.Permissions(List.of(), List.of(), List.of(), List.of());
    return policy.withPermissions(combine(none, policy.permissions(), AccessPolicies::union));
  }

  private static AccessPolicy.Permissions combine(AccessPolicy.Permissions a, AccessPolicy.Permissions b,
                          BinaryOperator<List<String>> op) {
    return new AccessPolicy.Permissions(op.apply(a.keys(), b.keys()), op.apply(a.secrets(), b.secrets()),
        op.apply(a.certificates(), b.certificates()), op.apply(a.storage(), b.storage()));
  }

  /** {@code a}, then the names of {@code b} it lacks (ignoring case); the first casing seen stays. */
  private static List<String> union(List<String> a, List<String> b) {
    List<String> result = new ArrayList<>();
    Set<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (List<String> names : List.of(a, b)) {
      for (String name : names) {
        if (seen.add(name)) {
          result.add(name);
        }
      }
    }
    return result;
  }

  private static List<String> minus(List<String> a, List<String> b) {
    return a.stream().filter(name -> !b.contains(name)).toList();
  }

  /** The entry with every permission name in the service's spelling (names already checked). */
  static AccessPolicy spelled(AccessPolicy policy) {
    AccessPolicy.Permissions p = policy.permissions();
    return policy.withPermissions(new AccessPolicy.Permissions(spelled("keys", p.keys()),
        spelled("secrets", p.secrets()), spelled("certificates", p.certificates()), spelled("storage", p.storage())));
  }

  private static List<String> spelled(String kind, List<String> names) {
    return names.stream().map(name -> NAMES.get(kind).stream().filter(name::equalsIgnoreCase).findFirst()
        .orElse(name)).toList();
  }

  private static void checkNames(String kind, List<String> names, String path) {
    Set<String> allowed = names(NAMES.get(kind).toArray(String[]::new));
    for (int i = 0; i < names.size(); i++) {
      if (!allowed.contains(names.get(i).toLowerCase(Locale.ROOT))) {
        throw ApiError.badRequest("Invalid value found at " + path + ".permissions." + kind + "[" + i + "]: '"
            + names.get(i) + "' is not a valid " + kind + " permission. Valid values are: "
            + String.join(", ", allowed) + ".");
      }
    }
  }

  private static void checkGuid(String value, String path) {
    if (!Guid.is(value)) {
      throw ApiError.badRequest("Invalid value found at " + path + ": " + value);
    }
  }

  /** Lower-cased names, for comparing ignoring case. */
  private static Set<String> names(String... names) {
    Set<String> set = new TreeSet<>();
    for (String name : names) {
      set.add(name.toLowerCase(Locale.ROOT));
    }
    return set;
  }
}
