package io.vaultgate.simulator.devops;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An Azure DevOps variable group (library) as stored, secret values included (they are never returned).
 *
 * @param id           unique in the organization, counting from 1
 * @param type         "Vsts" (values stored in Azure DevOps) or "AzureKeyVault" (linked to a vault's secrets)
 * @param providerData for AzureKeyVault groups: the service connection and the vault; null otherwise
 * @param variables    by name, in the order given; a Key Vault group holds names only
 */
public record SimVariableGroup(int id, String name, String description, String type, KeyVaultProvider providerData,
              Map<String, Variable> variables, List<ProjectReference> projectReferences,
              Instant createdOn, Instant modifiedOn) {
  public static final String VSTS = "Vsts";
  public static final String AZURE_KEY_VAULT = "AzureKeyVault";

  /** One variable; {@code enabled}, {@code contentType} and {@code expires} are null unless given. */
  public record Variable(String value, boolean isSecret, boolean isReadOnly, Boolean enabled, String contentType,
               String expires) {
  }

  /** Where a Key Vault group's secrets live: a vault by name, reached through an AzureRM service connection. */
  public record KeyVaultProvider(String serviceEndpointId, String vault, String lastRefreshedOn) {
    public KeyVaultProvider {
      Objects.requireNonNull(serviceEndpointId, "serviceEndpointId");
      Objects.requireNonNull(vault, "vault");
    }
  }

  public SimVariableGroup {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    projectReferences = List.copyOf(projectReferences);
  }

  public boolean isKeyVault() {
    return type.equals(AZURE_KEY_VAULT);
  }

  public boolean isSharedWith(String projectId) {
    return projectReferences.stream().anyMatch(r -> r.projectId().equalsIgnoreCase(projectId));
  }

  SimVariableGroup with(int id, Map<String, Variable> variables, Instant createdOn, Instant modifiedOn) {
    return new SimVariableGroup(id, name, description, type, providerData, variables, projectReferences, createdOn,
        modifiedOn);
  }
}
