package io.vaultgate.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.ChainedTokenCredentialBuilder;
import com.azure.identity.ClientAssertionCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import io.vaultgate.port.AzurePorts.ClientCredential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The Azure identities vaultgate signs in as: the operator's own, and a namespace's from its credentials Secret. */
public final class AzureCredentials {

  private AzureCredentials() {
  }

  /**
   * Workload identity first (the AKS webhook sets {@code AZURE_FEDERATED_TOKEN_FILE}, {@code AZURE_CLIENT_ID} and
   * {@code AZURE_TENANT_ID}), then the rest of the SDK's default chain (environment, managed identity, Azure CLI,
   * ...), so the same binary runs in a cluster and on a developer's machine.
   */
  public static TokenCredential defaultChain() {
    ChainedTokenCredentialBuilder chain = new ChainedTokenCredentialBuilder();
    if (System.getenv("AZURE_FEDERATED_TOKEN_FILE") != null) {
      chain.addLast(new WorkloadIdentityCredentialBuilder().build());
    }
    return chain.addLast(new DefaultAzureCredentialBuilder().build()).build();
  }

  /** A namespace's own identity through Microsoft Entra; the authority host follows AZURE_AUTHORITY_HOST. */
  public static TokenCredential forNamespace(ClientCredential c) {
    if (c.clientSecret().isPresent()) {
      return new ClientSecretCredentialBuilder().tenantId(c.tenantId()).clientId(c.clientId())
          .clientSecret(c.clientSecret().get()).build();
    }
    Path tokenFile = Path.of(c.federatedTokenFile().orElseThrow());
    return new ClientAssertionCredentialBuilder().tenantId(c.tenantId()).clientId(c.clientId())
        .clientAssertion(() -> {
          try {
            return Files.readString(tokenFile).trim();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }).build();
  }
}
