package io.vaultgate.validate;

import java.util.List;

/**
 * A resource's spec as the user wrote it, in plain values: the validator's input. It mirrors the CRD's spec field
 * by field so that every problem can be named by its path; it is built at the edge from the Kubernetes object and
 * read only by {@link SpecValidator}. Unlike the rest of the model it carries nulls: a field left out is null here,
 * exactly as in the resource, because telling "absent" from "empty" is part of validating it.
 */
public record SpecInput(String mode, VaultInput vault, DevOpsInput devOps, IdentityInput identity,
    ServiceConnectionInput serviceConnection, VariableGroupInput variableGroup, NetworkInput network,
    SecretRefInput credentialsSecretRef, AgentsInput agents) {

  public record SecretRefInput(String name) {
  }

  public record AgentsInput(String type, Boolean allowIpGrants) {
  }

  public record VaultInput(String resourceId, String permissionModel) {
  }

  public record DevOpsInput(String organization, String project, String geography) {
  }

  public record IdentityInput(String applicationClientId, String userAssignedIdentityId, Boolean readerOnSubscription,
      Boolean keyVaultContributor) {
  }

  public record ServiceConnectionInput(String name, String scope, Boolean authorizeAllPipelines) {
  }

  public record VariableGroupInput(String name, List<String> secrets, Boolean authorizeAllPipelines) {
  }

  public record NetworkInput(Boolean azureDevOpsInbound, List<String> additionalIpRanges, FirewallInput firewall,
      SelfHostedAgentsInput selfHostedAgents) {
  }

  public record FirewallInput(String defaultAction, String publicNetworkAccess) {
  }

  public record SelfHostedAgentsInput(List<String> subnetIds, Boolean enableServiceEndpoint,
      PrivateEndpointInput privateEndpoint) {
  }

  public record PrivateEndpointInput(String subnetId, String privateDnsZone, Boolean manualApproval) {
  }
}
