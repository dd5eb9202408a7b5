package io.vaultgate.simulator.arm.msi;

import java.util.Objects;

/**
 * A user-assigned managed identity as stored: an ARM resource, and a service principal in the directory.
 *
 * @param principalId the object id of its service principal (what role assignments name)
 * @param clientId    the app id of its service principal (what a workload signs in as)
 */
public record UserAssignedIdentity(IdentityId identityId, String location, String tenantId, String principalId,
                   String clientId) {
  public UserAssignedIdentity {
    Objects.requireNonNull(identityId, "identityId");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(principalId, "principalId");
    Objects.requireNonNull(clientId, "clientId");
  }

  public String name() {
    return identityId.name();
  }

  public String resourceId() {
    return identityId.resourceId();
  }
}
