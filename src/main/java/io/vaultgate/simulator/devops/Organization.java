package io.vaultgate.simulator.devops;

import java.util.Objects;

/**
 * An Azure DevOps organization.
 *
 * @param name          as in URLs ({@code /{name}/_apis/...}); compared ignoring case
 * @param id            the organization id ({@code instanceId} of connectionData), a GUID
 * @param egressAddress the IPv4 address Azure DevOps calls out from for this organization (its geography's
 *                      "inbound connections" range), which a vault's firewall has to admit
 */
public record Organization(String name, String id, String egressAddress) {
  public Organization {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(egressAddress, "egressAddress");
  }
}
