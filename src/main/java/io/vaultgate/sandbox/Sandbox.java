package io.vaultgate.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.http.AzureSettings;
import io.vaultgate.operator.OperatorConfig;
import io.vaultgate.operator.VaultgateOperator;
import io.vaultgate.reconcile.ReconcileSettings;
import io.vaultgate.simulator.AzureSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The whole product on one machine: the Azure simulator seeded with {@link SandboxWorld}, the embedded Kubernetes
 * API, and the operator itself, started exactly as {@code vaultgate run} starts it, pointed at the simulator and
 * trusting only its CA. Ready when {@link #start} returns: the files describing it are written.
 */
public final class Sandbox implements AutoCloseable {

  /**
   * @param kubeconfig where to write the kubeconfig (and, beside it, the simulator's description); empty for a
   *     temporary directory
   * @param resync how often the operator checks each resource against the simulated Azure
   */
  public record Settings(Optional<Path> kubeconfig, Duration resync) {
  }

  private final Deque<AutoCloseable> running;
  private final AzureSimulator azure;
  private final EmbeddedKubernetes kubernetes;
  private final SandboxFiles files;

  private Sandbox(Deque<AutoCloseable> running, AzureSimulator azure, EmbeddedKubernetes kubernetes,
                  SandboxFiles files) {
    this.running = running;
    this.azure = azure;
    this.kubernetes = kubernetes;
    this.files = files;
  }

  public static Sandbox start(Settings settings) {
    // Everything started so far is stopped, newest first, if a later step fails.
    Deque<AutoCloseable> running = new ArrayDeque<>();
    try {
      SandboxFiles files = push(running, SandboxFiles.at(settings.kubeconfig()));
      AzureSimulator azure = push(running, AzureSimulator.start(SandboxWorld.TENANT_ID));
      SandboxWorld.seed(azure);
      files.writeCaCertificate(azure.caCertificatePem());
      EmbeddedKubernetes kubernetes = push(running, EmbeddedKubernetes.start(SandboxWorld.NAMESPACES));
      push(running, VaultgateOperator.start(operatorConfig(azure, files.caCertificate(), settings.resync()),
          kubernetes.client(), azure.tokenCredential()));
      files.writeAzureDescription(describe(azure, files.caCertificate()));
      files.writeKubeconfig(kubernetes.url(), SandboxWorld.NAMESPACE);
      return new Sandbox(running, azure, kubernetes, files);
    } catch (IOException e) {
      stop(running);
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      stop(running);
      throw e;
    }
  }

  private static <T extends AutoCloseable> T push(Deque<AutoCloseable> running, T started) {
    running.push(started);
    return started;
  }

  /** The operator's configuration: the shipped defaults, with Azure being the simulator and timings short. */
  static OperatorConfig operatorConfig(AzureSimulator azure, Path caFile, Duration resync) {
    ReconcileSettings defaults = ReconcileSettings.defaults();
    return new OperatorConfig(Set.of(), Optional.empty(), Optional.empty(),
        new ReconcileSettings(resync, Duration.ofSeconds(10), Duration.ofSeconds(1), defaults.gatherWindow(),
            defaults.requestTimeout()),
        new AzureSettings(URI.create(azure.armBaseUrl()), URI.create(azure.graphBaseUrl()),
            URI.create(azure.devOpsBaseUrl()), Optional.of(caFile), 2, Duration.ofMillis(200), Duration.ofSeconds(5)));
  }

  private static ObjectNode describe(AzureSimulator azure, Path caFile) {
    ObjectNode description = Json.MAPPER.createObjectNode()
        .put("armBaseUrl", azure.armBaseUrl())
        .put("graphBaseUrl", azure.graphBaseUrl())
        .put("devOpsBaseUrl", azure.devOpsBaseUrl())
        .put("caFile", caFile.toString())
        .put("token", azure.bearerToken())
        .put("requestCountsUrl", azure.armBaseUrl() + "_simulator/requests");
    description.set("world", SandboxWorld.describe());
    return description;
  }

  /**
   * What {@code --apply} did.
   *
   * @param resources the PrivateVaultAccess resources applied, as namespace/name
   * @param notReady those that neither became Ready nor settled as Planned or Skipped, with their outcome
   * @param report the {@code kubectl get pva -A} table and every vault's firewall
   */
  public record ApplyOutcome(List<String> resources, List<String> notReady, String report) {
    /** Each resource became Ready, or settled as its spec asks (Planned in Plan mode, Skipped under skip). */
    public boolean succeeded() {
      return !resources.isEmpty() && notReady.isEmpty();
    }
  }

  /** How often {@code --apply} tells which resources it still waits for. */
  static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

  /**
   * Applies a manifest file or directory as {@code kubectl apply -f} would (objects naming no namespace go to the
   * world's), then waits until each PrivateVaultAccess is Ready, settled as Planned or Skipped, or will not become
   * Ready without a change, telling {@code progress} as they settle.
   */
  public ApplyOutcome applyAndAwait(Path manifests, Duration timeout, Consumer<String> progress) {
    List<Manifests.Applied> pvas;
    try (KubernetesClient writer = kubernetes.writer()) {
      pvas = Manifests.apply(writer, kubernetes.catalog(), manifests, SandboxWorld.NAMESPACE).stream()
          .filter(a -> a.kind().equals(HasMetadata.getKind(PrivateVaultAccess.class))).toList();
    }
    List<String> notReady = new ArrayList<>();
    Readiness.await(client(), pvas, timeout, PROGRESS_EVERY, progress).forEach((applied, outcome) -> {
      if (!outcome.asDeclared()) {
        notReady.add(Readiness.name(applied) + " " + (outcome == Readiness.Outcome.PENDING
            ? "still reconciling after " + timeout.toSeconds() + "s" : "settled without becoming Ready"));
      }
    });
    String report = Report.resources(client(), kubernetes.catalog(), Instant.now()) + "\n"
        + Report.firewalls(azure, client());
    return new ApplyOutcome(pvas.stream().map(Readiness::name).toList(), notReady, report);
  }

  public Path kubeconfig() {
    return files.kubeconfig();
  }

  public Path azureDescription() {
    return files.azureDescription();
  }

  /** The embedded API's URL, as in the kubeconfig. */
  public URI apiUrl() {
    return kubernetes.url();
  }

  public AzureSimulator azure() {
    return azure;
  }

  /** A client of the embedded API (bypassing the layer kubectl uses). */
  public KubernetesClient client() {
    return kubernetes.client();
  }

  /** Stops the operator, the API and the simulator and removes the sandbox's files. */
  @Override
  public void close() {
    stop(running);
  }

  private static void stop(Deque<AutoCloseable> running) {
    RuntimeException failure = null;
    while (!running.isEmpty()) {
      try {
        running.pop().close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("stopping the sandbox", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
