package io.vaultgate.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One read of a vault: its network settings, its permission model, for access-policy vaults the secret permissions
 * each principal of the vault's tenant holds, and its private endpoint connections.
 *
 * @param rbacAuthorization {@code enableRbacAuthorization}; absent (old vaults) means access policies
 * @param secretPermissions principal object id (lower case) to secret permissions (lower case), for comparing
 * @param secretPermissionNames principal object id (lower case) to secret permissions spelled exactly as the vault
 *     returned them: {@code accessPolicies/remove} matches names case-sensitively and answers 200 when nothing
 *     matched (azure-rest-api-specs issue #42963), so a removal must send these strings
 * @param endpointConnections the vault's private endpoint connections, whoever made them
 */
public record LiveVault(LiveFirewall firewall, boolean rbacAuthorization, String tenantId,
    Map<String, Set<String>> secretPermissions, Map<String, Set<String>> secretPermissionNames,
    List<EndpointConnection> endpointConnections) {

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
    secretPermissionNames = Map.copyOf(secretPermissionNames);
    endpointConnections = List.copyOf(endpointConnections);
  }

  /** The principal's permissions among {@code lowerCase}, spelled as the vault holds them (each spelling it has). */
  public Set<String> spelledAsHeld(String principal, Set<String> lowerCase) {
    return secretPermissionNames.getOrDefault(principal.toLowerCase(java.util.Locale.ROOT), Set.of()).stream()
        .filter(name -> lowerCase.contains(name.toLowerCase(java.util.Locale.ROOT)))
        .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
  }

  public long approvedPrivateEndpoints() {
    return endpointConnections.stream().filter(EndpointConnection::approved).count();
  }
}
