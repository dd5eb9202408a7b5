package io.vaultgate.port;

import java.util.Optional;

/** Everything a reconcile talks to, signed in as one Azure identity (the operator's, or a namespace's own). */
public record AzurePorts(VaultPort vaults, IdentityPort identities, RoleAssignmentPort roles,
    FederatedCredentialPort federatedCredentials, NetworkPort network, DevOpsPorts devOps) {

  /** Ports per identity; clients and token caches are never shared between identities. */
  @FunctionalInterface
  public interface Factory {
    /** @param credential a namespace's own identity; empty for the operator's */
    AzurePorts ports(Optional<ClientCredential> credential);
  }

  /**
   * A namespace's Azure identity from its credentials Secret: a client secret, or a federated token file.
   * {@link #toString()} never shows the secret.
   */
  public record ClientCredential(String tenantId, String clientId, Optional<String> clientSecret,
      Optional<String> federatedTokenFile) {

    @Override
    public String toString() {
      return "ClientCredential[tenant " + tenantId + ", client " + clientId + ", "
          + (clientSecret.isPresent() ? "client secret" : "federated token file " + federatedTokenFile.orElse(""))
          + "]";
    }
  }
}
