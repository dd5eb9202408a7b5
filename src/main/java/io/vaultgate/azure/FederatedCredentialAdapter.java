package io.vaultgate.azure;

import static io.vaultgate.http.RestCalls.encode;

import com.azure.core.http.HttpMethod;
import com.azure.core.util.Context;
import com.azure.resourcemanager.msi.fluent.FederatedIdentityCredentialsClient;
import com.azure.resourcemanager.msi.fluent.models.FederatedIdentityCredentialInner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultgate.http.AzureSettings;
import io.vaultgate.http.RestCalls;
import io.vaultgate.model.IdentityRef;
import io.vaultgate.port.AzureFailure;
import io.vaultgate.port.FederatedCredentialPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * {@link FederatedCredentialPort}: Microsoft Graph for app registrations (addressed by appId, upserted with
 * {@code Prefer: create-if-missing}), the Managed Identity client for user-assigned identities.
 */
public final class FederatedCredentialAdapter implements FederatedCredentialPort {

  private final AzureClients clients;
  private final RestCalls graph;

  public FederatedCredentialAdapter(AzureClients clients) {
    this.clients = clients;
    this.graph = new RestCalls(clients.http().pipeline(clients.settings().graphScope()));
  }

  @Override
  public List<Credential> list(IdentityRef identity) {
    if (identity.kind() == IdentityRef.Kind.APPLICATION) {
      JsonNode page = graph.get(graphUrl(identity, "")).orElseThrow(() -> notFound(identity));
      List<Credential> result = new ArrayList<>();
      for (JsonNode c : page.path("value")) {
        List<String> audiences = new ArrayList<>();
        c.path("audiences").forEach(a -> audiences.add(a.asText()));
        result.add(new Credential(c.path("name").asText(), c.path("issuer").asText(), c.path("subject").asText(),
            audiences, c.path("description").asText("")));
      }
      return result;
    }
    Matcher m = uami(identity);
    return Calls.call(() -> credentials(m).list(m.group(2), m.group(3)).stream().map(c -> new Credential(c.name(),
        c.issuer(), c.subject(), c.audiences() == null ? List.of() : c.audiences(), "")).toList());
  }

  @Override
  public void upsert(IdentityRef identity, Credential credential) {
    if (identity.kind() == IdentityRef.Kind.APPLICATION) {
      ObjectNode body = RestCalls.JSON.createObjectNode();
      body.put("name", credential.name());
      body.put("issuer", credential.issuer());
      body.put("subject", credential.subject());
      body.put("description", credential.description());
      credential.audiences().forEach(body.putArray("audiences")::add);
      graph.send(HttpMethod.PATCH, graphUrl(identity, "(name='" + encode(credential.name()) + "')"), body,
          Map.of("Prefer", "create-if-missing")).orElseThrow(() -> notFound(identity));
      return;
    }
    Matcher m = uami(identity);
    Calls.run(() -> credentials(m).createOrUpdateWithResponse(m.group(2), m.group(3), credential.name(),
        new FederatedIdentityCredentialInner().withIssuer(credential.issuer()).withSubject(credential.subject())
            .withAudiences(credential.audiences()), Context.NONE));
  }

  @Override
  public void delete(IdentityRef identity, String name) {
    if (identity.kind() == IdentityRef.Kind.APPLICATION) {
      graph.send(HttpMethod.DELETE, graphUrl(identity, "/" + encode(name)), null, Map.of());
      return;
    }
    Matcher m = uami(identity);
    Calls.delete(() -> credentials(m).deleteWithResponse(m.group(2), m.group(3), name, Context.NONE));
  }

  private String graphUrl(IdentityRef identity, String suffix) {
    return AzureSettings.base(clients.settings().microsoftGraphEndpoint()) + "v1.0/applications(appId='"
        + encode(identity.value())
        + "')/federatedIdentityCredentials" + suffix;
  }

  private FederatedIdentityCredentialsClient credentials(Matcher m) {
    return clients.managedIdentities(m.group(1)).serviceClient().getFederatedIdentityCredentials();
  }

  private static Matcher uami(IdentityRef identity) {
    return Calls.userAssigned(identity.value()).orElseThrow(() -> new IllegalArgumentException(
        "not a user-assigned identity id: " + identity.value()));
  }

  private static AzureFailure notFound(IdentityRef identity) {
    return new AzureFailure(AzureFailure.Kind.NOT_FOUND, 404, "Request_ResourceNotFound", identity
        + " was not found", null);
  }

}
