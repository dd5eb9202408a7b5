package io.vaultgate.reconcile;

import io.vaultgate.azure.AzureErrors;
import io.vaultgate.azure.AzureFailure;
import io.vaultgate.azure.VaultPort;
import io.vaultgate.plan.AccessPolicyPlanner;
import io.vaultgate.plan.AccessPolicyPlanner.Grant;
import io.vaultgate.plan.FirewallPlanner;
import io.vaultgate.plan.Ipv4Range;
import io.vaultgate.plan.LiveVault;
import io.vaultgate.plan.VaultId;
import io.vaultgate.api.PermissionModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer per vault. Key Vault has no ETag, so two read-modify-writes of one vault race and lose rules:
 * every change to a vault (its firewall and its access policies) goes through here, serialised per vault. Requests
 * that arrive within a short gathering window (and while a batch is under way) are coalesced into one read, at most
 * one firewall write, and at most one access-policy add and one remove, however many resources they come from.
 *
 * <p>It also remembers, for the life of the process, what vaultgate added to each vault, so that a resource
 * reconciled before another resource's ledger reaches the informer cache still recognises vaultgate's additions.
 */
public final class VaultCoordinator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(VaultCoordinator.class);

  /** Other resources that target a vault, excluding the given owners (those are in the batch). */
  @FunctionalInterface
  public interface NeighbourSource {
    Neighbours neighbours(VaultId vault, Set<String> excludedOwners);
  }

  public record Neighbours(List<FirewallPlanner.Neighbour> firewall, List<AccessPolicyPlanner.Neighbour> access) {
  }

  /** Called before writes that add rules or permissions for this request, so the intent survives a crash. */
  @FunctionalInterface
  public interface IntentRecorder {
    void record(Set<Ipv4Range> rules, Set<String> subnets, Optional<Grant> permissions);
  }

  /**
   * The access-policy part of a request.
   *
   * @param principal the principal that must read secrets; empty to only release what the ledger holds
   */
  public record AccessRequest(Optional<String> principal, PermissionModel model, Optional<Grant> ledger,
      Optional<Grant> pending) {
  }

  /** @param port the vault as the requesting resource's identity sees it */
  public record Request(VaultId vault, VaultPort port, FirewallPlanner.Claim firewall, Optional<AccessRequest> access,
      IntentRecorder intent) {
    String owner() {
      return firewall.owner();
    }
  }

  /** What happened to one request. */
  public sealed interface Result permits Done, Failed {
  }

  /**
   * @param modelMismatch the spec insists on a permission model the vault does not use: nothing was written for it
   * @param before the vault as read; {@code after} as it is once the batch's writes landed
   */
  public record Done(FirewallPlanner.Outcome firewall, Optional<AccessPolicyPlanner.Outcome> access,
      boolean modelMismatch, LiveVault before, LiveVault after) implements Result {
  }

  public record Failed(AzureFailure failure) implements Result {
  }

  private record Pending(Request request, CompletableFuture<Result> result) {
  }

  private static final class VaultQueue {
    final List<Pending> waiting = new ArrayList<>();
    boolean scheduled;
  }

  /** What this process added to one vault. */
  private static final class Added {
    final Set<Ipv4Range> rules = ConcurrentHashMap.newKeySet();
    final Set<String> subnets = ConcurrentHashMap.newKeySet();
    final Map<String, Set<String>> permissions = new ConcurrentHashMap<>();
  }

  private final NeighbourSource neighbours;
  private final Duration gatherWindow;
  private final Duration requestTimeout;
  private final ScheduledExecutorService executor;
  private final Map<VaultId, VaultQueue> queues = new ConcurrentHashMap<>();
  private final Map<VaultId, Added> added = new ConcurrentHashMap<>();

  public VaultCoordinator(NeighbourSource neighbours, Duration gatherWindow, Duration requestTimeout) {
    this.neighbours = neighbours;
    this.gatherWindow = gatherWindow;
    this.requestTimeout = requestTimeout;
    this.executor = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "vaultgate-vault-writer");
      t.setDaemon(true);
      return t;
    });
  }

  /** Blocks until the batch holding this request has been read, planned and written. */
  public Result converge(Request request) {
    Pending pending = new Pending(request, new CompletableFuture<>());
    VaultQueue queue = queues.computeIfAbsent(request.vault(), v -> new VaultQueue());
    synchronized (queue) {
      queue.waiting.add(pending);
      if (!queue.scheduled) {
        queue.scheduled = true;
        executor.schedule(() -> drain(request.vault(), queue), gatherWindow.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
    try {
      return pending.result().get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Failed(AzureErrors.classify(e));
    } catch (ExecutionException | TimeoutException e) {
      return new Failed(AzureErrors.classify(e));
    }
  }

  private void drain(VaultId vault, VaultQueue queue) {
    List<Pending> batch;
    synchronized (queue) {
      batch = new ArrayList<>(queue.waiting);
      queue.waiting.clear();
    }
    // requests signed in as different identities are written separately, one after the other
    Map<VaultPort, List<Pending>> byIdentity = new java.util.LinkedHashMap<>();
    batch.forEach(p -> byIdentity.computeIfAbsent(p.request().port(), k -> new ArrayList<>()).add(p));
    try {
      byIdentity.forEach((port, requests) -> {
        try {
          execute(vault, port, requests);
        } catch (RuntimeException e) {
          LOG.error("batch for vault {} failed unexpectedly", vault, e);
          requests.forEach(p -> p.result().complete(new Failed(AzureErrors.classify(e))));
        }
      });
    } finally {
      synchronized (queue) {
        if (queue.waiting.isEmpty()) {
          queue.scheduled = false;
        } else {
          executor.schedule(() -> drain(vault, queue), gatherWindow.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
    }
  }

  private void execute(VaultId vault, VaultPort port, List<Pending> batch) {
    LiveVault live;
    try {
      live = port.read(vault);
    } catch (AzureFailure f) {
      batch.forEach(p -> p.result().complete(new Failed(f)));
      return;
    }
    Added memory = added.computeIfAbsent(vault, v -> new Added());
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
      recordIntents(batch, firewall, access);
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
      batch.forEach(p -> p.result().complete(new Failed(f)));
      return;
    }
    memory.rules.addAll(firewall.added());
    memory.rules.removeAll(firewall.removed());
    memory.subnets.addAll(firewall.addedSubnets());
    memory.subnets.removeAll(firewall.removedSubnets());
    access.add().forEach((principal, perms) -> memory.permissions
        .computeIfAbsent(principal, k -> ConcurrentHashMap.newKeySet()).addAll(perms));
    access.remove().forEach((principal, perms) -> memory.permissions
        .getOrDefault(principal, new HashSet<>()).removeAll(perms));
    if (writesFirewall || access.writes()) {
      LOG.info("vault {}: wrote for {} resource(s): +{} -{} IP rules, +{} -{} virtual network rules, +{} -{}"
          + " access-policy principals", vault.name(), batch.size(), firewall.added().size(),
          firewall.removed().size(), firewall.addedSubnets().size(), firewall.removedSubnets().size(),
          access.add().size(), access.remove().size());
    }
    for (Pending p : batch) {
      String owner = p.request().owner();
      p.result().complete(new Done(firewall.outcomes().get(owner),
          Optional.ofNullable(access.outcomes().get(owner)), mismatched.contains(owner), live, after));
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

  private static void recordIntents(List<Pending> batch, FirewallPlanner.Plan firewall,
      AccessPolicyPlanner.Plan access) {
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


  @Override
  public void close() {
    executor.shutdownNow();
  }
}
