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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch of requests for one vault, signed in as one identity: a read, the plans of the firewall and access
 * policy planners over every request in it, the intents recorded and the vault read again (only when there were new
 * intents), then at most one firewall write and one access-policy add and remove, and a read-back after
 * access-policy changes that checks every removal took effect. Every request's result is completed; an Azure failure
 * fails them all alike. Between the read a write is planned from and that write it makes no other call.
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

  /** How many times the intents may grow before the write gives up for this batch: the vault keeps changing. */
  static final int MAX_READS = 3;

  /** The plans made from one read of the vault. */
  private record Planned(LiveVault live, Set<String> mismatched, FirewallPlanner.Plan firewall,
      AccessPolicyPlanner.Plan access) {
    boolean writes() {
      return firewall.write().isPresent() || access.writes();
    }
  }

  /**
   * Reads and plans; when the plan adds something not yet recorded as an intent, records it (a Kubernetes write)
   * and reads again, so that the read a write is planned from is the last call before that write: the window in
   * which another administrator's change can be lost is one round trip.
   */
  void run() {
    Intents recorded = new Intents();
    Planned planned = null;
    try {
      for (int read = 1; ; read++) {
        planned = plan(port.read(vault));
        if (!planned.writes() || !recorded.record(planned)) {
          break;
        }
        if (read == MAX_READS) {
          failAll(new AzureFailure(AzureFailure.Kind.TRANSIENT, 0, "", "vault " + vault.name() + " changed under"
              + " every one of " + MAX_READS + " reads made to plan its write; nothing was written, retrying", null));
          return;
        }
      }
    } catch (AzureFailure f) {
      failAll(f);
      return;
    }
    write(planned);
  }

  private Planned plan(LiveVault live) {
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
    return new Planned(live, mismatched, firewall, access);
  }

  /** The planned writes, removals spelled as the vault holds them, then a read-back that checks the removals. */
  private void write(Planned planned) {
    LiveVault live = planned.live();
    AccessPolicyPlanner.Plan access = planned.access();
    LiveVault after = live;
    Map<String, Set<String>> removal = new LinkedHashMap<>();
    access.remove().forEach((principal, perms) -> {
      Set<String> spelled = live.spelledAsHeld(principal, perms);
      if (!spelled.isEmpty()) {
        removal.put(principal, spelled);
      }
    });
    try {
      if (planned.firewall().write().isPresent()) {
        after = port.writeFirewall(vault, planned.firewall().write().get());
      }
      if (!access.add().isEmpty()) {
        port.addSecretPermissions(vault, live.tenantId(), access.add());
      }
      if (!removal.isEmpty()) {
        port.removeSecretPermissions(vault, live.tenantId(), removal);
      }
      if (access.writes()) {
        after = port.read(vault); // verify: read back what the access-policy operations left
      }
    } catch (AzureFailure f) {
      failAll(f);
      return;
    }
    Map<String, Set<String>> unrevoked = unrevoked(access.remove(), after);
    remember(planned.firewall(), access, unrevoked);
    for (Pending p : batch) {
      String owner = p.request().owner();
      p.result().complete(new Done(planned.firewall().outcomes().get(owner),
          Optional.ofNullable(access.outcomes().get(owner)), planned.mismatched().contains(owner), live, after,
          unrevokedFor(p.request(), unrevoked)));
    }
  }

  /** Removed permissions the vault still grants after {@code accessPolicies/remove} answered success. */
  private Map<String, Set<String>> unrevoked(Map<String, Set<String>> removed, LiveVault after) {
    Map<String, Set<String>> left = new LinkedHashMap<>();
    removed.forEach((principal, perms) -> {
      Set<String> held = new TreeSet<>(after.secretPermissions().getOrDefault(principal, Set.of()));
      held.retainAll(perms);
      if (!held.isEmpty()) {
        left.put(principal, held);
        LOG.warn("vault {}: accessPolicies/remove answered success but principal {} still holds secret {}",
            vault.name(), principal, held);
      }
    });
    return left;
  }

  private static Optional<Grant> unrevokedFor(Request request, Map<String, Set<String>> unrevoked) {
    return request.access().flatMap(a -> a.ledger().or(a::pending)).map(Grant::principalId)
        .filter(unrevoked::containsKey).map(principal -> new Grant(principal, unrevoked.get(principal)));
  }

  private void failAll(AzureFailure failure) {
    batch.forEach(p -> p.result().complete(new Failed(failure)));
  }

  private void remember(FirewallPlanner.Plan firewall, AccessPolicyPlanner.Plan access,
      Map<String, Set<String>> unrevoked) {
    memory.rules.addAll(firewall.added());
    memory.rules.removeAll(firewall.removed());
    memory.subnets.addAll(firewall.addedSubnets());
    memory.subnets.removeAll(firewall.removedSubnets());
    access.add().forEach((principal, perms) -> memory.permissions
        .computeIfAbsent(principal, k -> ConcurrentHashMap.newKeySet()).addAll(perms));
    access.remove().forEach((principal, perms) -> memory.permissions.getOrDefault(principal, new HashSet<>())
        .removeIf(perm -> perms.contains(perm) && !unrevoked.getOrDefault(principal, Set.of()).contains(perm)));
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

  /** What this batch recorded as about to be added, per request: each intent is written once. */
  private final class Intents {
    private final Map<String, Set<Ipv4Range>> rules = new HashMap<>();
    private final Map<String, Set<String>> subnets = new HashMap<>();
    private final Map<String, Set<String>> permissions = new HashMap<>();

    /** @return whether anything new had to be recorded (the vault is then read again) */
    boolean record(Planned planned) {
      boolean recorded = false;
      for (Pending p : batch) {
        Request r = p.request();
        String owner = r.owner();
        boolean applied = planned.firewall().outcomes().get(owner).status() == FirewallPlanner.Status.APPLIED;
        if (!applied) {
          continue;
        }
        Set<Ipv4Range> newRules = r.firewall().desired().keySet().stream()
            .filter(planned.firewall().added()::contains)
            .filter(rule -> !rules.getOrDefault(owner, Set.of()).contains(rule)).collect(Collectors.toSet());
        Set<String> newSubnets = r.firewall().desiredSubnets().keySet().stream()
            .filter(planned.firewall().addedSubnets()::contains)
            .filter(subnet -> !subnets.getOrDefault(owner, Set.of()).contains(subnet)).collect(Collectors.toSet());
        Optional<Grant> newPerms = r.access().flatMap(AccessRequest::principal).map(pr -> pr.toLowerCase(Locale.ROOT))
            .filter(planned.access().add()::containsKey)
            .map(pr -> new Grant(pr, planned.access().add().get(pr).stream()
                .filter(perm -> !permissions.getOrDefault(owner + "\n" + pr, Set.of()).contains(perm))
                .collect(Collectors.toSet())))
            .filter(g -> !g.permissions().isEmpty());
        if (newRules.isEmpty() && newSubnets.isEmpty() && newPerms.isEmpty()) {
          continue;
        }
        r.intent().record(newRules, newSubnets, newPerms);
        rules.computeIfAbsent(owner, k -> new HashSet<>()).addAll(newRules);
        subnets.computeIfAbsent(owner, k -> new HashSet<>()).addAll(newSubnets);
        newPerms.ifPresent(g -> permissions.computeIfAbsent(owner + "\n" + g.principalId(), k -> new HashSet<>())
            .addAll(g.permissions()));
        recorded = true;
      }
      return recorded;
    }
  }
}
