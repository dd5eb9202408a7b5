package io.vaultgate.simulator;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated {@code Microsoft.ManagedIdentity/userAssignedIdentities}, and the state API through which a test
 * (or the sandbox) creates them as another administrator would. Each identity has a service principal in the
 * {@link Directory}, so Authorization and Graph find it like any other principal. Federated identity credentials
 * will hang off these identities.
 */
public final class ManagedIdentities {
  /** Route template, as it appears in the request log. */
  public static final String IDENTITY_ROUTE =
      "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{}";
  /** The api-versions the service accepts, oldest first (the Java SDK 2.53.x sends 2024-11-30). */
  public static final List<String> API_VERSIONS = List.of("2018-11-30", "2023-01-31", "2024-11-30");

  private final ResourceGroups resourceGroups;
  private final Directory directory;
  private final Map<String, UserAssignedIdentity> identities = new ConcurrentHashMap<>();

  ManagedIdentities(ResourceGroups resourceGroups, Directory directory) {
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

  /** Deletes the identity and its service principal; role assignments to it stay, as in Azure. */
  public synchronized boolean delete(IdentityId id) {
    UserAssignedIdentity removed = identities.remove(id.key());
    if (removed != null) {
      directory.removeServicePrincipal(removed.principalId());
    }
    return removed != null;
  }
}
