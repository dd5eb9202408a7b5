package io.vaultgate.port;

import java.util.List;
import java.util.Optional;

/**
 * Azure DevOps: the organization and project, service connections, pipeline permissions and variable groups.
 * Implementations translate; they decide nothing. Failures are {@link AzureFailure}; a thing
 * that does not exist is an empty result.
 */
public interface DevOpsPort {

  Optional<String> organizationId(String organization);

  Optional<String> projectId(String organization, String project);

  /** By name; Azure DevOps leaves connections still being set up out of name lists. */
  Optional<ServiceEndpoint> findEndpoint(String organization, String project, String name);

  /** By id, whatever its state. */
  Optional<ServiceEndpoint> getEndpoint(String organization, String project, String id);

  ServiceEndpoint createEndpoint(String organization, EndpointDefinition definition);

  ServiceEndpoint updateEndpoint(String organization, String id, EndpointDefinition definition);

  void deleteEndpoint(String organization, String id, String projectId);

  /** Whether "grant access permission to all pipelines" is on for a resource ({@code endpoint} or {@code variablegroup}). */
  boolean allPipelinesAuthorized(String organization, String project, String resourceType, String resourceId);

  void authorizeAllPipelines(String organization, String project, String resourceType, String resourceId);

  Optional<VariableGroup> findVariableGroup(String organization, String project, String name);

  VariableGroup createVariableGroup(String organization, GroupDefinition definition);

  VariableGroup updateVariableGroup(String organization, int id, GroupDefinition definition);

  void deleteVariableGroup(String organization, int id, String projectId);

  /**
   * An Azure Resource Manager service connection using workload identity federation, as vaultgate defines it.
   *
   * @param clientId the identity's application (client) id
   * @param resourceGroupScope {@code /subscriptions/<id>/resourcegroups/<rg>} when scoped to a resource group
   */
  record EndpointDefinition(String name, String description, String projectId, String subscriptionId,
      String tenantId, String clientId, Optional<String> resourceGroupScope) {

    /** A connection of another kind (not AzureRM with workload identity federation) never equals vaultgate's. */
    public EndpointDefinition withoutIdentity() {
      return new EndpointDefinition(name, description, projectId, subscriptionId, "", "", Optional.empty());
    }
  }

  /**
   * @param definition what the connection says, read back in the terms of {@link EndpointDefinition}
   * @param issuer {@code workloadIdentityFederationIssuer} as Azure DevOps reports it (never computed)
   * @param subject {@code workloadIdentityFederationSubject}, likewise
   */
  record ServiceEndpoint(String id, EndpointDefinition definition, boolean ready, String state, String issuer,
      String subject) {
  }

  /** A variable group of type AzureKeyVault mapping exactly {@code secrets}. */
  record GroupDefinition(String name, String description, String projectId, String serviceEndpointId,
      String vaultName, List<String> secrets) {
    public GroupDefinition {
      secrets = List.copyOf(secrets);
    }
  }

  record VariableGroup(int id, String type, GroupDefinition definition) {
  }
}
