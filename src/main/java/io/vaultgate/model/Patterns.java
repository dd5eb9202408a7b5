package io.vaultgate.model;

import java.util.Arrays;

/**
 * The schema's patterns and limits, shared by the CRD (through the annotations of the {@code api} types) and the
 * operator's own validation, so that both refuse the very same input. Every pattern is anchored and written for
 * both regular expression engines that read it: Go's RE2 in the Kubernetes API server and {@link
 * java.util.regex.Pattern} in the operator (no look-around, no back-references; {@code \x{...}} and {@code \p{..}}
 * for code points and categories). Nothing here trims: a value with a leading or trailing blank is refused, not
 * repaired, by both.
 */
public final class Patterns {
  private Patterns() {
  }

  /**
   * Characters no Azure DevOps name may hold: control characters (C0, DEL and C1), the line and paragraph
   * separators, and characters outside the Basic Multilingual Plane ("ASCII control characters 1-31 and surrogate
   * combinations aren't allowed",
   * https://learn.microsoft.com/azure/devops/organizations/settings/naming-restrictions#general-considerations).
   * A fragment of a character class.
   */
  private static final String DEVOPS_UNPRINTABLE =
      "\\x00-\\x1f\\x7f-\\x9f\\x{2028}\\x{2029}\\x{10000}-\\x{10FFFF}";

  /** Blanks (Unicode separators), which may not open or close a name: Azure DevOps would keep another name. */
  private static final String BLANK = "\\p{Z}";

  /**
   * The printable characters a project name must not contain: / : \ ~ &amp; % ; @ ' " ? &lt; &gt; | # $ * } { , + = [ ]
   * (https://learn.microsoft.com/azure/devops/organizations/settings/naming-restrictions#project-names).
   */
  private static final String PROJECT_FORBIDDEN = DEVOPS_UNPRINTABLE + "/:\\\\~&%;@'\"?<>|#$*}{,+=\\[\\]";

  public static final int MAX_DEVOPS_PROJECT = 64;

  /**
   * An Azure DevOps project name, by Microsoft's naming restrictions for projects
   * (https://learn.microsoft.com/azure/devops/organizations/settings/naming-restrictions#project-names): 1 to 64
   * characters, none of the forbidden printable characters, no control characters, not starting with an underscore
   * or a period, not ending with a period, and here also not starting or ending with a blank. The reserved names
   * are {@link #DEVOPS_PROJECT_RESERVED}.
   */
  public static final String DEVOPS_PROJECT = "^[^" + PROJECT_FORBIDDEN + "_." + BLANK + "]([^" + PROJECT_FORBIDDEN
      + "]{0," + (MAX_DEVOPS_PROJECT - 2) + "}[^" + PROJECT_FORBIDDEN + "." + BLANK + "])?$";

  /**
   * The names a project may not have, in lower case, separated by spaces: the system-reserved names and the
   * hidden segments of IIS request filtering that Microsoft lists for projects (same page). Compared ignoring the
   * case of ASCII letters ({@link #isReservedProject}).
   */
  public static final String DEVOPS_PROJECT_RESERVED = "prn com1 com2 com3 com4 com5 com6 com7 com8 com9 com10"
      + " lpt1 lpt2 lpt3 lpt4 lpt5 lpt6 lpt7 lpt8 lpt9 nul con aux server signalr defaultcollection web"
      + " app_browsers app_code app_data app_globalresources app_localresources app_themes app_webresources bin"
      + " web.config";

  /** The CRD's rule for {@link #DEVOPS_PROJECT_RESERVED}, in the API server's expression language (CEL). */
  public static final String DEVOPS_PROJECT_NOT_RESERVED_RULE =
      "!(self.lowerAscii() in '" + DEVOPS_PROJECT_RESERVED + "'.split(' '))";

  /** Whether a project name is one of {@link #DEVOPS_PROJECT_RESERVED}, as the CRD's rule decides it. */
  public static boolean isReservedProject(String name) {
    StringBuilder lower = new StringBuilder(name.length());
    name.chars().forEach(c -> lower.append((char) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c)));
    return Arrays.asList(DEVOPS_PROJECT_RESERVED.split(" ")).contains(lower.toString());
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

  /** A Kubernetes namespace name (DNS label). */
  public static final String NAMESPACE = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";

  /**
   * A grant's time to live, in the spellings {@link DurationText} reads, positive: {@code 90s}, {@code 15m},
   * {@code 1h}, {@code 250ms}, or ISO-8601 hours, minutes and seconds ({@code PT15M}, {@code PT1H30M}).
   */
  public static final String TTL = "^([1-9][0-9]{0,8}(ms|s|m|h)|PT([1-9][0-9]{0,8}H([1-9][0-9]{0,8}M)?"
      + "([1-9][0-9]{0,8}S)?|[1-9][0-9]{0,8}M([1-9][0-9]{0,8}S)?|[1-9][0-9]{0,8}S))$";

  public static final int MAX_ADDITIONAL_IP_RANGES = 1000;

  /** The printable characters a service connection or variable group name must not contain. */
  private static final String NAME_FORBIDDEN = DEVOPS_UNPRINTABLE + "/\\\\:*?\"<>|";

  public static final int MAX_DEVOPS_NAME = 128;

  /**
   * Service connection and variable group names. Microsoft documents no format of their own (the naming
   * restrictions page has none, and https://github.com/MicrosoftDocs/azure-devops-docs/issues/9934 asks for the
   * variable group's), so these follow its general considerations: no control characters or characters outside the
   * Basic Multilingual Plane; and, as for other Azure DevOps objects, no / \ : * ? " &lt; &gt; |, at most 128
   * characters, and no leading or trailing blank.
   */
  public static final String DEVOPS_NAME = "^[^" + NAME_FORBIDDEN + BLANK + "]([^" + NAME_FORBIDDEN + "]{0,"
      + (MAX_DEVOPS_NAME - 2) + "}[^" + NAME_FORBIDDEN + BLANK + "])?$";

  /**
   * Key Vault secret names: 1 to 127 alphanumerics and hyphens
   * (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftkeyvault).
   */
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
