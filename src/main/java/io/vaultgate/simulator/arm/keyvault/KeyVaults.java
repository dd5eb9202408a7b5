package io.vaultgate.simulator.arm.keyvault;

import io.vaultgate.simulator.arm.ArmService;
import io.vaultgate.simulator.arm.ResourceGroups;
import io.vaultgate.simulator.arm.network.VirtualNetworks;
import io.vaultgate.simulator.http.ApiError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The simulated {@code Microsoft.KeyVault/vaults} resources, and the state API through which a test (or the
 * sandbox) acts as another administrator. State API changes are not requests: they are not logged or faulted,
 * but they meet the same validation as REST writes (failures throw {@link ApiError}).
 */
public final class KeyVaults {
  /** Route templates, as they appear in the request log. */
  public static final String VAULTS_ROUTE = "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.KeyVault/vaults";
  public static final String VAULT_ROUTE = VAULTS_ROUTE + "/{}";
  /** {@code PUT} with operationKind add, replace or remove (Vaults_UpdateAccessPolicy). */
  public static final String ACCESS_POLICY_ROUTE = VAULT_ROUTE + "/accessPolicies/{}";
  /** The vault's private endpoint connections (the vault owner's side of private endpoints). */
  public static final String CONNECTIONS_ROUTE = VAULT_ROUTE + "/privateEndpointConnections";
  public static final String CONNECTION_ROUTE = CONNECTIONS_ROUTE + "/{}";
  /** The management plane's view of the vault's secrets: names and attributes, never values. */
  public static final String SECRETS_ROUTE = VAULT_ROUTE + "/secrets";
  public static final String SECRET_ROUTE = SECRETS_ROUTE + "/{}";
  /** Private endpoints per vault. */
  public static final int MAX_PRIVATE_ENDPOINTS = 64;

  // 3-24 characters, letters, digits and hyphens; starts with a letter, ends with a letter or digit, no "--".
  private static final Pattern NAME = Pattern.compile("(?!.*--)[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]");

  private final ResourceGroups resourceGroups;
  private final VirtualNetworks networks;
  private final Map<String, Vault> vaults = new ConcurrentHashMap<>();
  private final Map<String, Map<String, PrivateEndpointConnection>> connections = new ConcurrentHashMap<>();
  private final VaultSecrets secrets = new VaultSecrets(this);

  public KeyVaults(ResourceGroups resourceGroups, VirtualNetworks networks) {
    this.resourceGroups = resourceGroups;
    this.networks = networks;
  }

  // ----- state API -----

  /**
   * Creates a vault as another administrator would (the resource group is seeded if missing).
   *
   * @param networkAcls null for none (open to all networks)
   * @throws IllegalStateException if the vault exists
   */
  public synchronized Vault create(SimVaultId id, String location, String tenantId, boolean enableRbacAuthorization,
                   String publicNetworkAccess, NetworkAcls networkAcls) {
    resourceGroups.seed(id.subscriptionId(), id.resourceGroup(), location);
    if (find(id).isPresent()) {
      throw new IllegalStateException("vault exists: " + id.resourceId());
    }
    VaultProperties properties = VaultProperties.defaults(tenantId, enableRbacAuthorization)
        .withPublicNetworkAccess(publicNetworkAccess)
        .withNetworkAcls(networkAcls == null ? null : NetworkAclsRules.normalise(networkAcls));
    return createOrReplace(id, location, Map.of(), properties).vault();
  }

  public Optional<Vault> find(SimVaultId id) {
    return Optional.ofNullable(vaults.get(id.key()));
  }

  /** @throws NoSuchElementException if there is no such vault */
  public Vault get(SimVaultId id) {
    return find(id).orElseThrow(() -> new NoSuchElementException("no vault " + id.resourceId()));
  }

  /** The vaults' secrets, by name only: names and attributes, never a value. */
  public VaultSecrets secrets() {
    return secrets;
  }

  /** The vault's networkAcls; empty when it has none. */
  public Optional<NetworkAcls> networkAcls(SimVaultId id) {
    return Optional.ofNullable(get(id).networkAcls());
  }

  public VaultProperties properties(SimVaultId id) {
    return get(id).properties();
  }

  /** All vaults, by resource id. */
  public List<Vault> all() {
    return vaults.values().stream().sorted(Comparator.comparing(v -> v.vaultId().key())).toList();
  }

  /** Replaces the whole networkAcls (null removes them). */
  public Vault setNetworkAcls(SimVaultId id, NetworkAcls networkAcls) {
    return modify(id, p -> p.withNetworkAcls(networkAcls == null ? null : NetworkAclsRules.normalise(networkAcls)));
  }

  /** Adds one IP rule; a vault without networkAcls gets them (default action Allow, as the service does). */
  public Vault addIpRule(SimVaultId id, String rule) {
    return modify(id, p -> {
      NetworkAcls acls = p.networkAcls() == null ? NetworkAcls.allowAll() : p.networkAcls();
      List<String> rules = new ArrayList<>(acls.ipRules());
      rules.add(rule);
      return p.withNetworkAcls(NetworkAclsRules.normalise(acls.withIpRules(rules)));
    });
  }

  /** Removes one IP rule if present, matched after normalisation ({@code 1.2.3.4} removes {@code 1.2.3.4/32}). */
  public Vault removeIpRule(SimVaultId id, String rule) {
    String normalised = NetworkAclsRules.normaliseIpRule(rule, "ipRule");
    return modify(id, p -> p.networkAcls() == null ? p : p.withNetworkAcls(p.networkAcls().withIpRules(
        p.networkAcls().ipRules().stream().filter(r -> !r.equals(normalised)).toList())));
  }

  /** Sets {@code networkAcls.defaultAction} ("Allow" or "Deny"). */
  public Vault setDefaultAction(SimVaultId id, String defaultAction) {
    return modify(id, p -> {
      NetworkAcls acls = p.networkAcls() == null ? NetworkAcls.allowAll() : p.networkAcls();
      return p.withNetworkAcls(NetworkAclsRules.normalise(acls.withDefaultAction(defaultAction)));
    });
  }

  public Vault setPublicNetworkAccess(SimVaultId id, String publicNetworkAccess) {
    return modify(id, p -> p.withPublicNetworkAccess(publicNetworkAccess));
  }

  /** The vault's access policies, in the order the vault keeps them. */
  public List<AccessPolicy> accessPolicies(SimVaultId id) {
    return properties(id).accessPolicies();
  }

  /**
   * Edits access policies as {@code PUT .../accessPolicies/{operationKind}} does, with the same validation; one
   * that changes nothing is no write.
   *
   * @throws NoSuchElementException if there is no such vault
   */
  public Vault updateAccessPolicies(SimVaultId id, AccessPolicyOperation operation, List<AccessPolicy> policies) {
    return applyAccessPolicies(id, operation, policies)
        .orElseThrow(() -> new NoSuchElementException("no vault " + id.resourceId()));
  }

  /**
   * Deletes the vault; its private endpoint connections and secrets go with it.
   *
   * @return whether it existed
   */
  public synchronized boolean delete(SimVaultId id) {
    connections.remove(id.key());
    secrets.forget(id);
    return vaults.remove(id.key()) != null;
  }

  /**
   * Records a private endpoint connection on the vault, replacing one of the same name (another administrator's
   * endpoint, or a test's).
   *
   * @throws NoSuchElementException if there is no such vault
   */
  public synchronized void setPrivateEndpointConnection(SimVaultId id, PrivateEndpointConnection connection) {
    get(id);
    connections.compute(id.key(), (k, v) -> withConnection(v, connection));
  }

  /** The vault's private endpoint connections, oldest first; empty for an unknown vault. */
  public List<PrivateEndpointConnection> privateEndpointConnections(SimVaultId id) {
    return List.copyOf(connections.getOrDefault(id.key(), Map.of()).values());
  }

  public Optional<PrivateEndpointConnection> privateEndpointConnection(SimVaultId id, String name) {
    return Optional.ofNullable(connections.getOrDefault(id.key(), Map.of()).get(name.toLowerCase(Locale.ROOT)));
  }

  /** The vault's connection from this private endpoint (ids compared ignoring case), if any. */
  public Optional<PrivateEndpointConnection> privateEndpointConnectionFrom(SimVaultId id, String privateEndpointId) {
    return privateEndpointConnections(id).stream()
        .filter(c -> c.privateEndpointId().equalsIgnoreCase(privateEndpointId)).findFirst();
  }

  /**
   * Approves a connection as the vault's owner would; the endpoint then reports Approved.
   *
   * @throws NoSuchElementException if there is no such connection
   */
  public PrivateEndpointConnection approvePrivateEndpointConnection(SimVaultId id, String name) {
    return decide(id, name, PrivateEndpointConnection.APPROVED, "Approved by the vault's owner");
  }

  /**
   * Rejects a connection as the vault's owner would.
   *
   * @throws NoSuchElementException if there is no such connection
   */
  public PrivateEndpointConnection rejectPrivateEndpointConnection(SimVaultId id, String name) {
    return decide(id, name, PrivateEndpointConnection.REJECTED, "Rejected by the vault's owner");
  }

  /**
   * Removes a connection as the vault's owner would (the REST DELETE): the vault no longer lists it and its
   * endpoint reports Disconnected.
   *
   * @return whether it existed
   */
  public boolean disconnectPrivateEndpointConnection(SimVaultId id, String name) {
    return removePrivateEndpointConnection(id, name);
  }

  // ----- used by the REST handlers -----

  record PutResult(Vault vault, boolean created) {
  }

  /** PUT: creates or replaces; the resource group must exist. Keeps the casing the vault was created with. */
  synchronized PutResult createOrReplace(SimVaultId id, String location, Map<String, String> tags,
                      VaultProperties properties) {
    checkName(id.name());
    ResourceGroups.ResourceGroup group = resourceGroups.find(id.subscriptionId(), id.resourceGroup())
        .orElseThrow(() -> new IllegalStateException("no resource group for " + id.resourceId()));
    String normalisedLocation = ArmService.normaliseLocation(location);
    Vault existing = vaults.get(id.key());
    for (Vault other : vaults.values()) {
      if (other.name().equalsIgnoreCase(id.name()) && other != existing) {
        throw new ApiError(409, "VaultAlreadyExists", "The vault name '" + id.name() + "' is already in use."
            + " Vault names are globally unique so it is possible that the name is already taken.");
      }
    }
    Instant now = Instant.now();
    if (existing == null) {
      NetworkAclsRules.checkNewSubnets(null, properties.networkAcls(), networks::findSubnet);
      Vault vault = new Vault(new SimVaultId(group.subscriptionId(), group.name(), id.name()), normalisedLocation,
          tags, properties, 1, now, now);
      vaults.put(id.key(), vault);
      return new PutResult(vault, true);
    }
    if (!existing.location().equals(normalisedLocation)) {
      throw new ApiError(400, "InvalidResourceLocation", "The resource '" + existing.name() + "' already exists"
          + " in location '" + existing.location() + "' in resource group '" + group.name() + "'. A resource"
          + " with the same name cannot be created in location '" + normalisedLocation + "'. Please select"
          + " a new resource name.");
    }
    return new PutResult(store(existing, tags, properties), false);
  }

  /** PATCH: replaces tags and properties of an existing vault; empty if it is gone. */
  synchronized Optional<Vault> update(SimVaultId id, Map<String, String> tags, VaultProperties properties) {
    return find(id).map(current -> store(current, tags, properties));
  }

  /** The REST operation: empty if the vault is gone. */
  synchronized Optional<Vault> applyAccessPolicies(SimVaultId id, AccessPolicyOperation operation,
                           List<AccessPolicy> policies) {
    for (int i = 0; i < policies.size(); i++) {
      AccessPolicies.check(policies.get(i), i);
    }
    return find(id).map(current -> modify(current, p -> p.withAccessPolicies(
        AccessPolicies.apply(p.accessPolicies(), operation, policies))));
  }

  /**
   * Sets a connection's state; empty if there is no such connection.
   *
   * @param ifEtag when not null or empty, the etag the connection must have (else 412)
   */
  synchronized Optional<PrivateEndpointConnection> setConnectionState(SimVaultId id, String name, String status,
                                    String description, String ifEtag) {
    Optional<PrivateEndpointConnection> current = privateEndpointConnection(id, name);
    current.filter(c -> ifEtag != null && !ifEtag.isEmpty() && !ifEtag.equals(c.etag())).ifPresent(c -> {
      throw new ApiError(412, "PreconditionFailed", "The etag '" + ifEtag + "' does not match the current etag '"
          + c.etag() + "' of the private endpoint connection '" + c.name() + "'.");
    });
    Optional<PrivateEndpointConnection> next = current.map(c -> c.withState(status, description));
    next.ifPresent(c -> connections.compute(id.key(), (k, v) -> withConnection(v, c)));
    return next;
  }

  public synchronized boolean removePrivateEndpointConnection(SimVaultId id, String name) {
    boolean present = privateEndpointConnection(id, name).isPresent();
    connections.computeIfPresent(id.key(), (k, v) -> {
      Map<String, PrivateEndpointConnection> next = new LinkedHashMap<>(v);
      next.remove(name.toLowerCase(Locale.ROOT));
      return Collections.unmodifiableMap(next);
    });
    return present;
  }

  /** How many private endpoints connect to the vault (Azure allows {@link #MAX_PRIVATE_ENDPOINTS}). */
  public int privateEndpointCount(SimVaultId id) {
    return connections.getOrDefault(id.key(), Map.of()).size();
  }

  List<Vault> list(String subscriptionId, String resourceGroup) {
    return all().stream()
        .filter(v -> v.vaultId().subscriptionId().equalsIgnoreCase(subscriptionId)
            && v.vaultId().resourceGroup().equalsIgnoreCase(resourceGroup))
        .toList();
  }

  static void checkName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new ApiError(400, "VaultNameNotValid", "The vault name '" + name + "' is invalid. A vault's name"
          + " must be between 3-24 alphanumeric characters. The name must begin with a letter, end with a"
          + " letter or digit, and not contain consecutive hyphens.");
    }
  }

  /** Applies a state API change; one that changes nothing is no write (the version stays). */
  private synchronized Vault modify(SimVaultId id, UnaryOperator<VaultProperties> change) {
    return modify(get(id), change);
  }

  private PrivateEndpointConnection decide(SimVaultId id, String name, String status, String description) {
    return setConnectionState(id, name, status, description, null).orElseThrow(() ->
        new NoSuchElementException("no private endpoint connection " + name + " on " + id.resourceId()));
  }

  /** A changed copy of a vault's connections, by lower-case name in insertion order; replaced, never changed. */
  private static Map<String, PrivateEndpointConnection> withConnection(Map<String, PrivateEndpointConnection> map,
                                     PrivateEndpointConnection connection) {
    Map<String, PrivateEndpointConnection> next = new LinkedHashMap<>(map == null ? Map.of() : map);
    next.put(connection.name().toLowerCase(Locale.ROOT), connection);
    return Collections.unmodifiableMap(next);
  }

  private Vault modify(Vault current, UnaryOperator<VaultProperties> change) {
    VaultProperties next = change.apply(current.properties());
    return next.equals(current.properties()) ? current : store(current, current.tags(), next);
  }

  private Vault store(Vault current, Map<String, String> tags, VaultProperties properties) {
    NetworkAclsRules.checkNewSubnets(current.networkAcls(), properties.networkAcls(), networks::findSubnet);
    Vault next = new Vault(current.vaultId(), current.location(), tags, properties, current.version() + 1,
        current.createdAt(), Instant.now());
    vaults.put(current.vaultId().key(), next);
    return next;
  }
}
