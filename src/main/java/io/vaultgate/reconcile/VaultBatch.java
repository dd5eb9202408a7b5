package io.vaultgate.reconcile;

import io.vaultgate.model.Ipv4Range;
import io.vaultgate.model.LiveVault;
import io.vaultgate.model.PermissionModel;
import io.vaultgate.model.VaultId;
import io.vaultgate.plan.AccessPolicyPlanner;
import io.vaultgate.plan.AccessPolicyPlanner.Grant;
import io.vaultgate.plan.FirewallPlanner;
import io.vaultgate.port.AzureFailure;
import io.vaultgate.port.VaultPort;
import io.vaultgate.reconcile.VaultCoordinator.AccessRequest;
import io.vaultgate.reconcile.VaultCoordinator.Done;
import io.vaultgate.reconcile.VaultCoordinator.Failed;
import io.vaultgate.reconcile.VaultCoordinator.Neighbours;
import io.vaultgate.reconcile.VaultCoordinator.Pending;
import io.vaultgate.reconcile.VaultCoordinator.Request;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch of requests for one vault, signed in as one identity: one read, the plans of the firewall and access
 * policy planners over every request in it, the intents recorded, then at most one firewall write and one
 * access-policy add and remove, and a read-back after access-policy changes. Every request's result is completed;
 * an Azure failure fails them all alike.
 */
final class VaultBatch {

  private static final Logger LOG = LoggerFactory.getLogger(VaultBatch.class);

  /** What this process added to one vault, for ledgers that have not reached the informer cache yet. */
  static final class Added {
    final Set<Ipv4Range> rules = ConcurrentHashMap.newKeySet();
    final Set<String> subnets = ConcurrentHashMap.newKeySet();
    final Map<String, Set<String>> permissions = new ConcurrentHashMap<>();
  }

  private final VaultId vault;
  private final VaultPort port;
  private final List<Pending> batch;
  private final VaultCoordinator.NeighbourSource neighbours;
  private final Added memory;

  VaultBatch(VaultId vault, VaultPort port, List<Pending> batch, VaultCoordinator.NeighbourSource neighbours,
      Added memory) {
    this.vault = vault;
    this.port = port;
    this.batch = batch;
    this.neighbours = neighbours;
    this.memory = memory;
  }

  void run() {
    LiveVault live;
    try {
      live = port.read(vault);
    } catch (AzureFailure f) {
      failAll(f);
      return;
    }
    Set<String> owners = batch.stream().map(p -> p.request().owner()).collect(Collectors.toSet());
    Neighbours others = neighbours.neighbours(vault, owners);
    Set<String> mismatched = batch.stream().filter(p -> mismatch(p.request(), live)).map(p -> p.request().owner())
        .collect(Collectors.toSet());

    List<FirewallPlanner.Claim> firewallClaims = batch.stream().map(p -> {
      FirewallPlanner.Claim c = p.request().firewall();
      return mismatched.contains(c.owner()) ? c.asDryRun() : c;
    }).toList();
    FirewallPlanner.Plan firewall = FirewallPlanner.plan(live.firewall(), firewallClaims, others.firewall(),
        new HashSet<>(memory.rules), new HashSet<>(memory.subnets));

    List<AccessPolicyPlanner.Claim> accessClaims = batch.stream().filter(p -> p.request().access().isPresent())
        .map(p -> accessClaim(p.request(), live, mismatched.contains(p.request().owner()))).toList();
    AccessPolicyPlanner.Plan access = AccessPolicyPlanner.plan(live.secretPermissions(), accessClaims,
        others.access(), memory.permissions);

    boolean writesFirewall = firewall.write().isPresent();
    if (writesFirewall || access.writes()) {
      recordIntents(firewall, access);
    }
    LiveVault after = live;
    try {
      if (writesFirewall) {
        after = port.writeFirewall(vault, firewall.write().get());
      }
      if (!access.add().isEmpty()) {
        port.addSecretPermissions(vault, live.tenantId(), access.add());
      }
      if (!access.remove().isEmpty()) {
        port.removeSecretPermissions(vault, live.tenantId(), access.remove());
      }
      if (access.writes()) {
        after = port.read(vault); // verify: read back what the access-policy operations left
      }
    } catch (AzureFailure f) {
      failAll(f);
      return;
    }
    remember(firewall, access);
    for (Pending p : batch) {
      String owner = p.request().owner();
      p.result().complete(new Done(firewall.outcomes().get(owner),
          Optional.ofNullable(access.outcomes().get(owner)), mismatched.contains(owner), live, after));
    }
  }

  private void failAll(AzureFailure failure) {
    batch.forEach(p -> p.result().complete(new Failed(failure)));
  }

  private void remember(FirewallPlanner.Plan firewall, AccessPolicyPlanner.Plan access) {
    memory.rules.addAll(firewall.added());
    memory.rules.removeAll(firewall.removed());
    memory.subnets.addAll(firewall.addedSubnets());
    memory.subnets.removeAll(firewall.removedSubnets());
    access.add().forEach((principal, perms) -> memory.permissions
        .computeIfAbsent(principal, k -> ConcurrentHashMap.newKeySet()).addAll(perms));
    access.remove().forEach((principal, perms) -> memory.permissions
        .getOrDefault(principal, new HashSet<>()).removeAll(perms));
    if (firewall.write().isPresent() || access.writes()) {
      LOG.info("vault {}: wrote for {} resource(s): +{} -{} IP rules, +{} -{} virtual network rules, +{} -{}"
          + " access-policy principals", vault.name(), batch.size(), firewall.added().size(),
          firewall.removed().size(), firewall.addedSubnets().size(), firewall.removedSubnets().size(),
          access.add().size(), access.remove().size());
    }
  }

  /** A request that insists on one permission model, against a vault using the other. */
  private static boolean mismatch(Request request, LiveVault live) {
    return request.access().map(a -> a.principal().isPresent()
        && (a.model() == PermissionModel.AccessPolicy && live.rbacAuthorization()
        || a.model() == PermissionModel.Rbac && !live.rbacAuthorization())).orElse(false);
  }

  /** On an RBAC vault access policies are ignored: the claim wants none and releases what it holds. */
  private static AccessPolicyPlanner.Claim accessClaim(Request request, LiveVault live, boolean mismatch) {
    AccessRequest a = request.access().get();
    Optional<String> wanted = live.rbacAuthorization() ? Optional.empty() : a.principal();
    return new AccessPolicyPlanner.Claim(request.owner(), wanted, a.ledger(), a.pending(),
        request.firewall().dryRun() || mismatch);
  }

  private void recordIntents(FirewallPlanner.Plan firewall, AccessPolicyPlanner.Plan access) {
    for (Pending p : batch) {
      Request r = p.request();
      boolean applied = firewall.outcomes().get(r.owner()).status() == FirewallPlanner.Status.APPLIED;
      Set<Ipv4Range> rules = !applied ? Set.of() : r.firewall().desired().keySet().stream()
          .filter(firewall.added()::contains).collect(Collectors.toSet());
      Set<String> subnets = !applied ? Set.of() : r.firewall().desiredSubnets().keySet().stream()
          .filter(firewall.addedSubnets()::contains).collect(Collectors.toSet());
      Optional<Grant> perms = r.access().flatMap(AccessRequest::principal).map(String::toLowerCase)
          .filter(principal -> applied && access.add().containsKey(principal))
          .map(principal -> new Grant(principal, access.add().get(principal)));
      if (!rules.isEmpty() || !subnets.isEmpty() || perms.isPresent()) {
        r.intent().record(rules, subnets, perms);
      }
    }
  }
}
