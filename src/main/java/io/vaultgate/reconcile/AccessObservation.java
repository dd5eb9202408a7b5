package io.vaultgate.reconcile;

import io.vaultgate.access.AccessNeeds;
import io.vaultgate.access.AccessWorld;
import io.vaultgate.model.AgentsDesired;
import io.vaultgate.model.DesiredAccess;
import io.vaultgate.model.IdentityRef;
import io.vaultgate.model.InboundRangeTable;
import io.vaultgate.model.LiveVault;
import io.vaultgate.model.RolePermissions;
import io.vaultgate.port.AzurePorts;
import io.vaultgate.port.NetworkPort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads what the access evaluator needs after a pass's writes, and only for the paths the spec needs: the vault as
 * the writer left it (no extra read), the agents' subnets, the private endpoints the vault lists and the private
 * DNS zones they or the spec use, and the identity's role assignments with their definitions (cached: they rarely
 * change). It only reads; deciding is {@link io.vaultgate.access.AccessEvaluator}'s.
 */
final class AccessObservation {

  private static final Duration DEFINITION_CACHE = Duration.ofMinutes(10);
  private static final String SUCCEEDED = "Succeeded";

  private record CachedDefinition(Optional<RolePermissions> definition, Instant readAt) {
  }

  private final InboundRangeTable ranges;
  private final Clock clock;
  private final Map<String, CachedDefinition> definitions = new ConcurrentHashMap<>();

  AccessObservation(InboundRangeTable ranges, Clock clock) {
    this.ranges = ranges;
    this.clock = clock;
  }

  /** The paths the spec implies: Azure DevOps for a variable group, the agents it names, the identity it names. */
  AccessNeeds needs(DesiredAccess access) {
    Optional<List<InboundRangeTable.InboundRange>> devOps = access.devOps().variableGroup().isPresent()
        ? Optional.of(ranges.rangesOf(access.geography()).orElse(List.of())) : Optional.empty();
    List<String> subnets = new ArrayList<>();
    if (access.pipelines().hosting().selfHosted()) {
      subnets.addAll(access.agents().subnetIds());
      access.agents().privateEndpoint().map(AgentsDesired.Endpoint::subnetId).ifPresent(subnets::add);
    }
    // grants open nothing for a resource that writes nothing (Plan mode, reconcile-policy skip)
    return new AccessNeeds(devOps, access.pipelines().hosting().microsoftHosted(),
        access.pipelines().ipGrants() && !access.dryRun(),
        subnets.stream().distinct().toList(), access.agents().privateEndpoint().filter(e -> e.dnsZone().isEmpty())
        .isPresent(), access.identity().map(IdentityRef::toString));
  }

  /**
   * @param vault the vault as the writer left it
   * @param principal the identity's object id, if it was found
   * @param knownZone the private DNS zone the resource's endpoint uses, if any
   */
  AccessWorld world(DesiredAccess access, AccessNeeds needs, AzurePorts ports, LiveVault vault,
      Optional<String> principal, Optional<String> knownZone) {
    List<AccessWorld.Subnet> subnets = new ArrayList<>();
    List<AccessWorld.Endpoint> endpoints = new ArrayList<>();
    List<AccessWorld.Zone> zones = new ArrayList<>();
    if (!needs.selfHostedSubnets().isEmpty()) {
      NetworkPort network = ports.network();
      for (String id : needs.selfHostedSubnets()) {
        network.subnet(id).ifPresent(s -> subnets.add(new AccessWorld.Subnet(s.id(), s.virtualNetworkId(),
            s.serviceEndpoints().stream().anyMatch(Observation.KEY_VAULT_SERVICE::equalsIgnoreCase)
                && !"Updating".equalsIgnoreCase(s.provisioningState()))));
      }
      Set<String> zoneIds = new LinkedHashSet<>();
      knownZone.map(z -> z.toLowerCase(Locale.ROOT)).ifPresent(zoneIds::add);
      for (LiveVault.EndpointConnection c : vault.endpointConnections()) {
        network.privateEndpoint(c.privateEndpointId()).ifPresent(pe -> {
          endpoints.add(new AccessWorld.Endpoint(pe.id(), networkOf(pe.subnetId()),
              SUCCEEDED.equalsIgnoreCase(pe.provisioningState()), pe.privateIp()));
          pe.zoneIds().forEach(z -> zoneIds.add(z.toLowerCase(Locale.ROOT)));
        });
      }
      for (String zoneId : zoneIds) {
        network.zone(zoneId).ifPresent(z -> zones.add(new AccessWorld.Zone(z.id(), lastSegment(z.id()),
            SUCCEEDED.equalsIgnoreCase(z.provisioningState()), network.links(zoneId).stream()
                .filter(l -> "Completed".equalsIgnoreCase(l.state())).map(NetworkPort.Link::virtualNetworkId)
                .toList(), network.aRecord(zoneId, access.vault().name()))));
      }
    }
    List<AccessWorld.RoleGrant> grants = new ArrayList<>();
    if (needs.identity().isPresent() && principal.isPresent() && vault.rbacAuthorization()) {
      String subscription = access.vault().subscriptionId();
      ports.roles().list(subscription, access.vault().toString(), principal.get()).forEach(a ->
          definition(ports, subscription, a.roleDefinitionId()).ifPresent(d -> grants.add(
              new AccessWorld.RoleGrant(a.scope(), d.roleName(), d.dataActions(), d.notDataActions()))));
    }
    return new AccessWorld(access.vault().toString(), access.vault().name(), vault.firewall(),
        vault.rbacAuthorization(), vault.secretPermissions(), vault.endpointConnections(), endpoints, subnets, zones,
        principal, grants);
  }

  private Optional<RolePermissions> definition(AzurePorts ports, String subscription, String id) {
    String key = id.toLowerCase(Locale.ROOT);
    Instant now = clock.instant();
    CachedDefinition cached = definitions.get(key);
    if (cached == null || cached.readAt().plus(DEFINITION_CACHE).isBefore(now)) {
      cached = new CachedDefinition(ports.roles().definition(subscription, id), now);
      definitions.put(key, cached);
    }
    return cached.definition();
  }

  /** A subnet's virtual network: its id without the {@code /subnets/<name>} tail. */
  static String networkOf(String subnetId) {
    int at = subnetId.toLowerCase(Locale.ROOT).lastIndexOf("/subnets/");
    return at < 0 ? subnetId : subnetId.substring(0, at);
  }

  private static String lastSegment(String id) {
    return id.substring(id.lastIndexOf('/') + 1);
  }
}
