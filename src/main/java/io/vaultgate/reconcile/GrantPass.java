package io.vaultgate.reconcile;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.vaultgate.api.AgentIpGrant;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.Reason;
import io.vaultgate.api.Severity;
import io.vaultgate.model.AgentRegions;
import io.vaultgate.model.DesiredAccess;
import io.vaultgate.model.DurationText;
import io.vaultgate.model.Geography;
import io.vaultgate.model.GrantRequest;
import io.vaultgate.model.Ipv4Range;
import io.vaultgate.model.VaultId;
import io.vaultgate.policy.ScopePolicy;
import io.vaultgate.port.AzureFailure;
import io.vaultgate.port.AzurePorts;
import io.vaultgate.validate.AgentAddressCheck;
import io.vaultgate.validate.GrantValidator;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The checks of one grant's reconcile, in fixed order, none of which writes: its spec, its expiry, its
 * PrivateVaultAccess (present, allowing grants, writing), the scope policy, the access's credentials, the vault's
 * limit of open grants, and that the address is one of Azure's in the organization's geography. The first that
 * refuses decides the grant's state; passing them all yields what to open. Azure is read only for the address check
 * (through {@link ServiceTagCache}).
 */
final class GrantPass {

  /** What the checks found out, for the status, even when they refused. */
  record Facts(Optional<VaultId> vault, Optional<Ipv4Range> rule, Optional<Instant> expiresAt) {
    static final Facts NONE = new Facts(Optional.empty(), Optional.empty(), Optional.empty());

    Facts on(VaultId vault) {
      return new Facts(Optional.of(vault), rule, expiresAt);
    }
  }

  /** The outcome of the checks. */
  sealed interface Outcome permits Refused, Unread, Admitted {
    Facts facts();
  }

  /**
   * A decision not to open: what the grant holds is released.
   *
   * @param retry whether the refusal may lift by itself (then retried after the slow retry interval)
   */
  record Refused(Facts facts, CapabilityState state, boolean retry) implements Outcome {
  }

  /** Azure's service tags could not be read: nothing is decided, and what the grant holds stays. */
  record Unread(Facts facts, AzureFailure failure) implements Outcome {
  }

  /** Every check passed: open {@code rule} in {@code vault} as the access's identity. */
  record Admitted(Facts facts, VaultId vault, Ipv4Range rule, Instant expiresAt, AzurePorts ports)
      implements Outcome {
  }

  private final GrantSettings limits;
  private final ScopePolicy scopePolicy;
  private final AzurePorts.Factory portsFactory;
  private final boolean perNamespaceCredentials;
  private final Neighbourhood neighbours;
  private final ServiceTagCache serviceTags;
  private final Clock clock;

  GrantPass(GrantSettings limits, ScopePolicy scopePolicy, AzurePorts.Factory portsFactory,
      boolean perNamespaceCredentials, Neighbourhood neighbours, Clock clock) {
    this.limits = limits;
    this.scopePolicy = scopePolicy;
    this.portsFactory = portsFactory;
    this.perNamespaceCredentials = perNamespaceCredentials;
    this.neighbours = neighbours;
    this.serviceTags = new ServiceTagCache(limits.serviceTagRefresh(), clock);
    this.clock = clock;
  }

  Outcome check(AgentIpGrant grant, Optional<PrivateVaultAccess> access, KubernetesClient client) {
    Instant now = clock.instant();
    String namespace = grant.getMetadata().getNamespace();
    if (grant.getSpec() != null && grant.getSpec().unreadable != null) {
      return stalled(Facts.NONE, Reason.InvalidSpec, "invalid spec: " + grant.getSpec().unreadable);
    }
    GrantValidator.Result validation = GrantValidator.validate(Grants.input(grant), limits.maxTtl());
    if (validation instanceof GrantValidator.Invalid invalid) {
      return stalled(Facts.NONE, Reason.InvalidSpec, "invalid spec: " + invalid.message());
    }
    GrantRequest request = ((GrantValidator.Valid) validation).request();
    Instant expiresAt = Grants.created(grant).plus(request.ttl());
    Facts facts = new Facts(Optional.empty(), Optional.of(request.address()), Optional.of(expiresAt));
    String address = request.address().toString();
    if (!now.isBefore(expiresAt)) {
      return new Refused(facts, CapabilityState.waiting("", Reason.Expired, Severity.Info, "expired at " + expiresAt
          + " (created " + Grants.created(grant) + ", ttl " + DurationText.format(request.ttl()) + "): " + address
          + " is no longer allowed"), false);
    }
    String accessName = "PrivateVaultAccess " + namespace + "/" + request.accessName();
    Optional<PrivateVaultAccess> live = access.filter(a -> !a.isMarkedForDeletion());
    if (live.isEmpty()) {
      return stalled(facts, Reason.AccessNotFound, "spec.accessRef: " + accessName + (access.isPresent()
          ? " is being deleted" : " was not found") + "; the grant opens nothing");
    }
    Optional<DesiredAccess> desired = neighbours.desired(live.get());
    if (desired.isEmpty()) {
      return stalled(facts, Reason.GrantsNotAllowed, accessName + " has an invalid spec (see its Ready condition),"
          + " so it opens nothing to grants");
    }
    DesiredAccess target = desired.get();
    VaultId vault = target.vault();
    facts = facts.on(vault);
    if (!target.pipelines().ipGrants()) {
      return stalled(facts, Reason.GrantsNotAllowed, accessName + " does not allow grants (spec.agents"
          + ".allowIpGrants is false, or its agents are " + target.pipelines().hosting() + ")");
    }
    if (target.dryRun()) {
      return stalled(facts, Reason.GrantsNotAllowed, accessName + " writes nothing to Azure (mode Plan or"
          + " reconcile-policy skip), and neither do grants on it");
    }
    Optional<String> denial = scopePolicy.denial(namespace, vault.toString());
    if (denial.isPresent()) {
      return stalled(facts, Reason.PolicyDenied, denial.get());
    }
    ResourceCredentials.Read read = ResourceCredentials.of(live.get(), client, perNamespaceCredentials);
    if (read instanceof ResourceCredentials.Problem problem) {
      return stalled(facts, Reason.CredentialsInvalid, "the credentials of " + accessName + ": "
          + problem.message());
    }
    long ahead = GrantQueue.ahead(grant, vault, neighbours, limits.maxTtl(), now);
    if (ahead >= limits.maxPerVault()) {
      return new Refused(facts, CapabilityState.retrying("", Reason.TooManyGrants, Severity.Warning, "vault "
          + vault.name() + " already has " + ahead + " older grants, and this operator allows at most "
          + limits.maxPerVault() + " open at once; waiting for one to close"), true);
    }
    AzurePorts ports = portsFactory.ports(((ResourceCredentials.Found) read).credentials().azure());
    if (limits.azureAddressesOnly()) {
      Geography geography = Geography.valueOf(target.geography());
      Optional<String> outside;
      try {
        outside = AgentAddressCheck.problem(request.address(), geography, serviceTags.tags(vault.subscriptionId(),
            () -> ports.network().serviceTags(vault.subscriptionId(), AgentRegions.of(geography).get(0))));
      } catch (AzureFailure failure) {
        return new Unread(facts, failure);
      }
      if (outside.isPresent()) {
        return stalled(facts, Reason.AddressNotInAzure, outside.get());
      }
    }
    return new Admitted(facts, vault, request.address(), expiresAt, ports);
  }

  private static Refused stalled(Facts facts, Reason reason, String message) {
    return new Refused(facts, CapabilityState.stalled("", reason, message), false);
  }
}
