package io.vaultgate.reconcile;

import io.vaultgate.api.Conditions;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.PrivateVaultAccessSpec;
import io.vaultgate.model.InboundRangeTable;
import io.vaultgate.model.ReconcilePolicy;
import io.vaultgate.validate.SpecInput;
import io.vaultgate.validate.SpecValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The edge between the Kubernetes object and the pure validator: the spec's fields as plain values, the reconcile
 * policy annotation, and the condition types a spec asks for before anything is known about them. It maps; it
 * decides nothing.
 */
public final class SpecMapping {

  private SpecMapping() {
  }

  /** Validates a resource's spec and reconcile-policy annotation. */
  public static SpecValidator.Result validate(PrivateVaultAccess resource, InboundRangeTable ranges) {
    if (resource.getSpec() != null && resource.getSpec().unreadable != null) {
      return new SpecValidator.Invalid(List.of(resource.getSpec().unreadable));
    }
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return SpecValidator.validate(input(resource.getSpec()),
        annotations == null ? null : annotations.get(ReconcilePolicy.ANNOTATION), ranges);
  }

  /** The spec as plain values; null when there is none. */
  public static SpecInput input(PrivateVaultAccessSpec s) {
    if (s == null) {
      return null;
    }
    return new SpecInput(s.mode,
        map(s.vault, v -> new SpecInput.VaultInput(v.resourceId, v.permissionModel)),
        map(s.devOps, d -> new SpecInput.DevOpsInput(d.organization, d.project, d.geography)),
        map(s.identity, i -> new SpecInput.IdentityInput(i.applicationClientId, i.userAssignedIdentityId,
            i.readerOnSubscription, i.keyVaultContributor)),
        map(s.serviceConnection, c -> new SpecInput.ServiceConnectionInput(c.name, c.scope, c.authorizeAllPipelines)),
        map(s.variableGroup, g -> new SpecInput.VariableGroupInput(g.name, g.secrets, g.authorizeAllPipelines)),
        map(s.network, n -> new SpecInput.NetworkInput(n.azureDevOpsInbound, n.additionalIpRanges,
            map(n.firewall, f -> new SpecInput.FirewallInput(f.defaultAction, f.publicNetworkAccess)),
            map(n.selfHostedAgents, a -> new SpecInput.SelfHostedAgentsInput(a.subnetIds, a.enableServiceEndpoint,
                map(a.privateEndpoint, p -> new SpecInput.PrivateEndpointInput(p.subnetId, p.privateDnsZone,
                    p.manualApproval)))))),
        map(s.credentialsSecretRef, r -> new SpecInput.SecretRefInput(r.name)),
        map(s.agents, a -> new SpecInput.AgentsInput(a.type, a.allowIpGrants)));
  }

  /** The capability conditions a resource asks for, read from its spec as written (valid or not). */
  static List<String> conditionTypes(PrivateVaultAccess r) {
    PrivateVaultAccessSpec s = r.getSpec();
    List<String> types = new ArrayList<>(List.of(Conditions.FIREWALL_READY));
    if (s == null) {
      return types;
    }
    if (s.identity != null) {
      types.add(Conditions.SECRET_ACCESS_READY);
    }
    if (s.serviceConnection != null) {
      types.add(Conditions.SERVICE_CONNECTION_READY);
      types.add(Conditions.FEDERATED_CREDENTIAL_READY);
    }
    if (s.variableGroup != null) {
      types.add(Conditions.VARIABLE_GROUP_READY);
    }
    if (s.network != null && s.network.selfHostedAgents != null && s.network.selfHostedAgents.privateEndpoint != null) {
      types.add(Conditions.PRIVATE_ENDPOINT_READY);
    }
    types.add(Conditions.ACCESS_READY);
    return types;
  }

  private static <A, B> B map(A value, Function<A, B> f) {
    return value == null ? null : f.apply(value);
  }
}
