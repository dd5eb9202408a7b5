package io.vaultgate.azure;

import io.vaultgate.http.AzureHttp;
import io.vaultgate.http.AzureSettings;
import io.vaultgate.simulator.AzureSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The product's Azure clients, wired as the operator wires them (its {@link AzureHttp}, trusting only the
 * simulator's CA, no metrics), against one simulator with one resource group for a test class:
 * {@code @RegisterExtension static final SimulatedAzure azure = new SimulatedAzure(SUBSCRIPTION, GROUP);}.
 */
final class SimulatedAzure implements BeforeAllCallback, AfterAllCallback {
  private final String subscriptionId;
  private final String resourceGroup;
  private final int maxRetries;
  private final Duration retryDelay;
  private AzureSimulator sim;
  private Path caFile;
  private AzureClients clients;

  /** With the resource group seeded, and no retries. */
  SimulatedAzure(String subscriptionId, String resourceGroup) {
    this(subscriptionId, resourceGroup, 0, Duration.ofMillis(10));
  }

  SimulatedAzure(String subscriptionId, String resourceGroup, int maxRetries, Duration retryDelay) {
    this.subscriptionId = subscriptionId;
    this.resourceGroup = resourceGroup;
    this.maxRetries = maxRetries;
    this.retryDelay = retryDelay;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    sim = AzureSimulator.start();
    sim.seedResourceGroup(subscriptionId, resourceGroup);
    caFile = Files.createTempFile("vaultgate-sim-ca", ".pem");
    sim.writeCaCertificate(caFile);
    AzureSettings settings = new AzureSettings(URI.create(sim.armBaseUrl()), URI.create(sim.graphBaseUrl()),
        URI.create(sim.devOpsBaseUrl()), Optional.of(caFile), maxRetries, retryDelay, Duration.ofSeconds(1));
    clients = new AzureClients(new AzureHttp(settings, sim.tokenCredential(), (call, next) -> next.process()));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    sim.close();
    try {
      Files.deleteIfExists(caFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  AzureSimulator sim() {
    return sim;
  }

  AzureClients clients() {
    return clients;
  }
}
