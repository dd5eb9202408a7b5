package io.vaultgate.azure;

import io.vaultgate.http.AzureHttp;
import io.vaultgate.http.AzureSettings;
import io.vaultgate.model.VaultId;
import io.vaultgate.simulator.AzureSimulator;
import io.vaultgate.simulator.arm.keyvault.NetworkAcls;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One simulator for a test class, with a seeded resource group, and the product's Azure clients towards it: the
 * HTTP stack of {@link AzureHttp} trusting only the simulator's CA (written to a temporary file, removed after),
 * without metrics. A JUnit extension:
 * {@code @RegisterExtension static final SimulatedAzure azure = new SimulatedAzure(SUBSCRIPTION, GROUP);}
 */
final class SimulatedAzure implements BeforeAllCallback, AfterAllCallback {
  private final String subscription;
  private final String resourceGroup;
  private final int maxRetries;
  private final Duration retryDelay;
  private final Duration maxInlineRetryAfter;
  private AzureSimulator sim;
  private Path caFile;
  private AzureClients clients;

  /** No retries. */
  SimulatedAzure(String subscription, String resourceGroup) {
    this(subscription, resourceGroup, 0, Duration.ofMillis(10), Duration.ofSeconds(1));
  }

  /** Retries {@code retryDelay} apart; a 429 asking for more than {@code maxInlineRetryAfter} is not retried. */
  SimulatedAzure(String subscription, String resourceGroup, int maxRetries, Duration retryDelay,
      Duration maxInlineRetryAfter) {
    this.subscription = subscription;
    this.resourceGroup = resourceGroup;
    this.maxRetries = maxRetries;
    this.retryDelay = retryDelay;
    this.maxInlineRetryAfter = maxInlineRetryAfter;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    sim = AzureSimulator.start();
    sim.seedResourceGroup(subscription, resourceGroup);
    caFile = Files.createTempFile("vaultgate-sim-ca", ".pem");
    sim.writeCaCertificate(caFile);
    AzureSettings settings = new AzureSettings(URI.create(sim.armBaseUrl()), URI.create(sim.graphBaseUrl()),
        URI.create(sim.devOpsBaseUrl()), Optional.of(caFile), maxRetries, retryDelay,
        maxInlineRetryAfter);
    clients = new AzureClients(new AzureHttp(settings, sim.tokenCredential(), (call, next) -> next.process()));
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    sim.close();
    Files.deleteIfExists(caFile);
  }

  AzureSimulator sim() {
    return sim;
  }

  AzureClients clients() {
    return clients;
  }

  /** An access-policy vault in the seeded resource group, its firewall denying all. */
  SimVaultId vault(String name) {
    SimVaultId id = new SimVaultId(subscription, resourceGroup, name);
    sim.keyVaults().create(id, "westeurope", sim.tenantId(), false, "Enabled", NetworkAcls.deny());
    return id;
  }

  static VaultId vaultId(SimVaultId id) {
    return VaultId.parse(id.resourceId()).orElseThrow();
  }
}
