package io.vaultgate.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One read of a vault: its network settings, its permission model, for access-policy vaults the secret permissions
 * each principal of the vault's tenant holds, and its private endpoint connections.
 *
 * @param rbacAuthorization {@code enableRbacAuthorization}; absent (old vaults) means access policies
 * @param secretPermissions principal object id (lower case) to secret permissions (lower case)
 * @param endpointConnections the vault's private endpoint connections, whoever made them
 */
public record LiveVault(LiveFirewall firewall, boolean rbacAuthorization, String tenantId,
    Map<String, Set<String>> secretPermissions, List<EndpointConnection> endpointConnections) {

  /**
   * @param privateEndpointId the endpoint's resource id, as the vault reports it
   * @param status Approved, Pending, Rejected or Disconnected
   */
  public record EndpointConnection(String privateEndpointId, String status) {
    public boolean approved() {
      return "Approved".equalsIgnoreCase(status);
    }
  }

  public LiveVault {
    secretPermissions = Map.copyOf(secretPermissions);
    endpointConnections = List.copyOf(endpointConnections);
  }

  public long approvedPrivateEndpoints() {
    return endpointConnections.stream().filter(EndpointConnection::approved).count();
  }
}
