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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer per vault. Key Vault has no ETag, so two read-modify-writes of one vault race and lose rules:
 * every change to a vault (its firewall and its access policies) goes through here, serialised per vault. Requests
 * that arrive within a short gathering window (and while a batch is under way) are coalesced into one
 * {@link VaultBatch}: one read, at most one firewall write, at most one access-policy add and one remove, however
 * many resources they come from. Requests signed in as different identities are written separately.
 *
 * <p>It remembers, for the life of the process, what vaultgate added to each vault, so that a resource reconciled
 * before another resource's ledger reaches the informer cache still recognises vaultgate's additions. It never
 * decides what to write: that is the planners'.
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
   * @param unrevoked permissions this request's ledger released that the vault still grants after
   *     {@code accessPolicies/remove} answered success: they stay in the ledger
   */
  public record Done(FirewallPlanner.Outcome firewall, Optional<AccessPolicyPlanner.Outcome> access,
      boolean modelMismatch, LiveVault before, LiveVault after, Optional<Grant> unrevoked) implements Result {
  }

  public record Failed(AzureFailure failure) implements Result {
  }

  /** When batches run: after the gathering window, on the writer's threads; tests step it by hand. */
  public interface Scheduler extends AutoCloseable {
    void schedule(Runnable batch, Duration delay);

    @Override
    void close();

    /** Two daemon threads shared by every vault. */
    static Scheduler threads() {
      ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "vaultgate-vault-writer");
        t.setDaemon(true);
        return t;
      });
      return new Scheduler() {
        @Override
        public void schedule(Runnable batch, Duration delay) {
          executor.schedule(batch, delay.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
          executor.shutdownNow();
        }
      };
    }
  }

  /**
   * A request and its result. A batch takes it before doing anything for it; a reconcile that stopped waiting
   * cancels it first, and a cancelled request is never written.
   */
  record Pending(Request request, CompletableFuture<Result> result, AtomicReference<State> state) {
    enum State { QUEUED, TAKEN, CANCELLED }

    Pending(Request request) {
      this(request, new CompletableFuture<>(), new AtomicReference<>(State.QUEUED));
    }

    boolean take() {
      return state.compareAndSet(State.QUEUED, State.TAKEN);
    }

    boolean cancel() {
      return state.compareAndSet(State.QUEUED, State.CANCELLED);
    }
  }

  private static final class VaultQueue {
    final List<Pending> waiting = new ArrayList<>();
    boolean scheduled;
  }

  private final NeighbourSource neighbours;
  private final Duration gatherWindow;
  private final Duration requestTimeout;
  private final Scheduler scheduler;
  private final Map<VaultId, VaultQueue> queues = new ConcurrentHashMap<>();
  private final Map<VaultId, VaultBatch.Added> added = new ConcurrentHashMap<>();

  public VaultCoordinator(NeighbourSource neighbours, Duration gatherWindow, Duration requestTimeout,
      Scheduler scheduler) {
    this.neighbours = neighbours;
    this.gatherWindow = gatherWindow;
    this.requestTimeout = requestTimeout;
    this.scheduler = scheduler;
  }

  /**
   * Blocks until the batch holding this request has been read, planned and written, or the timeout passed. A
   * request still queued at the timeout is cancelled and never written; one a batch already took is waited for to
   * its end (its calls are bounded by the HTTP timeouts), so that no write lands after the reconcile gave up.
   */
  public Result converge(Request request) {
    Pending pending = enqueue(request);
    try {
      try {
        return pending.result().get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (pending.cancel()) {
          return new Failed(new AzureFailure(AzureFailure.Kind.TRANSIENT, 0, "", "the writer of vault "
              + request.vault().name() + " did not start this request within " + requestTimeout.toSeconds()
              + "s; it was withdrawn and nothing was written for it", null));
        }
        return pending.result().get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pending.cancel();
      return new Failed(new AzureFailure(AzureFailure.Kind.TRANSIENT, 0, "", "interrupted while waiting for the"
          + " vault writer", null));
    } catch (ExecutionException e) {
      // not an Azure failure (those complete the result): a bug, which must surface as one
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }

  /** Queues a request for its vault's next batch. */
  public CompletableFuture<Result> submit(Request request) {
    return enqueue(request).result();
  }

  private Pending enqueue(Request request) {
    Pending pending = new Pending(request);
    VaultQueue queue = queues.computeIfAbsent(request.vault(), v -> new VaultQueue());
    synchronized (queue) {
      queue.waiting.add(pending);
      if (!queue.scheduled) {
        queue.scheduled = true;
        scheduler.schedule(() -> drain(request.vault(), queue), gatherWindow);
      }
    }
    return pending;
  }

  private void drain(VaultId vault, VaultQueue queue) {
    List<Pending> batch;
    synchronized (queue) {
      // a request whose reconcile stopped waiting is dropped here, before anything is read or written for it
      batch = queue.waiting.stream().filter(Pending::take).toList();
      queue.waiting.clear();
    }
    // requests signed in as different identities are written separately, one after the other
    Map<VaultPort, List<Pending>> byIdentity = new LinkedHashMap<>();
    batch.forEach(p -> byIdentity.computeIfAbsent(p.request().port(), k -> new ArrayList<>()).add(p));
    try {
      byIdentity.forEach((port, requests) -> {
        try {
          new VaultBatch(vault, port, requests, neighbours, added.computeIfAbsent(vault, v -> new VaultBatch.Added()))
              .run();
        } catch (RuntimeException e) {
          LOG.error("batch for vault {} failed unexpectedly", vault, e);
          requests.forEach(p -> p.result().completeExceptionally(e));
        }
      });
    } finally {
      synchronized (queue) {
        if (queue.waiting.isEmpty()) {
          queue.scheduled = false;
        } else {
          scheduler.schedule(() -> drain(vault, queue), gatherWindow);
        }
      }
    }
  }

  @Override
  public void close() {
    scheduler.close();
  }
}
