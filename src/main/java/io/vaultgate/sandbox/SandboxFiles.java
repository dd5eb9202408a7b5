package io.vaultgate.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files a running sandbox is described by: a kubeconfig ({@code FILE}), the simulator's description
 * ({@code FILE.azure.json}) and its CA certificate ({@code FILE.azure-ca.pem}). Each appears whole (written aside,
 * then moved), the kubeconfig last; all are removed when the sandbox stops, with the directory if the sandbox
 * made it. An existing file is only replaced if it is a sandbox kubeconfig, so a real one is never clobbered.
 */
final class SandboxFiles implements AutoCloseable {

  static final String CONTEXT = "vaultgate-sandbox";
  private static final Pattern SERVER = Pattern.compile("server: (\\S+)");

  private final Path kubeconfig;
  private final Optional<Path> ownDirectory;

  private SandboxFiles(Path kubeconfig, Optional<Path> ownDirectory) {
    this.kubeconfig = kubeconfig;
    this.ownDirectory = ownDirectory;
  }

  /** @param kubeconfig where to write; empty for a fresh temporary directory */
  static SandboxFiles at(Optional<Path> kubeconfig) {
    try {
      if (kubeconfig.isEmpty()) {
        Path dir = Files.createTempDirectory("vaultgate-sandbox-");
        return new SandboxFiles(dir.resolve("kubeconfig"), Optional.of(dir));
      }
      Path file = kubeconfig.get().toAbsolutePath();
      if (Files.exists(file)) {
        String existing = Files.readString(file);
        if (!existing.contains("name: " + CONTEXT)) {
          throw new IllegalArgumentException(file + " exists and is not a sandbox kubeconfig; choose another file");
        }
        if (answers(existing)) {
          throw new IllegalArgumentException(file + " belongs to a sandbox that is still running");
        }
      }
      Files.createDirectories(file.getParent());
      return new SandboxFiles(file, Optional.empty());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the server a sandbox kubeconfig names still accepts connections (a stale one is replaced). */
  private static boolean answers(String kubeconfig) {
    Matcher server = SERVER.matcher(kubeconfig);
    if (!server.find()) {
      return false;
    }
    URI uri = URI.create(server.group(1));
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  Path kubeconfig() {
    return kubeconfig;
  }

  Path azureDescription() {
    return kubeconfig.resolveSibling(kubeconfig.getFileName() + ".azure.json");
  }

  Path caCertificate() {
    return kubeconfig.resolveSibling(kubeconfig.getFileName() + ".azure-ca.pem");
  }

  void writeCaCertificate(String pem) {
    write(caCertificate(), pem);
  }

  void writeAzureDescription(JsonNode description) {
    try {
      write(azureDescription(), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(description) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A kubeconfig for the embedded API, its current namespace the seeded world's. */
  void writeKubeconfig(URI server, String namespace) {
    write(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: %2$s
        users:
        - name: %1$s
          user: {}
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            user: %1$s
            namespace: %3$s
        current-context: %1$s
        """.formatted(CONTEXT, server, namespace));
  }

  private static void write(Path file, String content) {
    try {
      Path aside = file.resolveSibling(file.getFileName() + ".writing");
      Files.writeString(aside, content, StandardCharsets.UTF_8);
      Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      for (Path file : List.of(kubeconfig, azureDescription(), caCertificate())) {
        Files.deleteIfExists(file);
      }
      if (ownDirectory.isPresent()) {
        Files.deleteIfExists(ownDirectory.get());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
