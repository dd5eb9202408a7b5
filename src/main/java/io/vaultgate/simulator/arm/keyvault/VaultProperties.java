package io.vaultgate.simulator.arm.keyvault;

import java.util.List;
import java.util.Objects;

/**
 * The stored {@code properties} of a vault (read-only ones such as {@code vaultUri} are derived on output).
 *
 * @param publicNetworkAccess as given ("Enabled" by default); compare with {@link #publicNetworkAccessEnabled()}
 * @param networkAcls         null when the vault has none (then it is open to all networks)
 * @param enablePurgeProtection null until set, as in ARM
 */
public record VaultProperties(String tenantId, Sku sku, List<AccessPolicy> accessPolicies,
               boolean enableRbacAuthorization, String publicNetworkAccess, NetworkAcls networkAcls,
               boolean enabledForDeployment, boolean enabledForDiskEncryption,
               boolean enabledForTemplateDeployment, boolean enableSoftDelete,
               int softDeleteRetentionInDays, Boolean enablePurgeProtection) {
  public static final String ENABLED = "Enabled";
  public static final String DISABLED = "Disabled";

  public VaultProperties {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(sku, "sku");
    Objects.requireNonNull(publicNetworkAccess, "publicNetworkAccess");
    accessPolicies = List.copyOf(accessPolicies);
  }

  /** A new vault's properties with the service's defaults. */
  public static VaultProperties defaults(String tenantId, boolean enableRbacAuthorization) {
    return new VaultProperties(tenantId, Sku.STANDARD, List.of(), enableRbacAuthorization, ENABLED, null, false,
        false, false, true, 90, null);
  }

  /** The service treats the value case-insensitively. */
  public boolean publicNetworkAccessEnabled() {
    return !publicNetworkAccess.equalsIgnoreCase(DISABLED);
  }

  public VaultProperties withNetworkAcls(NetworkAcls networkAcls) {
    return new VaultProperties(tenantId, sku, accessPolicies, enableRbacAuthorization, publicNetworkAccess,
        networkAcls, enabledForDeployment, enabledForDiskEncryption, enabledForTemplateDeployment,
        enableSoftDelete, softDeleteRetentionInDays, enablePurgeProtection);
  }

  public VaultProperties withPublicNetworkAccess(String publicNetworkAccess) {
    return new VaultProperties(tenantId, sku, accessPolicies, enableRbacAuthorization, publicNetworkAccess,
        networkAcls, enabledForDeployment, enabledForDiskEncryption, enabledForTemplateDeployment,
        enableSoftDelete, softDeleteRetentionInDays, enablePurgeProtection);
  }

  public VaultProperties withAccessPolicies(List<AccessPolicy> accessPolicies) {
    return new VaultProperties(tenantId, sku, accessPolicies, enableRbacAuthorization, publicNetworkAccess,
        networkAcls, enabledForDeployment, enabledForDiskEncryption, enabledForTemplateDeployment,
        enableSoftDelete, softDeleteRetentionInDays, enablePurgeProtection);
  }
}
