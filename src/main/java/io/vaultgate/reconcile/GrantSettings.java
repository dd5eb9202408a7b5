package io.vaultgate.reconcile;

import java.time.Duration;

/**
 * The operator's limits on {@code AgentIpGrant}s.
 *
 * @param maxTtl the longest a grant may stay open after its creation
 * @param maxPerVault the most grants open on one vault at once; older grants go first
 * @param azureAddressesOnly refuse addresses outside Azure's published ranges of the organization's geography (off
 *     only for agents that are not Microsoft-hosted)
 * @param serviceTagRefresh how long Azure's published service tags are used before they are read again
 */
public record GrantSettings(Duration maxTtl, int maxPerVault, boolean azureAddressesOnly,
    Duration serviceTagRefresh) {

  public static GrantSettings defaults() {
    return new GrantSettings(Duration.ofHours(1), 20, true, Duration.ofHours(6));
  }
}
