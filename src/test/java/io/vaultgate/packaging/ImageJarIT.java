package io.vaultgate.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image's jar, target/vaultgate-operator.jar (operator/Dockerfile copies it): it holds the operator
 * and what the operator runs on, none of the sandbox, the Azure simulator or fabric8's mock Kubernetes API server,
 * and it starts. An integration test (failsafe) because the jar exists only after {@code package}.
 */
class ImageJarIT {

  static final Path IMAGE_JAR = Path.of(System.getProperty("vaultgate.operatorJar", "target/vaultgate-operator.jar"));
  /** target/vaultgate.jar, which carries everything: proof that the names below are the real ones. */
  static final Path FULL_JAR = Path.of(System.getProperty("vaultgate.fullJar", "target/vaultgate.jar"));

  /**
   * What the image leaves out, as prefixes of class file paths: the simulator and the sandbox with its command, the
   * full jar's main class (which names that command), the CRD copy only the sandbox reads, and fabric8's mock API
   * server with what only it brings (Vert.x, Netty; BouncyCastle, which the simulator's TLS code uses too).
   */
  static final List<String> LEFT_OUT = List.of(
      "io/vaultgate/simulator/",
      "io/vaultgate/sandbox/",
      "io/vaultgate/cli/SandboxCommand",
      "io/vaultgate/cli/Main",
      "io/vaultgate/crds/",
      "io/fabric8/kubernetes/client/server/mock/",
      "io/fabric8/mockwebserver/",
      "io/vertx/",
      "io/netty/",
      "org/bouncycastle/");

  /** The left-out libraries' Maven descriptors (BouncyCastle's jars ship none; its classes are checked above). */
  static final List<String> LEFT_OUT_ARTIFACTS = List.of(
      "META-INF/maven/io.fabric8/kubernetes-server-mock/",
      "META-INF/maven/io.fabric8/mockwebserver/",
      "META-INF/maven/io.vertx/",
      "META-INF/maven/io.netty/");

  /**
   * Classes that may name a left-out package: micrometer-core's Netty binders, which only an application that hands
   * them its Netty event loops or allocators loads; the operator binds none.
   */
  static final List<String> MAY_REFER = List.of("io/micrometer/core/instrument/binder/netty4/");

  static JarFile image;
  static List<String> entries;

  @BeforeAll
  static void open() throws IOException {
    assertThat(IMAGE_JAR).as("built by mvn package").isRegularFile();
    image = new JarFile(IMAGE_JAR.toFile());
    entries = Collections.list(image.entries()).stream().map(JarEntry::getName).toList();
  }

  @AfterAll
  static void close() throws IOException {
    if (image != null) {
      image.close();
    }
  }

  // ---------------------------------------------------------------- contents

  @Test
  void holdsTheOperatorAndWhatItRunsOn() throws IOException {
    assertThat(entries).contains(
        "io/vaultgate/cli/OperatorMain.class",
        "io/vaultgate/cli/RunCommand.class",
        "io/vaultgate/cli/RangesCommand.class",
        "io/vaultgate/operator/VaultgateOperator.class",
        "io/vaultgate/reconcile/PrivateVaultAccessReconciler.class",
        "io/vaultgate/azure/KeyVaultAdapter.class",
        "io/vaultgate/ranges/azure-devops-inbound.json",
        "logback.xml",
        "logback-json.xml",
        "io/javaoperatorsdk/operator/Operator.class",
        "io/fabric8/kubernetes/client/KubernetesClientBuilder.class",
        "io/fabric8/kubernetes/client/jdkhttp/JdkHttpClientFactory.class",
        "com/azure/identity/DefaultAzureCredentialBuilder.class",
        "com/azure/resourcemanager/keyvault/KeyVaultManager.class",
        "com/azure/core/http/jdk/httpclient/JdkHttpClientProvider.class",
        "io/micrometer/prometheusmetrics/PrometheusMeterRegistry.class",
        "picocli/CommandLine.class",
        "ch/qos/logback/classic/Logger.class");
    assertThat(image.getManifest().getMainAttributes().getValue("Main-Class"))
        .isEqualTo("io.vaultgate.cli.OperatorMain");
    // the HTTP clients are found through ServiceLoader: the shaded services files must still name them
    assertThat(text("META-INF/services/io.fabric8.kubernetes.client.http.HttpClient$Factory"))
        .contains("io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory");
    assertThat(text("META-INF/services/com.azure.core.http.HttpClientProvider"))
        .contains("com.azure.core.http.jdk.httpclient.JdkHttpClientProvider");
  }

  @Test
  void leavesOutTheSandboxTheSimulatorAndTheMockApiServer() {
    assertThat(entries).noneMatch(e -> LEFT_OUT.stream().anyMatch(e::startsWith))
        .noneMatch(e -> LEFT_OUT_ARTIFACTS.stream().anyMatch(e::startsWith));
  }

  @Test
  void theFullJarHasEveryLeftOutNameSoTheCheckAboveIsNotVacuous() throws IOException {
    assertThat(FULL_JAR).isRegularFile();
    try (JarFile full = new JarFile(FULL_JAR.toFile())) {
      List<String> all = Collections.list(full.entries()).stream().map(JarEntry::getName).toList();
      assertThat(LEFT_OUT).allMatch(prefix -> all.stream().anyMatch(e -> e.startsWith(prefix)), "in the full jar");
      assertThat(LEFT_OUT_ARTIFACTS).allMatch(prefix -> all.stream().anyMatch(e -> e.startsWith(prefix)),
          "in the full jar");
      assertThat(all).contains("io/vaultgate/cli/Main.class", "io/vaultgate/cli/SandboxCommand.class");
    }
  }

  /**
   * No class (nor ServiceLoader file) names a left-out class, by type or by string for reflection: nothing the
   * operator can reach fails with NoClassDefFoundError or ClassNotFoundException.
   */
  @Test
  void nothingInItRefersToWhatWasLeftOut() throws IOException {
    List<String> needles = new ArrayList<>();
    for (String prefix : LEFT_OUT) {
      needles.add(prefix);
      needles.add(prefix.replace('/', '.'));
    }
    Map<String, String> references = new TreeMap<>();
    for (JarEntry entry : Collections.list(image.entries())) {
      String name = entry.getName();
      boolean code = name.endsWith(".class") || name.startsWith("META-INF/services/") && !entry.isDirectory();
      if (!code || MAY_REFER.stream().anyMatch(name::startsWith)) {
        continue;
      }
      // class files keep names in (modified) UTF-8, which is ASCII for these
      String content = new String(bytes(entry), StandardCharsets.ISO_8859_1);
      needles.stream().filter(content::contains).findFirst().ifPresent(n -> references.put(name, n));
    }
    assertThat(references).as("entries naming a left-out class").isEmpty();
  }

  // ---------------------------------------------------------------- it starts

  @Test
  void helpListsRunAndRangesButNoSandbox(@TempDir Path dir) throws Exception {
    Child help = java(dir, Map.of(), "--help");
    assertThat(help.exit()).as(help.output()).isZero();
    assertThat(help.output()).contains("Usage: vaultgate").containsPattern("(?m)^  run ")
        .containsPattern("(?m)^  ranges ").containsPattern("(?m)^  help ").doesNotContain("sandbox");

    Child version = java(dir, Map.of(), "--version");
    assertThat(version.exit()).as(version.output()).isZero();
    assertThat(version.output().strip()).isEqualTo("vaultgate " + System.getProperty("vaultgate.version",
        "development build"));
  }

  @Test
  void runHelpListsTheOperatorsOptions(@TempDir Path dir) throws Exception {
    Child r = java(dir, Map.of(), "run", "--help");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("Usage: vaultgate run").contains("--namespaces").contains("--resync-interval")
        .contains("--scope-policy-file").contains("--leader-election");
  }

  @Test
  void rangesPrintsTheUnitedStatesRanges(@TempDir Path dir) throws Exception {
    Child r = java(dir, Map.of(), "ranges", "UnitedStates");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("# UnitedStates (ranges table version ")
        .contains("20.37.158.0/23       Central United States")
        .contains("20.125.155.0/24      West 3 United States");
  }

  /**
   * {@code run} against a Kubernetes API that refuses connections: the operator is wired (Azure credential chain,
   * Operator SDK, the JDK HTTP client of the Kubernetes client) and stops when its informer cannot list, exiting 1.
   * Seconds, not minutes: the client is told not to retry.
   */
  @Test
  void runStartsTheOperatorUntilTheKubernetesApiRefusesIt(@TempDir Path dir) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: refused
          cluster:
            server: https://127.0.0.1:%d
        contexts:
        - name: refused
          context: {cluster: refused, user: nobody, namespace: default}
        current-context: refused
        users:
        - name: nobody
          user: {token: not-a-token}
        """.formatted(port));
    Child r = java(dir, Map.of("KUBECONFIG", kubeconfig.toString(), "KUBERNETES_REQUEST_RETRY_BACKOFFLIMIT", "0"),
        "run", "--http-port", "-1", "--leader-election", "false");
    assertThat(r.exit()).as(r.output()).isEqualTo(1);
    assertThat(r.output()).contains("Azure DevOps inbound ranges table version").contains("Operator SDK")
        .contains("java.net.ConnectException")
        .doesNotContain("NoClassDefFoundError").doesNotContain("ClassNotFoundException")
        .doesNotContain("ServiceConfigurationError").doesNotContain("No httpclient implementations found");
  }

  // ---------------------------------------------------------------- helpers

  record Child(int exit, String output) {
  }

  /** {@code java -jar vaultgate-operator.jar args} in {@code dir}, stdout and stderr together. */
  static Child java(Path dir, Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-Xmx256m", "-jar", IMAGE_JAR.toAbsolutePath().toString()));
    command.addAll(List.of(args));
    Path output = dir.resolve("output-" + System.nanoTime() + ".txt");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(output.toFile());
    // no setting from this machine: not its cluster, Azure identity or vaultgate options
    builder.environment().keySet().removeIf(k -> k.startsWith("KUBERNETES_") || k.startsWith("KUBECONFIG")
        || k.startsWith("VAULTGATE_") || k.startsWith("AZURE_") || k.startsWith("POD_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("java -jar " + IMAGE_JAR + " " + String.join(" ", args) + " did not end in 90 s:\n"
          + Files.readString(output));
    }
    return new Child(process.exitValue(), Files.readString(output));
  }

  static String text(String entry) throws IOException {
    JarEntry e = image.getJarEntry(entry);
    assertThat(e).as(entry).isNotNull();
    return new String(bytes(e), StandardCharsets.UTF_8);
  }

  static byte[] bytes(JarEntry entry) throws IOException {
    try (InputStream in = image.getInputStream(entry)) {
      return in.readAllBytes();
    }
  }
}
