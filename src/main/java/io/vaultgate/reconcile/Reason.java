package io.vaultgate.reconcile;

/** The closed vocabulary of condition reasons (PascalCase, as kstatus and ASO expect). */
public enum Reason {
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
  WaitingForServiceConnection,
  FederatedCredentialLimit,
  ServiceEndpointMissing,
  SubnetNotFound,
  DnsZoneNotFound,
  WaitingForApproval,
  PrivateEndpointRejected,
  PrivateEndpointDisconnected,
  Deleting
}
