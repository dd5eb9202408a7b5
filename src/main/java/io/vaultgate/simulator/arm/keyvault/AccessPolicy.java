package io.vaultgate.simulator.arm.keyvault;

import java.util.List;

/**
 * One entry of {@code properties.accessPolicies} (the legacy permission model). Vaults keep them as a list of
 * these so the accessPolicies add/replace/remove operations can edit entries by principal. Permission names are
 * stored in the service's capitalised spelling ({@code Get}, {@code List}); only {@code remove} compares them
 * exactly.
 *
 * @param applicationId null unless a compound identity
 */
public record AccessPolicy(String tenantId, String objectId, String applicationId, Permissions permissions) {

  /** An entry for a principal acting on its own (not a compound identity). */
  public static AccessPolicy of(String tenantId, String objectId, Permissions permissions) {
    return new AccessPolicy(tenantId, objectId, null, permissions);
  }

  public AccessPolicy withPermissions(Permissions permissions) {
    return new AccessPolicy(tenantId, objectId, applicationId, permissions);
  }

  /** Whether both entries are for the same principal (tenant, object and application ids, ignoring case). */
  public boolean samePrincipal(AccessPolicy other) {
    return tenantId.equalsIgnoreCase(other.tenantId) && objectId.equalsIgnoreCase(other.objectId)
        && (applicationId == null ? other.applicationId == null
            : other.applicationId != null && applicationId.equalsIgnoreCase(other.applicationId));
  }

  /** Permission names per object kind; an absent kind is an empty list. */
  public record Permissions(List<String> keys, List<String> secrets, List<String> certificates,
               List<String> storage) {
    public Permissions {
      keys = List.copyOf(keys);
      secrets = List.copyOf(secrets);
      certificates = List.copyOf(certificates);
      storage = List.copyOf(storage);
    }

    /** Secret permissions only, e.g. {@code secrets("get", "list")}. */
    public static Permissions secrets(String... names) {
      return new Permissions(List.of(), List.of(names), List.of(), List.of());
    }

    public boolean isEmpty() {
      return keys.isEmpty() && secrets.isEmpty() && certificates.isEmpty() && storage.isEmpty();
    }
  }
}
