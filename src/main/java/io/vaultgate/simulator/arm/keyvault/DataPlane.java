package io.vaultgate.simulator.arm.keyvault;

import io.vaultgate.simulator.arm.Scopes;
import io.vaultgate.simulator.arm.authorization.BuiltInRoles;
import io.vaultgate.simulator.arm.authorization.RoleAssignmentStore;
import io.vaultgate.simulator.arm.authorization.RoleDefinition;
import java.util.List;
import java.util.Optional;

/**
 * What a principal may do on a vault's data plane, decided from simulator state as Key Vault decides it: by the
 * vault's access policies when it uses them, by Azure RBAC when {@code enableRbacAuthorization} is set (then its
 * access policies count for nothing, and role assignments count for nothing on an access-policy vault).
 * Role assignment conditions are not evaluated.
 */
public final class DataPlane {
  static final String GET_SECRET = "Microsoft.KeyVault/vaults/secrets/getSecret/action";
  public static final String READ_SECRET_METADATA = "Microsoft.KeyVault/vaults/secrets/readMetadata/action";

  private final KeyVaults vaults;
  private final RoleAssignmentStore assignments;

  public DataPlane(KeyVaults vaults, RoleAssignmentStore assignments) {
    this.vaults = vaults;
    this.assignments = assignments;
  }

  /** Whether the principal can get and list the vault's secrets (what a pipeline's variable group needs). */
  public boolean canReadSecrets(SimVaultId vaultId, String principalObjectId) {
    Vault vault = vaults.get(vaultId);
    VaultProperties properties = vault.properties();
    if (!properties.enableRbacAuthorization()) {
      // A compound identity's entry (with applicationId) applies only to that app acting for the principal.
      return properties.accessPolicies().stream().anyMatch(p -> p.applicationId() == null
          && p.objectId().equalsIgnoreCase(principalObjectId) && p.tenantId().equalsIgnoreCase(properties.tenantId())
          && AccessPolicies.allowsSecretGetAndList(p));
    }
    List<RoleDefinition> roles = assignments.forPrincipal(principalObjectId).stream()
        .filter(a -> Scopes.isAtOrAbove(a.scope(), vault.resourceId()))
        .map(a -> BuiltInRoles.find(a.roleDefinitionName()))
        .flatMap(Optional::stream)
        .toList();
    // Permissions add up across assignments: each action needs some role that grants it.
    return List.of(GET_SECRET, READ_SECRET_METADATA).stream()
        .allMatch(action -> roles.stream().anyMatch(role -> role.allowsDataAction(action)));
  }
}
