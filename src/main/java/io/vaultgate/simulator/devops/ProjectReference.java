package io.vaultgate.simulator.devops;

import java.util.Objects;

/**
 * A service connection's or variable group's share with one project, under the name and description it has there
 * (names are unique per project).
 */
public record ProjectReference(String projectId, String name, String description) {
  public ProjectReference {
    Objects.requireNonNull(projectId, "projectId");
    Objects.requireNonNull(name, "name");
  }
}
