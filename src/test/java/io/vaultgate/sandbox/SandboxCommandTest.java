package io.vaultgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line contract users and the e2e suite rely on, checked on a real process: the ready line, the
 * files, the signals, the exit codes, and nothing left behind.
 */
class SandboxCommandTest {

  static final Duration START = Duration.ofSeconds(90);
  static final Pattern READY = Pattern.compile("sandbox ready in ([0-9.]+)s: export KUBECONFIG=(\\S+)");

  @TempDir
  Path dir;

  static boolean listening(URI uri) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static Set<String> sandboxTempFiles() throws IOException {
    try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return entries.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("vaultgate-sandbox") || n.startsWith("vertx")).collect(Collectors.toSet());
    }
  }

  /** Temporary files that appeared since {@code before} (others' may come and go meanwhile). */
  static Set<String> newTempFiles(Set<String> before) throws IOException {
    Set<String> now = new HashSet<>(sandboxTempFiles());
    now.removeAll(before);
    return now;
  }

  @Test
  void writesItsFilesWhenReadyAndStopsCleanlyOnSigterm() throws Exception {
    Path kubeconfig = dir.resolve("kc");
    Set<String> tempBefore = sandboxTempFiles();
    try (SandboxProcess sandbox = SandboxProcess.start("--kubeconfig", kubeconfig.toString())) {
      String ready = sandbox.awaitLine("sandbox ready", START).orElseThrow(() -> new AssertionError(sandbox.output()));
      Matcher m = READY.matcher(ready);
      assertThat(m.find()).as(ready).isTrue();
      System.out.println("start-up to 'sandbox ready': " + m.group(1) + "s");
      assertThat(Path.of(m.group(2))).isEqualTo(kubeconfig);

      String config = Files.readString(kubeconfig);
      URI api = URI.create(config.replaceAll("(?s).*server: (\\S+).*", "$1"));
      assertThat(config).contains("current-context: vaultgate-sandbox", "namespace: team-payments");
      HttpResponse<String> version = HttpClient.newHttpClient().send(HttpRequest.newBuilder(api.resolve("/version"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(version.statusCode()).isEqualTo(200);

      JsonNode azure = Json.MAPPER.readTree(dir.resolve("kc.azure.json").toFile());
      List<URI> services = Stream.of("armBaseUrl", "graphBaseUrl", "devOpsBaseUrl")
          .map(f -> URI.create(azure.path(f).asText())).toList();
      assertThat(services).allMatch(u -> u.getScheme().equals("https"));
      assertThat(Files.readString(Path.of(azure.path("caFile").asText()))).startsWith("-----BEGIN CERTIFICATE-----");
      assertThat(azure.path("token").asText()).isNotBlank();
      assertThat(new AzureAdmin(azure).ipRules(azure.path("world").path("vaults").path("accessPolicy").asText()))
          .as("ARM answers with the CA and token of the file").containsExactly("203.0.113.0/24");
      assertThat(new AzureAdmin(azure).writes()).isPresent();
      assertThat(sandbox.process.descendants().count()).as("no child process").isZero();

      sandbox.signal("TERM");
      assertThat(sandbox.awaitExit(Duration.ofSeconds(30))).as(sandbox.output()).isZero();

      try (Stream<Path> left = Files.list(dir)) {
        assertThat(left).as("its files are removed").isEmpty();
      }
      assertThat(listening(api)).as("API port closed").isFalse();
      assertThat(services).as("simulator ports closed").noneMatch(SandboxCommandTest::listening);
      assertThat(newTempFiles(tempBefore)).as("no temporary files left").isEmpty();
    }
  }

  @Test
  void withoutAKubeconfigItUsesATemporaryDirectoryAndRemovesItOnSigint() throws Exception {
    Set<String> tempBefore = sandboxTempFiles();
    try (SandboxProcess sandbox = SandboxProcess.start()) {
      String ready = sandbox.awaitLine("sandbox ready", START).orElseThrow(() -> new AssertionError(sandbox.output()));
      Matcher m = READY.matcher(ready);
      assertThat(m.find()).isTrue();
      Path kubeconfig = Path.of(m.group(2));
      assertThat(kubeconfig).exists();
      assertThat(kubeconfig.resolveSibling("kubeconfig.azure.json")).exists();

      sandbox.signal("INT");
      assertThat(sandbox.awaitExit(Duration.ofSeconds(30))).as(sandbox.output()).isZero();
      assertThat(kubeconfig.getParent()).doesNotExist();
      assertThat(newTempFiles(tempBefore)).isEmpty();
    }
  }

  @Test
  void applyOncePrintsTheResourcesAndFirewallsAndExitsZeroWhenAllAreReady() throws Exception {
    Path manifests = Files.createDirectory(dir.resolve("manifests"));
    for (String example : List.of("firewall-united-states.yaml", "microsoft-hosted-variable-group.yaml",
        "self-hosted-vnet-rule.yaml", "self-hosted-private-endpoint.yaml")) {
      Files.copy(Path.of("examples", example), manifests.resolve(example));
    }
    Files.writeString(manifests.resolve("notes.txt"), "not a manifest");
    try (SandboxProcess sandbox = SandboxProcess.start("--apply", manifests.toString(), "--once")) {
      assertThat(sandbox.awaitExit(START)).as(sandbox.output()).isZero();
      String output = sandbox.output();
      assertThat(output).containsPattern("NAMESPACE +NAME +VAULT +GEOGRAPHY +MODE +READY +REASON +AGE")
          .containsPattern("team-payments +payments-pipelines +kv-payments +UnitedStates .*True +Converged")
          .containsPattern("team-payments +payments-variable-group +kv-payments .*True +Converged")
          .containsPattern("team-payments +agents-private-endpoint +kv-payments-rbac .*True +Converged")
          .containsPattern("team-payments +agents-vnet-rule +kv-payments.*True +Converged")
          .contains("vault kv-payments (access policies): default action Deny")
          .containsPattern("203\\.0\\.113\\.0/24 +pre-existing")
          .containsPattern("131\\.107\\.160\\.0/24 +vaultgate: team-payments/payments-pipelines\n")
          .containsPattern("20\\.37\\.158\\.0/23 +vaultgate: team-payments/payments-pipelines, "
              + "team-payments/payments-variable-group")
          .containsPattern("198\\.51\\.100\\.25/32 +pre-existing")
          .contains("subnet vnet-agents/subnets/agents vaultgate: team-payments/agents-vnet-rule")
          .containsPattern("private endpoint vaultgate-kv-payments-rbac-\\w+ Approved");
    }
  }

  /**
   * How an example's header says it settles: "Becomes Ready." or "settles with Ready=False, reason X" (a
   * resource held by its spec: Plan mode, reconcile-policy skip).
   */
  static String declaredSettling(Path example) throws IOException {
    String header = Files.readString(example).lines().takeWhile(l -> l.startsWith("#"))
        .map(l -> l.substring(1).trim()).collect(Collectors.joining(" "));
    Matcher held = Pattern.compile("settles with Ready=False, reason (\\w+)").matcher(header);
    if (held.find()) {
      return "Ready=False " + held.group(1);
    }
    assertThat(header).as(example + ": its header says how it settles").contains("Becomes Ready.");
    return "Ready=True";
  }

  @Test
  void applyOnceOfTheExamplesDirectorySettlesEachAsItsHeaderSaysAndExitsZero() throws Exception {
    Map<String, String> expected = new TreeMap<>();
    try (Stream<Path> files = Files.list(Path.of("examples"))) {
      for (Path example : files.sorted().toList()) {
        expected.put(new YAMLMapper().readTree(example.toFile()).path("metadata").path("name").asText(),
            declaredSettling(example));
      }
    }
    assertThat(expected.values()).as("the examples show a Ready and a held resource")
        .contains("Ready=True", "Ready=False Planned", "Ready=False Skipped");
    try (SandboxProcess sandbox = SandboxProcess.start("--apply", "examples", "--once")) {
      int exit = sandbox.awaitExit(START);
      String output = sandbox.output();
      assertThat(exit).as(output).isZero();
      expected.forEach((name, settling) -> {
        String column = settling.replaceFirst("^Ready=(\\w+)", "$1").replace(" ", " +");
        assertThat(output).containsOnlyOnce("settled team-payments/" + name + ": ")
            .contains("settled team-payments/" + name + ": " + settling)
            .containsPattern("team-payments +" + name + " .* (Apply|Plan) +" + column + " ");
      });
      assertThat(output).doesNotContain("not ready:");
    }
  }

  @Test
  void applyOnceExitsNonZeroWhenAResourceDoesNotBecomeReady() throws Exception {
    Path manifest = dir.resolve("private-range.yaml");
    Files.writeString(manifest, Files.readString(Path.of("examples/firewall-united-states.yaml"))
        .replace("131.107.160.0/24", "10.1.0.0/24"));
    try (SandboxProcess sandbox = SandboxProcess.start("--apply", manifest.toString(), "--once")) {
      assertThat(sandbox.awaitExit(START)).as(sandbox.output()).isEqualTo(1);
      assertThat(sandbox.output()).contains("settled team-payments/payments-pipelines: Ready=False InvalidSpec")
          .containsPattern("payments-pipelines .*Apply +False +InvalidSpec")
          .contains("not ready: team-payments/payments-pipelines settled without becoming Ready");
    }
  }

  @Test
  void aSignalWhileWaitingForResourcesStopsTheWaitAndCleansUp() throws Exception {
    Path manifest = dir.resolve("missing-vault.yaml");
    Files.writeString(manifest, Files.readString(Path.of("examples/firewall-united-states.yaml"))
        .replace("vaults/kv-payments", "vaults/kv-missing"));
    Path kubeconfig = dir.resolve("kc");
    try (SandboxProcess sandbox = SandboxProcess.start("--kubeconfig", kubeconfig.toString(), "--apply",
        manifest.toString(), "--once", "--timeout", "10m")) {
      sandbox.awaitLine("sandbox ready", START).orElseThrow(() -> new AssertionError(sandbox.output()));
      sandbox.signal("TERM");
      assertThat(sandbox.awaitExit(Duration.ofSeconds(30))).as("not all became Ready").isEqualTo(1);
      assertThat(sandbox.output()).contains("stopped before the resources settled");
      assertThat(kubeconfig).doesNotExist();
    }
  }

  @Test
  void neverReplacesAFileThatIsNotASandboxKubeconfig() throws Exception {
    Path precious = dir.resolve("config");
    Files.writeString(precious, "apiVersion: v1\nkind: Config\nclusters: []\n");
    assertThatThrownBy(() -> SandboxFiles.at(Optional.of(precious))).hasMessageContaining("not a sandbox kubeconfig");
    assertThat(Files.readString(precious)).startsWith("apiVersion: v1");
  }
}
