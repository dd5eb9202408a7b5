package io.vaultgate.model;


/** How the pipeline identity is given secret read access. */
public enum PermissionModel {
  /** Follow the vault's {@code enableRbacAuthorization}. */
  Auto,
  /** Access policy with secret get and list; refused on an RBAC vault, which ignores access policies. */
  AccessPolicy,
  /** Role assignment of Key Vault Secrets User; refused on an access-policy vault. */
  Rbac
}
