package io.vaultgate.port;

import java.util.Optional;

/**
 * Looks up the principal (object) id of an existing Entra identity; vaultgate never creates identities. Empty when
 * it does not exist. Failures are {@link AzureFailure}.
 */
public interface IdentityPort {

  /** The service principal of an app registration, found by its application (client) id through Microsoft Graph. */
  Optional<Principal> servicePrincipal(String subscriptionId, String applicationClientId);

  /** A user-assigned managed identity, read through ARM. */
  Optional<Principal> userAssignedIdentity(String resourceId);

  /**
   * @param objectId the principal (service principal object) id that permissions and roles are granted to
   * @param clientId the application (client) id a service connection signs in as
   */
  record Principal(String objectId, String clientId) {
  }
}
