package io.vaultgate.validate;

import java.util.List;

/**
 * A resource's spec as the user wrote it, in plain values: the validator's input. It mirrors the CRD's spec field
 * by field so that every problem can be named by its path; it is built at the edge from the Kubernetes object and
 * read only by {@link SpecValidator}. Unlike the rest of the model it carries nulls: a field left out is null here,
 * exactly as in the resource, because telling "absent" from "empty" is part of validating it.
 */
public record SpecInput(String mode, Vault vault, DevOps devOps, Identity identity,
    ServiceConnection serviceConnection, VariableGroup variableGroup, Network network, String credentialsSecret) {

  public record Vault(String resourceId, String permissionModel) {
  }

  public record DevOps(String organization, String project, String geography) {
  }

  public record Identity(String applicationClientId, String userAssignedIdentityId, Boolean readerOnSubscription,
      Boolean keyVaultContributor) {
  }

  public record ServiceConnection(String name, String scope, Boolean authorizeAllPipelines) {
  }

  public record VariableGroup(String name, List<String> secrets, Boolean authorizeAllPipelines) {
  }

  public record Network(Boolean azureDevOpsInbound, List<String> additionalIpRanges, Firewall firewall,
      SelfHostedAgents selfHostedAgents) {
  }

  public record Firewall(String defaultAction, String publicNetworkAccess) {
  }

  public record SelfHostedAgents(List<String> subnetIds, Boolean enableServiceEndpoint,
      PrivateEndpoint privateEndpoint) {
  }

  public record PrivateEndpoint(String subnetId, String privateDnsZone, Boolean manualApproval) {
  }
}
