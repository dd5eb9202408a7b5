package io.vaultgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Observed state of a grant and its ledger: the IP rule vaultgate added for it. Plain data compared with
 * {@link #equals} so that a status is written only when it changed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AgentIpGrantStatus {

  @JsonPropertyDescription("The metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("The name of the vault the grant opens, for kubectl get.")
  public String vaultName;

  @JsonPropertyDescription("The IP rule the grant asks for (the address as a /32).")
  public String ipRule;

  @JsonPropertyDescription("When the grant closes: metadata.creationTimestamp plus spec.ttl.")
  public String expiresAt;

  @JsonPropertyDescription("Ready, Reconciling and Stalled (kstatus). Ready is True (reason Open) while the address is"
      + " allowed; afterwards False with reason Expired.")
  public List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Firewall ledger: what vaultgate added to the vault firewall for this grant.")
  public FirewallLedger firewall;

  @Override
  public boolean equals(Object o) {
    return o instanceof AgentIpGrantStatus s
        && Objects.equals(observedGeneration, s.observedGeneration)
        && Objects.equals(vaultName, s.vaultName)
        && Objects.equals(ipRule, s.ipRule)
        && Objects.equals(expiresAt, s.expiresAt)
        && Objects.equals(conditions, s.conditions)
        && Objects.equals(firewall, s.firewall);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, vaultName, ipRule, expiresAt, conditions, firewall);
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class FirewallLedger {
    @JsonPropertyDescription("The vault the rules below are in.")
    public String vault;

    @JsonPropertyDescription("IP rules vaultgate added for this grant (co-owned when another resource needs them"
        + " too). A rule present before vaultgate is never listed, so never removed.")
    public List<String> ownedIpRules = new ArrayList<>();

    @JsonPropertyDescription("IP rules vaultgate is about to add; recorded before the write so that a crash between"
        + " the write and this status still leaves them owned.")
    public List<String> pendingIpRules = new ArrayList<>();

    @Override
    public boolean equals(Object o) {
      return o instanceof FirewallLedger f
          && Objects.equals(vault, f.vault)
          && Objects.equals(ownedIpRules, f.ownedIpRules)
          && Objects.equals(pendingIpRules, f.pendingIpRules);
    }

    @Override
    public int hashCode() {
      return Objects.hash(vault, ownedIpRules, pendingIpRules);
    }
  }
}
