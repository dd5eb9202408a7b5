package io.vaultgate.api;

/**
 * The closed vocabulary of condition reasons (PascalCase, as kstatus and ASO expect); a failure is also recorded as a
 * Warning Event with its reason.
 */
public enum Reason implements EventReason {
  Converged,
  Planned,
  Skipped,
  Progressing,
  InvalidSpec,
  PolicyDenied,
  VaultNotFound,
  AuthorizationFailed,
  Throttled,
  AzureError,
  RuleLimitExceeded,
  PublicNetworkAccessDisabled,
  IdentityNotFound,
  PermissionModelMismatch,
  CredentialsInvalid,
  OrganizationNotFound,
  ProjectNotFound,
  NameConflict,
  /** A secret the variable group maps is not in the vault; the group is not created or changed until it is. */
  SecretNotFound,
  WaitingForServiceConnection,
  FederatedCredentialLimit,
  ServiceEndpointMissing,
  SubnetNotFound,
  DnsZoneNotFound,
  WaitingForApproval,
  PrivateEndpointRejected,
  PrivateEndpointDisconnected,
  /** A path the pipelines need: the firewall admits neither the caller's address nor its subnet. */
  AddressNotAllowed,
  /** Self-hosted agents' network resolves the vault to no approved private endpoint, or not at all. */
  PrivateLinkUnavailable,
  /** The pipeline identity cannot get and list the vault's secrets. */
  SecretPermissionMissing,
  /**
   * {@code accessPolicies/remove} answered success, yet the vault still grants permissions vaultgate released: they
   * stay in the ledger and the removal is retried.
   */
  AccessPolicyNotRevoked,
  /** AgentIpGrant: the agent's address is allowed until {@code status.expiresAt}. */
  Open,
  /** AgentIpGrant: its ttl has passed; vaultgate removed the rule (unless something else still needs it). */
  Expired,
  /** AgentIpGrant: the PrivateVaultAccess it names is not in its namespace, or is being deleted. */
  AccessNotFound,
  /**
   * AgentIpGrant: the PrivateVaultAccess it names does not allow grants ({@code spec.agents.allowIpGrants}), has an
   * invalid spec, or writes nothing (Plan mode, reconcile-policy skip).
   */
  GrantsNotAllowed,
  /** AgentIpGrant: the vault already has as many open grants as the operator allows; older grants go first. */
  TooManyGrants,
  /** AgentIpGrant: the address is not in Azure's published ranges of the organization's geography. */
  AddressNotInAzure,
  /** An unexpected error in vaultgate itself (a bug): the operator's log has the stack trace. */
  InternalError,
  /** The resource is being deleted and what it owns could not be removed yet. */
  Deleting
}
