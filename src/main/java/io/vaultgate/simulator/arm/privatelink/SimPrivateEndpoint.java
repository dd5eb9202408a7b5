package io.vaultgate.simulator.arm.privatelink;

import io.vaultgate.simulator.arm.Etags;
import io.vaultgate.simulator.arm.ProvisioningState;
import io.vaultgate.simulator.arm.ResourceId;
import io.vaultgate.simulator.arm.keyvault.KeyVaults;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import io.vaultgate.simulator.arm.network.SubnetId;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A private endpoint of a vault as stored: one connection to the vault (sub-resource {@code vault}) and one
 * private IP address from its subnet. The connection's state lives on the vault (see
 * {@link KeyVaults#privateEndpointConnections}); the endpoint reports it from there.
 *
 * @param connectionName             the name of its (manual) private link service connection
 * @param requestMessage             null when none was sent
 * @param manualApproval             whether the connection was requested with
 *                                   {@code manualPrivateLinkServiceConnections} (it waits for the vault's owner)
 * @param vaultConnectionName        the name of the connection on the vault
 * @param customNetworkInterfaceName null when the service named the network interface
 */
public record SimPrivateEndpoint(ResourceId id, String location, SubnetId subnet, SimVaultId vault,
                String connectionName, List<String> groupIds, String requestMessage, boolean manualApproval,
                String vaultConnectionName, String privateIpAddress, String networkInterfaceName,
                String customNetworkInterfaceName, Map<String, String> tags,
                ProvisioningState provisioningState, String etag) {
  public SimPrivateEndpoint {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(subnet, "subnet");
    Objects.requireNonNull(vault, "vault");
    Objects.requireNonNull(privateIpAddress, "privateIpAddress");
    Objects.requireNonNull(provisioningState, "provisioningState");
    groupIds = List.copyOf(groupIds);
    tags = Map.copyOf(tags);
  }

  public String name() {
    return id.name();
  }

  public String resourceId() {
    return id.resourceId();
  }

  public String networkInterfaceId() {
    return "/subscriptions/" + id.subscriptionId() + "/resourceGroups/" + id.resourceGroup()
        + "/providers/Microsoft.Network/networkInterfaces/" + networkInterfaceName;
  }

  SimPrivateEndpoint with(ProvisioningState state) {
    return new SimPrivateEndpoint(id, location, subnet, vault, connectionName, groupIds, requestMessage, manualApproval,
        vaultConnectionName, privateIpAddress, networkInterfaceName, customNetworkInterfaceName, tags, state, etag);
  }

  /** The same endpoint with what an update may change: tags and the request message. */
  SimPrivateEndpoint updated(Map<String, String> tags, String requestMessage) {
    return new SimPrivateEndpoint(id, location, subnet, vault, connectionName, groupIds, requestMessage,
        manualApproval, vaultConnectionName, privateIpAddress, networkInterfaceName, customNetworkInterfaceName,
        tags, ProvisioningState.UPDATING, Etags.random());
  }
}
