package io.vaultgate.simulator.devops;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Which pipelines of a project may use one protected resource (a service connection or a variable group).
 *
 * @param resourceType "endpoint" or "variablegroup"
 * @param allPipelines null until set ("Grant access permission to all pipelines")
 * @param pipelines    the pipelines authorized one by one, by id
 */
public record ResourcePipelinePermissions(String resourceType, String resourceId, AllPipelines allPipelines,
                      List<AuthorizedPipeline> pipelines) {
  public record AllPipelines(boolean authorized, Instant authorizedOn) {
  }

  public record AuthorizedPipeline(int id, Instant authorizedOn) {
  }

  public ResourcePipelinePermissions {
    Objects.requireNonNull(resourceType, "resourceType");
    Objects.requireNonNull(resourceId, "resourceId");
    pipelines = List.copyOf(pipelines);
  }

  static ResourcePipelinePermissions none(String resourceType, String resourceId) {
    return new ResourcePipelinePermissions(resourceType, resourceId, null, List.of());
  }

  public boolean allPipelinesAuthorized() {
    return allPipelines != null && allPipelines.authorized();
  }

  /** Whether this pipeline may use the resource: all pipelines may, or it was authorized by id. */
  public boolean authorizes(int pipelineId) {
    return allPipelinesAuthorized() || pipelines.stream().anyMatch(p -> p.id() == pipelineId);
  }
}
