package io.vaultgate.access;

import io.vaultgate.model.LiveFirewall;
import io.vaultgate.model.LiveVault;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What Azure holds that decides whether a read reaches a vault's secrets, as observed: the vault's network settings,
 * permission model, access policies and private endpoint connections; the private endpoints, agent subnets and
 * private DNS zones around it; the identity and its role assignments. Plain values, read by the reconciler.
 *
 * @param vaultId the vault's resource id (role assignment scopes are compared with it)
 * @param secretPermissions access-policy principal object id (lower case) to secret permissions (lower case)
 * @param subnets the agents' subnets that were looked up (a missing one is absent)
 * @param principal the identity's object id, empty when it was not found
 * @param roleGrants the identity's role assignments (any scope; only those at or above the vault count)
 */
public record AccessWorld(String vaultId, String vaultName, LiveFirewall firewall, boolean rbac,
    Map<String, Set<String>> secretPermissions, List<LiveVault.EndpointConnection> connections,
    List<Endpoint> endpoints, List<Subnet> subnets, List<Zone> zones, Optional<String> principal,
    List<RoleGrant> roleGrants) {

  public AccessWorld {
    secretPermissions = Map.copyOf(secretPermissions);
    connections = List.copyOf(connections);
    endpoints = List.copyOf(endpoints);
    subnets = List.copyOf(subnets);
    zones = List.copyOf(zones);
    roleGrants = List.copyOf(roleGrants);
  }

  /**
   * A private endpoint.
   *
   * @param provisioned its provisioning state is Succeeded
   */
  public record Endpoint(String id, String virtualNetworkId, boolean provisioned, Optional<String> privateIp) {
  }

  /**
   * A subnet agents run in.
   *
   * @param keyVaultServiceEndpoint the Microsoft.KeyVault service endpoint is in place (not being added)
   */
  public record Subnet(String id, String virtualNetworkId, boolean keyVaultServiceEndpoint) {
  }

  /**
   * A private DNS zone.
   *
   * @param provisioned its provisioning state is Succeeded
   * @param linkedNetworks virtual networks linked to it by a provisioned link
   * @param vaultAddresses the addresses of its A record for the vault's name; empty when there is none
   */
  public record Zone(String id, String name, boolean provisioned, List<String> linkedNetworks,
      List<String> vaultAddresses) {
    public Zone {
      linkedNetworks = List.copyOf(linkedNetworks);
      vaultAddresses = List.copyOf(vaultAddresses);
    }
  }

  /** A role assignment with its definition's data actions. */
  public record RoleGrant(String scope, String roleName, List<String> dataActions, List<String> notDataActions) {
    public RoleGrant {
      dataActions = List.copyOf(dataActions);
      notDataActions = List.copyOf(notDataActions);
    }
  }
}
