package io.vaultgate.simulator.graph;

import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.Guid;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Microsoft Entra directory of one tenant: app registrations with their service principals, and the service
 * principals of user-assigned managed identities (added by the Managed Identity provider), and the apps' federated
 * identity credentials. Seeded through this state API, as another administrator would (not requests: not logged
 * or faulted; rule violations throw {@link ApiError} as over REST). Microsoft Graph serves it, and Authorization
 * checks role assignment principals against it.
 */
public final class Directory {
  /** Graph route templates, as they appear in the request log. */
  public static final String SERVICE_PRINCIPALS_ROUTE = "/v1.0/servicePrincipals";
  public static final String SERVICE_PRINCIPAL_ROUTE = SERVICE_PRINCIPALS_ROUTE + "/{}";
  public static final String SERVICE_PRINCIPAL_BY_APP_ID_ROUTE = "/v1.0/servicePrincipals(appId='{}')";
  public static final String APPLICATIONS_ROUTE = "/v1.0/applications";
  public static final String APPLICATION_ROUTE = APPLICATIONS_ROUTE + "/{}";
  public static final String APPLICATION_BY_APP_ID_ROUTE = "/v1.0/applications(appId='{}')";
  /** An application's federated identity credentials; each route also exists below the appId form. */
  public static final String FEDERATED_CREDENTIALS_ROUTE = APPLICATION_ROUTE + "/federatedIdentityCredentials";
  public static final String FEDERATED_CREDENTIAL_ROUTE = FEDERATED_CREDENTIALS_ROUTE + "/{}";
  /** The alternate key form, the one upserts ({@code Prefer: create-if-missing}) use. */
  public static final String FEDERATED_CREDENTIAL_BY_NAME_ROUTE =
      APPLICATION_ROUTE + "/federatedIdentityCredentials(name='{}')";
  public static final String FEDERATED_CREDENTIALS_BY_APP_ID_ROUTE =
      APPLICATION_BY_APP_ID_ROUTE + "/federatedIdentityCredentials";
  public static final String FEDERATED_CREDENTIAL_BY_APP_ID_ROUTE = FEDERATED_CREDENTIALS_BY_APP_ID_ROUTE + "/{}";
  public static final String FEDERATED_CREDENTIAL_BY_APP_ID_AND_NAME_ROUTE =
      APPLICATION_BY_APP_ID_ROUTE + "/federatedIdentityCredentials(name='{}')";

  /** servicePrincipalType of an app registration's service principal. */
  public static final String APPLICATION = "Application";
  /** servicePrincipalType of a managed identity's service principal. */
  public static final String MANAGED_IDENTITY = "ManagedIdentity";

  /** An app registration (application object) and its service principal in this tenant. */
  public record AppRegistration(String appId, String applicationObjectId, String servicePrincipalObjectId,
                  String displayName) {
  }

  /** An application object. */
  public record Application(String id, String appId, String displayName, Instant createdDateTime) {
  }

  /**
   * A service principal.
   *
   * @param servicePrincipalType {@link #APPLICATION} or {@link #MANAGED_IDENTITY}
   * @param alternativeNames     for a managed identity, "isExplicit=True" and its ARM resource id
   */
  public record ServicePrincipal(String id, String appId, String displayName, String servicePrincipalType,
                   List<String> alternativeNames) {
    public ServicePrincipal {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(appId, "appId");
      alternativeNames = List.copyOf(alternativeNames);
    }
  }

  private final String tenantId;
  /** By lower-case object id. */
  private final Map<String, Application> applications = new ConcurrentHashMap<>();
  private final Map<String, ServicePrincipal> servicePrincipals = new ConcurrentHashMap<>();
  /** Held by application object id. */
  private final FederatedCredentials credentials = new FederatedCredentials();

  public Directory(String tenantId) {
    this.tenantId = tenantId;
  }

  public String tenantId() {
    return tenantId;
  }

  // ----- state API -----

  /** Registers an app and creates its service principal, with fresh ids. */
  public AppRegistration seedApp(String displayName) {
    return seedApp(displayName, null, null, null);
  }

  /**
   * Registers an app and creates its service principal; a null id is generated.
   *
   * @throws IllegalStateException if an id is taken
   */
  public synchronized AppRegistration seedApp(String displayName, String appId, String applicationObjectId,
                        String servicePrincipalObjectId) {
    AppRegistration app = new AppRegistration(Guid.orRandom(appId), Guid.orRandom(applicationObjectId),
        Guid.orRandom(servicePrincipalObjectId), displayName);
    if (applicationByAppId(app.appId()).isPresent() || application(app.applicationObjectId()).isPresent()) {
      throw new IllegalStateException("application exists: " + app.appId());
    }
    addServicePrincipal(new ServicePrincipal(app.servicePrincipalObjectId(), app.appId(), displayName,
        APPLICATION, List.of()));
    // Graph reports whole seconds.
    applications.put(key(app.applicationObjectId()), new Application(app.applicationObjectId(), app.appId(),
        displayName, Instant.now().truncatedTo(ChronoUnit.SECONDS)));
    return app;
  }

  /**
   * Deletes an app registration, its federated identity credentials and its service principal; role assignments
   * to it stay, as in Azure.
   */
  public synchronized boolean deleteApp(String appId) {
    Optional<Application> app = applicationByAppId(appId);
    app.ifPresent(a -> {
      applications.remove(key(a.id()));
      credentials.removeHolder(a.id());
    });
    servicePrincipalByAppId(appId).ifPresent(sp -> servicePrincipals.remove(key(sp.id())));
    return app.isPresent();
  }

  public Optional<ServicePrincipal> servicePrincipal(String objectId) {
    return Optional.ofNullable(servicePrincipals.get(key(objectId)));
  }

  public Optional<ServicePrincipal> servicePrincipalByAppId(String appId) {
    return servicePrincipals.values().stream().filter(sp -> sp.appId().equalsIgnoreCase(appId)).findFirst();
  }

  public Optional<Application> application(String objectId) {
    return Optional.ofNullable(applications.get(key(objectId)));
  }

  public Optional<Application> applicationByAppId(String appId) {
    return applications.values().stream().filter(a -> a.appId().equalsIgnoreCase(appId)).findFirst();
  }

  /** All service principals, by object id. */
  public List<ServicePrincipal> servicePrincipals() {
    return servicePrincipals.values().stream().sorted(Comparator.comparing(ServicePrincipal::id)).toList();
  }

  /** All application objects, by object id. */
  public List<Application> applications() {
    return applications.values().stream().sorted(Comparator.comparing(Application::id)).toList();
  }

  /**
   * The federated identity credentials of the app with this appId, in creation order.
   *
   * @throws NoSuchElementException if there is no such app
   */
  public List<FederatedIdentityCredential> federatedCredentials(String appId) {
    return credentials.list(existingApp(appId).id());
  }

  /** Adds a credential for {@link FederatedIdentityCredential#TOKEN_EXCHANGE_AUDIENCE}, as Graph's POST would. */
  public FederatedIdentityCredential addFederatedCredential(String appId, String name, String issuer,
                               String subject) {
    return putFederatedCredential(appId, FederatedIdentityCredential.of(name, issuer, subject), false).credential();
  }

  /**
   * Replaces the credential of the same name (it keeps its id), or adds it if there is none, with the rules Graph
   * applies to its upsert.
   */
  public FederatedIdentityCredential replaceFederatedCredential(String appId,
                                  FederatedIdentityCredential credential) {
    return putFederatedCredential(appId, credential, true).credential();
  }

  /** @return whether the app had a credential with this id or name */
  public boolean deleteFederatedCredential(String appId, String idOrName) {
    return credentials.delete(existingApp(appId).id(), idOrName).isPresent();
  }

  // ----- used by the other services -----

  FederatedCredentials.Put putFederatedCredential(String appId, FederatedIdentityCredential credential,
                          boolean replace) {
    return credentials.put(existingApp(appId).id(), credential, replace, ApplicationCredentialApi.ERRORS);
  }

  Optional<FederatedIdentityCredential> federatedCredential(String appId, String idOrName) {
    return credentials.find(existingApp(appId).id(), idOrName);
  }

  private Application existingApp(String appId) {
    return applicationByAppId(appId).orElseThrow(() -> new NoSuchElementException("no application " + appId));
  }

  /** The principal type Authorization reports for an object, if the directory has it. */
  public Optional<String> principalType(String objectId) {
    return servicePrincipal(objectId).map(sp -> "ServicePrincipal");
  }

  public synchronized void addServicePrincipal(ServicePrincipal servicePrincipal) {
    if (servicePrincipal(servicePrincipal.id()).isPresent()
        || servicePrincipalByAppId(servicePrincipal.appId()).isPresent()) {
      throw new IllegalStateException("service principal exists: " + servicePrincipal.id());
    }
    servicePrincipals.put(key(servicePrincipal.id()), servicePrincipal);
  }

  public void removeServicePrincipal(String objectId) {
    servicePrincipals.remove(key(objectId));
  }

  private static String key(String id) {
    return id.toLowerCase(Locale.ROOT);
  }
}
