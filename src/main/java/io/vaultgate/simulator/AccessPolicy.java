package io.vaultgate.simulator;

import java.util.List;

/**
 * One entry of {@code properties.accessPolicies} (the legacy permission model), stored as given. Vaults keep
 * them as a list of these so the accessPolicies add/replace/remove operations can edit entries by object id.
 *
 * @param applicationId null unless a compound identity
 */
public record AccessPolicy(String tenantId, String objectId, String applicationId, Permissions permissions) {

  /** Permission names per object kind; an absent kind is an empty list. */
  public record Permissions(List<String> keys, List<String> secrets, List<String> certificates,
               List<String> storage) {
    public Permissions {
      keys = List.copyOf(keys);
      secrets = List.copyOf(secrets);
      certificates = List.copyOf(certificates);
      storage = List.copyOf(storage);
    }
  }
}
