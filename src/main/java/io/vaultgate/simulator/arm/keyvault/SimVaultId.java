package io.vaultgate.simulator.arm.keyvault;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Names one vault: subscription, resource group and vault name (ARM compares all three ignoring case). */
public record SimVaultId(String subscriptionId, String resourceGroup, String name) {
  private static final Pattern RESOURCE_ID = Pattern.compile(
      "/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.KeyVault/vaults/([^/]+)/?",
      Pattern.CASE_INSENSITIVE);

  public SimVaultId {
    Objects.requireNonNull(subscriptionId, "subscriptionId");
    Objects.requireNonNull(resourceGroup, "resourceGroup");
    Objects.requireNonNull(name, "name");
  }

  /** Parses {@code /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.KeyVault/vaults/{name}}. */
  public static SimVaultId parse(String resourceId) {
    Matcher m = RESOURCE_ID.matcher(resourceId);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a key vault resource id: " + resourceId);
    }
    return new SimVaultId(m.group(1), m.group(2), m.group(3));
  }

  /** The canonical ARM resource id. */
  public String resourceId() {
    return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
        + "/providers/Microsoft.KeyVault/vaults/" + name;
  }

  /** Identity ignoring case. */
  public String key() {
    return resourceId().toLowerCase(Locale.ROOT);
  }
}
