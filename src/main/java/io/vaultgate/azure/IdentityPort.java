package io.vaultgate.azure;

import java.util.Optional;

/**
 * Looks up the principal (object) id of an existing Entra identity; vaultgate never creates identities. Empty when
 * it does not exist. Failures are {@link AzureFailure}.
 */
public interface IdentityPort {

  /** The service principal of an app registration, found by its application (client) id through Microsoft Graph. */
  Optional<String> servicePrincipalObjectId(String subscriptionId, String applicationClientId);

  /** A user-assigned managed identity's principal id, read through ARM. */
  Optional<String> userAssignedIdentityPrincipalId(String resourceId);
}
