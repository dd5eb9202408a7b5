package io.vaultgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real kubectl binary, run against one kubeconfig: {@code $KUBECTL} if set, else whatever
 * {@code e2e/install-kubectl.sh} finds on PATH or installs.
 */
final class Kubectl {

  record Result(int exit, String out, String err) {
  }

  private static Path binary;

  private final Path kubeconfig;
  private final Path cache;

  /** @param cache kubectl's discovery and HTTP cache: the test's own, not the user's ~/.kube/cache */
  Kubectl(Path kubeconfig, Path cache) {
    this.kubeconfig = kubeconfig;
    this.cache = cache;
  }

  static synchronized Path binary() {
    if (binary == null) {
      String configured = System.getenv("KUBECTL");
      binary = configured != null && !configured.isBlank() ? Path.of(configured) : install();
    }
    return binary;
  }

  private static Path install() {
    Result result = exec(List.of("bash", "e2e/install-kubectl.sh"), 300);
    assertThat(result.exit()).as("e2e/install-kubectl.sh: %s", result.err()).isZero();
    return Path.of(result.out().strip());
  }

  /** Runs kubectl with these arguments; fails the test if it has not finished within two minutes. */
  Result run(String... args) {
    List<String> command = new ArrayList<>(List.of(binary().toString(), "--kubeconfig", kubeconfig.toString(),
        "--cache-dir", cache.toString()));
    command.addAll(List.of(args));
    return exec(command, 120);
  }

  /** Runs kubectl and requires it to succeed; its standard output. */
  String ok(String... args) {
    Result result = run(args);
    assertThat(result.exit()).as("kubectl %s\n%s%s", String.join(" ", args), result.out(), result.err()).isZero();
    return result.out();
  }

  private static Result exec(List<String> command, long timeoutSeconds) {
    try {
      Path out = Files.createTempFile("kubectl-out", ".txt");
      Path err = Files.createTempFile("kubectl-err", ".txt");
      try {
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + "s");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
