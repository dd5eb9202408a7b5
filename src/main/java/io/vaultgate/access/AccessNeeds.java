package io.vaultgate.access;

import io.vaultgate.model.InboundRangeTable.InboundRange;
import java.util.List;
import java.util.Optional;

/**
 * The paths a resource's pipelines take, from its spec.
 *
 * @param azureDevOps the geography's ranges Azure DevOps lists the secrets from, when a variable group is linked
 * @param microsoftHosted Microsoft-hosted agents run the pipelines
 * @param ipGrants an AgentIpGrant may open the firewall to one agent's address
 * @param selfHostedSubnets the subnets self-hosted agents call from (virtual network rules and the private
 *     endpoint's subnet, whose network the endpoint serves); empty when no self-hosted agents run them
 * @param ownDns the spec leaves private DNS to the user ({@code privateDnsZone: None}): where no observed zone
 *     serves the agents' network, their DNS is trusted to resolve the vault to its private endpoint there
 * @param identity the pipeline identity, in words, when the spec names one
 */
public record AccessNeeds(Optional<List<InboundRange>> azureDevOps, boolean microsoftHosted, boolean ipGrants,
    List<String> selfHostedSubnets, boolean ownDns, Optional<String> identity) {

  public AccessNeeds {
    azureDevOps = azureDevOps.map(List::copyOf);
    selfHostedSubnets = List.copyOf(selfHostedSubnets);
  }
}
