package io.vaultgate.azure;

import com.azure.core.util.Context;
import io.vaultgate.port.IdentityPort;
import java.util.Optional;
import java.util.regex.Matcher;

/** {@link IdentityPort} over Microsoft Graph (service principals) and the Managed Identity management client. */
public final class EntraIdentityAdapter implements IdentityPort {

  private final AzureClients clients;

  public EntraIdentityAdapter(AzureClients clients) {
    this.clients = clients;
  }

  @Override
  public Optional<Principal> servicePrincipal(String subscriptionId, String applicationClientId) {
    return Calls.call(() -> clients.authorization(subscriptionId).serviceClient().getServicePrincipalsServicePrincipals()
        .listServicePrincipal(null, null, null, null, "appId eq '" + applicationClientId + "'", null, null, null,
            null, Context.NONE)
        .stream().findFirst().map(sp -> new Principal(sp.id(), applicationClientId)));
  }

  @Override
  public Optional<Principal> userAssignedIdentity(String resourceId) {
    Optional<Matcher> id = Calls.userAssigned(resourceId);
    if (id.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = id.get();
    return Calls.found(() -> clients.managedIdentities(m.group(1)).serviceClient().getUserAssignedIdentities()
            .getByResourceGroupWithResponse(m.group(2), m.group(3), Context.NONE).getValue())
        .filter(identity -> identity.principalId() != null)
        .map(identity -> new Principal(identity.principalId().toString(), String.valueOf(identity.clientId())));
  }
}
