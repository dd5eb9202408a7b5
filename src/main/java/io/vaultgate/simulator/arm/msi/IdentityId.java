package io.vaultgate.simulator.arm.msi;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Names one user-assigned managed identity: subscription, resource group and name (compared ignoring case). */
public record IdentityId(String subscriptionId, String resourceGroup, String name) {
  static final String TYPE = "Microsoft.ManagedIdentity/userAssignedIdentities";
  private static final Pattern RESOURCE_ID = Pattern.compile(
      "/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.ManagedIdentity/userAssignedIdentities/"
          + "([^/]+)/?", Pattern.CASE_INSENSITIVE);

  public IdentityId {
    Objects.requireNonNull(subscriptionId, "subscriptionId");
    Objects.requireNonNull(resourceGroup, "resourceGroup");
    Objects.requireNonNull(name, "name");
  }

  /** Parses {@code /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ManagedIdentity/...}, any case. */
  public static IdentityId parse(String resourceId) {
    Matcher m = RESOURCE_ID.matcher(resourceId);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a user-assigned identity resource id: " + resourceId);
    }
    return new IdentityId(m.group(1), m.group(2), m.group(3));
  }

  /** The canonical ARM resource id. */
  public String resourceId() {
    return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup + "/providers/" + TYPE + "/"
        + name;
  }

  /** Identity ignoring case. */
  String key() {
    return resourceId().toLowerCase(Locale.ROOT);
  }
}
