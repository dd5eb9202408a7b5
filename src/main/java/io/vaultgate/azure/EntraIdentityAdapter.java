package io.vaultgate.azure;

import com.azure.core.util.Context;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@link IdentityPort} over Microsoft Graph (service principals) and the Managed Identity management client. */
public final class EntraIdentityAdapter implements IdentityPort {

  private static final Pattern USER_ASSIGNED = Pattern.compile(
      "^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.ManagedIdentity/userAssignedIdentities/"
          + "([^/]+)$", Pattern.CASE_INSENSITIVE);

  private final AzureClients clients;

  public EntraIdentityAdapter(AzureClients clients) {
    this.clients = clients;
  }

  @Override
  public Optional<Principal> servicePrincipal(String subscriptionId, String applicationClientId) {
    try {
      return clients.authorization(subscriptionId).serviceClient().getServicePrincipalsServicePrincipals()
          .listServicePrincipal(null, null, null, null, "appId eq '" + applicationClientId + "'", null, null, null,
              null, Context.NONE)
          .stream().findFirst().map(sp -> new Principal(sp.id(), applicationClientId));
    } catch (RuntimeException e) {
      throw AzureErrors.classify(e);
    }
  }

  @Override
  public Optional<Principal> userAssignedIdentity(String resourceId) {
    Matcher m = USER_ASSIGNED.matcher(resourceId);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      var identity = clients.managedIdentities(m.group(1)).serviceClient().getUserAssignedIdentities()
          .getByResourceGroupWithResponse(m.group(2), m.group(3), Context.NONE).getValue();
      return identity.principalId() == null ? Optional.empty()
          : Optional.of(new Principal(identity.principalId().toString(), String.valueOf(identity.clientId())));
    } catch (RuntimeException e) {
      AzureFailure failure = AzureErrors.classify(e);
      if (failure.kind() == AzureFailure.Kind.NOT_FOUND) {
        return Optional.empty();
      }
      throw failure;
    }
  }
}
