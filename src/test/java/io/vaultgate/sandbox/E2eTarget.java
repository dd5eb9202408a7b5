package io.vaultgate.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What the e2e scenarios run against: by default a fresh sandbox in this JVM; with
 * {@code VAULTGATE_E2E_KUBECONFIG} and {@code VAULTGATE_E2E_AZURE} set, a real cluster running vaultgate and the
 * Azure it manages, described by a file of the same shape as the sandbox's {@code FILE.azure.json}.
 */
final class E2eTarget implements AutoCloseable {

  final Path kubeconfig;
  final JsonNode azure;
  final JsonNode world;
  private final Optional<Sandbox> sandbox;
  private final Optional<Path> directory;

  private E2eTarget(Path kubeconfig, JsonNode azure, Optional<Sandbox> sandbox, Optional<Path> directory) {
    this.kubeconfig = kubeconfig;
    this.azure = azure;
    this.world = azure.path("world");
    this.sandbox = sandbox;
    this.directory = directory;
  }

  static E2eTarget fromEnvironment() {
    String kubeconfig = System.getenv("VAULTGATE_E2E_KUBECONFIG");
    String azure = System.getenv("VAULTGATE_E2E_AZURE");
    try {
      if (kubeconfig != null && azure != null) {
        return new E2eTarget(Path.of(kubeconfig), Json.MAPPER.readTree(Path.of(azure).toFile()), Optional.empty(),
            Optional.empty());
      }
      Path directory = Files.createTempDirectory("vaultgate-e2e");
      Sandbox sandbox = Sandbox.start(new Sandbox.Settings(Optional.of(directory.resolve("kubeconfig")),
          Duration.ofMinutes(1)));
      return new E2eTarget(sandbox.kubeconfig(), Json.MAPPER.readTree(sandbox.azureDescription().toFile()),
          Optional.of(sandbox), Optional.of(directory));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String namespace() {
    return world.path("namespace").asText();
  }

  String accessPolicyVault() {
    return world.path("vaults").path("accessPolicy").asText();
  }

  String rbacVault() {
    return world.path("vaults").path("rbac").asText();
  }

  /** The scenario manifest ({@code e2e/manifests/private-vault-access.yaml}) filled in for this target. */
  String manifest(String name, String vault, String mode, String... ranges) {
    return filled("private-vault-access.yaml", Map.of("NAME", name, "NAMESPACE", namespace(), "VAULT", vault,
        "ORGANIZATION", world.path("devOps").path("organization").asText(),
        "PROJECT", world.path("devOps").path("project").asText(),
        "GEOGRAPHY", world.path("devOps").path("geography").asText(), "MODE", mode,
        "RANGES", String.join(", ", ranges)));
  }

  /** The grant a pipeline makes ({@code e2e/manifests/agent-ip-grant.yaml}) filled in for this target. */
  String grantManifest(String name, String access, String address, String ttl) {
    return filled("agent-ip-grant.yaml", Map.of("NAME", name, "NAMESPACE", namespace(), "ACCESS", access,
        "ADDRESS", address, "TTL", ttl));
  }

  private static String filled(String manifest, Map<String, String> values) {
    try {
      String text = Files.readString(Path.of("e2e/manifests", manifest));
      for (Map.Entry<String, String> value : values.entrySet()) {
        text = text.replace("${" + value.getKey() + "}", value.getValue());
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    sandbox.ifPresent(Sandbox::close);
    if (directory.isPresent()) {
      Files.deleteIfExists(directory.get());
    }
  }
}
