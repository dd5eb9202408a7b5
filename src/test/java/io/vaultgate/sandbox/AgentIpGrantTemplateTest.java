package io.vaultgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultgate.sandbox.PipelineAgent.Outcome;
import io.vaultgate.sandbox.PipelineAgent.Run;
import io.vaultgate.sandbox.StepsTemplate.Parameter;
import io.vaultgate.sandbox.StepsTemplate.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline template {@code pipelines/agent-ip-grant.yml}, its bash steps run as an agent runs them, with a
 * stand-in kubectl that records what it is asked and a local address echo. What the grant does to a vault is the
 * e2e scenarios' part ({@link KubectlScenariosTest}); this is the template's own logic: order, names, failures.
 */
class AgentIpGrantTemplateTest {

  static final Path TEMPLATE = Path.of("pipelines/agent-ip-grant.yml");
  static final String ADDRESS_STEP = "Find this agent's public address";
  static final String CREATE_STEP = "Ask vaultgate to open the vault to this agent";
  static final String WAIT_STEP = "Wait until the vault is open to this agent";
  static final String CLOSE_STEP = "Close the vault to this agent";

  /** A call the stand-in kubectl received: its arguments, what it read from standard input, its KUBECONFIG. */
  record Call(List<String> args, String stdin, String kubeconfig) {
  }

  @TempDir
  Path dir;

  AddressEcho echo;
  Path calls;
  PipelineAgent agent;

  @BeforeEach
  void setUp() throws IOException {
    echo = new AddressEcho("52.168.77.41\n");
    calls = Files.createDirectories(dir.resolve("calls"));
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path kubectl = bin.resolve("kubectl");
    Files.writeString(kubectl, """
        #!/usr/bin/env bash
        # stands in for kubectl: records each call; `create` and `wait` exit with what the test wrote beside it
        n=$(ls "$FAKE_KUBECTL_CALLS" | grep -c '\\.args$' || true)
        printf '%s\\n' "$@" > "$FAKE_KUBECTL_CALLS/$n.args"
        printf '%s' "${KUBECONFIG:-}" > "$FAKE_KUBECTL_CALLS/$n.kubeconfig"
        if [[ " $* " == *" -f - "* ]]; then cat > "$FAKE_KUBECTL_CALLS/$n.stdin"; fi
        case "$1" in
          create|wait) exit "$(cat "$FAKE_KUBECTL_CALLS/../$1.exit" 2>/dev/null || echo 0)" ;;
          get) echo "Ready=False AddressNotInAzure: the address is outside Azure's ranges" ;;
        esac
        """);
    Files.setPosixFilePermissions(kubectl, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path work = Files.createDirectories(dir.resolve("work"));
    agent = new PipelineAgent(work, Map.of("PATH", bin + ":" + System.getenv("PATH"),
        "HOME", Files.createDirectories(dir.resolve("home")).toString(), "FAKE_KUBECTL_CALLS", calls.toString()),
        Map.of("Kubernetes@1", login("grants-connection", "/agent/kubeconfig")));
  }

  @AfterEach
  void tearDown() {
    echo.close();
  }

  /** Kubernetes@1's login, as the task does it: it sets KUBECONFIG for the next steps. */
  static Function<JsonNode, Map<String, String>> login(String connection, String kubeconfig) {
    return inputs -> {
      assertThat(inputs.path("command").asText()).isEqualTo("login");
      assertThat(inputs.path("connectionType").asText()).isEqualTo("Kubernetes Service Connection");
      assertThat(inputs.path("kubernetesServiceEndpoint").asText()).isEqualTo(connection);
      return Map.of("KUBECONFIG", kubeconfig);
    };
  }

  Map<String, Object> parameters(Map<String, Object> more, List<Map<String, Object>> steps) {
    Map<String, Object> p = new HashMap<>(Map.of("serviceConnection", "grants-connection",
        "namespace", "team-payments", "access", "payments-variable-group", "ttl", "45m", "timeout", "90s",
        "addressEchoUrl", echo.url(), "steps", steps));
    p.putAll(more);
    return p;
  }

  static Map<String, Object> bashStep(String displayName, String script) {
    return Map.of("bash", script, "displayName", displayName);
  }

  Run run(Map<String, Object> parameters) {
    return agent.run(StepsTemplate.read(TEMPLATE).expand(parameters),
        Map.of("Build.BuildId", "4711", "System.JobAttempt", "2"));
  }

  List<Call> calls() {
    try (Stream<Path> files = Files.list(calls)) {
      int n = (int) files.filter(f -> f.toString().endsWith(".args")).count();
      List<Call> result = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Path stdin = calls.resolve(i + ".stdin");
        result.add(new Call(Files.readAllLines(calls.resolve(i + ".args")),
            Files.exists(stdin) ? Files.readString(stdin) : "", Files.readString(calls.resolve(i + ".kubeconfig"))));
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> verbs(List<Call> calls) {
    return calls.stream().map(c -> c.args().get(0)).toList();
  }

  @Test
  void itIsAStepsTemplateThatOpensBeforeTheCallersStepsAndClosesAfterThemWhateverHappens() {
    StepsTemplate template = StepsTemplate.read(TEMPLATE);
    assertThat(template.parameters()).extracting(Parameter::name).containsExactly("serviceConnection", "namespace",
        "access", "ttl", "timeout", "addressEchoUrl", "grantName", "steps");
    Map<String, Parameter> byName = new HashMap<>();
    template.parameters().forEach(p -> byName.put(p.name(), p));
    assertThat(byName.get("steps").type()).isEqualTo("stepList");
    assertThat(byName.get("addressEchoUrl").defaultValue()).map(JsonNode::asText)
        .contains("https://api.ipify.org");
    assertThat(byName.get("ttl").defaultValue()).map(JsonNode::asText).contains("30m");
    assertThat(byName.get("serviceConnection").defaultValue()).as("required").isEmpty();

    List<Step> steps = template.expand(parameters(Map.of(), List.of(bashStep("first", "true"),
        bashStep("second", "true"))));
    assertThat(steps).extracting(Step::displayName).containsExactly("Sign kubectl in to the cluster", ADDRESS_STEP,
        CREATE_STEP, WAIT_STEP, "first", "second", CLOSE_STEP);
    assertThat(steps.get(0).task()).contains("Kubernetes@1");
    assertThat(steps.get(6).condition()).contains("always()");
    assertThat(steps.subList(0, 6)).allMatch(s -> s.condition().isEmpty(), "the others run only while all is well");
    assertThat(List.of(steps.get(1), steps.get(2), steps.get(3), steps.get(6)))
        .allMatch(s -> s.bash().isPresent() && s.bash().get().startsWith("set -euo pipefail\n"), "plain bash");
    assertThat(steps.get(2).env()).containsEntry("VAULTGATE_NAMESPACE", "team-payments")
        .containsEntry("VAULTGATE_ACCESS", "payments-variable-group").containsEntry("VAULTGATE_TTL", "45m");

    assertThatThrownBy(() -> template.expand(Map.of("namespace", "team-payments")))
        .hasMessageContaining("required parameter 'serviceConnection'");
  }

  @Test
  void aJobCreatesTheGrantForItsAgentsAddressWaitsRunsTheCallersStepsAndDeletesIt() {
    Run run = run(parameters(Map.of(), List.of(bashStep("Read the secrets", """
        echo "reading from $VAULTGATE_AGENT_ADDRESS under $VAULTGATE_GRANT in build $(Build.BuildId)"
        kubectl callers-step
        """))));

    assertThat(run.succeeded()).as("%s", run).isTrue();
    assertThat(run.steps()).extracting(PipelineAgent.StepRun::outcome).containsOnly(Outcome.SUCCEEDED);
    assertThat(echo.asked()).isEqualTo(1);
    assertThat(run.step("Read the secrets").log())
        .contains("reading from 52.168.77.41 under build-4711-2 in build 4711");
    assertThat(run.variables()).containsEntry("VAULTGATE_AGENT_ADDRESS", "52.168.77.41")
        .containsEntry("VAULTGATE_GRANT", "build-4711-2");

    List<Call> calls = calls();
    assertThat(verbs(calls)).containsExactly("create", "wait", "get", "callers-step", "delete");
    assertThat(calls).allMatch(c -> c.kubeconfig().equals("/agent/kubeconfig"), "signed in by Kubernetes@1");
    assertThat(calls.get(0).args()).containsExactly("create", "-n", "team-payments", "-f", "-");
    JsonNode grant = yaml(calls.get(0).stdin());
    assertThat(grant.path("apiVersion").asText()).isEqualTo("vaultgate.io/v1alpha1");
    assertThat(grant.path("kind").asText()).isEqualTo("AgentIpGrant");
    assertThat(grant.path("metadata").path("name").asText()).isEqualTo("build-4711-2");
    assertThat(grant.path("spec").path("accessRef").path("name").asText()).isEqualTo("payments-variable-group");
    assertThat(grant.path("spec").path("ipAddress").asText()).isEqualTo("52.168.77.41");
    assertThat(grant.path("spec").path("ttl").asText()).isEqualTo("45m");
    assertThat(calls.get(1).args()).containsExactly("wait", "-n", "team-payments", "--for=condition=Ready",
        "agentipgrant/build-4711-2", "--timeout=90s");
    assertThat(calls.get(4).args()).containsExactly("delete", "-n", "team-payments", "agentipgrant/build-4711-2",
        "--ignore-not-found", "--timeout=90s");
  }

  @Test
  void theGrantsNameIsMadeADnsLabel() {
    assertThat(grantNameFor("Build_4711.Linux x64 -- $(System.JobAttempt)")).isEqualTo("build-4711-linux-x64-2");
    assertThat(grantNameFor("-" + "A".repeat(80))).isEqualTo("a".repeat(63));
    assertThat(grantNameFor("x".repeat(62) + "-yy")).as("no '-' left at the end once cut to 63")
        .isEqualTo("x".repeat(62));
  }

  String grantNameFor(String grantName) {
    try (Stream<Path> files = Files.list(calls)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Run run = run(parameters(Map.of("grantName", grantName), List.of()));
    assertThat(run.succeeded()).as("%s", run).isTrue();
    String name = yaml(calls().get(0).stdin()).path("metadata").path("name").asText();
    assertThat(name).matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    return name;
  }

  @Test
  void anEchoThatAnswersSomethingElseThanAnAddressFailsTheJobBeforeAnyGrant() {
    echo.answer("<html><body>rate limited</body></html>");
    Run run = run(parameters(Map.of(), List.of(bashStep("Read the secrets", "echo reading"))));

    assertThat(run.succeeded()).isFalse();
    assertThat(run.step(ADDRESS_STEP).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(run.step(ADDRESS_STEP).log()).contains("##vso[task.logissue type=error]", "not answer with an IPv4",
        "it answered: ?html??body?ratelimited??body???html?");
    assertThat(List.of(CREATE_STEP, WAIT_STEP, "Read the secrets"))
        .allMatch(s -> run.step(s).outcome() == Outcome.SKIPPED);
    assertThat(run.step(CLOSE_STEP).outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(run.step(CLOSE_STEP).log()).contains("nothing to close");
    assertThat(calls()).isEmpty();
  }

  @Test
  void aFailingCallersStepStillHasTheGrantDeleted() {
    Run run = run(parameters(Map.of(), List.of(bashStep("Tests", "exit 3"), bashStep("Publish", "echo never"))));

    assertThat(run.succeeded()).isFalse();
    assertThat(run.step("Tests").outcome()).isEqualTo(Outcome.FAILED);
    assertThat(run.step("Publish").outcome()).isEqualTo(Outcome.SKIPPED);
    assertThat(run.step(CLOSE_STEP).outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(verbs(calls())).containsExactly("create", "wait", "get", "delete");
  }

  @Test
  void aGrantThatDoesNotOpenFailsTheJobWithItsConditionsSkipsTheCallersStepsAndIsDeleted() throws IOException {
    Files.writeString(dir.resolve("wait.exit"), "1");
    Run run = run(parameters(Map.of(), List.of(bashStep("Read the secrets", "echo reading"))));

    assertThat(run.step(WAIT_STEP).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(run.step(WAIT_STEP).log()).contains("agentipgrant/build-4711-2 did not become Ready within 90s",
        "Ready=False AddressNotInAzure");
    assertThat(run.step("Read the secrets").outcome()).isEqualTo(Outcome.SKIPPED);
    List<Call> calls = calls();
    assertThat(verbs(calls)).containsExactly("create", "wait", "get", "delete");
    assertThat(calls.get(2).args()).contains("-o").anyMatch(a -> a.startsWith("jsonpath="));
  }

  @Test
  void aGrantThatCouldNotBeCreatedIsNotDeleted() throws IOException {
    // e.g. AlreadyExists: the name is another job's, whose grant must stay
    Files.writeString(dir.resolve("create.exit"), "1");
    Run run = run(parameters(Map.of(), List.of(bashStep("Read the secrets", "echo reading"))));

    assertThat(run.step(CREATE_STEP).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(run.variables()).doesNotContainKey("VAULTGATE_GRANT");
    assertThat(run.step(CLOSE_STEP).log()).contains("nothing to close");
    assertThat(verbs(calls())).containsExactly("create");
  }

  static JsonNode yaml(String text) {
    try {
      return StepsTemplate.YAML.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
