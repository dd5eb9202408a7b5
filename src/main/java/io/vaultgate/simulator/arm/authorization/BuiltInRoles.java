package io.vaultgate.simulator.arm.authorization;

import java.util.List;
import java.util.Optional;

/**
 * The built-in role definitions the simulated Authorization provider knows, with their permissions as
 * published (azure-docs, built-in-roles/security.md and general.md). Every tenant has them; they are assignable
 * at any scope.
 */
public final class BuiltInRoles {
  public static final String KEY_VAULT_SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6";
  public static final String KEY_VAULT_SECRETS_OFFICER = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";
  public static final String KEY_VAULT_ADMINISTRATOR = "00482a5a-887f-4fb3-b363-3b7fe8e74483";
  public static final String KEY_VAULT_READER = "21090545-7ca7-4776-b22c-e363652d74d2";
  public static final String KEY_VAULT_CONTRIBUTOR = "f25e0fa2-a7c8-4377-a976-54943a77a395";
  public static final String KEY_VAULT_DATA_ACCESS_ADMINISTRATOR = "8b54135c-b56d-4d72-a534-26097cfdc8d8";
  public static final String READER = "acdd72a7-3385-48ef-bd42-f606fba81ae7";

  private static final String BUILT_IN = "BuiltInRole";
  private static final String RBAC_ONLY =
      " Only works for key vaults that use the 'Azure role-based access control' permission model.";
  /** The control-plane reads the Key Vault data roles come with. */
  private static final List<String> KEY_VAULT_READS = List.of("Microsoft.Authorization/*/read",
      "Microsoft.Insights/alertRules/*", "Microsoft.Resources/deployments/*",
      "Microsoft.Resources/subscriptions/resourceGroups/read", "Microsoft.Support/*",
      "Microsoft.KeyVault/checkNameAvailability/read", "Microsoft.KeyVault/deletedVaults/read",
      "Microsoft.KeyVault/locations/*/read", "Microsoft.KeyVault/vaults/*/read",
      "Microsoft.KeyVault/operations/read");

  private static final List<RoleDefinition> ALL = List.of(
      new RoleDefinition(KEY_VAULT_SECRETS_USER, "Key Vault Secrets User", BUILT_IN,
          "Read secret contents." + RBAC_ONLY, List.of(), List.of(),
          List.of("Microsoft.KeyVault/vaults/secrets/getSecret/action",
              "Microsoft.KeyVault/vaults/secrets/readMetadata/action"), List.of()),
      new RoleDefinition(KEY_VAULT_SECRETS_OFFICER, "Key Vault Secrets Officer", BUILT_IN,
          "Perform any action on the secrets of a key vault, except manage permissions." + RBAC_ONLY,
          KEY_VAULT_READS, List.of(), List.of("Microsoft.KeyVault/vaults/secrets/*"), List.of()),
      new RoleDefinition(KEY_VAULT_ADMINISTRATOR, "Key Vault Administrator", BUILT_IN,
          "Perform all data plane operations on a key vault and all objects in it, including certificates, keys,"
              + " and secrets. Cannot manage key vault resources or manage role assignments." + RBAC_ONLY,
          KEY_VAULT_READS, List.of(), List.of("Microsoft.KeyVault/vaults/*"), List.of()),
      new RoleDefinition(KEY_VAULT_READER, "Key Vault Reader", BUILT_IN,
          "Read metadata of key vaults and its certificates, keys, and secrets. Cannot read sensitive values such"
              + " as secret contents or key material." + RBAC_ONLY,
          KEY_VAULT_READS, List.of(), List.of("Microsoft.KeyVault/vaults/*/read",
              "Microsoft.KeyVault/vaults/secrets/readMetadata/action"), List.of()),
      new RoleDefinition(KEY_VAULT_CONTRIBUTOR, "Key Vault Contributor", BUILT_IN,
          "Lets you manage key vaults, but not access to them.",
          List.of("Microsoft.Authorization/*/read", "Microsoft.Insights/alertRules/*", "Microsoft.KeyVault/*",
              "Microsoft.Resources/deployments/*", "Microsoft.Resources/subscriptions/resourceGroups/read",
              "Microsoft.Support/*"),
          List.of("Microsoft.KeyVault/locations/deletedVaults/purge/action", "Microsoft.KeyVault/hsmPools/*",
              "Microsoft.KeyVault/managedHsms/*"), List.of(), List.of()),
      // Its ABAC condition (which roles it may assign) is not modelled.
      new RoleDefinition(KEY_VAULT_DATA_ACCESS_ADMINISTRATOR, "Key Vault Data Access Administrator", BUILT_IN,
          "Manage access to Azure Key Vault by adding or removing role assignments for the Key Vault"
              + " Administrator, Key Vault Certificates Officer, Key Vault Crypto Officer, Key Vault Crypto"
              + " Service Encryption User, Key Vault Crypto User, Key Vault Reader, Key Vault Secrets Officer, or"
              + " Key Vault Secrets User roles. Includes an ABAC condition to constrain role assignments.",
          List.of("Microsoft.Authorization/roleAssignments/write", "Microsoft.Authorization/roleAssignments/delete",
              "Microsoft.Authorization/*/read", "Microsoft.Resources/deployments/*",
              "Microsoft.Resources/subscriptions/resourceGroups/read", "Microsoft.Resources/subscriptions/read",
              "Microsoft.Management/managementGroups/read", "Microsoft.Resources/deployments/*",
              "Microsoft.Support/*", "Microsoft.KeyVault/vaults/*/read"),
          List.of(), List.of(), List.of()),
      new RoleDefinition(READER, "Reader", BUILT_IN,
          "View all resources, but does not allow you to make any changes.",
          List.of("*/read"), List.of(), List.of(), List.of()));

  private BuiltInRoles() {
  }

  public static List<RoleDefinition> all() {
    return ALL;
  }

  /** By GUID, ignoring case. */
  public static Optional<RoleDefinition> find(String name) {
    return ALL.stream().filter(role -> role.name().equalsIgnoreCase(name)).findFirst();
  }
}
