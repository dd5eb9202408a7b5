package io.vaultgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.vaultgate.model.AgentHosting;
import io.vaultgate.model.DefaultActionPolicy;
import io.vaultgate.model.Geography;
import io.vaultgate.model.Mode;
import io.vaultgate.model.Patterns;
import io.vaultgate.model.PermissionModel;
import io.vaultgate.model.PublicNetworkAccessPolicy;
import io.vaultgate.model.ServiceConnectionScope;

/**
 * The desired state. Enumerated fields are strings in Java (their schema comes from the enum) so that a value the
 * API server did not check still reaches the operator's validation, which names it, instead of failing to parse.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PrivateVaultAccessSpec {

  /** Why this version could not read the stored spec (see {@link LenientSpec}); null when it could. Never stored. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public String unreadable;

  @JsonPropertyDescription("Apply (default) converges Azure; Plan only computes the changes into status.plan.")
  @SchemaFrom(type = Mode.class)
  @Default("Apply")
  public String mode;

  @Required
  @JsonPropertyDescription("The Key Vault to open to Azure Pipelines.")
  public VaultSpec vault;

  @Required
  @JsonPropertyDescription("The Azure DevOps organization whose pipelines need the vault.")
  public DevOpsSpec devOps;

  @JsonPropertyDescription("The existing Entra identity pipelines authenticate as; it gets secret get and list on the"
      + " vault. vaultgate never creates identities or secrets.")
  public IdentitySpec identity;

  @JsonPropertyDescription("The Azure Resource Manager service connection (workload identity federation) pipelines"
      + " use; requires identity and devOps.project.")
  public ServiceConnectionSpec serviceConnection;

  @JsonPropertyDescription("A Library variable group linked to the vault through the service connection.")
  public VariableGroupSpec variableGroup;

  @JsonPropertyDescription("Network paths into the vault.")
  public NetworkSpec network;

  @JsonPropertyDescription("Which agents run the pipelines (the access paths Ready requires), and whether an"
      + " AgentIpGrant may open the firewall to one Microsoft-hosted agent's address for a job.")
  public AgentsSpec agents;

  @JsonPropertyDescription("A Secret in this namespace with credentials for this resource; key azureDevOpsPat"
      + " holds a personal access token for Azure DevOps (default: the operator's Entra identity).")
  public SecretReference credentialsSecretRef;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class VaultSpec {
    @Required
    @io.fabric8.generator.annotation.Pattern(Patterns.VAULT_RESOURCE_ID)
    @JsonPropertyDescription("ARM resource id: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<name>.")
    public String resourceId;

    @SchemaFrom(type = PermissionModel.class)
    @Default("Auto")
    @JsonPropertyDescription("Auto (default) follows the vault's enableRbacAuthorization; AccessPolicy or Rbac insist on"
        + " one and stall on a vault using the other.")
    public String permissionModel;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(value = "has(self.applicationClientId) != has(self.userAssignedIdentityId)",
      message = "set exactly one of applicationClientId and userAssignedIdentityId")
  public static class IdentitySpec {
    @io.fabric8.generator.annotation.Pattern(Patterns.GUID)
    @JsonPropertyDescription("Application (client) id of an app registration; its service principal gets access.")
    public String applicationClientId;

    @io.fabric8.generator.annotation.Pattern(Patterns.USER_ASSIGNED_IDENTITY_ID)
    @JsonPropertyDescription("Resource id of a user-assigned managed identity: /subscriptions/<id>/resourceGroups/<rg>"
        + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name>.")
    public String userAssignedIdentityId;

    @JsonPropertyDescription("Also grant Reader on the vault's subscription (the service connection's verify step"
        + " needs it). Default false.")
    public Boolean readerOnSubscription;

    @JsonPropertyDescription("Also grant Key Vault Contributor on the vault (only Microsoft's agent-IP workaround needs"
        + " it). Default false.")
    public Boolean keyVaultContributor;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class DevOpsSpec {
    @Required
    @io.fabric8.generator.annotation.Pattern(Patterns.DEVOPS_ORGANIZATION)
    @JsonPropertyDescription("Organization name, as in https://dev.azure.com/<organization>.")
    public String organization;

    @io.fabric8.generator.annotation.Pattern(Patterns.DEVOPS_PROJECT)
    @io.fabric8.generator.annotation.Size(max = Patterns.MAX_DEVOPS_PROJECT)
    @ValidationRule(value = Patterns.DEVOPS_PROJECT_NOT_RESERVED_RULE, message = "is a name Azure DevOps reserves")
    @JsonPropertyDescription("Project name, as Azure DevOps allows it: at most 64 characters, none of"
        + " / : \\ ~ & % ; @ ' \" ? < > | # $ * } { , + = [ ], not starting with _ or ., not ending with .,"
        + " not a reserved name such as CON or App_Code.")
    public String project;

    @Required
    @SchemaFrom(type = Geography.class)
    @JsonPropertyDescription("The organization's geography (Organization settings > Overview); selects the inbound ranges."
        + " UnitedStates opens the ranges of all US regions, as Microsoft requires.")
    public String geography;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ServiceConnectionSpec {
    @Required
    @io.fabric8.generator.annotation.Pattern(Patterns.DEVOPS_NAME)
    @io.fabric8.generator.annotation.Size(max = Patterns.MAX_DEVOPS_NAME)
    @JsonPropertyDescription("Service connection name in the project.")
    public String name;

    @SchemaFrom(type = ServiceConnectionScope.class)
    @Default("Subscription")
    @JsonPropertyDescription("Subscription (default) or ResourceGroup: the vault's subscription or resource group.")
    public String scope;

    @JsonPropertyDescription("Grant access permission to all pipelines (default false: authorize pipelines in Azure"
        + " DevOps one by one).")
    public Boolean authorizeAllPipelines;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class VariableGroupSpec {
    @Required
    @io.fabric8.generator.annotation.Pattern(Patterns.DEVOPS_NAME)
    @io.fabric8.generator.annotation.Size(max = Patterns.MAX_DEVOPS_NAME)
    @JsonPropertyDescription("Variable group name in the project's Library.")
    public String name;

    @Required
    @io.fabric8.generator.annotation.Size(min = 1, max = Patterns.MAX_VARIABLE_GROUP_SECRETS)
    @JsonPropertyDescription("Names of the vault secrets to map (values are read at pipeline run time, never here).")
    public java.util.List<@io.fabric8.generator.annotation.Pattern(Patterns.SECRET_NAME) String> secrets;

    @JsonPropertyDescription("Grant access permission to all pipelines (default false).")
    public Boolean authorizeAllPipelines;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class AgentsSpec {
    @SchemaFrom(type = AgentHosting.class)
    @JsonPropertyDescription("MicrosoftHosted, SelfHosted or Both. Default: SelfHosted when"
        + " network.selfHostedAgents gives them a way in (subnetIds or privateEndpoint), else MicrosoftHosted.")
    public String type;

    @JsonPropertyDescription("Allow AgentIpGrants naming this resource: a pipeline opens the vault firewall to its"
        + " Microsoft-hosted agent's public address for one job. Default: true when the agents include"
        + " Microsoft-hosted ones.")
    public Boolean allowIpGrants;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class SecretReference {
    @Required
    @io.fabric8.generator.annotation.Pattern(Patterns.OBJECT_NAME)
    @JsonPropertyDescription("Name of a Secret in the resource's own namespace.")
    public String name;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class NetworkSpec {
    @Default("true")
    @JsonPropertyDescription("Add the geography's Azure DevOps inbound IPv4 ranges to the vault firewall (default true).")
    public Boolean azureDevOpsInbound;

    @io.fabric8.generator.annotation.Size(max = Patterns.MAX_ADDITIONAL_IP_RANGES)
    @JsonPropertyDescription("Other public IPv4 addresses or CIDR ranges (prefix /16 or longer) to allow.")
    public java.util.List<@io.fabric8.generator.annotation.Pattern(Patterns.IPV4_OR_CIDR) String> additionalIpRanges;

    @JsonPropertyDescription("Vault-wide firewall settings.")
    public FirewallSpec firewall;

    @JsonPropertyDescription("Self-hosted agents in a virtual network: virtual network rules and/or a private"
        + " endpoint.")
    public SelfHostedAgentsSpec selfHostedAgents;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class SelfHostedAgentsSpec {
    @io.fabric8.generator.annotation.Size(max = Patterns.MAX_SUBNETS)
    @JsonPropertyDescription("Agent subnets to allow through the vault firewall (virtual network rules); each needs"
        + " the Microsoft.KeyVault service endpoint.")
    public java.util.List<@io.fabric8.generator.annotation.Pattern(Patterns.SUBNET_ID) String> subnetIds;

    @JsonPropertyDescription("Add the Microsoft.KeyVault service endpoint to those subnets when missing (default"
        + " false: report it instead; vaultgate changes nothing else on the subnet).")
    public Boolean enableServiceEndpoint;

    @JsonPropertyDescription("A private endpoint of the vault in the agents' virtual network.")
    public PrivateEndpointSpec privateEndpoint;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PrivateEndpointSpec {
    @Required
    @io.fabric8.generator.annotation.Pattern(Patterns.SUBNET_ID)
    @JsonPropertyDescription("The subnet for the endpoint; the endpoint is created in its virtual network's region.")
    public String subnetId;

    @io.fabric8.generator.annotation.Pattern(Patterns.PRIVATE_DNS_ZONE_CHOICE)
    @Default("Create")
    @JsonPropertyDescription("Create (default: create or reuse privatelink.vaultcore.azure.net in the vault's"
        + " resource group and link it), None (leave DNS to you), or an existing zone's resource id.")
    public String privateDnsZone;

    @JsonPropertyDescription("Request the connection for the vault owner to approve, instead of approving it"
        + " (default false).")
    public Boolean manualApproval;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class FirewallSpec {
    @SchemaFrom(type = DefaultActionPolicy.class)
    @Default("Keep")
    @JsonPropertyDescription("Keep (default) leaves the default action alone; Deny closes the vault to all other addresses."
        + " vaultgate never sets Allow.")
    public String defaultAction;

    @SchemaFrom(type = PublicNetworkAccessPolicy.class)
    @Default("Keep")
    @JsonPropertyDescription("Keep (default) reports a vault with public network access disabled; Enabled enables it.")
    public String publicNetworkAccess;
  }
}
