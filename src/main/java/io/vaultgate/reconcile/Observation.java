package io.vaultgate.reconcile;

import io.vaultgate.model.DesiredAccess;
import io.vaultgate.model.IdentityRef;
import io.vaultgate.port.AzureFailure;
import io.vaultgate.port.AzurePorts;
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
 * subnets and, for a variable group, the vault's secret names. It only reads (GETs); what to change about them is
 * the capabilities' to plan.
 *
 * @param principal empty when the spec names no identity, or it does not exist
 * @param secrets empty when the spec has no variable group
 */
record Observation(Optional<Principal> principal, Subnets subnets, Optional<SecretNames> secrets) {

  /**
   * The agent subnets, as the firewall needs them.
   *
   * @param usable subnets a virtual network rule can be written for now (lower-case id to why)
   * @param problems what stops the others, in words
   * @param needEndpoint subnets that lack the Microsoft.KeyVault service endpoint the spec lets vaultgate add
   * @param enabling every problem is a service endpoint being added (or about to be): it heals by itself
   */
  record Subnets(Map<String, String> usable, List<String> problems, List<String> needEndpoint, boolean enabling) {
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

  static Observation of(DesiredAccess access, AzurePorts ports) {
    return new Observation(principal(access, ports), subnets(access, ports.network()),
        secretNames(access, ports.vaults()));
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
    List<String> problems = new ArrayList<>();
    List<String> needEndpoint = new ArrayList<>();
    boolean enabling = false;
    for (String id : access.agents().subnetIds()) {
      Optional<NetworkPort.Subnet> subnet = network.subnet(id);
      if (subnet.isEmpty()) {
        problems.add("subnet " + id + " was not found");
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
    return new Subnets(usable, problems, needEndpoint, healing);
  }
}
