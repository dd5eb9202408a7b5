package io.vaultgate.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.ChainedTokenCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;

/** The operator's own Azure identity. */
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
}
