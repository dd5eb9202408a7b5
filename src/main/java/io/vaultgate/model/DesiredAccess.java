package io.vaultgate.model;

import java.util.Map;
import java.util.Optional;

/**
 * A validated, normalised spec: what one resource needs of its vault.
 *
 * @param ipRules every rule the resource needs, in order, mapped to why (the Azure DevOps region, or
 *     {@code additionalIpRanges})
 * @param identity the pipeline identity that must read secrets; empty when the spec names none
 * @param pipelines which agents run the pipelines: the access paths Ready requires
 */
public record DesiredAccess(
    VaultId vault,
    Mode mode,
    ReconcilePolicy policy,
    String geography,
    String rangesVersion,
    Map<Ipv4Range, String> ipRules,
    DefaultActionPolicy defaultAction,
    PublicNetworkAccessPolicy publicNetworkAccess,
    Optional<IdentityRef> identity,
    PermissionModel permissionModel,
    boolean readerOnSubscription,
    boolean keyVaultContributor,
    DevOpsDesired devOps,
    AgentsDesired agents,
    PipelineAgents pipelines) {

  public DesiredAccess {
    ipRules = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(ipRules));
  }

  /** Plan mode and the skip policy both compute changes without making them. */
  public boolean dryRun() {
    return mode == Mode.Plan || policy == ReconcilePolicy.SKIP;
  }
}
