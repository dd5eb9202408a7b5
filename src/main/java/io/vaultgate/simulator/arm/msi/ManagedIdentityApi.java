package io.vaultgate.simulator.arm.msi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultgate.simulator.arm.ArmPages;
import io.vaultgate.simulator.arm.ArmService;
import io.vaultgate.simulator.graph.FederatedCredentials;
import io.vaultgate.simulator.graph.FederatedIdentityCredential;
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.Guid;
import io.vaultgate.simulator.http.JsonFields;
import io.vaultgate.simulator.http.SimJson;
import io.vaultgate.simulator.http.SimRequest;
import io.vaultgate.simulator.http.SimResponse;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The REST operations on {@code Microsoft.ManagedIdentity/userAssignedIdentities} and their
 * {@code federatedIdentityCredentials}, on the ARM front door. All are synchronous.
 */
public final class ManagedIdentityApi {
  static final String CREDENTIAL_TYPE = IdentityId.TYPE + "/federatedIdentityCredentials";
  /** The first api-version whose identities report {@code isolationScope}. */
  private static final String ISOLATION_SCOPE_SINCE = "2024-11-30";
  /** The spec's pattern for credential names. */
  private static final Pattern CREDENTIAL_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9-_]{2,119}");
  private static final String MISSING_CLAIMS = "The request format was unexpected. Federated Identity Credential"
      + " must specify 'issuer', 'subject' and 'audience'.";

  /**
   * The service's wording where it is seen in the wild (missing claims, duplicate issuer and subject); the limit
   * and length messages are the simulator's own, with ARM's generic {@code BadRequest} code.
   */
  static final FederatedCredentials.Errors ERRORS = new FederatedCredentials.Errors() {
    @Override
    public ApiError invalid(String property, String value) {
      return value == null || value.isBlank() ? ApiError.badRequest(MISSING_CLAIMS)
          : ApiError.badRequest("Invalid value '" + value + "' for property '" + property + "' of the Federated"
              + " Identity Credential: a credential has exactly one audience, a name of at most "
              + FederatedCredentials.MAX_NAME_LENGTH + " characters and values of at most "
              + FederatedCredentials.MAX_VALUE_LENGTH + ".");
    }

    @Override
    public ApiError tooMany(int max) {
      return ApiError.badRequest("The managed identity already has the maximum number of Federated Identity"
          + " Credentials (" + max + ").");
    }

    @Override
    public ApiError duplicateIssuerAndSubject(FederatedIdentityCredential candidate) {
      return ApiError.badRequest("Issuer and subject combination already exists for this Managed Identity.");
    }

    @Override
    public ApiError nameTaken(String name) {
      return new ApiError(409, "Conflict", "A Federated Identity Credential named '" + name + "' exists.");
    }
  };

  private final ManagedIdentities identities;

  private ManagedIdentityApi(ManagedIdentities identities) {
    this.identities = identities;
  }

  public static void register(ArmService arm, ManagedIdentities identities) {
    ManagedIdentityApi api = new ManagedIdentityApi(identities);
    arm.route("GET", ManagedIdentities.IDENTITY_ROUTE, "userAssignedIdentities", ManagedIdentities.API_VERSIONS,
        api::get);
    List<String> versions = ManagedIdentities.FEDERATED_CREDENTIAL_API_VERSIONS;
    String type = "userAssignedIdentities/federatedIdentityCredentials";
    arm.route("GET", ManagedIdentities.FEDERATED_CREDENTIALS_ROUTE, type, versions, api::listCredentials);
    arm.route("GET", ManagedIdentities.FEDERATED_CREDENTIAL_ROUTE, type, versions, api::getCredential);
    arm.route("PUT", ManagedIdentities.FEDERATED_CREDENTIAL_ROUTE, type, versions, api::putCredential);
    arm.route("DELETE", ManagedIdentities.FEDERATED_CREDENTIAL_ROUTE, type, versions, api::deleteCredential);
    arm.resourceType(IdentityId.TYPE, (subscription, group, name) ->
        identities.find(new IdentityId(subscription, group, name)).isPresent());
  }

  /** 409 while another credential write on the identity is under way, in the service's words. */
  static ApiError concurrentWrites(UserAssignedIdentity identity) {
    IdentityId id = identity.identityId();
    return new ApiError(409, "ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity",
        "Too many Federated Identity Credentials are written concurrently for the managed identity '/subscriptions/"
            + id.subscriptionId() + "/resourcegroups/" + id.resourceGroup() + "/providers/"
            + IdentityId.TYPE.toLowerCase(Locale.ROOT) + "/" + id.name() + "'. Concurrent Federated Identity"
            + " Credentials writes under the same managed identity are not supported.");
  }

  static void checkCredentialName(String name) {
    if (name == null || !CREDENTIAL_NAME.matcher(name).matches()) {
      throw ApiError.badRequest("The Federated Identity Credential name '" + name + "' is invalid. It must start"
          + " with a letter or digit and have 3 to 120 letters, digits, hyphens or underscores.");
    }
  }

  private SimResponse get(SimRequest request) {
    UserAssignedIdentity identity = identity(request);
    boolean isolationScope = request.queryParam("api-version").orElseThrow().compareTo(ISOLATION_SCOPE_SINCE) >= 0;
    return SimResponse.json(200, json(identity, isolationScope));
  }

  /** One page: {@code $top} (at least 1) credentials from {@code $skiptoken}, and a nextLink to the rest. */
  private SimResponse listCredentials(SimRequest request) {
    UserAssignedIdentity identity = identity(request);
    List<FederatedIdentityCredential> all = identities.federatedCredentials(identity.identityId());
    return SimResponse.json(200, ArmPages.page(request, all, all.size(), Integer.MAX_VALUE, c -> json(identity, c)));
  }

  private SimResponse getCredential(SimRequest request) {
    UserAssignedIdentity identity = identity(request);
    String name = request.pathParam(3);
    return SimResponse.json(200, json(identity, identities.federatedCredential(identity.identityId(), name)
        .orElseThrow(() -> credentialNotFound(identity, name))));
  }

  /** 201 when created, 200 when replaced. */
  private SimResponse putCredential(SimRequest request) {
    UserAssignedIdentity identity = identity(request);
    String name = request.pathParam(3);
    checkCredentialName(name);
    JsonFields p = JsonFields.of(SimJson.body(request), "properties")
        .orElseThrow(() -> ApiError.badRequest(MISSING_CLAIMS));
    FederatedIdentityCredential credential = new FederatedIdentityCredential(Guid.random(), name,
        p.text("issuer").orElse(null), p.text("subject").orElse(null), p.strings("audiences"), null);
    FederatedCredentials.Put put = identities.putFederatedCredential(identity.identityId(), credential);
    return SimResponse.json(put.created() ? 201 : 200, json(identity, put.credential()));
  }

  /** 200 when deleted, 204 when there was none. */
  private SimResponse deleteCredential(SimRequest request) {
    UserAssignedIdentity identity = identity(request);
    return SimResponse.empty(identities.deleteFederatedCredential(identity.identityId(), request.pathParam(3))
        ? 200 : 204);
  }

  private UserAssignedIdentity identity(SimRequest request) {
    IdentityId id = new IdentityId(request.pathParam(0), request.pathParam(1), request.pathParam(2));
    return identities.find(id).orElseThrow(() ->
        ArmService.resourceNotFound(IdentityId.TYPE, id.name(), id.resourceGroup()));
  }

  private static ApiError credentialNotFound(UserAssignedIdentity identity, String name) {
    IdentityId id = identity.identityId();
    return ArmService.resourceNotFound(IdentityId.TYPE, id.name() + "/federatedIdentityCredentials/" + name,
        id.resourceGroup());
  }

  /** The id as the service writes it: "resourcegroups" in lower case (as in its spec examples). */
  private static String wireId(IdentityId id) {
    return "/subscriptions/" + id.subscriptionId() + "/resourcegroups/" + id.resourceGroup() + "/providers/"
        + IdentityId.TYPE + "/" + id.name();
  }

  private static ObjectNode json(UserAssignedIdentity identity, boolean isolationScope) {
    IdentityId id = identity.identityId();
    ObjectNode node = SimJson.object();
    node.put("name", id.name());
    node.put("type", IdentityId.TYPE);
    node.put("id", wireId(id));
    node.put("location", identity.location());
    node.putObject("tags");
    ObjectNode properties = node.putObject("properties");
    properties.put("tenantId", identity.tenantId());
    properties.put("principalId", identity.principalId());
    properties.put("clientId", identity.clientId());
    if (isolationScope) {
      properties.put("isolationScope", "None");
    }
    return node;
  }

  private static ObjectNode json(UserAssignedIdentity identity, FederatedIdentityCredential credential) {
    ObjectNode node = SimJson.object();
    node.put("id", wireId(identity.identityId()) + "/federatedIdentityCredentials/" + credential.name());
    node.put("name", credential.name());
    ObjectNode properties = node.putObject("properties");
    properties.put("issuer", credential.issuer());
    properties.put("subject", credential.subject());
    credential.audiences().forEach(properties.putArray("audiences")::add);
    node.put("type", CREDENTIAL_TYPE);
    return node;
  }
}
