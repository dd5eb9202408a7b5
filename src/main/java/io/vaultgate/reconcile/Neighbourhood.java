package io.vaultgate.reconcile;

import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.vaultgate.api.AgentIpGrant;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.model.DesiredAccess;
import io.vaultgate.model.InboundRangeTable;
import io.vaultgate.model.Ipv4Range;
import io.vaultgate.model.RoleNeed;
import io.vaultgate.model.VaultId;
import io.vaultgate.plan.AccessPolicyPlanner;
import io.vaultgate.plan.FirewallPlanner;
import io.vaultgate.plan.RoleAssignmentPlanner;
import io.vaultgate.validate.SpecValidator;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The other resources that share something with one resource, from the informer caches: those targeting the same
 * vault (whose needs and ledgers keep co-owned rules, permissions and role assignments in place), PrivateVaultAccess
 * and AgentIpGrant alike, and those whose private endpoints share a DNS zone or link. Reads only the caches; never
 * Azure.
 */
final class Neighbourhood {

  static final String VAULT_INDEX = "vaultgate-vault";

  private final InboundRangeTable ranges;
  private final Clock clock;
  private volatile IndexedResourceCache<PrivateVaultAccess> cache;
  private volatile IndexedResourceCache<AgentIpGrant> grants;

  Neighbourhood(InboundRangeTable ranges, Clock clock) {
    this.ranges = ranges;
    this.clock = clock;
  }

  /** Indexes the cache by the vault each resource names. */
  void attach(IndexerResourceCache<PrivateVaultAccess> primaryCache) {
    primaryCache.addIndexer(VAULT_INDEX, r -> Resources.vaultOf(r).map(v -> List.of(v.key())).orElse(List.of()));
    this.cache = primaryCache;
  }

  /** Indexes the grants by the vault their ledgers hold rules in. */
  void attachGrants(IndexerResourceCache<AgentIpGrant> grantCache) {
    grantCache.addIndexer(VAULT_INDEX, g -> Grants.ledger(g.getStatus()).vault().map(v -> List.of(v.key()))
        .orElse(List.of()));
    this.grants = grantCache;
  }

  /** Every grant this replica knows. */
  Stream<AgentIpGrant> grants() {
    IndexedResourceCache<AgentIpGrant> c = grants;
    return c == null ? Stream.empty() : c.list();
  }

  /** A PrivateVaultAccess by namespace and name. */
  Optional<PrivateVaultAccess> access(ResourceID id) {
    IndexedResourceCache<PrivateVaultAccess> c = cache;
    return c == null ? Optional.empty() : c.get(id);
  }

  /** Every resource this replica knows. */
  Stream<PrivateVaultAccess> all() {
    IndexedResourceCache<PrivateVaultAccess> c = cache;
    return c == null ? Stream.empty() : c.list();
  }

  /** The other resources on a vault, for the vault writer: excluding the given owners (those are in the batch). */
  VaultCoordinator.Neighbours onVault(VaultId vault, Set<String> excluded) {
    List<FirewallPlanner.Neighbour> firewall = new ArrayList<>();
    List<AccessPolicyPlanner.Neighbour> access = new ArrayList<>();
    for (PrivateVaultAccess other : others(vault, excluded)) {
      Ledger ledger = Ledger.of(Resources.statusOf(other));
      boolean sameVault = ledger.vault().map(vault::equals).orElse(true);
      Set<Ipv4Range> rules = new LinkedHashSet<>();
      Set<String> subnets = new LinkedHashSet<>();
      if (sameVault) {
        rules.addAll(ledger.ipRules());
        rules.addAll(ledger.pendingIpRules());
        subnets.addAll(ledger.subnets());
        subnets.addAll(ledger.pendingSubnets());
      }
      Optional<DesiredAccess> desired = other.isMarkedForDeletion() ? Optional.empty() : desired(other);
      // what an invalid resource holds stays until it is fixed or deleted
      Set<Ipv4Range> needs = other.isMarkedForDeletion() ? Set.of()
          : desired.map(d -> d.ipRules().keySet()).orElse(rules);
      Set<String> subnetNeeds = other.isMarkedForDeletion() ? Set.of()
          : desired.map(d -> Set.copyOf(d.agents().subnetIds())).orElse(subnets);
      firewall.add(new FirewallPlanner.Neighbour(Resources.ownerOf(other), needs, rules, subnetNeeds, subnets));
      Optional<String> needsPrincipal = desired.flatMap(DesiredAccess::identity).isPresent() ? ledger.principal()
          : Optional.empty();
      access.add(new AccessPolicyPlanner.Neighbour(Resources.ownerOf(other), needsPrincipal,
          sameVault ? ledger.accessPolicy() : Optional.empty()));
    }
    firewall.addAll(grantsOn(vault, excluded));
    return new VaultCoordinator.Neighbours(firewall, access);
  }

  /** Grants holding rules in the vault: a live one needs what it holds; an expired or deleted one needs nothing. */
  private List<FirewallPlanner.Neighbour> grantsOn(VaultId vault, Set<String> excluded) {
    IndexedResourceCache<AgentIpGrant> c = grants;
    if (c == null) {
      return List.of();
    }
    Instant now = clock.instant();
    List<FirewallPlanner.Neighbour> result = new ArrayList<>();
    for (AgentIpGrant g : c.byIndex(VAULT_INDEX, vault.key())) {
      Ledger ledger = Grants.ledger(g.getStatus());
      if (excluded.contains(Grants.ownerOf(g)) || !ledger.vault().map(vault::equals).orElse(false)) {
        continue;
      }
      Set<Ipv4Range> rules = new LinkedHashSet<>(ledger.ipRules());
      rules.addAll(ledger.pendingIpRules());
      result.add(new FirewallPlanner.Neighbour(Grants.ownerOf(g), Grants.live(g, now) ? rules : Set.of(), rules));
    }
    return result;
  }

  /** The role assignments other resources on the vault need, so that a co-owned assignment stays. */
  List<RoleNeed> roleNeeds(String owner, VaultId vault, boolean rbacVault) {
    List<RoleNeed> needs = new ArrayList<>();
    for (PrivateVaultAccess other : others(vault, Set.of(owner))) {
      Optional<String> principal = Ledger.of(Resources.statusOf(other)).principal();
      if (other.isMarkedForDeletion() || principal.isEmpty()) {
        continue;
      }
      desired(other).filter(d -> d.identity().isPresent())
          .ifPresent(d -> needs.addAll(RoleAssignmentPlanner.needs(d, principal.get(), rbacVault)));
    }
    return needs;
  }

  /** What other resources' private endpoints share with this one's: zones and links. */
  PrivateEndpointRelease.Sharing endpointSharing(String owner) {
    return new PrivateEndpointRelease.Sharing(all()
        .filter(r -> !Resources.ownerOf(r).equals(owner) && !r.isMarkedForDeletion())
        .map(r -> Resources.statusOf(r).privateEndpoint).filter(Objects::nonNull).toList());
  }

  private List<PrivateVaultAccess> others(VaultId vault, Set<String> excluded) {
    IndexedResourceCache<PrivateVaultAccess> c = cache;
    return c == null ? List.of() : c.byIndex(VAULT_INDEX, vault.key()).stream()
        .filter(r -> !excluded.contains(Resources.ownerOf(r))).toList();
  }

  /** A PrivateVaultAccess's spec, validated; empty when it is invalid. */
  Optional<DesiredAccess> desired(PrivateVaultAccess r) {
    return SpecMapping.validate(r, ranges) instanceof SpecValidator.Valid valid ? Optional.of(valid.access())
        : Optional.empty();
  }
}
