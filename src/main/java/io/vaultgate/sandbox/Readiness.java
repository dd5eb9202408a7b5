package io.vaultgate.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.vaultgate.api.Condition;
import io.vaultgate.api.Conditions;
import io.vaultgate.api.PrivateVaultAccess;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Waits for PrivateVaultAccess resources to settle, as GitOps tools judge health: by kstatus conditions. */
final class Readiness {

  enum Outcome {
    /** Ready=True for the current generation. */
    READY,
    /** The operator judged the current generation and it will not become Ready without a change (Stalled, Plan). */
    NOT_READY,
    /** Still being worked on, or not judged yet. */
    PENDING
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
    if (stalled != null && "True".equals(stalled.status)
        || ready != null && (reconciling == null || !"True".equals(reconciling.status))) {
      return Outcome.NOT_READY;
    }
    return Outcome.PENDING;
  }

  /** Each resource's outcome once settled; those still pending when the time is up stay PENDING. */
  static Map<Manifests.Applied, Outcome> await(KubernetesClient client, List<Manifests.Applied> resources,
                                               Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<Manifests.Applied, Outcome> outcomes = new LinkedHashMap<>();
    for (Manifests.Applied applied : resources) {
      var resource = client.resources(PrivateVaultAccess.class).inNamespace(applied.namespace())
          .withName(applied.name());
      try {
        long left = Math.max(1, deadline - System.nanoTime());
        outcomes.put(applied, outcome(resource.waitUntilCondition(r -> outcome(r) != Outcome.PENDING, left,
            TimeUnit.NANOSECONDS)));
      } catch (KubernetesClientTimeoutException e) {
        // the time may have run out on an earlier resource: judge this one as it is now
        outcomes.put(applied, outcome(resource.get()));
      }
    }
    return outcomes;
  }
}
