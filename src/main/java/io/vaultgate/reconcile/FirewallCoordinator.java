package io.vaultgate.reconcile;

import io.vaultgate.azure.AzureErrors;
import io.vaultgate.azure.AzureFailure;
import io.vaultgate.azure.VaultFirewallPort;
import io.vaultgate.plan.FirewallPlanner;
import io.vaultgate.plan.FirewallPlanner.Claim;
import io.vaultgate.plan.FirewallPlanner.Neighbour;
import io.vaultgate.plan.FirewallPlanner.Outcome;
import io.vaultgate.plan.Ipv4Range;
import io.vaultgate.plan.LiveFirewall;
import io.vaultgate.plan.VaultId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 * every change to a vault goes through here, serialised per vault. Requests that arrive within a short gathering
 * window (and while a write is under way) are coalesced into one read and at most one write, however many
 * resources they come from.
 *
 * <p>It also remembers, for the life of the process, which rules vaultgate added to each vault, so that a resource
 * reconciled before another resource's ledger reaches the informer cache still recognises vaultgate's rules.
 */
public final class FirewallCoordinator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FirewallCoordinator.class);

  /** Other resources that target a vault, excluding the given owners (those are in the batch). */
  @FunctionalInterface
  public interface NeighbourSource {
    List<Neighbour> neighbours(VaultId vault, Set<String> excludedOwners);
  }

  /** Called before a write that adds rules for this claim, so the intent is on record should the process die. */
  @FunctionalInterface
  public interface IntentRecorder {
    void record(Set<Ipv4Range> aboutToAdd);
  }

  public record Request(VaultId vault, Claim claim, IntentRecorder intent) {
  }

  /** What happened to one request. */
  public sealed interface Result permits Done, Failed {
  }

  /**
   * @param before the firewall as read; {@code after} as Azure reported it after the write (same when none)
   * @param wrote whether this batch wrote to the vault
   */
  public record Done(Outcome outcome, LiveFirewall before, LiveFirewall after, boolean wrote) implements Result {
  }

  public record Failed(AzureFailure failure) implements Result {
  }

  private record Pending(Request request, CompletableFuture<Result> result) {
  }

  private static final class VaultQueue {
    final List<Pending> waiting = new ArrayList<>();
    boolean scheduled;
  }

  private final VaultFirewallPort port;
  private final NeighbourSource neighbours;
  private final Duration gatherWindow;
  private final Duration requestTimeout;
  private final ScheduledExecutorService executor;
  private final Map<VaultId, VaultQueue> queues = new ConcurrentHashMap<>();
  private final Map<VaultId, Set<Ipv4Range>> addedByVaultgate = new ConcurrentHashMap<>();

  public FirewallCoordinator(VaultFirewallPort port, NeighbourSource neighbours, Duration gatherWindow,
      Duration requestTimeout) {
    this.port = port;
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
    try {
      execute(vault, batch);
    } catch (RuntimeException e) {
      LOG.error("firewall batch for {} failed unexpectedly", vault, e);
      batch.forEach(p -> p.result().complete(new Failed(AzureErrors.classify(e))));
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

  private void execute(VaultId vault, List<Pending> batch) {
    LiveFirewall live;
    try {
      live = port.read(vault);
    } catch (AzureFailure f) {
      batch.forEach(p -> p.result().complete(new Failed(f)));
      return;
    }
    List<Claim> claims = batch.stream().map(p -> p.request().claim()).toList();
    Set<String> owners = claims.stream().map(Claim::owner).collect(Collectors.toSet());
    Set<Ipv4Range> added = addedByVaultgate.computeIfAbsent(vault, v -> ConcurrentHashMap.newKeySet());
    FirewallPlanner.Plan plan = FirewallPlanner.plan(live, claims, neighbours.neighbours(vault, owners),
        new HashSet<>(added));

    if (plan.write().isEmpty()) {
      batch.forEach(p -> p.result().complete(new Done(plan.outcomes().get(p.request().claim().owner()), live, live,
          false)));
      return;
    }
    for (Pending p : batch) {
      Set<Ipv4Range> intents = p.request().claim().desired().keySet().stream().filter(plan.added()::contains)
          .collect(Collectors.toSet());
      if (!intents.isEmpty() && plan.outcomes().get(p.request().claim().owner()).status()
          == FirewallPlanner.Status.APPLIED) {
        p.request().intent().record(intents);
      }
    }
    LiveFirewall after;
    try {
      after = port.write(vault, plan.write().get());
    } catch (AzureFailure f) {
      for (Pending p : batch) {
        Outcome o = plan.outcomes().get(p.request().claim().owner());
        p.result().complete(o.status() == FirewallPlanner.Status.APPLIED ? new Failed(f) : new Done(o, live, live,
            false));
      }
      return;
    }
    added.addAll(plan.added());
    added.removeAll(plan.removed());
    LOG.info("vault {}: wrote firewall for {} resource(s): +{} -{} rules", vault.name(), batch.size(),
        plan.added().size(), plan.removed().size());
    batch.forEach(p -> p.result().complete(new Done(plan.outcomes().get(p.request().claim().owner()), live, after,
        true)));
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
