package io.vaultgate.reconcile;

import io.vaultgate.api.PrivateVaultAccessStatus;
import io.vaultgate.api.PrivateVaultAccessStatus.ServiceConnectionStatus;
import io.vaultgate.model.AgentsDesired;
import io.vaultgate.model.DesiredAccess;
import io.vaultgate.model.DevOpsDesired;
import io.vaultgate.model.IdentityRef;
import io.vaultgate.port.AzureFailure;
import io.vaultgate.port.AzurePorts;
import io.vaultgate.port.DevOpsPort;
import io.vaultgate.port.DevOpsPort.ServiceEndpoint;
import io.vaultgate.port.IdentityPort.Principal;
import io.vaultgate.port.NetworkPort;
import io.vaultgate.port.VaultPort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The prerequisites a reconcile observes before its first write: the pipeline identity's principal, the agents'
 * subnets (for virtual network rules and the private endpoint), the private DNS zone the spec names, Azure DevOps'
 * organization, project and the service connection holding the spec's name, and, for a variable group, the vault's
 * secret names. It only reads (GETs), each thing once, and decides nothing: whether anything is missing is
 * {@link Prerequisites}'s to say, what to change the capabilities' to plan. Network reads go through the pass's
 * {@link PassReads}, so a capability or the access verdict reading the same subnet or zone again costs no call.
 *
 * @param principal empty when the spec names no identity, or it does not exist
 * @param endpointSubnet the private endpoint's subnet; empty when the spec has no endpoint, or it does not exist
 * @param dnsZone the existing private DNS zone the spec names; empty when it names none (None, Create), or it does
 *     not exist
 * @param devOps empty when nothing in Azure DevOps is wanted or held
 * @param secrets empty when the spec has no variable group
 */
record Observation(Optional<Principal> principal, Subnets subnets, Optional<NetworkPort.Subnet> endpointSubnet,
    Optional<NetworkPort.Zone> dnsZone, Optional<DevOpsPlace> devOps, Optional<SecretNames> secrets) {

  /**
   * The agent subnets, as the firewall needs them.
   *
   * @param usable subnets a virtual network rule can be written for now (lower-case id to why)
   * @param missing subnets that do not exist
   * @param problems what stops the others (existing subnets), in words
   * @param needEndpoint subnets that lack the Microsoft.KeyVault service endpoint the spec lets vaultgate add
   * @param enabling every problem is a service endpoint being added (or about to be): it heals by itself
   */
  record Subnets(Map<String, String> usable, List<String> missing, List<String> problems, List<String> needEndpoint,
      boolean enabling) {
  }

  /**
   * Azure DevOps where the resource works: its organization and project, and the service connection with the
   * spec's name. Nothing past a missing organization or project is read.
   *
   * @param organizationId empty when the organization was not found, or the identity is not a member of it
   * @param project the spec's project, else the project of the connection the ledger holds
   * @param projectId empty when the project was not found (or not read)
   * @param connection the live connection with the spec's name (looked up by the ledger's id first: a connection
   *     still being set up is missing from lists by name); empty when there is none, or none is wanted
   */
  record DevOpsPlace(String organization, Optional<String> organizationId, Optional<String> project,
      Optional<String> projectId, Optional<ServiceEndpoint> connection) {
  }

  /**
   * The vault's secret names as ARM lists them: names only, never a value.
   *
   * @param names as the vault spells them
   * @param unreadable Azure's refusal, when the operator's identity may not list them
   */
  record SecretNames(Set<String> names, Optional<String> unreadable) {
  }

  static final String KEY_VAULT_SERVICE = "Microsoft.KeyVault";

  /**
   * @param current the status as the pass starts: its ledger tells which service connection is this resource's
   * @param devOps Azure DevOps as the resource's credentials reach it
   */
  static Observation of(DesiredAccess access, PrivateVaultAccessStatus current, AzurePorts ports, DevOpsPort devOps) {
    NetworkPort network = ports.network();
    Optional<Principal> principal = principal(access, ports);
    Subnets subnets = subnets(access, network);
    Optional<AgentsDesired.Endpoint> endpoint = access.agents().privateEndpoint();
    Optional<NetworkPort.Subnet> endpointSubnet = endpoint.flatMap(e -> network.subnet(e.subnetId()));
    Optional<NetworkPort.Zone> zone = endpoint.flatMap(AgentsDesired.Endpoint::dnsZone)
        .filter(z -> !AgentsDesired.Endpoint.CREATE.equals(z)).flatMap(network::zone);
    Optional<DevOpsPlace> place = DevOpsCapability.concerns(access, Ledger.of(current))
        ? Optional.of(devOps(access.devOps(), current.serviceConnection, devOps)) : Optional.empty();
    return new Observation(principal, subnets, endpointSubnet, zone, place, secretNames(access, ports.vaults()));
  }

  private static DevOpsPlace devOps(DevOpsDesired wanted, ServiceConnectionStatus held, DevOpsPort port) {
    String org = wanted.organization();
    Optional<String> orgId = port.organizationId(org);
    Optional<String> project = wanted.project().or(() -> Optional.ofNullable(held)
        .map(ServiceConnectionStatus::projectId));
    Optional<String> projectId = orgId.isEmpty() ? Optional.empty() : project.flatMap(p -> port.projectId(org, p));
    Optional<ServiceEndpoint> connection = projectId.flatMap(p -> wanted.serviceConnection().flatMap(sc ->
        Optional.ofNullable(held).filter(l -> l.name().equals(sc.name()))
            .flatMap(l -> port.getEndpoint(org, p, l.id()))
            .or(() -> port.findEndpoint(org, p, sc.name()))));
    return new DevOpsPlace(org, orgId, project, projectId, connection);
  }

  /** Read only for a variable group, which alone needs them; a refusal stops only the group. */
  private static Optional<SecretNames> secretNames(DesiredAccess access, VaultPort vaults) {
    if (access.devOps().variableGroup().isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new SecretNames(vaults.secretNames(access.vault()), Optional.empty()));
    } catch (AzureFailure failure) {
      if (failure.kind() != AzureFailure.Kind.AUTHORIZATION_FAILED) {
        throw failure;
      }
      return Optional.of(new SecretNames(Set.of(), Optional.of(failure.getMessage())));
    }
  }

  private static Optional<Principal> principal(DesiredAccess access, AzurePorts ports) {
    if (access.identity().isEmpty()) {
      return Optional.empty();
    }
    IdentityRef identity = access.identity().get();
    Optional<Principal> principal = identity.kind() == IdentityRef.Kind.APPLICATION
        ? ports.identities().servicePrincipal(access.vault().subscriptionId(), identity.value())
        : ports.identities().userAssignedIdentity(identity.value());
    return principal.map(p -> new Principal(p.objectId().toLowerCase(Locale.ROOT),
        p.clientId().toLowerCase(Locale.ROOT)));
  }

  private static Subnets subnets(DesiredAccess access, NetworkPort network) {
    Map<String, String> usable = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<String> needEndpoint = new ArrayList<>();
    boolean enabling = false;
    for (String id : access.agents().subnetIds()) {
      Optional<NetworkPort.Subnet> subnet = network.subnet(id);
      if (subnet.isEmpty()) {
        missing.add(id);
        continue;
      }
      boolean hasEndpoint = subnet.get().serviceEndpoints().stream().anyMatch(KEY_VAULT_SERVICE::equalsIgnoreCase);
      boolean updating = "Updating".equalsIgnoreCase(subnet.get().provisioningState());
      if (hasEndpoint && !updating) {
        usable.put(id.toLowerCase(Locale.ROOT), "selfHostedAgents.subnetIds");
      } else if (hasEndpoint || access.agents().enableServiceEndpoint()) {
        enabling = true;
        if (!hasEndpoint && !updating) {
          needEndpoint.add(id);
        }
        problems.add("adding the " + KEY_VAULT_SERVICE + " service endpoint to subnet " + id
            + " (spec.network.selfHostedAgents.enableServiceEndpoint)");
      } else {
        problems.add("subnet " + id + " has no " + KEY_VAULT_SERVICE + " service endpoint, which a virtual network"
            + " rule needs; add it (az network vnet subnet update --service-endpoints " + KEY_VAULT_SERVICE + ") or"
            + " set spec.network.selfHostedAgents.enableServiceEndpoint: true");
      }
    }
    boolean healing = enabling && problems.stream().allMatch(p -> p.startsWith("adding"));
    return new Subnets(usable, missing, problems, needEndpoint, healing);
  }
}
