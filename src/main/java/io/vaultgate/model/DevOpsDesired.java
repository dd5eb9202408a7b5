package io.vaultgate.model;

import java.util.List;
import java.util.Optional;

/**
 * What a resource needs in Azure DevOps: a service connection for its identity and a variable group linked to the
 * vault through it.
 *
 * @param credentialsSecret the Secret (in the resource's namespace) holding a personal access token, if any
 */
public record DevOpsDesired(String organization, Optional<String> project, Optional<Connection> serviceConnection,
    Optional<Group> variableGroup, Optional<String> credentialsSecret) {

  public record Connection(String name, ServiceConnectionScope scope, boolean authorizeAllPipelines) {
  }

  public record Group(String name, List<String> secrets, boolean authorizeAllPipelines) {
    public Group {
      secrets = List.copyOf(secrets);
    }
  }
}
