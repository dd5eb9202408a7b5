package io.vaultgate.simulator.arm.keyvault;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A vault as stored. {@code version} starts at 1 and grows by one with every change (the real resource has no
 * ETag; this is for tests).
 */
public record Vault(SimVaultId vaultId, String location, Map<String, String> tags, VaultProperties properties,
          long version, Instant createdAt, Instant lastModifiedAt) {
  public Vault {
    Objects.requireNonNull(vaultId, "vaultId");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(properties, "properties");
    tags = Map.copyOf(tags);
  }

  public String name() {
    return vaultId.name();
  }

  public String resourceId() {
    return vaultId.resourceId();
  }

  /** The vault's networkAcls, or null when it has none. */
  public NetworkAcls networkAcls() {
    return properties.networkAcls();
  }

  public String vaultUri() {
    return "https://" + vaultId.name() + ".vault.azure.net/";
  }
}
