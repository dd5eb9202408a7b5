package io.vaultgate.simulator.arm.keyvault;

import io.vaultgate.simulator.http.ApiError;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The secrets of the simulated vaults, as Key Vault's management plane sees them: names and attributes, never a
 * value (one sent with a write is discarded). Names are compared ignoring case, as Key Vault compares object
 * identifiers ("Key Vault object identifiers ... should always be compared as case-insensitive strings",
 * learn.microsoft.com/azure/key-vault/about-keys-secrets-and-certificates), and keep the casing they were created
 * with. The state API ({@link #add}, {@link #remove}) acts as another administrator would on the data plane: it is
 * not a request, so it is not logged or faulted. A deleted vault's secrets go with it.
 */
public final class VaultSecrets {
  /** Secrets_CreateOrUpdate's pattern for {@code secretName} (secrets.json). */
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9-]{1,127}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KeyVaults vaults;
  /** By vault key, then by lower-case name; each inner map is replaced, never changed. */
  private final Map<String, Map<String, SimSecret>> secrets = new ConcurrentHashMap<>();

  VaultSecrets(KeyVaults vaults) {
    this.vaults = vaults;
  }

  // ----- state API -----

  /**
   * Creates a secret the vault lacks, by name only (enabled, no tags, no content type); one it has, in any casing,
   * is left as it is.
   *
   * @throws NoSuchElementException if there is no such vault
   * @throws ApiError for a name Key Vault refuses
   */
  public synchronized SimSecret add(SimVaultId vault, String name) {
    vaults.get(vault);
    return find(vault, name).orElseGet(() -> put(vault, name, Map.of(), null, true, null, null).secret());
  }

  /**
   * Deletes a secret, as someone would on the data plane (the management plane has no delete).
   *
   * @return whether the vault had it
   */
  public synchronized boolean remove(SimVaultId vault, String name) {
    Map<String, SimSecret> current = secrets.getOrDefault(vault.key(), Map.of());
    if (!current.containsKey(name.toLowerCase(Locale.ROOT))) {
      return false;
    }
    Map<String, SimSecret> next = new HashMap<>(current);
    next.remove(name.toLowerCase(Locale.ROOT));
    secrets.put(vault.key(), Map.copyOf(next));
    return true;
  }

  /** The vault's secrets in name order (ignoring case); empty for an unknown vault. */
  public List<SimSecret> list(SimVaultId vault) {
    return new TreeMap<>(secrets.getOrDefault(vault.key(), Map.of())).values().stream().toList();
  }

  /** The vault's secret names, as created, in name order. */
  public List<String> names(SimVaultId vault) {
    return list(vault).stream().map(SimSecret::name).toList();
  }

  /** A secret by name, ignoring case. */
  public Optional<SimSecret> find(SimVaultId vault, String name) {
    return Optional.ofNullable(secrets.getOrDefault(vault.key(), Map.of()).get(name.toLowerCase(Locale.ROOT)));
  }

  // ----- used by the REST handlers and the vaults -----

  record PutResult(SimSecret secret, boolean created) {
  }

  /**
   * Secrets_CreateOrUpdate: a new version with exactly these settings (the caller has checked that the vault
   * exists). There is no value parameter: whatever value the request carried stops before this.
   */
  synchronized PutResult put(SimVaultId vault, String name, Map<String, String> tags, String contentType,
      boolean enabled, Long notBefore, Long expires) {
    if (!NAME.matcher(name).matches()) {
      throw ApiError.badRequest("The secret name '" + name + "' is invalid. A secret's name must be between 1 and"
          + " 127 characters long and contain only letters, digits and hyphens.");
    }
    Optional<SimSecret> current = find(vault, name);
    long now = Instant.now().getEpochSecond();
    SimSecret next = new SimSecret(current.map(SimSecret::name).orElse(name), tags, contentType,
        new SimSecret.Attributes(enabled, notBefore, expires,
            current.map(s -> s.attributes().created()).orElse(now), now), newVersion());
    Map<String, SimSecret> map = new HashMap<>(secrets.getOrDefault(vault.key(), Map.of()));
    map.put(name.toLowerCase(Locale.ROOT), next);
    secrets.put(vault.key(), Map.copyOf(map));
    return new PutResult(next, current.isEmpty());
  }

  /** The vault was deleted. */
  void forget(SimVaultId vault) {
    secrets.remove(vault.key());
  }

  private static String newVersion() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
