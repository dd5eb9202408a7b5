package io.vaultgate.model;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Key Vault's ARM identity. ARM ids are case-insensitive, so equality ignores case and {@link #key()} is the
 * form to index by; {@link #toString()} gives the canonical spelling.
 */
public record VaultId(String subscriptionId, String resourceGroup, String name) {

  private static final Pattern ID = Pattern.compile(io.vaultgate.model.Patterns.VAULT_RESOURCE_ID);
  private static final Pattern PARTS = Pattern.compile(
      "^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.KeyVault/vaults/([^/]+)$",
      Pattern.CASE_INSENSITIVE);

  public static Optional<VaultId> parse(String resourceId) {
    if (resourceId == null || !ID.matcher(resourceId).matches()) {
      return Optional.empty();
    }
    Matcher m = PARTS.matcher(resourceId);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new VaultId(m.group(1).toLowerCase(Locale.ROOT), m.group(2), m.group(3)));
  }

  public String key() {
    return toString().toLowerCase(Locale.ROOT);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VaultId v && key().equals(v.key());
  }

  @Override
  public int hashCode() {
    return key().hashCode();
  }

  @Override
  public String toString() {
    return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
        + "/providers/Microsoft.KeyVault/vaults/" + name;
  }
}
