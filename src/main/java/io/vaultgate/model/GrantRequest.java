package io.vaultgate.model;

import java.time.Duration;

/**
 * A validated {@code AgentIpGrant} spec: which {@code PrivateVaultAccess} (in the grant's own namespace) it opens,
 * the one address it opens it to, and for how long after the grant's creation.
 *
 * @param address the agent's address as a {@code /32} rule
 */
public record GrantRequest(String accessName, Ipv4Range address, Duration ttl) {
}
