package io.vaultgate.model;

/** Schema patterns shared by the CRD and the operator's own validation, so both reject the same input. */
public final class Patterns {
  private Patterns() {
  }

  public static final String VAULT_RESOURCE_ID =
      "^/(?i:subscriptions)/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
          + "/(?i:resourceGroups)/[-\\w._()]{1,90}/(?i:providers)/(?i:Microsoft\\.KeyVault)/(?i:vaults)"
          + "/[a-zA-Z0-9-]{3,24}$";

  /** Letters, digits and hyphens, starting and ending with a letter or digit, at most 50 characters. */
  public static final String DEVOPS_ORGANIZATION = "^[A-Za-z0-9]([A-Za-z0-9-]{0,48}[A-Za-z0-9])?$";

  public static final String IPV4_OR_CIDR =
      "^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(/([0-9]|[12][0-9]|3[0-2]))?$";

  /** One IPv4 address, optionally written as a /32. */
  public static final String IPV4_ADDRESS =
      "^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(/32)?$";

  /** A Kubernetes object name (DNS subdomain). */
  public static final String OBJECT_NAME = "^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$";

  public static final int MAX_ADDITIONAL_IP_RANGES = 1000;

  /** Service connection and variable group names: no control characters or path separators, at most 128. */
  public static final String DEVOPS_NAME = "^[^/\\\\:*?\"<>|\\x00-\\x1f]{1,128}$";

  /** Key Vault secret names. */
  public static final String SECRET_NAME = "^[0-9a-zA-Z-]{1,127}$";

  public static final int MAX_VARIABLE_GROUP_SECRETS = 256;

  public static final int MAX_SUBNETS = 200;

  public static final String SUBNET_ID =
      "^/(?i:subscriptions)/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
          + "/(?i:resourceGroups)/[-\\w._()]{1,90}/(?i:providers)/(?i:Microsoft\\.Network)"
          + "/(?i:virtualNetworks)/[-\\w.]{2,64}/(?i:subnets)/[-\\w.]{1,80}$";

  /** The Key Vault private link zone, the only zone a vault's endpoint resolves through. */
  public static final String PRIVATE_LINK_ZONE = "privatelink.vaultcore.azure.net";

  public static final String PRIVATE_DNS_ZONE_CHOICE = "^(Create|None|/(?i:subscriptions)/[0-9a-fA-F-]{36}"
      + "/(?i:resourceGroups)/[-\\w._()]{1,90}/(?i:providers)/(?i:Microsoft\\.Network)/(?i:privateDnsZones)"
      + "/(?i:privatelink\\.vaultcore\\.azure\\.net))$";

  public static final String GUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

  public static final String USER_ASSIGNED_IDENTITY_ID =
      "^/(?i:subscriptions)/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
          + "/(?i:resourceGroups)/[-\\w._()]{1,90}/(?i:providers)/(?i:Microsoft\\.ManagedIdentity)"
          + "/(?i:userAssignedIdentities)/[a-zA-Z0-9][-\\w]{2,127}$";
}
