package io.vaultgate.api;

/**
 * The reason of a Kubernetes Event vaultgate records: a change it made ({@link Change}), something it noticed about
 * the vault ({@link VaultWarning}), or a condition {@link Reason} (failures, Plan mode, drift left alone). A closed
 * vocabulary, so that alerts and dashboards can match on it.
 */
public sealed interface EventReason permits Reason, EventReason.Change, EventReason.VaultWarning {

  /** The reason as it appears in the Event, PascalCase. */
  String name();

  /** Normal Events: what vaultgate changed. */
  enum Change implements EventReason {
    FirewallUpdated,
    SecretAccessUpdated,
    ServiceConnectionUpdated,
    VariableGroupUpdated,
    PrivateEndpointUpdated,
    /** The resource was deleted and what it owned removed. */
    CleanedUp,
    /** The resource was deleted and, by its reconcile policy or Plan mode, Azure left as it is. */
    Detached,
    /** The resource was deleted after its vault was. */
    VaultGone,
    /** An AgentIpGrant's address was added to the vault firewall. */
    GrantOpened,
    /** An AgentIpGrant's address was removed from the vault firewall (expired, deleted, or its access gone). */
    GrantClosed
  }

  /** Warning Events about the vault that are not failures of vaultgate's. */
  enum VaultWarning implements EventReason {
    /** The default action is Allow: every address may connect, and IP rules change nothing. */
    DefaultActionAllow,
    /** An RBAC vault behind a private endpoint, which Azure DevOps cannot link a variable group to. */
    RbacPrivateEndpointVariableGroup
  }
}
