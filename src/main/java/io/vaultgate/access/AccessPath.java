package io.vaultgate.access;

/** A way the pipelines of a resource reach the vault's secrets; {@code Ready} needs each one the spec implies. */
public enum AccessPath {
  /** Azure DevOps itself lists the vault's secrets (linking and showing a variable group), from its geography. */
  AzureDevOps,
  /** A Microsoft-hosted agent reads the secrets at run time from its own public address. */
  MicrosoftHostedAgents,
  /** A self-hosted agent reads them from its virtual network (private endpoint or virtual network rule). */
  SelfHostedAgents,
  /** The pipeline identity may get and list the secrets once the request reaches the vault. */
  Authorization
}
