package io.vaultgate.validate;

/**
 * An {@code AgentIpGrant} as plain values, mapped at the edge; any field may be null.
 *
 * @param namespace the grant's own namespace
 * @param accessNamespace {@code spec.accessRef.namespace}, which may only repeat the grant's own
 */
public record GrantInput(String namespace, String accessName, String accessNamespace, String ipAddress,
    String ttl) {
}
