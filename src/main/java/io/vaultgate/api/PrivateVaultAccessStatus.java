package io.vaultgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Observed state and the ledger of what vaultgate created. Fields are plain data compared with {@link #equals} so
 * that a status is written only when it changed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PrivateVaultAccessStatus {

  @JsonPropertyDescription("The metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("The vault's name, for kubectl get.")
  public String vaultName;

  @JsonPropertyDescription("Ready, Reconciling, Stalled (kstatus) and one condition per requested capability.")
  public List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Firewall ledger: what vaultgate added to the vault firewall on this resource's behalf.")
  public FirewallStatus firewall;

  @JsonPropertyDescription("Secret access ledger: the access-policy permissions and role assignments vaultgate"
      + " created for the pipeline identity.")
  public SecretAccessStatus secretAccess;

  @JsonPropertyDescription("The Azure DevOps service connection vaultgate created.")
  public ServiceConnectionStatus serviceConnection;

  @JsonPropertyDescription("The federated identity credential vaultgate created on the identity for the connection.")
  public FederatedCredentialStatus federatedCredential;

  @JsonPropertyDescription("The variable group vaultgate created.")
  public VariableGroupStatus variableGroup;

  @JsonPropertyDescription("The private endpoint of the vault vaultgate created for self-hosted agents, and its DNS.")
  public PrivateEndpointStatus privateEndpoint;

  @JsonPropertyDescription("Each path the pipelines take to the vault's secrets, judged from live state: can a read"
      + " succeed, and if not, what Key Vault would answer and what is missing.")
  public List<AccessStatus> access = new ArrayList<>();

  @JsonPropertyDescription("In Apply mode the changes the last converging reconcile made; in Plan mode the changes"
      + " Apply would make now.")
  public List<PlannedChange> plan = new ArrayList<>();

  @Override
  public boolean equals(Object o) {
    return o instanceof PrivateVaultAccessStatus s
        && Objects.equals(observedGeneration, s.observedGeneration)
        && Objects.equals(vaultName, s.vaultName)
        && Objects.equals(conditions, s.conditions)
        && Objects.equals(firewall, s.firewall)
        && Objects.equals(secretAccess, s.secretAccess)
        && Objects.equals(serviceConnection, s.serviceConnection)
        && Objects.equals(federatedCredential, s.federatedCredential)
        && Objects.equals(variableGroup, s.variableGroup)
        && Objects.equals(privateEndpoint, s.privateEndpoint)
        && Objects.equals(access, s.access)
        && Objects.equals(plan, s.plan);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, vaultName, conditions, firewall, secretAccess, serviceConnection,
        federatedCredential, variableGroup, privateEndpoint, access, plan);
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class FirewallStatus {
    @JsonPropertyDescription("The vault the ledger below refers to; when spec.vault changes, vaultgate first removes"
        + " what it owns from this vault.")
    public String vault;

    @JsonPropertyDescription("Version (source date) of the Azure DevOps inbound ranges table used.")
    public String rangesVersion;

    @JsonPropertyDescription("IP rules vaultgate added for this resource (co-owned when another resource needs them"
        + " too). Rules present before vaultgate are never listed, so never removed.")
    public List<String> ownedIpRules = new ArrayList<>();

    @JsonPropertyDescription("IP rules vaultgate is about to add; recorded before the write so that a crash between"
        + " the write and this status still leaves them owned.")
    public List<String> pendingIpRules = new ArrayList<>();

    @JsonPropertyDescription("IP rules the spec needs that the vault already holds and no vaultgate ledger owns:"
        + " someone else added them, or vaultgate did before this status was lost. vaultgate never removes them; if"
        + " they are vaultgate's from a lost status, remove them from the vault's firewall by hand once no"
        + " pipeline needs them.")
    public List<String> unownedIpRules = new ArrayList<>();

    @JsonPropertyDescription("Virtual network rules (subnet ids, lower case) vaultgate added for this resource.")
    public List<String> ownedVirtualNetworkRules = new ArrayList<>();

    @JsonPropertyDescription("Virtual network rules vaultgate is about to add.")
    public List<String> pendingVirtualNetworkRules = new ArrayList<>();

    @JsonPropertyDescription("The vault's default action as last observed.")
    public String defaultAction;

    @JsonPropertyDescription("The vault's public network access as last observed.")
    public String publicNetworkAccess;

    @Override
    public boolean equals(Object o) {
      return o instanceof FirewallStatus f
          && Objects.equals(vault, f.vault)
          && Objects.equals(rangesVersion, f.rangesVersion)
          && Objects.equals(ownedIpRules, f.ownedIpRules)
          && Objects.equals(pendingIpRules, f.pendingIpRules)
          && Objects.equals(unownedIpRules, f.unownedIpRules)
          && Objects.equals(ownedVirtualNetworkRules, f.ownedVirtualNetworkRules)
          && Objects.equals(pendingVirtualNetworkRules, f.pendingVirtualNetworkRules)
          && Objects.equals(defaultAction, f.defaultAction)
          && Objects.equals(publicNetworkAccess, f.publicNetworkAccess);
    }

    @Override
    public int hashCode() {
      return Objects.hash(vault, rangesVersion, ownedIpRules, pendingIpRules, unownedIpRules, ownedVirtualNetworkRules,
          pendingVirtualNetworkRules, defaultAction, publicNetworkAccess);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class SecretAccessStatus {
    @JsonPropertyDescription("The vault this ledger refers to.")
    public String vault;

    @JsonPropertyDescription("AccessPolicy or Rbac: the permission model in use.")
    public String model;

    @JsonPropertyDescription("Object id of the pipeline identity's service principal.")
    public String principalId;

    @JsonPropertyDescription("The principal whose access-policy permissions vaultgate added (below).")
    public String accessPolicyObjectId;

    @JsonPropertyDescription("Secret permissions vaultgate added to the principal's access policy; permissions it"
        + " already had are never listed, so never removed.")
    public List<String> ownedSecretPermissions = new ArrayList<>();

    @JsonPropertyDescription("Secret permissions about to be added (recorded before the write).")
    public List<String> pendingSecretPermissions = new ArrayList<>();

    @JsonPropertyDescription("Role assignments vaultgate created (deterministic names); assignments someone else"
        + " made are never listed, so never deleted.")
    public List<String> ownedRoleAssignments = new ArrayList<>();

    @Override
    public boolean equals(Object o) {
      return o instanceof SecretAccessStatus s
          && Objects.equals(vault, s.vault) && Objects.equals(model, s.model)
          && Objects.equals(principalId, s.principalId) && Objects.equals(accessPolicyObjectId, s.accessPolicyObjectId)
          && Objects.equals(ownedSecretPermissions, s.ownedSecretPermissions)
          && Objects.equals(pendingSecretPermissions, s.pendingSecretPermissions)
          && Objects.equals(ownedRoleAssignments, s.ownedRoleAssignments);
    }

    @Override
    public int hashCode() {
      return Objects.hash(vault, model, principalId, accessPolicyObjectId, ownedSecretPermissions,
          pendingSecretPermissions, ownedRoleAssignments);
    }
  }

  /** Equality by value for the small ledger records below (status is written only when it changed). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ServiceConnectionStatus(
      @JsonPropertyDescription("Service connection id.") String id,
      String name,
      String organization,
      String organizationId,
      String projectId,
      @JsonPropertyDescription("As Azure DevOps reports it; the federated credential matches it.")
      String workloadIdentityFederationIssuer,
      String workloadIdentityFederationSubject) {
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FederatedCredentialStatus(
      String name,
      @JsonPropertyDescription("appId of the app registration, or the user-assigned identity's resource id.")
      String parent,
      String issuer,
      String subject) {
  }

  /** One access path's verdict. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record AccessStatus(
      @JsonPropertyDescription("AzureDevOps, MicrosoftHostedAgents, SelfHostedAgents or Authorization.") String path,
      @JsonPropertyDescription("True, False, or OnDemand (opened per job through an AgentIpGrant).") String open,
      @JsonPropertyDescription("When closed, Key Vault's inner error code (e.g. ForbiddenByFirewall).") String code,
      @JsonPropertyDescription("When closed, the message the pipeline would get and what is missing.") String message) {
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record VariableGroupStatus(Integer id, String name) {
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PrivateEndpointStatus(
      @JsonPropertyDescription("Resource id of the private endpoint.") String id,
      @JsonPropertyDescription("Approved, Pending, Rejected or Disconnected.") String connectionState,
      String privateIpAddress,
      @JsonPropertyDescription("<vault>.privatelink.vaultcore.azure.net") String fqdn,
      @JsonPropertyDescription("A long-running Azure operation under way, polled on later reconciles.")
      String operation,
      String dnsZoneId,
      @JsonPropertyDescription("Whether vaultgate created the DNS zone (then it may delete it when unused).")
      Boolean dnsZoneCreated,
      @JsonPropertyDescription("The zone's virtual network link vaultgate created.") String virtualNetworkLinkId) {

    public PrivateEndpointStatus withOperation(String url) {
      return new PrivateEndpointStatus(id, connectionState, privateIpAddress, fqdn, url, dnsZoneId, dnsZoneCreated,
          virtualNetworkLinkId);
    }
  }
}
