package io.vaultgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end scenarios, driven by the real kubectl binary: against a fresh {@code vaultgate sandbox} (in CI),
 * or a real cluster and Azure (see {@code e2e/README.md}). Each scenario cleans up after itself, and checks Azure
 * the way an administrator would: by reading the vault through Azure Resource Manager. Waits are kubectl's own
 * ({@code kubectl wait}, watching), with timeouts; nothing sleeps. The pipeline scenarios run the bash steps of
 * {@code pipelines/agent-ip-grant.yml} as an agent would ({@link PipelineAgent}) and ask the simulated Key Vault data
 * plane whether the agent's reads get through.
 */
class KubectlScenariosTest {

  static final String TIMEOUT = "--timeout=120s";

  static E2eTarget target;
  static Kubectl kubectl;
  static AzureAdmin azure;

  @TempDir
  static Path manifests;

  @BeforeAll
  static void start() {
    target = E2eTarget.fromEnvironment();
    kubectl = new Kubectl(target.kubeconfig, manifests.resolve("kubectl-cache"));
    azure = new AzureAdmin(target.azure);
  }

  @AfterAll
  static void stop() throws IOException {
    if (target != null) {
      target.close();
    }
  }

  static void apply(String name, String vault, String mode, String... ranges) {
    try {
      Path file = manifests.resolve(name + ".yaml");
      Files.writeString(file, target.manifest(name, vault, mode, ranges));
      kubectl.ok("apply", "-f", file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String jsonpath(String name, String path) {
    return kubectl.ok("get", "pva", name, "-o", "jsonpath={" + path + "}");
  }

  static String readyCondition(String name, String field) {
    return jsonpath(name, ".status.conditions[?(@.type==\"Ready\")]." + field);
  }

  static void delete(String name) {
    kubectl.ok("delete", "pva", name, "--ignore-not-found", TIMEOUT);
  }

  static List<String> minus(List<String> all, List<String> some) {
    List<String> rest = new ArrayList<>(all);
    rest.removeAll(some);
    return rest;
  }

  @Test
  void appliedResourceBecomesReadyAndShowsItsColumnsConditionsAndEvents() {
    String vault = target.accessPolicyVault();
    List<String> before = azure.ipRules(vault);
    apply("e2e-ready", vault, "Apply", "131.107.160.0/24");
    try {
      kubectl.ok("wait", "--for=condition=Ready", "pva/e2e-ready", TIMEOUT);

      List<String> table = kubectl.ok("get", "pva", "e2e-ready").lines().toList();
      assertThat(table.get(0).split("\\s+")).containsExactly("NAME", "VAULT", "GEOGRAPHY", "MODE", "READY",
          "REASON", "AGE");
      assertThat(table.get(1).split("\\s+")).startsWith("e2e-ready", vaultName(vault),
          target.world.path("devOps").path("geography").asText(), "Apply", "True", "Converged");
      assertThat(kubectl.ok("get", "privatevaultaccesses.vaultgate.io", "-A")).contains("e2e-ready");
      assertThat(kubectl.ok("get", "vaultgate")).as("the CRD's category").contains("e2e-ready");

      assertThat(kubectl.ok("get", "pva", "e2e-ready", "-o", "yaml")).contains("ownedIpRules:", "131.107.160.0/24");
      assertThat(jsonpath("e2e-ready", ".status.observedGeneration")).isEqualTo("1");
      String describe = kubectl.ok("describe", "pva", "e2e-ready");
      assertThat(describe).contains("Events:", "FirewallUpdated");

      List<String> after = azure.ipRules(vault);
      assertThat(after).containsAll(before).contains("131.107.160.0/24");
      assertThat(minus(after, before)).hasSizeGreaterThan(1).as("the geography's ranges and the extra one")
          .allMatch(rule -> jsonpath("e2e-ready", ".status.firewall.ownedIpRules").contains(rule));
    } finally {
      delete("e2e-ready");
    }
    assertThat(azure.ipRules(vault)).containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void specChangeConvergesTheVault() {
    String vault = target.rbacVault();
    apply("e2e-change", vault, "Apply", "131.107.161.0/24");
    try {
      kubectl.ok("wait", "--for=condition=Ready", "pva/e2e-change", TIMEOUT);
      assertThat(azure.ipRules(vault)).contains("131.107.161.0/24");

      apply("e2e-change", vault, "Apply", "131.107.162.0/24");
      kubectl.ok("wait", "--for=jsonpath={.status.observedGeneration}=2", "pva/e2e-change", TIMEOUT);
      kubectl.ok("wait", "--for=condition=Ready", "pva/e2e-change", TIMEOUT);
      assertThat(azure.ipRules(vault)).contains("131.107.162.0/24").doesNotContain("131.107.161.0/24");
    } finally {
      delete("e2e-change");
    }
  }

  @Test
  void aRuleAddedInAzureBySomeoneElseSurvivesReconcilesAndDeletion() {
    String vault = target.accessPolicyVault();
    String foreign = "198.51.100.77/32";
    apply("e2e-foreign", vault, "Apply", "131.107.163.0/24");
    try {
      kubectl.ok("wait", "--for=condition=Ready", "pva/e2e-foreign", TIMEOUT);
      azure.addIpRule(vault, foreign);

      apply("e2e-foreign", vault, "Apply", "131.107.164.0/24");
      kubectl.ok("wait", "--for=jsonpath={.status.observedGeneration}=2", "pva/e2e-foreign", TIMEOUT);
      kubectl.ok("wait", "--for=condition=Ready", "pva/e2e-foreign", TIMEOUT);
      assertThat(azure.ipRules(vault)).contains(foreign, "131.107.164.0/24").doesNotContain("131.107.163.0/24");
      assertThat(jsonpath("e2e-foreign", ".status.firewall.ownedIpRules")).doesNotContain("198.51.100.77");

      delete("e2e-foreign");
      assertThat(azure.ipRules(vault)).contains(foreign).doesNotContain("131.107.164.0/24");
    } finally {
      delete("e2e-foreign");
      azure.removeIpRule(vault, foreign);
    }
  }

  @Test
  void planModeShowsTheChangesAndMakesNone() {
    String vault = target.rbacVault();
    List<String> before = azure.ipRules(vault);
    OptionalLong writesBefore = azure.writes();
    apply("e2e-plan", vault, "Plan", "131.107.165.0/24");
    try {
      kubectl.ok("wait", "--for=condition=Ready=false", "pva/e2e-plan", TIMEOUT);

      assertThat(readyCondition("e2e-plan", "reason")).isEqualTo("Planned");
      assertThat(jsonpath("e2e-plan", ".status.plan[*].value")).contains("131.107.165.0/24");
      assertThat(kubectl.ok("get", "pva", "e2e-plan")).contains("Plan", "Planned");
      assertThat(azure.ipRules(vault)).containsExactlyInAnyOrderElementsOf(before);
      if (writesBefore.isPresent()) {
        assertThat(azure.writes()).as("no write to Azure at all").isEqualTo(writesBefore);
      }
    } finally {
      delete("e2e-plan");
    }
    assertThat(azure.ipRules(vault)).containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void invalidManifestStallsWithInvalidSpecNamingTheField() {
    String vault = target.accessPolicyVault();
    List<String> before = azure.ipRules(vault);
    OptionalLong writesBefore = azure.writes();
    apply("e2e-invalid", vault, "Apply", "10.0.0.0/8");
    try {
      kubectl.ok("wait", "--for=condition=Stalled", "pva/e2e-invalid", TIMEOUT);

      assertThat(readyCondition("e2e-invalid", "reason")).isEqualTo("InvalidSpec");
      assertThat(readyCondition("e2e-invalid", "message")).contains("spec.network.additionalIpRanges[0]",
          "10.0.0.0/8");
      assertThat(kubectl.ok("describe", "pva", "e2e-invalid")).contains("InvalidSpec");
      assertThat(azure.ipRules(vault)).containsExactlyInAnyOrderElementsOf(before);
      if (writesBefore.isPresent()) {
        assertThat(azure.writes()).isEqualTo(writesBefore);
      }
    } finally {
      delete("e2e-invalid");
    }
  }

  @Test
  void deleteRemovesOnlyTheRulesNoOtherResourceNeeds() {
    String vault = target.rbacVault();
    List<String> before = azure.ipRules(vault);
    apply("e2e-first", vault, "Apply", "131.107.166.0/24");
    apply("e2e-second", vault, "Apply", "131.107.167.0/24");
    try {
      kubectl.ok("wait", "--for=condition=Ready", "pva/e2e-first", "pva/e2e-second", TIMEOUT);
      List<String> both = azure.ipRules(vault);
      assertThat(both).contains("131.107.166.0/24", "131.107.167.0/24").containsAll(before);

      delete("e2e-first");
      List<String> afterFirst = azure.ipRules(vault);
      assertThat(afterFirst).as("only the first one's own range goes; the shared geography ranges stay")
          .containsExactlyInAnyOrderElementsOf(minus(both, List.of("131.107.166.0/24")));

      delete("e2e-second");
      assertThat(azure.ipRules(vault)).as("back to the rules that were there before")
          .containsExactlyInAnyOrderElementsOf(before);
    } finally {
      delete("e2e-first");
      delete("e2e-second");
    }
  }

  @Test
  void aPipelinesGrantOpensItsAgentsAddressUntilItIsDeleted() throws IOException {
    Assumptions.assumeTrue("UnitedStates".equals(target.world.path("devOps").path("geography").asText()),
        "the agent address used is in Azure's East US ranges");
    String vault = target.accessPolicyVault();
    String agent = "52.168.77.41";
    List<String> before = azure.ipRules(vault);
    apply("e2e-grants", vault, "Apply");
    Path grant = manifests.resolve("e2e-build-1.yaml");
    Files.writeString(grant, target.grantManifest("e2e-build-1", "e2e-grants", agent, "15m"));
    try {
      kubectl.ok("wait", "--for=condition=Ready", "pva/e2e-grants", TIMEOUT);
      kubectl.ok("apply", "-f", grant.toString());
      kubectl.ok("wait", "--for=condition=Ready", "agentipgrant/e2e-build-1", TIMEOUT);

      List<String> table = kubectl.ok("get", "aig", "e2e-build-1").lines().toList();
      assertThat(table.get(0).split("\\s+")).containsExactly("NAME", "ACCESS", "VAULT", "ADDRESS", "EXPIRES",
          "READY", "REASON", "AGE");
      assertThat(table.get(1).split("\\s+")).startsWith("e2e-build-1", "e2e-grants", vaultName(vault), agent);
      assertThat(table.get(1)).contains("True", "Open");
      assertThat(kubectl.ok("get", "vaultgate")).as("the CRD's category").contains("e2e-build-1");
      assertThat(kubectl.ok("get", "aig", "e2e-build-1", "-o", "jsonpath={.status.firewall.ownedIpRules}"))
          .contains(agent + "/32");
      assertThat(azure.ipRules(vault)).contains(agent + "/32");

      kubectl.ok("delete", "agentipgrant", "e2e-build-1", TIMEOUT);
      assertThat(azure.ipRules(vault)).doesNotContain(agent + "/32");
    } finally {
      kubectl.ok("delete", "-f", grant.toString(), "--ignore-not-found", TIMEOUT);
      delete("e2e-grants");
    }
    assertThat(azure.ipRules(vault)).containsExactlyInAnyOrderElementsOf(before);
  }

  static final String READ_STEP = "Read the vault's secrets";

  /**
   * The caller's step of the pipeline scenarios: a secret read from the agent's address, as the simulated Key Vault
   * data plane decides it; the step fails unless it is allowed.
   */
  static Map<String, Object> secretReadStep(String vault) {
    return Map.of("displayName", READ_STEP, "bash", """
        set -euo pipefail
        status=$(curl --silent --show-error --cacert "$CA" -H "Authorization: Bearer $TOKEN" \\
          -H 'Content-Type: application/json' -o verdict.json -w '%{http_code}' \\
          -X POST "${ARM%/}/_simulator/keyvault/secretRead" \\
          -d "{\\"vaultId\\":\\"$VAULT\\",\\"clientAddress\\":\\"$VAULTGATE_AGENT_ADDRESS\\"}")
        echo "secret read from $VAULTGATE_AGENT_ADDRESS: HTTP $status $(cat verdict.json)"
        test "$status" = 200
        """, "env", Map.of("ARM", target.azure.path("armBaseUrl").asText(),
        "CA", target.azure.path("caFile").asText(), "TOKEN", target.azure.path("token").asText(), "VAULT", vault));
  }

  /** The template's steps for a job whose own steps read the vault. */
  static List<StepsTemplate.Step> pipeline(AddressEcho echo, String access, String ttl, String vault) {
    return StepsTemplate.read(AgentIpGrantTemplateTest.TEMPLATE).expand(Map.of("serviceConnection", "e2e-grants",
        "namespace", target.namespace(), "access", access, "ttl", ttl, "addressEchoUrl", echo.url(),
        "steps", List.of(secretReadStep(vault))));
  }

  /**
   * An agent for one job: the real kubectl on its PATH, its own HOME, and Kubernetes@1's login setting KUBECONFIG
   * to the target's kubeconfig, as the task does with a service connection's.
   */
  static PipelineAgent agent(String job) throws IOException {
    Path root = Files.createDirectories(manifests.resolve(job));
    Path bin = Files.createDirectories(root.resolve("bin"));
    Files.createSymbolicLink(bin.resolve("kubectl"), Kubectl.binary().toAbsolutePath());
    Map<String, Function<JsonNode, Map<String, String>>> tasks = Map.of("Kubernetes@1", inputs -> {
      assertThat(inputs.path("command").asText()).isEqualTo("login");
      assertThat(inputs.path("kubernetesServiceEndpoint").asText()).isEqualTo("e2e-grants");
      return Map.of("KUBECONFIG", target.kubeconfig.toAbsolutePath().toString());
    });
    return new PipelineAgent(Files.createDirectories(root.resolve("work")), Map.of(
        "PATH", bin + ":" + System.getenv("PATH"), "HOME", Files.createDirectories(root.resolve("home")).toString()),
        tasks);
  }

  static void assumePipelineScenarios() {
    Assumptions.assumeTrue(azure.simulated(), "the simulated Key Vault data plane answers only in the sandbox");
    Assumptions.assumeTrue("UnitedStates".equals(target.world.path("devOps").path("geography").asText()),
        "the agent addresses used are in Azure's East US ranges");
  }

  static String grantReason(String name) {
    return kubectl.ok("get", "aig", name, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].reason}");
  }

  @Test
  void aPipelineUsingTheTemplateReadsTheVaultFromItsAgentOnlyWhileItsStepsRun() throws IOException {
    assumePipelineScenarios();
    String vault = target.accessPolicyVault();
    String agentAddress = "52.168.77.42";
    List<String> before = azure.ipRules(vault);
    apply("e2e-pipeline", vault, "Apply");
    try (AddressEcho echo = new AddressEcho(agentAddress)) {
      kubectl.ok("wait", "--for=condition=Ready", "pva/e2e-pipeline", TIMEOUT);
      assertThat(azure.secretRead(vault, agentAddress).refusal()).as("before the job")
          .isEqualTo("ForbiddenByFirewall");

      PipelineAgent.Run run = agent("job-4711").run(pipeline(echo, "e2e-pipeline", "15m", vault),
          Map.of("Build.BuildId", "4711", "System.JobAttempt", "1"));

      assertThat(run.succeeded()).as("%s", run).isTrue();
      assertThat(echo.asked()).isEqualTo(1);
      assertThat(run.step(AgentIpGrantTemplateTest.WAIT_STEP).log()).contains("build-4711-1", agentAddress, "Open");
      assertThat(run.step(READ_STEP).log()).as("during the job, in its own step")
          .contains("secret read from " + agentAddress + ": HTTP 200", "\"allowed\":true");
      assertThat(kubectl.run("get", "aig", "build-4711-1").err()).as("deleted by the template's last step")
          .contains("NotFound");
      assertThat(azure.secretRead(vault, agentAddress).refusal()).as("after the job")
          .isEqualTo("ForbiddenByFirewall");
    } finally {
      kubectl.ok("delete", "aig", "build-4711-1", "--ignore-not-found", TIMEOUT);
      delete("e2e-pipeline");
    }
    assertThat(azure.ipRules(vault)).containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void aGrantWhoseJobNeverClosesItClosesAtItsTtl() throws IOException {
    assumePipelineScenarios();
    String vault = target.accessPolicyVault();
    String agentAddress = "52.168.77.43";
    List<String> before = azure.ipRules(vault);
    apply("e2e-pipeline-lost", vault, "Apply");
    try (AddressEcho echo = new AddressEcho(agentAddress)) {
      kubectl.ok("wait", "--for=condition=Ready", "pva/e2e-pipeline-lost", TIMEOUT);
      assertThat(azure.secretRead(vault, agentAddress).refusal()).as("before the job")
          .isEqualTo("ForbiddenByFirewall");

      // the agent goes away after the caller's steps: the closing step (condition: always()) never runs
      PipelineAgent.Run run = agent("job-4712").run(pipeline(echo, "e2e-pipeline-lost", "15s", vault),
          Map.of("Build.BuildId", "4712", "System.JobAttempt", "1"),
          step -> step.displayName().equals(AgentIpGrantTemplateTest.CLOSE_STEP));

      assertThat(run.step(READ_STEP).outcome()).as("%s", run).isEqualTo(PipelineAgent.Outcome.SUCCEEDED);
      assertThat(run.step(READ_STEP).log()).contains("HTTP 200", "\"allowed\":true");
      assertThat(run.step(AgentIpGrantTemplateTest.CLOSE_STEP).outcome()).isEqualTo(PipelineAgent.Outcome.NOT_RUN);
      Instant expiresAt = Instant.parse(kubectl.ok("get", "aig", "build-4712-1", "-o",
          "jsonpath={.status.expiresAt}"));

      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
          .until(() -> grantReason("build-4712-1"), "Expired"::equals);
      assertThat(Instant.now()).as("not closed before its expiry").isAfterOrEqualTo(expiresAt);
      assertThat(azure.secretRead(vault, agentAddress).refusal()).as("after the ttl, nobody having deleted it")
          .isEqualTo("ForbiddenByFirewall");
      assertThat(azure.ipRules(vault)).doesNotContain(agentAddress + "/32");
      assertThat(kubectl.ok("get", "aig", "build-4712-1")).contains("False", "Expired");
    } finally {
      kubectl.ok("delete", "aig", "build-4712-1", "--ignore-not-found", TIMEOUT);
      delete("e2e-pipeline-lost");
    }
    assertThat(azure.ipRules(vault)).containsExactlyInAnyOrderElementsOf(before);
  }

  @Test
  void kubectlAcceptsEveryFileOfTheExamplesDirectory() throws IOException {
    List<String> names;
    try (var files = Files.list(Path.of("examples"))) {
      names = files.map(p -> p.getFileName().toString()).toList();
    }
    // a client-side dry run: kubectl reads and checks each file, and nothing is created in the target
    String out = kubectl.ok("apply", "--dry-run=client", "-f", "examples/");
    assertThat(out.lines()).hasSize(names.size())
        .allMatch(line -> line.startsWith("privatevaultaccess.vaultgate.io/") && line.endsWith("(dry run)"));
  }

  static String vaultName(String vaultId) {
    return vaultId.substring(vaultId.lastIndexOf('/') + 1);
  }
}
