package io.vaultgate.simulator.devops;

import io.vaultgate.simulator.http.ApiError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which pipelines may use each protected resource, per project ("pipeline permissions"). Only service
 * connections and variable groups are simulated. Read and changed through this state API as another
 * administrator would.
 */
public final class PipelinePermissions {
  public static final String ENDPOINT = "endpoint";
  public static final String VARIABLE_GROUP = "variablegroup";
  static final List<String> RESOURCE_TYPES = List.of(ENDPOINT, VARIABLE_GROUP);

  /** A change to one pipeline's authorization, as PATCH sends it. */
  record PipelineChange(int id, boolean authorized) {
  }

  private final DevOps devOps;
  /** By organization, project id, resource type and resource id, all lower case. */
  private final Map<String, ResourcePipelinePermissions> permissions = new ConcurrentHashMap<>();

  PipelinePermissions(DevOps devOps) {
    this.devOps = devOps;
  }

  // ----- state API -----

  /**
   * The permissions of one resource in a project (by name or id); a resource nobody authorized has none.
   *
   * @param resourceType {@link #ENDPOINT} or {@link #VARIABLE_GROUP}
   */
  public ResourcePipelinePermissions get(String organization, String project, String resourceType,
                      String resourceId) {
    Project p = devOps.project(organization, project);
    return permissions.getOrDefault(key(organization, p.id(), resourceType, resourceId),
        ResourcePipelinePermissions.none(canonicalType(resourceType), resourceId));
  }

  /** Grants (or revokes) access to all pipelines of the project, as the portal's checkbox does. */
  public ResourcePipelinePermissions authorizeAllPipelines(String organization, String project,
                               String resourceType, String resourceId, boolean authorized) {
    return update(organization, project, resourceType, resourceId, authorized, List.of());
  }

  // ----- used by the REST handlers and the other stores -----

  /**
   * Merges a change: {@code allPipelines} replaces the stored setting when not null; each pipeline change adds
   * (authorized) or removes (not authorized) that pipeline.
   */
  synchronized ResourcePipelinePermissions update(String organization, String project, String resourceType,
                          String resourceId, Boolean allPipelines,
                          List<PipelineChange> changes) {
    ResourcePipelinePermissions current = get(organization, project, resourceType, resourceId);
    Instant now = Instant.now();
    ResourcePipelinePermissions.AllPipelines all = allPipelines == null ? current.allPipelines()
        : new ResourcePipelinePermissions.AllPipelines(allPipelines, now);
    List<ResourcePipelinePermissions.AuthorizedPipeline> pipelines = new ArrayList<>(current.pipelines());
    for (PipelineChange change : changes) {
      pipelines.removeIf(p -> p.id() == change.id());
      if (change.authorized()) {
        pipelines.add(new ResourcePipelinePermissions.AuthorizedPipeline(change.id(), now));
      }
    }
    pipelines.sort(Comparator.comparingInt(ResourcePipelinePermissions.AuthorizedPipeline::id));
    ResourcePipelinePermissions updated = new ResourcePipelinePermissions(current.resourceType(), resourceId, all,
        pipelines);
    permissions.put(key(organization, devOps.project(organization, project).id(), resourceType, resourceId),
        updated);
    return updated;
  }

  /** Drops the permissions of a resource that is no longer in the project. */
  void forget(String organization, String projectId, String resourceType, String resourceId) {
    permissions.remove(key(organization, projectId, resourceType, resourceId));
  }

  /** @throws ApiError 400 for resource types other than service connections and variable groups */
  static String canonicalType(String resourceType) {
    return RESOURCE_TYPES.stream().filter(resourceType::equalsIgnoreCase).findFirst()
        .orElseThrow(() -> new ApiError(400, "ArgumentException", "The resource type '" + resourceType
            + "' is not supported. Supported resource types: " + String.join(", ", RESOURCE_TYPES) + "."));
  }

  private static String key(String organization, String projectId, String resourceType, String resourceId) {
    return DevOps.key(organization + "/" + projectId + "/" + canonicalType(resourceType) + "/" + resourceId);
  }
}
