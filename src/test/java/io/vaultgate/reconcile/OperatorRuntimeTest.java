package io.vaultgate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.http.AzureSettings;
import io.vaultgate.operator.OperatorConfig;
import io.vaultgate.operator.VaultgateOperator;
import io.vaultgate.simulator.AzureSimulator;
import io.vaultgate.simulator.FaultAction;
import io.vaultgate.simulator.FaultRule;
import io.vaultgate.simulator.arm.keyvault.NetworkAcls;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator as deployed: two replicas electing a leader through a Lease, the metrics and health endpoints.
 */
class OperatorRuntimeTest {

  private static final String SUBSCRIPTION = "00000000-0000-0000-0000-0000000000b7";
  private static final String RESOURCE_GROUP = "rg-runtime";
  private static final Duration LEASE = Duration.ofSeconds(3);
  private static final Duration RETRY = Duration.ofMillis(400);

  private static KubernetesMockServer server;
  private static KubernetesClient client;
  private static AzureSimulator azure;
  private static Path caFile;
  private final List<VaultgateOperator> operators = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
        new KubernetesMixedDispatcher(expectations), false);
    server.init();
    // The API server's answer to "what may I do with Leases here", which the SDK checks before electing.
    server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, new SelfSubjectRulesReviewBuilder().withNewStatus().addNewResourceRule()
            .withApiGroups("coordination.k8s.io").withResources("leases")
            .withVerbs("get", "create", "update").endResourceRule().withIncomplete(false).endStatus().build())
        .always();
    client = server.createClient();
    try (InputStream in = Files.newInputStream(Path.of("crds/privatevaultaccesses.vaultgate.io-v1.yml"))) {
      client.apiextensions().v1().customResourceDefinitions()
          .resource(client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class)).create();
    }
    for (String ns : List.of("vaultgate-system", "team-rt")) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
    caFile = Files.createTempFile("vaultgate-sim-ca", ".pem");
    azure = AzureSimulator.start();
    azure.writeCaCertificate(caFile);
    azure.seedResourceGroup(SUBSCRIPTION, RESOURCE_GROUP);
  }

  @AfterAll
  static void stop() throws Exception {
    azure.close();
    client.close();
    server.destroy();
    Files.deleteIfExists(caFile);
  }

  @AfterEach
  void closeOperators() {
    operators.forEach(VaultgateOperator::close);
  }

  private VaultgateOperator operator(String identity, boolean leaderElection) throws Exception {
    AzureSettings azureSettings = new AzureSettings(URI.create(azure.armBaseUrl()), URI.create(azure.graphBaseUrl()),
        URI.create(azure.devOpsBaseUrl()), Optional.of(caFile), 2, Duration.ofMillis(50), Duration.ofSeconds(3));
    ReconcileSettings settings = new ReconcileSettings(Duration.ofMinutes(10), Duration.ofSeconds(2),
        Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(30));
    Optional<OperatorConfig.LeaderElection> election = leaderElection
        ? Optional.of(new OperatorConfig.LeaderElection("vaultgate-leader", "vaultgate-system", identity, LEASE,
            Duration.ofSeconds(2), RETRY, false))
        : Optional.empty();
    VaultgateOperator operator = VaultgateOperator.start(new OperatorConfig(Set.of(), Optional.empty(),
        Optional.empty(), settings, azureSettings, 0, election, false), client, azure.tokenCredential());
    operators.add(operator);
    return operator;
  }

  private static String vault(String name) {
    SimVaultId id = new SimVaultId(SUBSCRIPTION, RESOURCE_GROUP, name);
    azure.keyVaults().create(id, "westeurope", azure.tenantId(), false, "Enabled", NetworkAcls.deny());
    return id.resourceId();
  }

  private static void apply(String name, String vaultId) {
    client.resource(OperatorHarness.pva("team-rt", name, vaultId, "Europe")).create();
  }

  private static boolean converged(String name) {
    PrivateVaultAccess r = client.resources(PrivateVaultAccess.class).inNamespace("team-rt").withName(name).get();
    return r != null && r.getStatus() != null && r.getStatus().conditions.stream()
        .anyMatch(c -> "Ready".equals(c.type) && "True".equals(c.status));
  }

  private HttpResponse<String> get(VaultgateOperator operator, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + operator.httpPort().orElseThrow() + path))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The value of one Prometheus sample, 0 when absent. */
  private static double sample(String scrape, String name, String... labels) {
    double sum = 0;
    Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.eE+-]+)$").matcher(scrape);
    while (m.find()) {
      String tags = m.group(1) == null ? "" : m.group(1);
      boolean all = true;
      for (String label : labels) {
        all &= tags.contains(label);
      }
      if (all) {
        sum += Double.parseDouble(m.group(2));
      }
    }
    return sum;
  }

  private double armRequests(VaultgateOperator operator) throws Exception {
    return sample(get(operator, "/metrics").body(), "vaultgate_azure_requests_total", "service=\"arm\"");
  }

  @Test
  void onlyTheLeaderReconcilesAndTheStandbyTakesOverWithinTheLeaseDuration() throws Exception {
    VaultgateOperator first = operator("replica-a", true);
    await().atMost(Duration.ofSeconds(10)).until(first::leading);
    VaultgateOperator second = operator("replica-b", true);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(get(first, "/readyz").statusCode()).isEqualTo(200);
      assertThat(get(second, "/readyz").statusCode()).as("a standby is ready").isEqualTo(200);
    });
    assertThat(second.leading()).isFalse();

    apply("led", vault("kv-led"));
    await().atMost(Duration.ofSeconds(20)).until(() -> converged("led"));
    assertThat(armRequests(first)).isPositive();
    assertThat(armRequests(second)).as("the standby sent nothing to Azure").isZero();
    Lease lease = client.leases().inNamespace("vaultgate-system").withName("vaultgate-leader").get();
    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("replica-a");

    first.close();
    operators.remove(first);
    await().atMost(LEASE.plus(RETRY).plus(RETRY)).until(second::leading);

    apply("after-failover", vault("kv-after-failover"));
    await().atMost(Duration.ofSeconds(20)).until(() -> converged("after-failover"));
    assertThat(armRequests(second)).isPositive();
    assertThat(client.leases().inNamespace("vaultgate-system").withName("vaultgate-leader").get().getSpec()
        .getHolderIdentity()).isEqualTo("replica-b");
  }

  @Test
  void metricsCountAzureRequestsRetriesThrottlingResourcesAndOwnedRules() throws Exception {
    VaultgateOperator operator = operator("single", false);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(get(operator, "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(operator, "/readyz").statusCode()).isEqualTo(200);
    });
    String vault = vault("kv-metrics");
    azure.faults().add(FaultRule.next(1, "arm", FaultAction.tooManyRequests(0)).withMethod("PATCH")
        .withPathMatching("/kv-metrics$"));
    azure.faults().add(FaultRule.next(1, "arm", FaultAction.serverError(503)).withMethod("GET")
        .withPathMatching("/kv-metrics$"));
    apply("measured", vault);
    await().atMost(Duration.ofSeconds(20)).until(() -> converged("measured"));

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      String scrape = get(operator, "/metrics").body();
      assertThat(sample(scrape, "vaultgate_azure_requests_total", "service=\"arm\"", "method=\"PATCH\"",
          "status=\"429\"")).isEqualTo(1);
      assertThat(sample(scrape, "vaultgate_azure_requests_total", "service=\"arm\"", "method=\"PATCH\"",
          "status=\"200\"")).isPositive();
      assertThat(sample(scrape, "vaultgate_azure_requests_total", "service=\"arm\"", "method=\"GET\"",
          "status=\"503\"")).isEqualTo(1);
      assertThat(sample(scrape, "vaultgate_azure_throttled_total", "service=\"arm\"")).isEqualTo(1);
      assertThat(sample(scrape, "vaultgate_azure_retries_total", "service=\"arm\"")).isGreaterThanOrEqualTo(2);
      assertThat(sample(scrape, "vaultgate_resources", "reason=\"Converged\"")).isGreaterThanOrEqualTo(1);
      assertThat(sample(scrape, "vaultgate_owned_ip_rules", "vault=\"kv-metrics\"")).isEqualTo(2);
      assertThat(scrape).as("the SDK's reconcile metrics").contains("operator_sdk_reconciliations_");
    });
  }
}
