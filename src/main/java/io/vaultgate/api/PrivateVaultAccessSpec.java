package io.vaultgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/**
 * The desired state. Enumerated fields are strings in Java (their schema comes from the enum) so that a value the
 * API server did not check still reaches the operator's validation, which names it, instead of failing to parse.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PrivateVaultAccessSpec {

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

  @JsonPropertyDescription("Network paths into the vault.")
  public NetworkSpec network;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class VaultSpec {
    @Required
    @io.fabric8.generator.annotation.Pattern(Patterns.VAULT_RESOURCE_ID)
    @JsonPropertyDescription("ARM resource id: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<name>.")
    public String resourceId;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class DevOpsSpec {
    @Required
    @io.fabric8.generator.annotation.Pattern(Patterns.DEVOPS_ORGANIZATION)
    @JsonPropertyDescription("Organization name, as in https://dev.azure.com/<organization>.")
    public String organization;

    @JsonPropertyDescription("Project name.")
    public String project;

    @Required
    @SchemaFrom(type = Geography.class)
    @JsonPropertyDescription("The organization's geography (Organization settings > Overview); selects the inbound ranges."
        + " UnitedStates opens the ranges of all US regions, as Microsoft requires.")
    public String geography;
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
