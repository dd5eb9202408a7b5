package io.vaultgate.port;

import io.vaultgate.model.IdentityRef;
import java.util.List;

/**
 * Federated identity credentials on an app registration (Microsoft Graph) or a user-assigned managed identity
 * (ARM). Implementations translate; they decide nothing. Failures are {@link AzureFailure}.
 */
public interface FederatedCredentialPort {

  record Credential(String name, String issuer, String subject, List<String> audiences, String description) {
    public Credential {
      audiences = List.copyOf(audiences);
    }
  }

  List<Credential> list(IdentityRef identity);

  /** Creates the credential, or sets its issuer, subject and audiences when it exists under that name. */
  void upsert(IdentityRef identity, Credential credential);

  void delete(IdentityRef identity, String name);
}
