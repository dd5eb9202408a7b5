package io.vaultgate.model;

import java.util.Map;
import java.util.Set;

/**
 * One read of a vault: its network settings, its permission model and, for access-policy vaults, the secret
 * permissions each principal of the vault's tenant holds.
 *
 * @param rbacAuthorization {@code enableRbacAuthorization}; absent (old vaults) means access policies
 * @param secretPermissions principal object id (lower case) to secret permissions (lower case)
 * @param approvedPrivateEndpoints private endpoint connections in state Approved
 */
public record LiveVault(LiveFirewall firewall, boolean rbacAuthorization, String tenantId,
    Map<String, Set<String>> secretPermissions, int approvedPrivateEndpoints) {

  public LiveVault {
    secretPermissions = Map.copyOf(secretPermissions);
  }
}
