package io.vaultgate.validate;

import io.vaultgate.model.AgentHosting;
import io.vaultgate.model.AgentsDesired;
import io.vaultgate.model.DefaultActionPolicy;
import io.vaultgate.model.DesiredAccess;
import io.vaultgate.model.DevOpsDesired;
import io.vaultgate.model.Geography;
import io.vaultgate.model.IdentityRef;
import io.vaultgate.model.InboundRangeTable;
import io.vaultgate.model.Ipv4Range;
import io.vaultgate.model.MessageText;
import io.vaultgate.model.Mode;
import io.vaultgate.model.Patterns;
import io.vaultgate.model.PipelineAgents;
import io.vaultgate.model.PermissionModel;
import io.vaultgate.model.PublicNetworkAccessPolicy;
import io.vaultgate.model.ReconcilePolicy;
import io.vaultgate.model.ServiceConnectionScope;
import io.vaultgate.model.VaultId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The operator's own validation, applied whether or not the API server checked the CRD schema (a schema-less
 * server, an older CRD, a field the schema cannot express). It refuses everything the CRD's patterns, enums, sizes
 * and required fields refuse, with the very same {@link Patterns}, and nothing is trimmed or case-folded on the way;
 * beyond the schema it refuses what only the operator can judge (private and reserved ranges, wide prefixes, host
 * bits, duplicates, missing prerequisites, geographies missing from the ranges table). Pure: an invalid spec never
 * reaches Azure, and the result names each bad field and value (values echoed through {@link MessageText#quote}).
 */
public final class SpecValidator {

  /** Shorter prefixes would open the vault to a large share of the internet. */
  public static final int MIN_PREFIX = 16;

  private SpecValidator() {
  }

  public sealed interface Result permits Valid, Invalid {
  }

  public record Valid(DesiredAccess access) implements Result {
  }

  /** Each problem reads {@code <field>: <what is wrong>}. */
  public record Invalid(List<String> problems) implements Result {
    public String message() {
      return String.join("; ", problems);
    }
  }

  /**
   * @param spec null when the resource has none
   * @param reconcilePolicy the {@code vaultgate.io/reconcile-policy} annotation's value, null when not set
   */
  public static Result validate(SpecInput spec, String reconcilePolicy, InboundRangeTable table) {
    List<String> problems = new ArrayList<>();
    String policyValue = reconcilePolicy;
    Optional<ReconcilePolicy> policy = ReconcilePolicy.parse(policyValue);
    if (policy.isEmpty()) {
      problems.add("metadata.annotations[" + ReconcilePolicy.ANNOTATION + "]: unknown value "
          + MessageText.quote(policyValue) + " (exactly one of " + Arrays.stream(ReconcilePolicy.values())
          .map(ReconcilePolicy::value).collect(Collectors.joining(", ")) + ")");
    }
    if (spec == null) {
      problems.add("spec: required");
      return new Invalid(problems);
    }
    Mode mode = enumValue("spec.mode", spec.mode(), Mode.class, Mode.Apply, problems);

    VaultId vault = null;
    if (spec.vault() == null || spec.vault().resourceId() == null) {
      problems.add("spec.vault.resourceId: required");
    } else {
      vault = VaultId.parse(spec.vault().resourceId()).orElse(null);
      if (vault == null) {
        problems.add("spec.vault.resourceId: " + MessageText.quote(spec.vault().resourceId()) + " is not a Key Vault"
            + " resource id (/subscriptions/<subscription-guid>/resourceGroups/<group>/providers/Microsoft.KeyVault"
            + "/vaults/<name>)");
      }
    }

    Map<Ipv4Range, String> rules = new LinkedHashMap<>();
    String geography = null;
    if (spec.devOps() == null) {
      problems.add("spec.devOps: required");
    } else {
      if (spec.devOps().organization() == null || !spec.devOps().organization().matches(Patterns.DEVOPS_ORGANIZATION)) {
        problems.add("spec.devOps.organization: " + (spec.devOps().organization() == null ? "required"
            : MessageText.quote(spec.devOps().organization()) + " is not an Azure DevOps organization name"));
      }
      checkProject(spec.devOps().project(), problems);
      Geography geo = enumValue("spec.devOps.geography", spec.devOps().geography(), Geography.class, null, problems);
      if (geo == null && spec.devOps().geography() == null) {
        problems.add("spec.devOps.geography: required");
      }
      geography = geo == null ? null : geo.name();
    }

    SpecInput.NetworkInput network = spec.network();
    boolean inbound = network == null || network.azureDevOpsInbound() == null || network.azureDevOpsInbound();
    if (inbound && geography != null) {
      Optional<List<InboundRangeTable.InboundRange>> ranges = table.rangesOf(geography);
      if (ranges.isEmpty()) {
        problems.add("spec.devOps.geography: " + MessageText.quote(geography) + " is not in the Azure DevOps ranges"
            + " table version "
            + table.version());
      } else {
        ranges.get().forEach(r -> rules.putIfAbsent(r.range(), r.region()));
      }
    }
    DefaultActionPolicy defaultAction = DefaultActionPolicy.Keep;
    PublicNetworkAccessPolicy publicAccess = PublicNetworkAccessPolicy.Keep;
    if (network != null) {
      checkAdditionalRanges(network.additionalIpRanges(), rules, problems);
      if (network.firewall() != null) {
        defaultAction = enumValue("spec.network.firewall.defaultAction", network.firewall().defaultAction(),
            DefaultActionPolicy.class, DefaultActionPolicy.Keep, problems);
        publicAccess = enumValue("spec.network.firewall.publicNetworkAccess", network.firewall().publicNetworkAccess(),
            PublicNetworkAccessPolicy.class, PublicNetworkAccessPolicy.Keep, problems);
      }
    }
    PermissionModel permissionModel = spec.vault() == null ? PermissionModel.Auto : enumValue(
        "spec.vault.permissionModel", spec.vault().permissionModel(), PermissionModel.class, PermissionModel.Auto,
        problems);
    Optional<IdentityRef> identity = identity(spec.identity(), problems);
    DevOpsDesired devOps = devOps(spec, identity, problems);
    AgentsDesired agents = agents(spec.network() == null ? null : spec.network().selfHostedAgents(), problems);
    PipelineAgents pipelines = pipelines(spec.agents(), agents, problems);
    if (!problems.isEmpty()) {
      return new Invalid(problems);
    }
    boolean reader = identity.isPresent() && Boolean.TRUE.equals(spec.identity().readerOnSubscription());
    boolean contributor = identity.isPresent() && Boolean.TRUE.equals(spec.identity().keyVaultContributor());
    return new Valid(new DesiredAccess(vault, mode, policy.get(), geography, table.version(), rules, defaultAction,
        publicAccess, identity, permissionModel, reader, contributor, devOps, agents, pipelines));
  }

  private static DevOpsDesired devOps(SpecInput spec, Optional<IdentityRef> identity,
      List<String> problems) {
    String organization = spec.devOps() == null ? null : spec.devOps().organization();
    Optional<String> project = Optional.ofNullable(spec.devOps() == null ? null : spec.devOps().project());
    Optional<DevOpsDesired.Connection> connection = Optional.empty();
    if (spec.serviceConnection() != null) {
      SpecInput.ServiceConnectionInput sc = spec.serviceConnection();
      checkName("spec.serviceConnection.name", sc.name(), problems);
      if (spec.identity() == null) {
        problems.add("spec.serviceConnection: requires spec.identity, the identity the connection signs in as");
      }
      if (project.isEmpty()) {
        problems.add("spec.serviceConnection: requires spec.devOps.project");
      }
      ServiceConnectionScope scope = enumValue("spec.serviceConnection.scope", sc.scope(), ServiceConnectionScope.class,
          ServiceConnectionScope.Subscription, problems);
      connection = Optional.of(new DevOpsDesired.Connection(sc.name(), scope, Boolean.TRUE.equals(
          sc.authorizeAllPipelines())));
    }
    Optional<DevOpsDesired.Group> group = Optional.empty();
    if (spec.variableGroup() != null) {
      SpecInput.VariableGroupInput vg = spec.variableGroup();
      checkName("spec.variableGroup.name", vg.name(), problems);
      if (spec.serviceConnection() == null) {
        problems.add("spec.variableGroup: requires spec.serviceConnection, through which it reads the vault");
      }
      List<String> secrets = vg.secrets() == null ? List.of() : vg.secrets();
      if (secrets.isEmpty()) {
        problems.add("spec.variableGroup.secrets: list at least one secret");
      } else if (secrets.size() > Patterns.MAX_VARIABLE_GROUP_SECRETS) {
        problems.add("spec.variableGroup.secrets: " + secrets.size() + " items, at most "
            + Patterns.MAX_VARIABLE_GROUP_SECRETS + " allowed");
      }
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (int i = 0; i < secrets.size(); i++) {
        String name = secrets.get(i);
        if (name == null || !name.matches(Patterns.SECRET_NAME)) {
          problems.add("spec.variableGroup.secrets[" + i + "]: " + MessageText.quote(name) + " is not a Key Vault"
              + " secret name (1 to 127 letters, digits and hyphens)");
        } else if (!seen.add(name.toLowerCase(java.util.Locale.ROOT))) {
          problems.add("spec.variableGroup.secrets[" + i + "]: " + MessageText.quote(name) + " is listed twice");
        }
      }
      group = Optional.of(new DevOpsDesired.Group(vg.name(), secrets,
          Boolean.TRUE.equals(vg.authorizeAllPipelines())));
    }
    Optional<String> secret = Optional.ofNullable(spec.credentialsSecretRef()).map(SpecInput.SecretRefInput::name);
    if (spec.credentialsSecretRef() != null) {
      String name = spec.credentialsSecretRef().name();
      if (name == null || !name.matches(Patterns.OBJECT_NAME)) {
        problems.add("spec.credentialsSecretRef.name: " + (name == null ? "required"
            : MessageText.quote(name) + " is not a Kubernetes object name"));
      }
    }
    return new DevOpsDesired(organization, project, connection, group, secret);
  }

  private static AgentsDesired agents(SpecInput.SelfHostedAgentsInput spec, List<String> problems) {
    if (spec == null) {
      return AgentsDesired.none();
    }
    List<String> subnets = spec.subnetIds() == null ? List.of() : spec.subnetIds();
    if (subnets.size() > Patterns.MAX_SUBNETS) {
      problems.add("spec.network.selfHostedAgents.subnetIds: " + subnets.size() + " items, at most "
          + Patterns.MAX_SUBNETS + " allowed");
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < subnets.size(); i++) {
      String id = subnets.get(i);
      String field = "spec.network.selfHostedAgents.subnetIds[" + i + "]";
      if (id == null || !id.matches(Patterns.SUBNET_ID)) {
        problems.add(field + ": " + MessageText.quote(id) + " is not a subnet resource id (/subscriptions/<guid>"
            + "/resourceGroups/"
            + "<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>)");
      } else if (!seen.add(id.toLowerCase(java.util.Locale.ROOT))) {
        problems.add(field + ": " + MessageText.quote(id) + " is listed twice");
      }
    }
    Optional<AgentsDesired.Endpoint> endpoint = Optional.empty();
    if (spec.privateEndpoint() != null) {
      SpecInput.PrivateEndpointInput pe = spec.privateEndpoint();
      if (pe.subnetId() == null || !pe.subnetId().matches(Patterns.SUBNET_ID)) {
        problems.add("spec.network.selfHostedAgents.privateEndpoint.subnetId: " + (pe.subnetId() == null ? "required"
            : MessageText.quote(pe.subnetId()) + " is not a subnet resource id"));
      }
      String zone = pe.privateDnsZone() == null ? AgentsDesired.Endpoint.CREATE : pe.privateDnsZone();
      if (!zone.matches(Patterns.PRIVATE_DNS_ZONE_CHOICE)) {
        problems.add("spec.network.selfHostedAgents.privateEndpoint.privateDnsZone: " + MessageText.quote(zone)
            + " is not Create,"
            + " None or the resource id of a " + Patterns.PRIVATE_LINK_ZONE + " zone");
      }
      endpoint = Optional.of(new AgentsDesired.Endpoint(pe.subnetId(), "None".equals(zone) ? Optional.empty()
          : Optional.of(zone), Boolean.TRUE.equals(pe.manualApproval())));
    }
    return new AgentsDesired(subnets, Boolean.TRUE.equals(spec.enableServiceEndpoint()), endpoint);
  }

  /**
   * Self-hosted agents are the default when the spec gives them a way in; grants are allowed by default exactly when
   * Microsoft-hosted agents run the pipelines (their address is known only at run time).
   */
  private static PipelineAgents pipelines(SpecInput.AgentsInput spec, AgentsDesired agents, List<String> problems) {
    boolean selfHostedPath = !agents.subnetIds().isEmpty() || agents.privateEndpoint().isPresent();
    AgentHosting fallback = selfHostedPath ? AgentHosting.SelfHosted : AgentHosting.MicrosoftHosted;
    AgentHosting hosting = spec == null ? fallback
        : enumValue("spec.agents.type", spec.type(), AgentHosting.class, fallback, problems);
    if (hosting == null) {
      return null;
    }
    if (hosting.selfHosted() && !selfHostedPath) {
      problems.add("spec.agents.type: " + hosting + " needs a way in for self-hosted agents:"
          + " spec.network.selfHostedAgents.subnetIds or spec.network.selfHostedAgents.privateEndpoint");
    }
    boolean grants = spec == null || spec.allowIpGrants() == null ? hosting.microsoftHosted()
        : spec.allowIpGrants();
    return new PipelineAgents(hosting, grants);
  }

  private static void checkName(String field, String value, List<String> problems) {
    if (value == null || !value.matches(Patterns.DEVOPS_NAME)) {
      problems.add(field + ": " + (value == null ? "required" : MessageText.quote(value) + " is not a valid Azure"
          + " DevOps name (1 to " + Patterns.MAX_DEVOPS_NAME + " characters, none of / \\ : * ? \" < > | or control"
          + " characters, no blank at either end)"));
    }
  }

  /** Optional; when given, a name Azure DevOps accepts for a project. */
  private static void checkProject(String value, List<String> problems) {
    if (value == null) {
      return;
    }
    if (!value.matches(Patterns.DEVOPS_PROJECT)) {
      problems.add("spec.devOps.project: " + MessageText.quote(value) + " is not an Azure DevOps project name (1 to "
          + Patterns.MAX_DEVOPS_PROJECT + " characters, none of / : \\ ~ & % ; @ ' \" ? < > | # $ * } { , + = [ ]"
          + " or control characters, not starting with _ or ., not ending with ., no blank at either end)");
    } else if (Patterns.isReservedProject(value)) {
      problems.add("spec.devOps.project: " + MessageText.quote(value) + " is a name Azure DevOps reserves");
    }
  }

  private static Optional<IdentityRef> identity(SpecInput.IdentityInput spec, List<String> problems) {
    if (spec == null) {
      return Optional.empty();
    }
    boolean app = spec.applicationClientId() != null;
    boolean uami = spec.userAssignedIdentityId() != null;
    if (app == uami) {
      problems.add("spec.identity: set exactly one of applicationClientId and userAssignedIdentityId");
      return Optional.empty();
    }
    if (app && !spec.applicationClientId().matches(Patterns.GUID)) {
      problems.add("spec.identity.applicationClientId: " + MessageText.quote(spec.applicationClientId())
          + " is not a GUID");
      return Optional.empty();
    }
    if (uami && !spec.userAssignedIdentityId().matches(Patterns.USER_ASSIGNED_IDENTITY_ID)) {
      problems.add("spec.identity.userAssignedIdentityId: " + MessageText.quote(spec.userAssignedIdentityId())
          + " is not a"
          + " user-assigned identity resource id (/subscriptions/<guid>/resourceGroups/<group>/providers/"
          + "Microsoft.ManagedIdentity/userAssignedIdentities/<name>)");
      return Optional.empty();
    }
    return Optional.of(app ? new IdentityRef(IdentityRef.Kind.APPLICATION, spec.applicationClientId().toLowerCase(
        java.util.Locale.ROOT)) : new IdentityRef(IdentityRef.Kind.USER_ASSIGNED, spec.userAssignedIdentityId()));
  }

  private static void checkAdditionalRanges(List<String> values, Map<Ipv4Range, String> rules, List<String> problems) {
    if (values == null) {
      return;
    }
    if (values.size() > Patterns.MAX_ADDITIONAL_IP_RANGES) {
      problems.add("spec.network.additionalIpRanges: " + values.size() + " items, at most "
          + Patterns.MAX_ADDITIONAL_IP_RANGES + " allowed");
      return;
    }
    Map<Ipv4Range, Integer> seen = new LinkedHashMap<>();
    for (int i = 0; i < values.size(); i++) {
      String field = "spec.network.additionalIpRanges[" + i + "]";
      String value = values.get(i);
      String quoted = MessageText.quote(value);
      if (value == null || !value.matches(Patterns.IPV4_OR_CIDR)) {
        problems.add(field + ": " + quoted + " is not an IPv4 address or CIDR range (Key Vault IP rules are IPv4"
            + " only)");
        continue;
      }
      Ipv4Range range = Ipv4Range.parse(value);
      if (range.hasHostBits()) {
        problems.add(field + ": " + quoted + " has host bits set; the network is " + range.network());
      } else if (range.prefix() < MIN_PREFIX) {
        problems.add(field + ": " + quoted + " is wider than /" + MIN_PREFIX + "; list narrower ranges");
      } else if (range.reservedBlock().isPresent()) {
        problems.add(field + ": " + quoted + " is in " + range.reservedBlock().get()
            + "; Key Vault IP rules accept public addresses only");
      } else if (seen.containsKey(range)) {
        problems.add(field + ": " + quoted + " duplicates spec.network.additionalIpRanges[" + seen.get(range) + "]");
      } else {
        seen.put(range, i);
        rules.putIfAbsent(range, "additionalIpRanges");
      }
    }
  }

  private static <E extends Enum<E>> E enumValue(String field, String value, Class<E> type, E fallback,
      List<String> problems) {
    if (value == null) {
      return fallback;
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(value)) {
        return e;
      }
    }
    problems.add(field + ": unknown value " + MessageText.quote(value) + " (one of " + Arrays.stream(
        type.getEnumConstants())
        .map(Enum::name).collect(Collectors.joining(", ")) + ")");
    return null;
  }
}
