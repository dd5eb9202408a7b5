package io.vaultgate.simulator.arm.privatelink;

import io.vaultgate.simulator.arm.ProvisioningState;
import io.vaultgate.simulator.arm.ResourceId;
import io.vaultgate.simulator.arm.keyvault.KeyVaults;
import io.vaultgate.simulator.arm.keyvault.NetworkAclsRules;
import io.vaultgate.simulator.arm.keyvault.PrivateEndpointConnection;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import io.vaultgate.simulator.arm.keyvault.Vault;
import io.vaultgate.simulator.arm.keyvault.VaultProperties;
import io.vaultgate.simulator.arm.network.SimSubnet;
import io.vaultgate.simulator.arm.network.VirtualNetworks;
import io.vaultgate.simulator.arm.privatedns.PrivateDnsZones;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Whether an agent in a subnet reaches a vault, decided from simulator state the way the network would route and
 * resolve it, so that tests prove reachability and not only calls. Only provisioned resources count. Peering is
 * not modelled: an endpoint serves its own virtual network.
 */
public final class NetworkReachability {
  private final KeyVaults vaults;
  private final VirtualNetworks networks;
  private final PrivateEndpoints endpoints;
  private final PrivateDnsZones zones;

  public NetworkReachability(KeyVaults vaults, VirtualNetworks networks, PrivateEndpoints endpoints,
                             PrivateDnsZones zones) {
    this.vaults = vaults;
    this.networks = networks;
    this.endpoints = endpoints;
    this.zones = zones;
  }

  /**
   * Over a private endpoint: an endpoint of the vault in the subnet's virtual network whose connection the vault
   * has Approved, and a {@code privatelink.vaultcore.azure.net} zone linked to that network whose A record for
   * the vault holds the endpoint's address (so the vault's name resolves to it).
   */
  public boolean reachesPrivately(String subnetId, SimVaultId vaultId) {
    ResourceId network = subnet(subnetId).id().virtualNetwork();
    Vault vault = vaults.get(vaultId);
    return endpoints.all().stream()
        .filter(e -> e.provisioningState() == ProvisioningState.SUCCEEDED
            && e.vault().key().equals(vault.vaultId().key())
            && e.subnet().virtualNetwork().key().equals(network.key())
            && endpoints.connection(e).status().equals(PrivateEndpointConnection.APPROVED))
        .anyMatch(e -> resolves(network, vault.name(), e.privateIpAddress()));
  }

  /**
   * Over the public endpoint: public network access enabled and the firewall open (default action Allow) or a
   * virtual network rule for the subnet whose Microsoft.KeyVault service endpoint is provisioned.
   */
  public boolean allowedByFirewall(String subnetId, SimVaultId vaultId) {
    SimSubnet subnet = subnet(subnetId);
    VaultProperties properties = vaults.get(vaultId).properties();
    return properties.publicNetworkAccessEnabled() && NetworkAclsRules.admitsSubnet(properties.networkAcls(), subnet);
  }

  private boolean resolves(ResourceId network, String vaultName, String address) {
    return zones.all().stream()
        .filter(z -> z.name().equalsIgnoreCase(PrivateDnsZones.KEY_VAULT_ZONE)
            && z.provisioningState() == ProvisioningState.SUCCEEDED)
        .filter(z -> zones.links(z.id()).stream().anyMatch(l -> l.provisioningState() == ProvisioningState.SUCCEEDED
            && ResourceId.tryParse(l.virtualNetworkId(), VirtualNetworks.TYPE).map(ResourceId::key)
                .equals(Optional.of(network.key()))))
        .anyMatch(z -> zones.findARecord(z.id(), vaultName)
            .filter(set -> set.ipv4Addresses().contains(address)).isPresent());
  }

  private SimSubnet subnet(String subnetId) {
    return networks.findSubnet(subnetId).orElseThrow(() -> new NoSuchElementException("no subnet " + subnetId));
  }
}
