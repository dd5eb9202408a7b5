package io.vaultgate.access;

import io.vaultgate.access.AccessWorld.Endpoint;
import io.vaultgate.access.AccessWorld.RoleGrant;
import io.vaultgate.access.AccessWorld.Subnet;
import io.vaultgate.access.AccessWorld.Zone;
import io.vaultgate.model.InboundRangeTable.InboundRange;
import io.vaultgate.model.Ipv4Range;
import io.vaultgate.model.LiveFirewall;
import io.vaultgate.model.LiveVault.EndpointConnection;
import io.vaultgate.model.RoleAssignment;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides, for each path a resource's pipelines need, whether Key Vault would let a secret read through, as Key
 * Vault decides it (network-security.md in azure-security-docs): over a private endpoint when the caller's network
 * resolves the vault's name to an approved endpoint of it; otherwise over the public endpoint, which answers only
 * with public network access enabled and then admits every address (default action Allow) or those a rule names
 * (an IP rule for the address, a virtual network rule for a subnet with the Microsoft.KeyVault service endpoint).
 * Then the identity needs secret get and list: an access policy, or on an RBAC vault roles assigned at the vault or
 * above whose data actions grant both. Pure; it never reads Azure and never decides what to change.
 */
public final class AccessEvaluator {

  /** Key Vault accepts at most 1000 IP rules, so a grant cannot open a full firewall. */
  static final int MAX_IP_RULES = 1000;
  static final String PRIVATE_LINK_ZONE = "privatelink.vaultcore.azure.net";
  /** The data actions a secret get and a secret list need (Key Vault Secrets User grants both). */
  static final List<String> SECRET_READ_ACTIONS = List.of("Microsoft.KeyVault/vaults/secrets/getSecret/action",
      "Microsoft.KeyVault/vaults/secrets/readMetadata/action");

  private AccessEvaluator() {
  }

  /** One verdict per path the needs name, in the order of {@link AccessPath}. */
  public static List<AccessVerdict> evaluate(AccessNeeds needs, AccessWorld world) {
    List<AccessVerdict> verdicts = new ArrayList<>();
    needs.azureDevOps().ifPresent(ranges -> verdicts.add(azureDevOps(ranges, world)));
    if (needs.microsoftHosted()) {
      verdicts.add(microsoftHosted(needs.ipGrants(), world));
    }
    if (!needs.selfHostedSubnets().isEmpty()) {
      verdicts.add(selfHosted(needs.selfHostedSubnets(), needs.ownDns(), world));
    }
    needs.identity().ifPresent(identity -> verdicts.add(authorization(identity, world)));
    return verdicts;
  }

  private static AccessVerdict azureDevOps(List<InboundRange> ranges, AccessWorld world) {
    Set<Ipv4Range> rules = ipRules(world.firewall());
    List<String> missing = ranges.stream().filter(r -> !r.range().coveredBy(rules))
        .map(r -> r.range() + " (" + r.region() + ")").toList();
    Optional<Denial> denial = publicEndpoint(world.firewall(), missing.isEmpty());
    if (denial.isEmpty()) {
      return AccessVerdict.open(AccessPath.AzureDevOps, world.firewall().denies()
          ? "the firewall allows Azure DevOps's " + ranges.size() + " inbound range(s)"
          : "the firewall's default action Allow admits every address");
    }
    return AccessVerdict.closed(AccessPath.AzureDevOps, denial.get(), denial.get() == Denial.ForbiddenByConnection
        ? publicDisabled(world, "Azure DevOps lists the variable group's secrets over the public endpoint")
        : "Vault " + world.vaultName() + " lacks Azure DevOps's inbound range(s) " + String.join(", ", missing)
            + " (spec.network.azureDevOpsInbound: true adds them).");
  }

  private static AccessVerdict microsoftHosted(boolean grants, AccessWorld world) {
    Optional<Denial> denial = publicEndpoint(world.firewall(), false);
    if (denial.isEmpty()) {
      return AccessVerdict.open(AccessPath.MicrosoftHostedAgents,
          "the firewall's default action Allow admits every agent address");
    }
    if (denial.get() == Denial.ForbiddenByConnection) {
      return AccessVerdict.closed(AccessPath.MicrosoftHostedAgents, denial.get(),
          publicDisabled(world, "Microsoft-hosted agents call over the public endpoint"));
    }
    if (grants && world.firewall().ipRules().size() < MAX_IP_RULES) {
      return AccessVerdict.onDemand(AccessPath.MicrosoftHostedAgents, "a job opens its agent's address for its"
          + " duration through an AgentIpGrant");
    }
    return AccessVerdict.closed(AccessPath.MicrosoftHostedAgents, denial.get(), grants
        ? "Vault " + world.vaultName() + " holds the maximum of " + MAX_IP_RULES + " IP rules, so no agent address"
            + " can be added."
        : "Microsoft-hosted agents call from their own public address, known only when the job runs: allow"
            + " AgentIpGrants (spec.agents.allowIpGrants: true; none opens while the resource writes nothing, in"
            + " Plan mode or with reconcile-policy skip) or run the pipelines on self-hosted agents.");
  }

  private static AccessVerdict selfHosted(List<String> subnetIds, boolean ownDns, AccessWorld world) {
    List<AccessVerdict> verdicts = subnetIds.stream().map(id -> fromSubnet(id, ownDns, world)).toList();
    return verdicts.stream().filter(v -> v.open() == Openness.False).findFirst()
        .orElse(AccessVerdict.open(AccessPath.SelfHostedAgents, verdicts.stream().map(AccessVerdict::message)
            .distinct().collect(Collectors.joining("; "))));
  }

  /** A read from an agent in the subnet: name resolution in its network decides the route. */
  private static AccessVerdict fromSubnet(String subnetId, boolean ownDns, AccessWorld world) {
    AccessPath path = AccessPath.SelfHostedAgents;
    Optional<Subnet> found = world.subnets().stream().filter(s -> s.id().equalsIgnoreCase(subnetId)).findFirst();
    if (found.isEmpty()) {
      return AccessVerdict.closed(path, Denial.SubnetNotFound, "Subnet " + subnetId + " does not exist.");
    }
    Subnet subnet = found.get();
    String network = subnet.virtualNetworkId();
    List<Zone> linked = world.zones().stream().filter(z -> z.provisioned()
        && z.name().equalsIgnoreCase(PRIVATE_LINK_ZONE)
        && z.linkedNetworks().stream().anyMatch(network::equalsIgnoreCase)).toList();
    if (!linked.isEmpty()) {
      return privately(subnet, linked.stream().flatMap(z -> z.vaultAddresses().stream()).distinct().toList(),
          "Private DNS zone " + linked.get(0).id() + " is linked to the agents' network but has no A record for "
              + world.vaultName() + ".", world);
    }
    List<String> endpointsHere = world.endpoints().stream()
        .filter(e -> e.virtualNetworkId().equalsIgnoreCase(network)).flatMap(e -> e.privateIp().stream()).toList();
    if (ownDns && !endpointsHere.isEmpty()) {
      return privately(subnet, endpointsHere, "", world);
    }
    Optional<Denial> denial = publicEndpoint(world.firewall(), subnet.keyVaultServiceEndpoint()
        && world.firewall().virtualNetworkRules().stream().anyMatch(r -> r.id().equalsIgnoreCase(subnetId)));
    if (denial.isEmpty()) {
      return AccessVerdict.open(path, world.firewall().denies() ? "subnet " + subnetId + " through its virtual"
          + " network rule" : "subnet " + subnetId + ": the firewall's default action Allow admits every address");
    }
    if (denial.get() == Denial.ForbiddenByConnection) {
      return AccessVerdict.closed(path, denial.get(), publicDisabled(world, "agents in subnet " + subnetId
          + " reach only its public endpoint (no private DNS zone for it is linked to their network)"));
    }
    return AccessVerdict.closed(path, denial.get(), subnet.keyVaultServiceEndpoint()
        ? "Vault " + world.vaultName() + " has no virtual network rule for subnet " + subnetId + "."
        : "Subnet " + subnetId + " has no Microsoft.KeyVault service endpoint and no private endpoint serves its"
            + " network, so the vault sees the agents' public egress address, which no rule names.");
  }

  /** @param addresses what the agents' network resolves the vault's name to (empty: it does not resolve) */
  private static AccessVerdict privately(Subnet subnet, List<String> addresses, String unresolved,
      AccessWorld world) {
    AccessPath path = AccessPath.SelfHostedAgents;
    if (addresses.isEmpty()) {
      return AccessVerdict.closed(path, Denial.NameNotResolved, unresolved);
    }
    // a client may use any address the name resolves to, so each must be an approved endpoint of the vault there
    List<Endpoint> here = world.endpoints().stream()
        .filter(e -> e.virtualNetworkId().equalsIgnoreCase(subnet.virtualNetworkId())
            && e.privateIp().filter(addresses::contains).isPresent()).toList();
    List<Endpoint> approved = here.stream().filter(e -> e.provisioned() && connection(world, e.id())
        .filter(EndpointConnection::approved).isPresent()).toList();
    if (addresses.stream().allMatch(a -> approved.stream().anyMatch(e -> e.privateIp().get().equals(a)))) {
      return AccessVerdict.open(path, "subnet " + subnet.id() + " over private endpoint " + approved.get(0).id()
          + " (" + approved.get(0).privateIp().orElseThrow() + ")");
    }
    String state = here.stream().map(e -> "private endpoint " + e.id() + " is "
        + (e.provisioned() ? "connected " + connection(world, e.id()).map(EndpointConnection::status)
            .filter(s -> !s.isEmpty()).orElse("without a connection to the vault") : "not provisioned"))
        .collect(Collectors.joining("; "));
    return AccessVerdict.closed(path, Denial.PrivateLinkNotApproved, "The agents' network resolves "
        + world.vaultName() + " to " + String.join(", ", addresses) + (state.isEmpty()
        ? ", which is no private endpoint of the vault in that network." : ": " + state + "."));
  }

  private static AccessVerdict authorization(String identity, AccessWorld world) {
    AccessPath path = AccessPath.Authorization;
    if (world.principal().isEmpty()) {
      return AccessVerdict.closed(path, Denial.IdentityNotFound, "Identity " + identity + " was not found.");
    }
    String principal = world.principal().get().toLowerCase(Locale.ROOT);
    if (!world.rbac()) {
      Set<String> permissions = world.secretPermissions().getOrDefault(principal, Set.of());
      if (permissions.contains("all") || permissions.containsAll(Set.of("get", "list"))) {
        return AccessVerdict.open(path, "the access policy of " + principal + " grants secret get and list");
      }
      return AccessVerdict.closed(path, Denial.SecretPermissionMissing, "The access policy of " + principal
          + " on vault " + world.vaultName() + " grants secret permissions " + permissions + "; it needs get and"
          + " list.");
    }
    List<RoleGrant> applying = world.roleGrants().stream()
        .filter(g -> RoleAssignment.covers(g.scope(), world.vaultId())).toList();
    List<String> missing = SECRET_READ_ACTIONS.stream()
        .filter(action -> applying.stream().noneMatch(g -> allows(g, action))).toList();
    if (missing.isEmpty()) {
      return AccessVerdict.open(path, "role(s) " + applying.stream().filter(g -> SECRET_READ_ACTIONS.stream()
          .anyMatch(a -> allows(g, a))).map(RoleGrant::roleName).distinct().collect(Collectors.joining(", "))
          + " grant " + principal + " secret reads");
    }
    return AccessVerdict.closed(path, Denial.SecretPermissionMissing, "No role assigned to " + principal
        + " at vault " + world.vaultName() + " or above grants " + String.join(", ", missing)
        + " (Key Vault Secrets User grants both).");
  }

  /** A role allows a data action when one of its data actions matches it and none of its not-data actions do. */
  static boolean allows(RoleGrant grant, String action) {
    return grant.dataActions().stream().anyMatch(p -> matches(p, action))
        && grant.notDataActions().stream().noneMatch(p -> matches(p, action));
  }

  /** Azure RBAC action patterns: case-insensitive, {@code *} matching any characters. */
  static boolean matches(String pattern, String action) {
    String regex = java.util.Arrays.stream(pattern.toLowerCase(Locale.ROOT).split("\\*", -1))
        .map(java.util.regex.Pattern::quote).collect(Collectors.joining(".*"));
    return action.toLowerCase(Locale.ROOT).matches(regex);
  }

  /**
   * The public endpoint's answer to a caller the firewall's rules admit or not; empty when it lets it through.
   * Azure DevOps and pipeline agents are no trusted services, so bypass never helps them.
   */
  private static Optional<Denial> publicEndpoint(LiveFirewall firewall, boolean admittedByRule) {
    if (firewall.publicNetworkAccessDisabled()) {
      return Optional.of(Denial.ForbiddenByConnection);
    }
    if (!firewall.denies() || admittedByRule) {
      return Optional.empty();
    }
    return Optional.of("None".equalsIgnoreCase(firewall.bypass()) ? Denial.ForbiddenByNsp
        : Denial.ForbiddenByFirewall);
  }

  private static String publicDisabled(AccessWorld world, String why) {
    return "Vault " + world.vaultName() + " has publicNetworkAccess Disabled and " + why
        + " (spec.network.firewall.publicNetworkAccess: Enabled lets vaultgate enable it).";
  }

  private static Optional<EndpointConnection> connection(AccessWorld world, String endpointId) {
    return world.connections().stream().filter(c -> c.privateEndpointId().equalsIgnoreCase(endpointId)).findFirst();
  }

  private static Set<Ipv4Range> ipRules(LiveFirewall firewall) {
    return firewall.ipRules().stream().map(LiveFirewall::parseRule).flatMap(Optional::stream)
        .collect(Collectors.toSet());
  }
}
