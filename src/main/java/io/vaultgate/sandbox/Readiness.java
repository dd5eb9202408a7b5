package io.vaultgate.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.vaultgate.api.Condition;
import io.vaultgate.api.Conditions;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.Reason;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Waits for PrivateVaultAccess resources to settle, as GitOps tools judge health: by kstatus conditions. It owns
 * the judgement of one resource and the wait for many, all against one deadline, with progress lines. It only
 * reads: it never changes a resource.
 */
final class Readiness {

  enum Outcome {
    /** Ready=True for the current generation. */
    READY,
    /**
     * Settled as the spec asks without being Ready: Ready=False, reason Planned ({@code mode: Plan}) or Skipped
     * (reconcile-policy skip reporting drift); what Argo CD calls Suspended.
     */
    SUSPENDED,
    /** The operator judged the current generation and it will not become Ready without a change (Stalled). */
    NOT_READY,
    /** Still being worked on, or not judged yet. */
    PENDING;

    /** Whether the resource is where its spec takes it: Ready, or held in Plan mode or under skip. */
    boolean asDeclared() {
      return this == READY || this == SUSPENDED;
    }
  }

  private Readiness() {
  }

  static Outcome outcome(PrivateVaultAccess r) {
    if (r == null || r.getStatus() == null
        || !r.getMetadata().getGeneration().equals(r.getStatus().observedGeneration)) {
      return Outcome.PENDING;
    }
    Condition ready = Conditions.find(r.getStatus().conditions, Conditions.READY);
    Condition stalled = Conditions.find(r.getStatus().conditions, Conditions.STALLED);
    Condition reconciling = Conditions.find(r.getStatus().conditions, Conditions.RECONCILING);
    if (ready != null && "True".equals(ready.status)) {
      return Outcome.READY;
    }
    if (stalled != null && "True".equals(stalled.status)) {
      return Outcome.NOT_READY;
    }
    if (ready == null || reconciling != null && "True".equals(reconciling.status)) {
      return Outcome.PENDING;
    }
    return Reason.Planned.name().equals(ready.reason) || Reason.Skipped.name().equals(ready.reason)
        ? Outcome.SUSPENDED : Outcome.NOT_READY;
  }

  /**
   * Each resource's outcome, watching all of them at once until each has settled or the time is up; those still
   * pending then stay PENDING. Tells {@code progress} of each resource as it settles, and every {@code every}
   * which are still pending.
   *
   * @throws CancellationException if the thread is interrupted while waiting
   */
  static Map<Manifests.Applied, Outcome> await(KubernetesClient client, List<Manifests.Applied> resources,
                                               Duration timeout, Duration every, Consumer<String> progress) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<Manifests.Applied, Outcome> outcomes = new LinkedHashMap<>();
    Map<Manifests.Applied, CompletableFuture<List<PrivateVaultAccess>>> watches = new LinkedHashMap<>();
    BlockingQueue<Manifests.Applied> settled = new LinkedBlockingQueue<>();
    try {
      Set<String> names = new HashSet<>();
      for (Manifests.Applied applied : resources) {
        if (!names.add(name(applied))) {
          continue; // applied twice (created, then merged): one watch
        }
        outcomes.put(applied, Outcome.PENDING);
        var watch = client.resources(PrivateVaultAccess.class).inNamespace(applied.namespace())
            .withName(applied.name())
            .informOnCondition(list -> list.size() == 1 && outcome(list.get(0)) != Outcome.PENDING);
        watches.put(applied, watch);
        watch.whenComplete((r, e) -> settled.add(applied));
      }
      long nextReport = System.nanoTime() + every.toNanos();
      int left = watches.size();
      while (left > 0 && System.nanoTime() < deadline) {
        Manifests.Applied applied = settled.poll(Math.min(deadline, nextReport) - System.nanoTime(),
            TimeUnit.NANOSECONDS);
        if (applied != null) {
          PrivateVaultAccess r = watches.get(applied).join().get(0);
          outcomes.put(applied, outcome(r));
          progress.accept("settled " + name(applied) + ": " + describe(r));
          left--;
        } else if (System.nanoTime() >= nextReport) {
          progress.accept("waiting for " + left + ": " + outcomes.entrySet().stream()
              .filter(e -> e.getValue() == Outcome.PENDING).map(e -> name(e.getKey()))
              .collect(Collectors.joining(", ")));
          nextReport += every.toNanos();
        }
      }
      return outcomes;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for the resources to settle");
    } finally {
      watches.values().forEach(w -> w.cancel(true)); // stops the watches of those that did not settle
    }
  }

  static String name(Manifests.Applied applied) {
    return applied.namespace() + "/" + applied.name();
  }

  /** "Ready=True Converged", "Ready=False Planned", "Ready=False VaultNotFound, Stalled": what decided. */
  private static String describe(PrivateVaultAccess r) {
    Condition ready = Conditions.find(r.getStatus().conditions, Conditions.READY);
    Condition stalled = Conditions.find(r.getStatus().conditions, Conditions.STALLED);
    boolean isStalled = stalled != null && "True".equals(stalled.status);
    Condition shown = ready != null ? ready : stalled;
    return shown.type + "=" + shown.status + (shown.reason == null ? "" : " " + shown.reason)
        + (isStalled && shown == ready ? ", Stalled" : "");
  }
}
