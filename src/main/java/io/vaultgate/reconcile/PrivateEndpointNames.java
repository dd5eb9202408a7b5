package io.vaultgate.reconcile;

import io.vaultgate.model.Patterns;
import io.vaultgate.model.VaultId;
import io.vaultgate.port.NetworkPort;

/**
 * The deterministic names of what vaultgate creates for a vault's private endpoint, derived from the vault and the
 * resource's uid, so that a crash between creating and recording is healed by finding it again.
 */
final class PrivateEndpointNames {

  private PrivateEndpointNames() {
  }

  static String endpointId(VaultId vault, String uid) {
    return "/subscriptions/" + vault.subscriptionId() + "/resourceGroups/" + vault.resourceGroup()
        + "/providers/Microsoft.Network/privateEndpoints/vaultgate-" + vault.name() + "-" + uid.substring(0, 8);
  }

  /** The zone vaultgate creates (or reuses) in the vault's resource group. */
  static String zoneIdFor(VaultId vault) {
    return "/subscriptions/" + vault.subscriptionId() + "/resourceGroups/" + vault.resourceGroup()
        + "/providers/Microsoft.Network/privateDnsZones/" + Patterns.PRIVATE_LINK_ZONE;
  }

  static String fqdn(VaultId vault) {
    return vault.name() + "." + Patterns.PRIVATE_LINK_ZONE;
  }

  static String linkName(NetworkPort.Subnet subnet) {
    return "vaultgate-" + name(subnet.virtualNetworkId());
  }

  /** The last segment of a resource id. */
  static String name(String id) {
    return id.substring(id.lastIndexOf('/') + 1);
  }
}
