package io.vaultgate.model;

/**
 * The agents that run a resource's pipelines, with the defaults resolved.
 *
 * @param ipGrants whether an {@code AgentIpGrant} may open the firewall to one agent's address for a while
 */
public record PipelineAgents(AgentHosting hosting, boolean ipGrants) {
}
