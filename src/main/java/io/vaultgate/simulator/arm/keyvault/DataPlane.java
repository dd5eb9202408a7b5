package io.vaultgate.simulator.arm.keyvault;

import io.vaultgate.simulator.arm.Scopes;
import io.vaultgate.simulator.arm.authorization.BuiltInRoles;
import io.vaultgate.simulator.arm.authorization.RoleAssignmentStore;
import io.vaultgate.simulator.arm.authorization.RoleDefinition;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a principal may do with a vault's secrets, decided from simulator state as Key Vault authorizes a data-plane
 * request: by the vault's access policies when it uses them, by Azure RBAC when {@code enableRbacAuthorization} is
 * set (then its access policies count for nothing, and role assignments count for nothing on an access-policy
 * vault). It owns authorization only: the network path to the vault is decided before it is asked. Role
 * assignment conditions and deny assignments are not evaluated; group membership is not modelled.
 */
public final class DataPlane {
  static final String GET_SECRET = "Microsoft.KeyVault/vaults/secrets/getSecret/action";
  public static final String READ_SECRET_METADATA = "Microsoft.KeyVault/vaults/secrets/readMetadata/action";

  /**
   * The secret operations of a reader, in the order Azure DevOps and the AzureKeyVault task perform them: list the
   * names, then get each value. Each is authorized by an access policy permission or an RBAC data action.
   */
  public enum SecretOperation {
    LIST("list", READ_SECRET_METADATA),
    GET("get", GET_SECRET);

    private final String permission;
    private final String dataAction;

    SecretOperation(String permission, String dataAction) {
      this.permission = permission;
      this.dataAction = dataAction;
    }

    /** The access policy's secret permission, e.g. {@code list}. */
    public String permission() {
      return permission;
    }

    /** The RBAC data action, e.g. {@code Microsoft.KeyVault/vaults/secrets/readMetadata/action}. */
    public String dataAction() {
      return dataAction;
    }
  }

  private final KeyVaults vaults;
  private final RoleAssignmentStore assignments;

  public DataPlane(KeyVaults vaults, RoleAssignmentStore assignments) {
    this.vaults = vaults;
    this.assignments = assignments;
  }

  /** Whether the principal can list and get the vault's secrets (what a pipeline's variable group needs). */
  public boolean canReadSecrets(SimVaultId vaultId, String principalObjectId) {
    return firstDenied(vaultId, principalObjectId).isEmpty();
  }

  /**
   * The first operation of {@link SecretOperation} the principal may not perform on the vault, if any: the one a
   * reader's request fails on.
   *
   * @throws java.util.NoSuchElementException if there is no such vault
   */
  public Optional<SecretOperation> firstDenied(SimVaultId vaultId, String principalObjectId) {
    Vault vault = vaults.get(vaultId);
    VaultProperties properties = vault.properties();
    if (!properties.enableRbacAuthorization()) {
      // A compound identity's entry (with applicationId) applies only to that app acting for the principal.
      List<AccessPolicy> own = properties.accessPolicies().stream().filter(p -> p.applicationId() == null
          && p.objectId().equalsIgnoreCase(principalObjectId)
          && p.tenantId().equalsIgnoreCase(properties.tenantId())).toList();
      return Arrays.stream(SecretOperation.values())
          .filter(op -> own.stream().noneMatch(p -> AccessPolicies.allowsSecret(p, op.permission())))
          .findFirst();
    }
    List<RoleDefinition> roles = assignments.forPrincipal(principalObjectId).stream()
        .filter(a -> Scopes.isAtOrAbove(a.scope(), vault.resourceId()))
        .map(a -> BuiltInRoles.find(a.roleDefinitionName()))
        .flatMap(Optional::stream)
        .toList();
    // Permissions add up across assignments: each action needs some role that grants it.
    return Arrays.stream(SecretOperation.values())
        .filter(op -> roles.stream().noneMatch(role -> role.allowsDataAction(op.dataAction())))
        .findFirst();
  }
}
