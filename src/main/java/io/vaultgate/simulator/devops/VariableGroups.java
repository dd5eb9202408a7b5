package io.vaultgate.simulator.devops;

import io.vaultgate.simulator.http.ApiError;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The variable groups of every organization, with integer ids per organization. A group linked to Azure Key
 * Vault names an AzureRM service connection shared with each of its projects and a vault, and holds secret names
 * only. Secret values of plain groups are stored but never returned.
 */
public final class VariableGroups {
  private final DevOps devOps;
  private final ServiceEndpoints endpoints;
  private final PipelinePermissions permissions;
  /** By lower-case organization name, then id. */
  private final Map<String, Map<Integer, SimVariableGroup>> groups = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> lastIds = new ConcurrentHashMap<>();

  VariableGroups(DevOps devOps, ServiceEndpoints endpoints, PipelinePermissions permissions) {
    this.devOps = devOps;
    this.endpoints = endpoints;
    this.permissions = permissions;
  }

  // ----- state API -----

  /** The organization's variable groups, by id. */
  public List<SimVariableGroup> all(String organization) {
    return groups.getOrDefault(DevOps.key(organization), Map.of()).values().stream()
        .sorted(Comparator.comparingInt(SimVariableGroup::id)).toList();
  }

  public Optional<SimVariableGroup> find(String organization, int id) {
    return Optional.ofNullable(groups.getOrDefault(DevOps.key(organization), Map.of()).get(id));
  }

  /** Deletes the group from every project (with its pipeline permissions); returns whether it existed. */
  public synchronized boolean delete(String organization, int id) {
    Optional<SimVariableGroup> group = find(organization, id);
    group.ifPresent(g -> unshare(devOps.existingOrganization(organization), id,
        g.projectReferences().stream().map(ProjectReference::projectId).toList()));
    return group.isPresent();
  }

  // ----- used by the REST handlers -----

  synchronized SimVariableGroup create(Organization organization, SimVariableGroup requested) {
    check(organization, requested, 0);
    int id = lastIds.computeIfAbsent(DevOps.key(organization.name()), k -> new AtomicInteger()).incrementAndGet();
    Instant now = Instant.now();
    SimVariableGroup created = requested.with(id, variables(requested, Map.of()), now, now);
    groups.computeIfAbsent(DevOps.key(organization.name()), k -> new ConcurrentHashMap<>()).put(id, created);
    return created;
  }

  /** Replaces the group; a secret sent without a value keeps the stored one. */
  synchronized SimVariableGroup update(Organization organization, int id, SimVariableGroup requested) {
    SimVariableGroup current = existing(organization, id);
    check(organization, requested, id);
    SimVariableGroup updated = requested.with(id, variables(requested, current.variables()), current.createdOn(),
        Instant.now());
    groups.get(DevOps.key(organization.name())).put(id, updated);
    current.projectReferences().stream().map(ProjectReference::projectId)
        .filter(projectId -> !updated.isSharedWith(projectId))
        .forEach(projectId -> permissions.forget(organization.name(), projectId, PipelinePermissions.VARIABLE_GROUP,
            Integer.toString(id)));
    return updated;
  }

  /** Stops sharing the group with these projects; deletes it when no project is left. */
  synchronized void unshare(Organization organization, int id, List<String> projectIds) {
    SimVariableGroup current = existing(organization, id);
    List<ProjectReference> kept = current.projectReferences().stream()
        .filter(r -> projectIds.stream().noneMatch(r.projectId()::equalsIgnoreCase)).toList();
    Map<Integer, SimVariableGroup> all = groups.get(DevOps.key(organization.name()));
    if (kept.isEmpty()) {
      all.remove(id);
    } else {
      all.put(id, new SimVariableGroup(id, current.name(), current.description(), current.type(),
          current.providerData(), current.variables(), kept, current.createdOn(), Instant.now()));
    }
    projectIds.forEach(projectId -> permissions.forget(organization.name(), projectId,
        PipelinePermissions.VARIABLE_GROUP, Integer.toString(id)));
  }

  /** @throws ApiError 404 if the organization has no such group */
  SimVariableGroup existing(Organization organization, int id) {
    return find(organization.name(), id).orElseThrow(() -> new ApiError(404, "VariableGroupNotFoundException",
        "Variable group with id " + id + " does not exist."));
  }

  /** Names unique per project; a Key Vault group's connection is an AzureRM one shared with its projects. */
  private void check(Organization organization, SimVariableGroup group, int self) {
    for (ProjectReference reference : group.projectReferences()) {
      Project project = devOps.project(organization.name(), reference.projectId());
      boolean taken = all(organization.name()).stream().anyMatch(other -> other.id() != self
          && other.projectReferences().stream().anyMatch(r -> r.projectId().equalsIgnoreCase(project.id())
              && r.name().equalsIgnoreCase(reference.name())));
      if (taken) {
        throw new ApiError(409, "VariableGroupExistsException", "Variable group with name '" + reference.name()
            + "' already exists in project '" + project.name() + "'.");
      }
    }
    if (group.isKeyVault()) {
      checkKeyVault(organization, group);
    }
  }

  private void checkKeyVault(Organization organization, SimVariableGroup group) {
    SimVariableGroup.KeyVaultProvider provider = group.providerData();
    SimServiceEndpoint endpoint = endpoints.find(organization.name(), provider.serviceEndpointId()).orElse(null);
    for (ProjectReference reference : group.projectReferences()) {
      if (endpoint == null || !endpoint.isSharedWith(reference.projectId())) {
        throw new ApiError(400, "ArgumentException", "Service connection '" + provider.serviceEndpointId()
            + "' of variable group '" + group.name() + "' was not found in project '"
            + devOps.project(organization.name(), reference.projectId()).name() + "'.");
      }
    }
    if (endpoint != null && !endpoint.isAzureRm()) {
      throw new ApiError(400, "ArgumentException", "Service connection '" + endpoint.name() + "' is of type '"
          + endpoint.type() + "'; a variable group linked to Azure Key Vault needs an Azure Resource Manager ("
          + SimServiceEndpoint.AZURE_RM + ") service connection.");
    }
  }

  /** Key Vault groups keep names only; a plain group's secret without a value keeps the stored value. */
  private static Map<String, SimVariableGroup.Variable> variables(SimVariableGroup group,
                                 Map<String, SimVariableGroup.Variable> stored) {
    Map<String, SimVariableGroup.Variable> variables = new LinkedHashMap<>();
    group.variables().forEach((name, v) -> {
      String value = group.isKeyVault() ? null : v.value();
      SimVariableGroup.Variable before = stored.get(name);
      if (value == null && v.isSecret() && before != null && !group.isKeyVault()) {
        value = before.value();
      }
      variables.put(name, new SimVariableGroup.Variable(value, v.isSecret(), v.isReadOnly(), v.enabled(),
          v.contentType(), v.expires()));
    });
    return variables;
  }
}
