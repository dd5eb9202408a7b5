package io.vaultgate.port;

import io.vaultgate.model.ServiceTag;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Virtual networks, private endpoints and private DNS. Writes are long-running in Azure: they return the
 * operation to poll on a later reconcile, never waiting for it. Implementations translate; they decide nothing.
 * Failures are {@link AzureFailure}; a resource that does not exist is an empty result.
 */
public interface NetworkPort {

  /** A long-running operation's status URL ({@code Azure-AsyncOperation}, else {@code Location}). */
  record Operation(String url) {
  }

  enum OperationState {
    IN_PROGRESS, SUCCEEDED, FAILED, GONE
  }

  OperationState poll(Operation operation);

  /**
   * @param location the virtual network's region (a private endpoint must be created there)
   * @param serviceEndpoints e.g. {@code Microsoft.KeyVault}
   */
  record Subnet(String id, String virtualNetworkId, String location, List<String> serviceEndpoints,
      String provisioningState) {
    public Subnet {
      serviceEndpoints = List.copyOf(serviceEndpoints);
    }
  }

  Optional<Subnet> subnet(String subnetId);

  /** Adds the {@code Microsoft.KeyVault} service endpoint, keeping the subnet's others. */
  Operation enableKeyVaultServiceEndpoint(String subnetId);

  /**
   * @param connectionStatus Approved, Pending, Rejected or Disconnected
   * @param zoneIds the private DNS zones its zone group references
   */
  record PrivateEndpoint(String id, String location, String subnetId, String provisioningState,
      String connectionStatus, Optional<String> privateIp, Map<String, String> tags, List<String> zoneIds) {
    public PrivateEndpoint {
      tags = Map.copyOf(tags);
      zoneIds = List.copyOf(zoneIds);
    }
  }

  Optional<PrivateEndpoint> privateEndpoint(String id);

  /** A private endpoint of a vault (group id {@code vault}); a manual one waits for the vault owner's approval. */
  Operation createPrivateEndpoint(String id, String location, String subnetId, String vaultId, boolean manual,
      Map<String, String> tags);

  Operation deletePrivateEndpoint(String id);

  /** The endpoint's DNS zone group, keeping the zone's A record on the endpoint's address. */
  Operation putZoneGroup(String endpointId, String zoneId);

  record Zone(String id, Map<String, String> tags, long recordSets, String provisioningState) {
    public Zone {
      tags = Map.copyOf(tags);
    }
  }

  Optional<Zone> zone(String zoneId);

  Operation createZone(String zoneId, Map<String, String> tags);

  Operation deleteZone(String zoneId);

  record Link(String id, String virtualNetworkId, Map<String, String> tags, String state) {
    public Link {
      tags = Map.copyOf(tags);
    }
  }

  List<Link> links(String zoneId);

  Operation createLink(String zoneId, String name, String virtualNetworkId, Map<String, String> tags);

  Operation deleteLink(String linkId);

  /** The addresses of an A record set in a zone. */
  List<String> aRecord(String zoneId, String name);

  /**
   * Azure's published service tags of the subscription's cloud ({@code AzureCloud.<region>} and the services' own),
   * from Network's service tag discovery API; {@code location} only picks the version reference, every region's tags
   * come back.
   */
  ServiceTag.Published serviceTags(String subscriptionId, String location);
}
