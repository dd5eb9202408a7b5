package io.vaultgate.simulator.devops;

import java.util.Objects;

/** An Azure DevOps project; its name is unique in the organization ignoring case, and so is its id. */
public record Project(String id, String name, String description) {
  public Project {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
  }
}
