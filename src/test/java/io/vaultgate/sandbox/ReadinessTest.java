package io.vaultgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.vaultgate.api.Condition;
import io.vaultgate.api.Conditions;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.PrivateVaultAccessStatus;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --apply} judges resources as kstatus does, waits for all of them at once against one deadline, and tells
 * of each as it settles and of those it still waits for.
 */
class ReadinessTest {

  static final Duration LONG = Duration.ofMinutes(2);
  static final Duration NEVER = Duration.ofHours(1);

  static KubernetesMockServer server;
  static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(), false);
    server.init();
    client = server.createClient();
    try (InputStream in = Files.newInputStream(Path.of("crds/privatevaultaccesses.vaultgate.io-v1.yml"))) {
      client.apiextensions().v1().customResourceDefinitions()
          .resource(client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class)).create();
    }
  }

  @AfterAll
  static void stop() {
    client.close();
    server.destroy();
  }

  /** A resource in namespace default, without a status yet: pending. */
  static Manifests.Applied resource(String name) {
    PrivateVaultAccess r = new PrivateVaultAccess();
    r.getMetadata().setNamespace("default");
    r.getMetadata().setName(name);
    client.resource(r).create();
    return new Manifests.Applied(PrivateVaultAccess.GROUP + "/" + PrivateVaultAccess.VERSION, "PrivateVaultAccess",
        "default", name, true);
  }

  static Manifests.Applied resource(String name, String ready, String reason, String reconciling) {
    Manifests.Applied applied = resource(name);
    judge(applied, ready, reason, reconciling, "False");
    return applied;
  }

  /** Writes the operator's judgement of the current generation. */
  static void judge(Manifests.Applied applied, String ready, String reason, String reconciling, String stalled) {
    PrivateVaultAccess r = client.resources(PrivateVaultAccess.class).inNamespace("default")
        .withName(applied.name()).get();
    r.setStatus(status(r.getMetadata().getGeneration(), ready, reason, reconciling, stalled));
    client.resource(r).updateStatus();
  }

  static PrivateVaultAccessStatus status(long generation, String ready, String reason, String reconciling,
                                         String stalled) {
    PrivateVaultAccessStatus status = new PrivateVaultAccessStatus();
    status.observedGeneration = generation;
    status.conditions = List.of(new Condition(Conditions.READY, ready, null, reason, "", generation, null),
        new Condition(Conditions.RECONCILING, reconciling, null, reason, "", generation, null),
        new Condition(Conditions.STALLED, stalled, null, reason, "", generation, null));
    return status;
  }

  static Readiness.Outcome outcomeOf(long observed, String ready, String reason, String reconciling,
                                     String stalled) {
    PrivateVaultAccess r = new PrivateVaultAccess();
    r.getMetadata().setGeneration(2L);
    r.setStatus(status(observed, ready, reason, reconciling, stalled));
    return Readiness.outcome(r);
  }

  @Test
  void judgesAsKstatusAndArgoCdDo() {
    assertThat(outcomeOf(2, "True", "Converged", "False", "False")).isEqualTo(Readiness.Outcome.READY);
    assertThat(outcomeOf(2, "False", "Planned", "False", "False")).as("Plan mode")
        .isEqualTo(Readiness.Outcome.SUSPENDED);
    assertThat(outcomeOf(2, "False", "Skipped", "False", "False")).as("reconcile-policy skip with drift")
        .isEqualTo(Readiness.Outcome.SUSPENDED);
    assertThat(outcomeOf(2, "False", "VaultNotFound", "False", "True")).isEqualTo(Readiness.Outcome.NOT_READY);
    assertThat(outcomeOf(2, "False", "WaitingForApproval", "False", "False")).as("judged, waiting on a human")
        .isEqualTo(Readiness.Outcome.NOT_READY);
    assertThat(outcomeOf(2, "False", "Progressing", "True", "False")).isEqualTo(Readiness.Outcome.PENDING);
    assertThat(outcomeOf(1, "False", "Planned", "False", "False")).as("an older generation's judgement")
        .isEqualTo(Readiness.Outcome.PENDING);
    assertThat(Readiness.Outcome.SUSPENDED.asDeclared()).isTrue();
    assertThat(Readiness.Outcome.NOT_READY.asDeclared()).isFalse();
  }

  @Test
  void aResourceAfterOneThatNeverSettlesIsStillJudged() {
    Manifests.Applied forever = resource("forever", "False", "Progressing", "True");
    Manifests.Applied ready = resource("ready", "True", "Converged", "False");

    Map<Manifests.Applied, Readiness.Outcome> outcomes = Readiness.await(client, List.of(forever, ready),
        Duration.ofMillis(300), NEVER, line -> { });

    assertThat(outcomes.get(forever)).isEqualTo(Readiness.Outcome.PENDING);
    assertThat(outcomes.get(ready)).isEqualTo(Readiness.Outcome.READY);
  }

  @Test
  void eachResourceIsReportedWhenItSettlesWhileAnEarlierOneIsStillPending() {
    Manifests.Applied first = resource("first");
    Manifests.Applied second = resource("second");
    List<String> progress = new CopyOnWriteArrayList<>();
    CompletableFuture<Map<Manifests.Applied, Readiness.Outcome>> outcomes = CompletableFuture.supplyAsync(
        () -> Readiness.await(client, List.of(first, second), LONG, NEVER, progress::add));

    judge(second, "True", "Converged", "False", "False");
    await().atMost(LONG).until(() -> !progress.isEmpty());
    assertThat(progress).containsExactly("settled default/second: Ready=True Converged");
    assertThat(outcomes).isNotDone();

    judge(first, "False", "VaultNotFound", "False", "True");
    assertThat(outcomes.join()).containsExactly(Map.entry(first, Readiness.Outcome.NOT_READY),
        Map.entry(second, Readiness.Outcome.READY));
    assertThat(progress).containsExactly("settled default/second: Ready=True Converged",
        "settled default/first: Ready=False VaultNotFound, Stalled");
  }

  @Test
  void tellsWhichResourcesItStillWaitsForUntilTheySettle() {
    Manifests.Applied plan = resource("plan");
    Manifests.Applied done = resource("done", "True", "Converged", "False");
    List<String> progress = new CopyOnWriteArrayList<>();
    CompletableFuture<Map<Manifests.Applied, Readiness.Outcome>> outcomes = CompletableFuture.supplyAsync(
        () -> Readiness.await(client, List.of(plan, done), LONG, Duration.ofMillis(20), progress::add));

    await().atMost(LONG).until(() -> progress.contains("waiting for 1: default/plan"));
    judge(plan, "False", "Planned", "False", "False");

    assertThat(outcomes.join()).containsEntry(plan, Readiness.Outcome.SUSPENDED);
    List<String> afterDone = new ArrayList<>(progress.subList(progress.indexOf(
        "settled default/done: Ready=True Converged") + 1, progress.size()));
    assertThat(afterDone.remove(afterDone.size() - 1)).isEqualTo("settled default/plan: Ready=False Planned");
    assertThat(afterDone).isNotEmpty().containsOnly("waiting for 1: default/plan");
  }

  @Test
  void aResourceAppliedTwiceIsJudgedAndReportedOnce() {
    Manifests.Applied created = resource("twice", "True", "Converged", "False");
    Manifests.Applied merged = new Manifests.Applied(created.apiVersion(), created.kind(), created.namespace(),
        created.name(), false);
    List<String> progress = new CopyOnWriteArrayList<>();

    Map<Manifests.Applied, Readiness.Outcome> outcomes = Readiness.await(client, List.of(created, merged), LONG,
        NEVER, progress::add);

    assertThat(outcomes).containsExactly(Map.entry(created, Readiness.Outcome.READY));
    assertThat(progress).containsExactly("settled default/twice: Ready=True Converged");
  }

  @Test
  void anInterruptEndsTheWait() throws Exception {
    Manifests.Applied pending = resource("pending");
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    List<String> progress = new CopyOnWriteArrayList<>();
    Thread waiter = new Thread(() -> {
      try {
        Readiness.await(client, List.of(pending), LONG, Duration.ofMillis(20), progress::add);
      } catch (RuntimeException e) {
        thrown.set(e);
      }
    });
    waiter.start();
    await().atMost(LONG).until(() -> !progress.isEmpty()); // it is waiting
    waiter.interrupt();
    waiter.join(LONG.toMillis());

    assertThat(waiter.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(CancellationException.class);
  }
}
