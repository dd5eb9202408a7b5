package io.vaultgate.simulator.arm.msi;

import io.vaultgate.simulator.arm.ArmService;
import io.vaultgate.simulator.arm.ResourceGroups;
import io.vaultgate.simulator.graph.Directory;
import io.vaultgate.simulator.graph.FederatedCredentials;
import io.vaultgate.simulator.graph.FederatedIdentityCredential;
import io.vaultgate.simulator.http.Guid;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The simulated {@code Microsoft.ManagedIdentity/userAssignedIdentities}, and the state API through which a test
 * (or the sandbox) creates them as another administrator would. Each identity has a service principal in the
 * {@link Directory}, so Authorization and Graph find it like any other principal, and may hold federated identity
 * credentials. The service refuses concurrent credential writes on one identity (409); here each write holds the
 * identity for {@link #setFederatedCredentialWriteDuration} so that a test can make two of them overlap.
 */
public final class ManagedIdentities {
  /** Route template, as it appears in the request log. */
  public static final String IDENTITY_ROUTE =
      "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{}";
  /** The api-versions the service accepts, oldest first (the Java SDK 2.53.x sends 2024-11-30). */
  public static final List<String> API_VERSIONS = List.of("2018-11-30", "2023-01-31", "2024-11-30");
  public static final String FEDERATED_CREDENTIALS_ROUTE = IDENTITY_ROUTE + "/federatedIdentityCredentials";
  public static final String FEDERATED_CREDENTIAL_ROUTE = FEDERATED_CREDENTIALS_ROUTE + "/{}";
  /** The api-versions with federated identity credentials (the Java SDK 2.53.x sends 2024-11-30). */
  public static final List<String> FEDERATED_CREDENTIAL_API_VERSIONS = List.of("2023-01-31", "2024-11-30");

  private final ResourceGroups resourceGroups;
  private final Directory directory;
  private final Map<String, UserAssignedIdentity> identities = new ConcurrentHashMap<>();
  /** Held by identity key. */
  private final FederatedCredentials credentials = new FederatedCredentials();
  private final Map<String, ReentrantLock> credentialWrites = new ConcurrentHashMap<>();
  private volatile Duration credentialWriteDuration = Duration.ZERO;

  public ManagedIdentities(ResourceGroups resourceGroups, Directory directory) {
    this.resourceGroups = resourceGroups;
    this.directory = directory;
  }

  // ----- state API -----

  /** Creates an identity with fresh principal and client ids (the resource group is seeded if missing). */
  public UserAssignedIdentity create(IdentityId id, String location) {
    return create(id, location, null, null);
  }

  /**
   * Creates an identity in the directory's tenant (the resource group is seeded if missing); a null id is
   * generated.
   *
   * @throws IllegalStateException if the identity, or a principal with one of the ids, exists
   */
  public synchronized UserAssignedIdentity create(IdentityId id, String location, String principalId,
                          String clientId) {
    ResourceGroups.ResourceGroup group = resourceGroups.seed(id.subscriptionId(), id.resourceGroup(), location);
    if (find(id).isPresent()) {
      throw new IllegalStateException("identity exists: " + id.resourceId());
    }
    UserAssignedIdentity identity = new UserAssignedIdentity(
        new IdentityId(group.subscriptionId(), group.name(), id.name()), ArmService.normaliseLocation(location),
        directory.tenantId(), Guid.orRandom(principalId), Guid.orRandom(clientId));
    directory.addServicePrincipal(new Directory.ServicePrincipal(identity.principalId(), identity.clientId(),
        id.name(), Directory.MANAGED_IDENTITY, List.of("isExplicit=True", identity.resourceId())));
    identities.put(id.key(), identity);
    return identity;
  }

  public Optional<UserAssignedIdentity> find(IdentityId id) {
    return Optional.ofNullable(identities.get(id.key()));
  }

  /** @throws NoSuchElementException if there is no such identity */
  public UserAssignedIdentity get(IdentityId id) {
    return find(id).orElseThrow(() -> new NoSuchElementException("no identity " + id.resourceId()));
  }

  /** All identities, by resource id. */
  public List<UserAssignedIdentity> all() {
    return identities.values().stream().sorted(Comparator.comparing(i -> i.identityId().key())).toList();
  }

  /**
   * Deletes the identity, its federated identity credentials and its service principal; role assignments to it
   * stay, as in Azure.
   */
  public synchronized boolean delete(IdentityId id) {
    UserAssignedIdentity removed = identities.remove(id.key());
    if (removed != null) {
      directory.removeServicePrincipal(removed.principalId());
      credentials.removeHolder(id.key());
    }
    return removed != null;
  }

  /** The identity whose service principal has this app id (client id), if any. */
  public Optional<UserAssignedIdentity> findByClientId(String clientId) {
    return identities.values().stream().filter(i -> i.clientId().equalsIgnoreCase(clientId)).findFirst();
  }

  /**
   * The identity's federated identity credentials, in creation order.
   *
   * @throws NoSuchElementException if there is no such identity
   */
  public List<FederatedIdentityCredential> federatedCredentials(IdentityId id) {
    return credentials.list(get(id).identityId().key());
  }

  public Optional<FederatedIdentityCredential> federatedCredential(IdentityId id, String name) {
    return credentials.find(get(id).identityId().key(), name);
  }

  /**
   * Creates or replaces a credential for {@link FederatedIdentityCredential#TOKEN_EXCHANGE_AUDIENCE}, as a PUT
   * would: the same rules, and the same 409 while another write on the identity is under way.
   */
  public FederatedIdentityCredential putFederatedCredential(IdentityId id, String name, String issuer,
                               String subject) {
    return putFederatedCredential(id, FederatedIdentityCredential.of(name, issuer, subject)).credential();
  }

  /** @return whether there was such a credential */
  public boolean deleteFederatedCredential(IdentityId id, String name) {
    return writeCredentials(id, () -> credentials.delete(id.key(), name).isPresent());
  }

  /** How long each credential write holds its identity; zero (the default) for writes that end at once. */
  public void setFederatedCredentialWriteDuration(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("negative duration: " + duration);
    }
    credentialWriteDuration = duration;
  }

  /** Whether a credential write on the identity is under way (a second one now gets 409). */
  public boolean isWritingFederatedCredentials(IdentityId id) {
    ReentrantLock lock = credentialWrites.get(id.key());
    return lock != null && lock.isLocked();
  }

  // ----- used by the REST handlers -----

  FederatedCredentials.Put putFederatedCredential(IdentityId id, FederatedIdentityCredential credential) {
    ManagedIdentityApi.checkCredentialName(credential.name());
    return writeCredentials(id, () -> credentials.put(id.key(), credential, true, ManagedIdentityApi.ERRORS));
  }

  /**
   * Runs one credential write on the identity, refusing it while another is under way as the service does.
   *
   * @throws NoSuchElementException if there is no such identity
   */
  private <T> T writeCredentials(IdentityId id, Supplier<T> write) {
    UserAssignedIdentity identity = get(id);
    ReentrantLock lock = credentialWrites.computeIfAbsent(id.key(), k -> new ReentrantLock());
    if (!lock.tryLock()) {
      throw ManagedIdentityApi.concurrentWrites(identity);
    }
    try {
      Thread.sleep(credentialWriteDuration.toMillis());
      get(id);
      return write.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing federated identity credentials", e);
    } finally {
      lock.unlock();
    }
  }
}
