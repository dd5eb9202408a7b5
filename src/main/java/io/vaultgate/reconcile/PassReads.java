package io.vaultgate.reconcile;

import io.vaultgate.model.RoleAssignment;
import io.vaultgate.model.RoleNeed;
import io.vaultgate.model.RolePermissions;
import io.vaultgate.model.ServiceTag;
import io.vaultgate.port.AzurePorts;
import io.vaultgate.port.NetworkPort;
import io.vaultgate.port.RoleAssignmentPort;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The role assignments and network resources one pass reads, each read once and reused until the pass writes
 * either of them: converging a capability and then judging the access paths look at the same endpoint, zone, link,
 * record and assignments, and a steady-state resync must not pay for them twice. Used by one reconcile thread for
 * one pass; never shared between passes, and never caching a long-running operation's status.
 */
final class PassReads {

  private final Map<String, Object> reads = new HashMap<>();

  private PassReads() {
  }

  /** The ports with role-assignment and network reads remembered for this pass. */
  static AzurePorts of(AzurePorts ports) {
    PassReads memo = new PassReads();
    return new AzurePorts(ports.vaults(), ports.identities(), memo.new Roles(ports.roles()),
        ports.federatedCredentials(), memo.new Network(ports.network()), ports.devOps());
  }

  @SuppressWarnings("unchecked")
  private <T> T read(String kind, String key, Supplier<T> read) {
    String k = kind + "|" + key.toLowerCase(Locale.ROOT);
    if (!reads.containsKey(k)) {
      reads.put(k, read.get());
    }
    return (T) reads.get(k);
  }

  private <T> T write(Supplier<T> write) {
    reads.clear();
    return write.get();
  }

  private final class Roles implements RoleAssignmentPort {
    private final RoleAssignmentPort port;

    Roles(RoleAssignmentPort port) {
      this.port = port;
    }

    @Override
    public List<RoleAssignment> list(String subscriptionId, String scope, String principalId) {
      return read("roleAssignments", scope + "|" + principalId, () -> port.list(subscriptionId, scope, principalId));
    }

    @Override
    public Optional<RolePermissions> definition(String subscriptionId, String roleDefinitionId) {
      return port.definition(subscriptionId, roleDefinitionId);
    }

    @Override
    public Created create(String subscriptionId, RoleNeed need) {
      return write(() -> port.create(subscriptionId, need));
    }

    @Override
    public void delete(String subscriptionId, RoleAssignment assignment) {
      write(() -> {
        port.delete(subscriptionId, assignment);
        return null;
      });
    }
  }

  private final class Network implements NetworkPort {
    private final NetworkPort port;

    Network(NetworkPort port) {
      this.port = port;
    }

    @Override
    public OperationState poll(Operation operation) {
      return port.poll(operation);
    }

    @Override
    public Optional<Subnet> subnet(String subnetId) {
      return read("subnet", subnetId, () -> port.subnet(subnetId));
    }

    @Override
    public Operation enableKeyVaultServiceEndpoint(String subnetId) {
      return write(() -> port.enableKeyVaultServiceEndpoint(subnetId));
    }

    @Override
    public Optional<PrivateEndpoint> privateEndpoint(String id) {
      return read("privateEndpoint", id, () -> port.privateEndpoint(id));
    }

    @Override
    public Operation createPrivateEndpoint(String id, String location, String subnetId, String vaultId,
        boolean manual, Map<String, String> tags) {
      return write(() -> port.createPrivateEndpoint(id, location, subnetId, vaultId, manual, tags));
    }

    @Override
    public Operation deletePrivateEndpoint(String id) {
      return write(() -> port.deletePrivateEndpoint(id));
    }

    @Override
    public Operation putZoneGroup(String endpointId, String zoneId) {
      return write(() -> port.putZoneGroup(endpointId, zoneId));
    }

    @Override
    public Optional<Zone> zone(String zoneId) {
      return read("zone", zoneId, () -> port.zone(zoneId));
    }

    @Override
    public Operation createZone(String zoneId, Map<String, String> tags) {
      return write(() -> port.createZone(zoneId, tags));
    }

    @Override
    public Operation deleteZone(String zoneId) {
      return write(() -> port.deleteZone(zoneId));
    }

    @Override
    public List<Link> links(String zoneId) {
      return read("links", zoneId, () -> port.links(zoneId));
    }

    @Override
    public Operation createLink(String zoneId, String name, String virtualNetworkId, Map<String, String> tags) {
      return write(() -> port.createLink(zoneId, name, virtualNetworkId, tags));
    }

    @Override
    public Operation deleteLink(String linkId) {
      return write(() -> port.deleteLink(linkId));
    }

    @Override
    public List<String> aRecord(String zoneId, String name) {
      return read("aRecord", zoneId + "|" + name, () -> port.aRecord(zoneId, name));
    }

    @Override
    public ServiceTag.Published serviceTags(String subscriptionId, String location) {
      return port.serviceTags(subscriptionId, location);
    }
  }
}
