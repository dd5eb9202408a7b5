package io.vaultgate.simulator.arm.keyvault;

import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Key Vault control-plane api-versions the simulated service registers, oldest first, and the day each
 * retires. Microsoft: "All control plane API versions before 2026-02-01 retire on February 27, 2027 ... This
 * retirement doesn't affect data plane APIs"
 * (https://learn.microsoft.com/en-us/azure/key-vault/general/migrate-api-version).
 * From the first instant of that day (UTC; stricter than a rollout across regions) a retired version is no longer
 * registered, so ARM refuses it as any version it does not know: 400 {@code NoRegisteredProviderFound}, listing the
 * versions still served (see {@link io.vaultgate.simulator.arm.ArmService#route}). It owns the table and reads the
 * day from its clock; it handles no request.
 */
public final class KeyVaultApiVersions {
  /** The newest stable control-plane version (azure-rest-api-specs Microsoft.KeyVault stable/2026-02-01). */
  public static final String LATEST = "2026-02-01";
  /** When every version before {@link #LATEST} retires. */
  public static final Instant RETIREMENT = Instant.parse("2027-02-27T00:00:00Z");

  /** Version to retirement (null: none announced), oldest first. */
  private static final Map<String, Instant> TABLE;

  static {
    Map<String, Instant> table = new LinkedHashMap<>();
    for (String version : List.of("2022-07-01", "2023-02-01", "2023-07-01", "2024-11-01", "2025-05-01")) {
      table.put(version, RETIREMENT);
    }
    table.put(LATEST, null);
    TABLE = Collections.unmodifiableMap(table);
  }

  private final Clock clock;

  public KeyVaultApiVersions(Clock clock) {
    this.clock = clock;
  }

  /** Every version in the table, retired or not, oldest first. */
  public static List<String> all() {
    return List.copyOf(TABLE.keySet());
  }

  /** When a version in the table retires; empty for one with no date, or one not in the table. */
  public static Optional<Instant> retirement(String apiVersion) {
    return Optional.ofNullable(TABLE.get(apiVersion));
  }

  /** The versions registered at the clock's instant, oldest first. */
  public List<String> served() {
    Instant now = clock.instant();
    return TABLE.entrySet().stream().filter(e -> e.getValue() == null || now.isBefore(e.getValue()))
        .map(Map.Entry::getKey).toList();
  }
}
