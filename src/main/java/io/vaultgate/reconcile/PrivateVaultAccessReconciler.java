package io.vaultgate.reconcile;

import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.vaultgate.api.DefaultActionPolicy;
import io.vaultgate.api.Mode;
import io.vaultgate.api.PlannedChange;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.PrivateVaultAccessStatus;
import io.vaultgate.api.PrivateVaultAccessStatus.FirewallStatus;
import io.vaultgate.api.PrivateVaultAccessStatus.SecretAccessStatus;
import io.vaultgate.api.PublicNetworkAccessPolicy;
import io.vaultgate.api.ReconcilePolicy;
import io.vaultgate.azure.AzureFailure;
import io.vaultgate.azure.FederatedCredentialPort;
import io.vaultgate.azure.IdentityPort;
import io.vaultgate.azure.IdentityPort.Principal;
import io.vaultgate.azure.NetworkPort;
import io.vaultgate.azure.RoleAssignmentPort;
import io.vaultgate.azure.VaultPort;
import io.vaultgate.devops.DevOpsClients;
import io.vaultgate.devops.DevOpsPort;
import io.vaultgate.plan.AccessPolicyPlanner;
import io.vaultgate.plan.AccessPolicyPlanner.Grant;
import io.vaultgate.plan.Change;
import io.vaultgate.plan.DesiredAccess;
import io.vaultgate.plan.FirewallPlanner;
import io.vaultgate.plan.FirewallPlanner.Claim;
import io.vaultgate.plan.IdentityRef;
import io.vaultgate.plan.Ipv4Range;
import io.vaultgate.plan.LiveFirewall;
import io.vaultgate.plan.LiveVault;
import io.vaultgate.plan.RoleAssignmentPlanner.Need;
import io.vaultgate.plan.RoleAssignmentPlanner.Role;
import io.vaultgate.plan.SpecValidator;
import io.vaultgate.plan.VaultId;
import io.vaultgate.policy.ScopePolicy;
import io.vaultgate.ranges.InboundRangeTable;
import io.vaultgate.reconcile.VaultCoordinator.AccessRequest;
import io.vaultgate.reconcile.VaultCoordinator.Done;
import io.vaultgate.reconcile.VaultCoordinator.Failed;
import io.vaultgate.reconcile.VaultCoordinator.Neighbours;
import io.vaultgate.reconcile.VaultCoordinator.Result;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converges one {@code PrivateVaultAccess}: scope policy, validation, the pipeline identity, then the vault
 * (firewall and access policies, through the one writer per vault) and role assignments, then status and Events.
 * It never touches a rule, permission or assignment that its ledger (or another resource's) does not prove
 * vaultgate created.
 */
@ControllerConfiguration(name = "privatevaultaccess", finalizerName = PrivateVaultAccess.FINALIZER)
public final class PrivateVaultAccessReconciler
    implements Reconciler<PrivateVaultAccess>, Cleaner<PrivateVaultAccess>, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PrivateVaultAccessReconciler.class);
  static final String VAULT_INDEX = "vaultgate-vault";
  private static final String ACCESS_POLICY = "AccessPolicy";
  private static final String RBAC = "Rbac";

  private final ReconcileSettings settings;
  private final InboundRangeTable ranges;
  private final ScopePolicy scopePolicy;
  private final VaultCoordinator coordinator;
  private final AzurePorts.Factory portsFactory;
  private final boolean perNamespaceCredentials;
  /** Set by Azure workload identity on the operator's pod. */
  private static final Optional<String> OPERATOR_TOKEN_FILE =
      Optional.ofNullable(System.getenv("AZURE_FEDERATED_TOKEN_FILE"));
  private final RoleAssignments roleAssignments = new RoleAssignments();
  private final PrivateEndpointConvergence privateEndpoints;
  private final DevOpsConvergence devOpsConvergence;
  private final Clock clock;
  private final Map<String, Integer> transientAttempts = new ConcurrentHashMap<>();
  private volatile IndexedResourceCache<PrivateVaultAccess> cache;

  /**
   * @param perNamespaceCredentials whether resources may name a credentials Secret (the operator then reads Secrets)
   */
  public PrivateVaultAccessReconciler(ReconcileSettings settings, InboundRangeTable ranges, ScopePolicy scopePolicy,
      AzurePorts.Factory portsFactory, boolean perNamespaceCredentials, Clock clock) {
    this.settings = settings;
    this.ranges = ranges;
    this.scopePolicy = scopePolicy;
    this.portsFactory = portsFactory;
    this.perNamespaceCredentials = perNamespaceCredentials;
    this.privateEndpoints = new PrivateEndpointConvergence(settings);
    this.devOpsConvergence = new DevOpsConvergence(settings);
    this.clock = clock;
    this.coordinator = new VaultCoordinator(this::neighbours, settings.gatherWindow(), settings.requestTimeout());
  }

  /** The resources this replica knows, for metrics. */
  public java.util.stream.Stream<PrivateVaultAccess> resources() {
    IndexedResourceCache<PrivateVaultAccess> c = cache;
    return c == null ? java.util.stream.Stream.empty() : c.list();
  }

  @Override
  public List<EventSource<?, PrivateVaultAccess>> prepareEventSources(EventSourceContext<PrivateVaultAccess> ctx) {
    ctx.getPrimaryCache().addIndexer(VAULT_INDEX, r -> vaultOf(r).map(v -> List.of(v.key())).orElse(List.of()));
    this.cache = ctx.getPrimaryCache();
    return List.of();
  }

  @Override
  public UpdateControl<PrivateVaultAccess> reconcile(PrivateVaultAccess resource, Context<PrivateVaultAccess> ctx) {
    StatusWriter status = new StatusWriter(resource, ctx);
    EventRecorder events = new EventRecorder(ctx.getClient());
    Verdict verdict = evaluate(resource, status, ctx);
    PrivateVaultAccessStatus next = verdict.status();
    if ((resource.getSpec() == null || resource.getSpec().identity == null) && next.secretAccess != null
        && ownsNoSecretAccess(next.secretAccess)) {
      next.secretAccess = null;
    }
    status.write(next);
    verdict.events().forEach(e -> events.record(resource, e.type(), e.reason(), e.message()));
    if (verdict.retryAfter().isEmpty()) {
      return UpdateControl.noUpdate();
    }
    return UpdateControl.<PrivateVaultAccess>noUpdate().rescheduleAfter(verdict.retryAfter().get());
  }

  /** What one reconcile concluded: the status to write, Events to record, when to come back. */
  private record Verdict(PrivateVaultAccessStatus status, List<Notice> events, Optional<Duration> retryAfter) {
  }

  private Verdict evaluate(PrivateVaultAccess resource, StatusWriter status, Context<PrivateVaultAccess> ctx) {
    PrivateVaultAccessStatus previous = status.current();
    String owner = ownerOf(resource);
    SpecValidator.Result validation = SpecValidator.validate(resource.getSpec(),
        resource.getMetadata().getAnnotations(), ranges);
    List<String> types = capabilityTypes(resource);
    if (validation instanceof SpecValidator.Invalid invalid) {
      return stalled(resource, previous, types, Reason.InvalidSpec, "invalid spec: " + invalid.message(), false);
    }
    DesiredAccess access = ((SpecValidator.Valid) validation).access();
    Optional<String> denial = scopePolicy.denial(resource.getMetadata().getNamespace(), access.vault().toString());
    if (denial.isPresent()) {
      return stalled(resource, previous, types, Reason.PolicyDenied, denial.get(), false);
    }
    ResourceCredentials.Read read = readCredentials(resource, ctx);
    if (read instanceof ResourceCredentials.Problem problem) {
      return stalled(resource, previous, types, Reason.CredentialsInvalid, problem.message(), true);
    }
    ResourceCredentials credentials = ((ResourceCredentials.Found) read).credentials();
    AzurePorts ports = portsFactory.ports(credentials.azure());
    Optional<Principal> identity;
    try {
      identity = resolve(access, ports);
      Optional<VaultId> old = ledgerVault(previous);
      if (old.isPresent() && !old.get().equals(access.vault()) && !access.dryRun()) {
        Optional<String> oldDenied = scopePolicy.denial(resource.getMetadata().getNamespace(), old.get().toString());
        if (oldDenied.isEmpty()) {
          releaseUnlessGone(resource, old.get(), previous, ports);
        }
        status.write(movedTo(previous, access.vault()));
        previous = status.current();
        LOG.info("{} moved from vault {} to {}: {}", owner, old.get(), access.vault(), oldDenied.isEmpty()
            ? "released what it owned there" : "left what it owned there: " + oldDenied.get());
      }
    } catch (AzureFailure failure) {
      return failure(resource, previous, types, access, failure);
    }

    Optional<String> principal = identity.map(Principal::objectId);
    SubnetCheck subnets;
    try {
      subnets = checkSubnets(access, ports.network());
    } catch (AzureFailure failure) {
      return failure(resource, previous, types, access, failure);
    }
    Claim firewall = new Claim(owner, access.ipRules(), owned(previous), pending(previous), subnets.usable(),
        ownedSubnets(previous), pendingSubnets(previous), access.defaultAction() == DefaultActionPolicy.Deny,
        access.publicNetworkAccess() == PublicNetworkAccessPolicy.Enabled, access.dryRun());
    // An identity that cannot be found (yet) leaves the secret-access ledger as it is.
    boolean identityMissing = access.identity().isPresent() && principal.isEmpty();
    Optional<AccessRequest> accessRequest = !identityMissing && (access.identity().isPresent()
        || accessLedger(previous).isPresent() || accessPending(previous).isPresent())
        ? Optional.of(new AccessRequest(principal, access.permissionModel(), accessLedger(previous),
            accessPending(previous)))
        : Optional.empty();
    Result result = coordinator.converge(new VaultCoordinator.Request(access.vault(), ports.vaults(), firewall,
        accessRequest,
        (rules, vnets, perms) -> status.write(withIntents(status.current(), access.vault(), rules, vnets, perms))));
    if (result instanceof Failed failed) {
      return failure(resource, status.current(), types, access, failed.failure());
    }
    Done done = (Done) result;
    previous = status.current();
    PrivateVaultAccessStatus next = base(resource, previous, access);
    done.access().ifPresent(o -> {
      next.secretAccess.accessPolicyObjectId = o.ledger().map(Grant::principalId).orElse(null);
      next.secretAccess.ownedSecretPermissions = o.ledger().map(g -> List.copyOf(g.permissions())).orElse(List.of());
      next.secretAccess.pendingSecretPermissions = List.of();
    });
    List<CapabilityResult> parts = new ArrayList<>();
    parts.add(firewallPart(owner, previous, next, access, done, subnets));
    if (access.identity().isPresent() || !next.secretAccess.ownedRoleAssignments.isEmpty()) {
      try {
        parts.add(secretAccessPart(resource, next, access, principal, done, ports.roles()));
      } catch (AzureFailure failure) {
        return failure(resource, previous, types, access, failure);
      }
    }
    try {
      privateEndpoints.converge(ports.network(), resource, access, next, sharing(resource)).ifPresent(parts::add);
    } catch (AzureFailure failure) {
      return failure(resource, previous, types, access, failure);
    }
    if (!DevOpsConvergence.types(access.devOps()).isEmpty() || DevOpsConvergence.ownsSomething(next)) {
      try {
        parts.addAll(devOpsConvergence.converge(new DevOpsConvergence.Input(resource, access, identity,
            done.before().tenantId(), devOpsPort(ports, credentials), ports.federatedCredentials()), next));
      } catch (AzureFailure failure) {
        return failure(resource, previous, types, access, failure);
      }
    }
    if (parts.stream().noneMatch(p -> p.capability().reason() == Reason.AzureError)) {
      transientAttempts.remove(owner);
    }
    List<Change> changes = parts.stream().flatMap(p -> p.changes().stream()).toList();
    if (access.dryRun() || !changes.isEmpty()) {
      next.plan = changes.stream().map(c -> new PlannedChange(c.action(), c.target(), c.value(), c.detail()))
          .toList();
    }
    List<Capability> capabilities = parts.stream().map(CapabilityResult::capability)
        .filter(c -> access.identity().isPresent() || !Conditions.SECRET_ACCESS_READY.equals(c.type())).toList();
    next.conditions = Capability.conditions(previous.conditions, capabilities, generation(resource), clock.instant());
    boolean quiet = next.conditions.get(0).message.equals(readyMessage(previous))
        && capabilities.stream().noneMatch(Capability::reconciling);
    List<Notice> events = parts.stream().flatMap(p -> p.notices().stream()).filter(e -> e.always() || !quiet)
        .distinct().toList();
    Duration retry = parts.stream().map(CapabilityResult::retryAfter).min(Duration::compareTo).orElse(settings.resync());
    return new Verdict(next, events, Optional.of(retry));
  }

  // ---- the firewall capability ----

  private CapabilityResult firewallPart(String owner, PrivateVaultAccessStatus previous, PrivateVaultAccessStatus next,
      DesiredAccess access, Done done, SubnetCheck subnets) {
    FirewallPlanner.Outcome planned = done.firewall();
    LiveFirewall after = done.after().firewall();
    String vaultName = access.vault().name();
    next.firewall.defaultAction = after.defaultAction();
    next.firewall.publicNetworkAccess = after.publicNetworkAccessDisabled() ? "Disabled" : "Enabled";
    next.firewall.ownedIpRules = sorted(planned.ledger());
    next.firewall.pendingIpRules = List.of();
    next.firewall.ownedVirtualNetworkRules = planned.subnetLedger().stream().sorted().toList();
    next.firewall.pendingVirtualNetworkRules = List.of();
    List<Notice> events = new ArrayList<>();
    if (!after.denies() && !"Allow".equalsIgnoreCase(previous.firewall == null ? null
        : previous.firewall.defaultAction)) {
      events.add(Notice.failure("DefaultActionAllow", "vault " + vaultName
          + ": default action is Allow; IP rules change nothing until it is Deny"));
    }
    String type = Conditions.FIREWALL_READY;
    List<String> missing = new ArrayList<>(missingRules(access, after));
    Set<String> presentSubnets = after.virtualNetworkRules().stream().map(r -> r.id().toLowerCase(Locale.ROOT))
        .collect(Collectors.toSet());
    subnets.usable().keySet().stream().filter(s -> !presentSubnets.contains(s)).forEach(s -> missing.add(s
        + " (virtual network rule)"));
    String publicMessage = "Public network access is disabled and request is not from a trusted service nor via an"
        + " approved private link: IP rules have no effect on vault " + vaultName + " while publicNetworkAccess is"
        + " Disabled (spec.network.firewall.publicNetworkAccess: Enabled lets vaultgate enable it)";
    List<Change> changes = planned.changes();
    switch (planned.status()) {
      case RULE_LIMIT_EXCEEDED -> {
        return new CapabilityResult(Capability.stalled(type, Reason.RuleLimitExceeded, "vault " + vaultName + ": "
            + planned.message()), List.of(), events, settings.resync());
      }
      case DRY_RUN -> {
        boolean skip = access.policy() == ReconcilePolicy.SKIP && access.mode() == Mode.Apply;
        boolean clean = changes.isEmpty() && !after.publicNetworkAccessDisabled();
        String listed = changes.stream().map(Change::toString).collect(Collectors.joining("; "));
        if (clean) {
          return new CapabilityResult(Capability.ready(type, skip ? Reason.Converged : Reason.Planned, skip
              ? "firewall in sync; reconcile-policy skip: observing only" : "Plan mode: nothing to change in the"
              + " firewall; " + summary(access, planned.ledger().size())), changes, events, settings.resync());
        }
        String message = (skip ? "reconcile-policy skip: drift not corrected: " : "Plan mode: Apply would make "
            + changes.size() + " firewall change(s): ") + listed
            + (missing.isEmpty() ? "" : "; until then Azure DevOps gets \"Client address is not authorized and"
            + " caller is not a trusted service\" from " + String.join(", ", missing))
            + (after.publicNetworkAccessDisabled() ? "; " + publicMessage : "");
        events.add(Notice.state(skip ? EventRecorder.Type.Warning : EventRecorder.Type.Normal,
            skip ? Reason.Skipped.name() : Reason.Planned.name(), message));
        return new CapabilityResult(Capability.waiting(type, skip ? Reason.Skipped : Reason.Planned,
            skip ? Severity.Warning : Severity.Info, message), changes, events, settings.resync());
      }
      default -> {
        if (!changes.isEmpty()) {
          events.add(Notice.change("FirewallUpdated", "vault " + vaultName + ": "
              + changes.stream().map(Change::toString).collect(Collectors.joining("; "))));
        }
        if (!missing.isEmpty()) {
          String message = "vault " + vaultName + " did not take the write: still missing " + String.join(", ",
              missing);
          return new CapabilityResult(Capability.retrying(type, Reason.AzureError, Severity.Warning, message), changes,
              events, transientDelay(owner));
        }
        if (after.publicNetworkAccessDisabled()) {
          events.add(Notice.state(EventRecorder.Type.Warning, Reason.PublicNetworkAccessDisabled.name(),
              publicMessage));
          return new CapabilityResult(Capability.stalled(type, Reason.PublicNetworkAccessDisabled, publicMessage), changes,
              events, settings.resync());
        }
        if (!subnets.problems().isEmpty()) {
          String message = String.join("; ", subnets.problems());
          return new CapabilityResult(subnets.enabling()
              ? Capability.retrying(type, Reason.Progressing, Severity.Info, message)
              : Capability.stalled(type, Reason.ServiceEndpointMissing, message), changes, events,
              subnets.enabling() ? settings.transientRetry() : settings.slowRetry());
        }
        String allowWarning = after.denies() ? "" : "; warning: the vault's default action is Allow, so every"
            + " address may connect and these rules change nothing (spec.network.firewall.defaultAction: Deny"
            + " closes it)";
        return new CapabilityResult(Capability.ready(type, Reason.Converged, summary(access, planned.ledger().size())
            + allowWarning), changes, events, settings.resync());
      }
    }
  }

  /**
   * The agent subnets a virtual network rule can be written for now (lower-case id to why), and what stops the
   * others: a subnet that does not exist, or lacks the Microsoft.KeyVault service endpoint (added only when the
   * spec asks, and then the rule waits until Azure has finished updating the subnet).
   */
  private record SubnetCheck(Map<String, String> usable, List<String> problems, boolean enabling) {
  }

  private SubnetCheck checkSubnets(DesiredAccess access, NetworkPort network) {
    Map<String, String> usable = new java.util.LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    boolean enabling = false;
    for (String id : access.agents().subnetIds()) {
      Optional<NetworkPort.Subnet> subnet = network.subnet(id);
      if (subnet.isEmpty()) {
        problems.add("subnet " + id + " was not found");
        continue;
      }
      boolean hasEndpoint = subnet.get().serviceEndpoints().stream().anyMatch("Microsoft.KeyVault"::equalsIgnoreCase);
      boolean updating = "Updating".equalsIgnoreCase(subnet.get().provisioningState());
      if (hasEndpoint && !updating) {
        usable.put(id.toLowerCase(Locale.ROOT), "selfHostedAgents.subnetIds");
      } else if (hasEndpoint || access.agents().enableServiceEndpoint()) {
        enabling = true;
        if (!hasEndpoint && !updating && !access.dryRun()) {
          network.enableKeyVaultServiceEndpoint(id);
        }
        problems.add("adding the Microsoft.KeyVault service endpoint to subnet " + id
            + " (spec.network.selfHostedAgents.enableServiceEndpoint)");
      } else {
        problems.add("subnet " + id + " has no Microsoft.KeyVault service endpoint, which a virtual network rule"
            + " needs; add it (az network vnet subnet update --service-endpoints Microsoft.KeyVault) or set"
            + " spec.network.selfHostedAgents.enableServiceEndpoint: true");
      }
    }
    return new SubnetCheck(usable, problems, enabling && problems.stream().allMatch(p -> p.startsWith("adding")));
  }

  private static List<String> missingRules(DesiredAccess access, LiveFirewall after) {
    Set<Ipv4Range> present = after.ipRules().stream().map(LiveFirewall::parseRule).flatMap(Optional::stream)
        .collect(Collectors.toSet());
    return access.ipRules().entrySet().stream().filter(e -> !present.contains(e.getKey()))
        .map(e -> e.getKey() + " (" + e.getValue() + ")").toList();
  }

  private String summary(DesiredAccess access, int owned) {
    long additional = access.ipRules().values().stream().filter("additionalIpRanges"::equals).count();
    long inbound = access.ipRules().size() - additional;
    return "vault " + access.vault().name() + " allows " + (inbound == 0 ? "" : inbound + " Azure DevOps "
        + access.geography() + " range(s) (table " + access.rangesVersion() + ")" + (additional == 0 ? "" : " and "))
        + (additional == 0 ? "" : additional + " additional range(s)") + (access.ipRules().isEmpty() ? "no rules" : "")
        + "; vaultgate owns " + owned;
  }

  // ---- the secret access capability ----

  private Optional<Principal> resolve(DesiredAccess access, AzurePorts ports) {
    if (access.identity().isEmpty()) {
      return Optional.empty();
    }
    IdentityRef identity = access.identity().get();
    Optional<Principal> principal = identity.kind() == IdentityRef.Kind.APPLICATION
        ? ports.identities().servicePrincipal(access.vault().subscriptionId(), identity.value())
        : ports.identities().userAssignedIdentity(identity.value());
    return principal.map(p -> new Principal(p.objectId().toLowerCase(Locale.ROOT), p.clientId().toLowerCase(
        Locale.ROOT)));
  }

  private CapabilityResult secretAccessPart(PrivateVaultAccess resource, PrivateVaultAccessStatus next,
      DesiredAccess access, Optional<String> principal, Done done, RoleAssignmentPort roles) {
    String type = Conditions.SECRET_ACCESS_READY;
    String vaultName = access.vault().name();
    LiveVault after = done.after();
    boolean rbac = done.before().rbacAuthorization();
    SecretAccessStatus ledger = next.secretAccess;
    Optional<String> previousPrincipal = Optional.ofNullable(ledger.principalId);
    ledger.vault = access.vault().toString();
    ledger.model = rbac ? RBAC : ACCESS_POLICY;
    List<Change> changes = new ArrayList<>(done.access().map(AccessPolicyPlanner.Outcome::changes)
        .orElse(List.of()));
    if (access.identity().isPresent() && principal.isEmpty()) {
      return new CapabilityResult(Capability.retrying(type, Reason.IdentityNotFound, Severity.Warning, access.identity().get()
          + " does not exist (or has no service principal); vaultgate never creates identities"), changes,
          List.of(Notice.failure(Reason.IdentityNotFound.name(), access.identity().get() + " does not exist")),
          settings.slowRetry());
    }
    principal.ifPresent(p -> ledger.principalId = p);
    if (done.modelMismatch()) {
      String message = "spec.vault.permissionModel is " + access.permissionModel() + " but vault " + vaultName
          + (rbac ? " uses Azure RBAC (enableRbacAuthorization: true), which ignores access policies"
          : " uses access policies (enableRbacAuthorization: false), which ignore data-plane role assignments")
          + "; set permissionModel: Auto, or change the vault";
      return new CapabilityResult(Capability.stalled(type, Reason.PermissionModelMismatch, message), List.of(),
          List.of(Notice.state(EventRecorder.Type.Warning, Reason.PermissionModelMismatch.name(), message)),
          settings.resync());
    }
    List<Need> wanted = principal.map(p -> roleNeeds(access, p, rbac)).orElse(List.of());
    Set<String> principals = new LinkedHashSet<>();
    principal.ifPresent(principals::add);
    previousPrincipal.ifPresent(principals::add);
    RoleAssignments.Result granted = roleAssignments.converge(roles, access.vault(), wanted,
        new LinkedHashSet<>(ledger.ownedRoleAssignments), principals, othersRoleNeeds(resource, access.vault(), rbac),
        access.dryRun());
    ledger.ownedRoleAssignments = List.copyOf(granted.ledger());
    changes.addAll(granted.changes());

    List<Notice> events = new ArrayList<>();
    if (access.dryRun()) {
      if (changes.isEmpty()) {
        return new CapabilityResult(Capability.ready(type, Reason.Planned, "Plan mode: secret access already in place"),
            changes, events, settings.resync());
      }
      String message = "Plan mode: Apply would make " + changes.size() + " secret access change(s): "
          + changes.stream().map(Change::toString).collect(Collectors.joining("; "));
      return new CapabilityResult(Capability.waiting(type, Reason.Planned, Severity.Info, message), changes, events,
          settings.resync());
    }
    if (!changes.isEmpty()) {
      events.add(Notice.change("SecretAccessUpdated", "vault " + vaultName + ": "
          + changes.stream().map(Change::toString).collect(Collectors.joining("; "))));
    }
    String who = principal.map(p -> "principal " + p).orElse("no principal");
    boolean effective = rbac ? granted.satisfied() : principal.map(p -> readsSecrets(after, p)).orElse(true);
    if (!effective) {
      return new CapabilityResult(Capability.retrying(type, Reason.AzureError, Severity.Warning, "vault " + vaultName
          + ": secret get and list for " + who + " did not take effect yet"), changes, events,
          transientDelay(ownerOf(resource)));
    }
    if (rbac && done.before().approvedPrivateEndpoints() > 0 && access.devOps().variableGroup().isPresent()) {
      String warning = "vault " + vaultName + " uses Azure RBAC behind a private endpoint, which Azure DevOps does"
          + " not support for linking variable groups (it is not a trusted service); consider the access-policy"
          + " permission model for this vault";
      events.add(Notice.state(EventRecorder.Type.Warning, "RbacPrivateEndpointVariableGroup", warning));
      return new CapabilityResult(Capability.ready(type, Reason.Converged, who + " can get and list secrets of vault "
          + vaultName + " through role " + Role.KEY_VAULT_SECRETS_USER.name() + "; warning: " + warning), changes,
          events, settings.resync());
    }
    String how = rbac ? "role " + Role.KEY_VAULT_SECRETS_USER.name() + (granted.ledger().isEmpty()
        ? " (granted by someone else)" : " (assigned by vaultgate)")
        : "an access policy" + (ledger.ownedSecretPermissions.isEmpty() ? " (already granted)"
        : " (vaultgate added " + String.join(", ", ledger.ownedSecretPermissions) + ")");
    return new CapabilityResult(Capability.ready(type, Reason.Converged, who + " can get and list secrets of vault " + vaultName
        + " through " + how), changes, events, settings.resync());
  }

  private static boolean readsSecrets(LiveVault vault, String principal) {
    Set<String> held = vault.secretPermissions().getOrDefault(principal, Set.of());
    return held.contains("all") || held.containsAll(AccessPolicyPlanner.SECRET_READ);
  }

  /** The roles a resource's principal needs: the secrets role on RBAC vaults, and the optional extras. */
  private static List<Need> roleNeeds(DesiredAccess access, String principal, boolean rbac) {
    List<Need> needs = new ArrayList<>();
    if (rbac && access.permissionModel() != io.vaultgate.api.PermissionModel.AccessPolicy) {
      needs.add(new Need(access.vault().toString(), principal, Role.KEY_VAULT_SECRETS_USER));
    }
    if (access.readerOnSubscription()) {
      needs.add(new Need("/subscriptions/" + access.vault().subscriptionId(), principal, Role.READER));
    }
    if (access.keyVaultContributor()) {
      needs.add(new Need(access.vault().toString(), principal, Role.KEY_VAULT_CONTRIBUTOR));
    }
    return needs;
  }

  // ---- Azure DevOps ----

  /** Azure DevOps as the resource's personal access token, else the (namespace's or operator's) identity. */
  private static DevOpsPort devOpsPort(AzurePorts ports, ResourceCredentials credentials) {
    return credentials.devOpsToken().map(ports.devOps()::withPersonalAccessToken)
        .orElse(ports.devOps().operatorIdentity());
  }

  /** The resource's credentials Secret, when it names one and the operator may read it. */
  private ResourceCredentials.Read readCredentials(PrivateVaultAccess resource, Context<PrivateVaultAccess> ctx) {
    var ref = resource.getSpec() == null ? null : resource.getSpec().credentialsSecretRef;
    if (ref == null || ref.name == null) {
      return new ResourceCredentials.Found(ResourceCredentials.none());
    }
    if (!perNamespaceCredentials) {
      return new ResourceCredentials.Problem("spec.credentialsSecretRef: per-namespace credentials are disabled in"
          + " this operator (VAULTGATE_PER_NAMESPACE_CREDENTIALS), so it reads no Secrets");
    }
    String namespace = resource.getMetadata().getNamespace();
    return ResourceCredentials.read(ctx.getClient().secrets().inNamespace(namespace).withName(ref.name).get(),
        namespace, ref.name, OPERATOR_TOKEN_FILE);
  }

  // ---- failures ----

  private Verdict failure(PrivateVaultAccess resource, PrivateVaultAccessStatus previous, List<String> types,
      DesiredAccess access, AzureFailure failure) {
    String vault = access.vault().name();
    String azure = failure.code().isEmpty() ? failure.getMessage() : failure.code() + ": " + failure.getMessage();
    return switch (failure.kind()) {
      case NOT_FOUND -> retrying(resource, previous, types, access, Reason.VaultNotFound,
          "Key Vault " + access.vault() + " was not found (" + azure + ")", settings.slowRetry());
      case AUTHORIZATION_FAILED -> stalled(resource, previous, types, Reason.AuthorizationFailed,
          "the operator's Azure identity may not do what vault " + vault + " needs (firewall: Microsoft.KeyVault/vaults"
              + "/read and /write; secret access: also Microsoft.Authorization/roleAssignments/read, /write and"
              + " /delete on RBAC vaults, and Microsoft Graph Application.Read.All for app registrations): " + azure,
          true);
      case THROTTLED -> retrying(resource, previous, types, access, Reason.Throttled,
          "Azure is throttling requests; retrying after " + failure.retryAfter().orElse(settings.slowRetry())
              .toSeconds() + "s: " + azure, failure.retryAfter().orElse(settings.slowRetry()));
      case TRANSIENT -> retrying(resource, previous, types, access, Reason.AzureError,
          "Azure call failed, retrying: " + azure, transientDelay(ownerOf(resource)));
      case REJECTED -> stalled(resource, previous, types, Reason.AzureError, "Azure rejected a change for vault "
          + vault + ": " + azure, true);
    };
  }

  private Duration transientDelay(String owner) {
    int attempt = transientAttempts.merge(owner, 1, Integer::sum);
    Duration delay = settings.transientRetry().multipliedBy(1L << Math.min(attempt - 1, 16));
    return delay.compareTo(settings.slowRetry()) > 0 ? settings.slowRetry() : delay;
  }

  private Verdict retrying(PrivateVaultAccess resource, PrivateVaultAccessStatus previous, List<String> types,
      DesiredAccess access, Reason reason, String message, Duration retryAfter) {
    PrivateVaultAccessStatus next = base(resource, previous, access);
    next.conditions = Capability.conditions(previous.conditions, Capability.all(types,
        Capability.retrying("", reason, Severity.Warning, message)), generation(resource), clock.instant());
    return new Verdict(next, List.of(Notice.failure(reason.name(), message)), Optional.of(retryAfter));
  }

  /** Needs a human. Retried slowly when Azure said no (permissions may be granted); not at all for a bad spec. */
  private Verdict stalled(PrivateVaultAccess resource, PrivateVaultAccessStatus previous, List<String> types,
      Reason reason, String message, boolean retry) {
    PrivateVaultAccessStatus next = copyOf(previous);
    next.observedGeneration = generation(resource);
    next.vaultName = vaultOf(resource).map(VaultId::name).orElse(previous.vaultName);
    next.conditions = Capability.conditions(previous.conditions, Capability.all(types,
        Capability.stalled("", reason, message)), generation(resource), clock.instant());
    List<Notice> events = message.equals(readyMessage(previous)) && !retry ? List.of()
        : List.of(Notice.failure(reason.name(), message));
    return new Verdict(next, events, retry ? Optional.of(settings.slowRetry()) : Optional.empty());
  }

  // ---- deletion, and moving to another vault ----

  @Override
  public DeleteControl cleanup(PrivateVaultAccess resource, Context<PrivateVaultAccess> ctx) {
    EventRecorder events = new EventRecorder(ctx.getClient());
    PrivateVaultAccessStatus status = resource.getStatus() == null ? new PrivateVaultAccessStatus()
        : resource.getStatus();
    Optional<VaultId> vault = ledgerVault(status).or(() -> vaultOf(resource));
    String annotation = resource.getMetadata().getAnnotations() == null ? null
        : resource.getMetadata().getAnnotations().get(PrivateVaultAccess.RECONCILE_POLICY_ANNOTATION);
    ReconcilePolicy policy = ReconcilePolicy.parse(annotation).orElse(ReconcilePolicy.SKIP);
    if (ownsNothing(status) && !DevOpsConvergence.ownsSomething(status) && status.privateEndpoint == null) {
      return DeleteControl.defaultDelete();
    }
    String held = describeLedger(status);
    String where = vault.map(v -> "vault " + v.name()).orElse("Azure");
    if (policy != ReconcilePolicy.MANAGE || "Plan".equals(resource.getSpec().mode)) {
      events.record(resource, EventRecorder.Type.Normal, "Detached", "left " + held + " in " + where + " ("
          + (policy != ReconcilePolicy.MANAGE ? "reconcile-policy " + policy.value() : "Plan mode writes nothing")
          + ")");
      return DeleteControl.defaultDelete();
    }
    Optional<String> denial = vault.flatMap(v -> scopePolicy.denial(resource.getMetadata().getNamespace(),
        v.toString()));
    if (denial.isPresent()) {
      events.record(resource, EventRecorder.Type.Warning, Reason.PolicyDenied.name(), "left " + held + " in "
          + where + ": " + denial.get());
      return DeleteControl.defaultDelete();
    }
    ResourceCredentials credentials = readCredentials(resource, ctx) instanceof ResourceCredentials.Found found
        ? found.credentials() : ResourceCredentials.none();
    AzurePorts ports = portsFactory.ports(credentials.azure());
    try {
      // Azure DevOps first: the variable group and connection depend on the vault access, not the reverse.
      List<Change> removed = new ArrayList<>(devOpsConvergence.release(resource, devOpsPort(ports, credentials),
          ports.federatedCredentials(), status));
      if (status.privateEndpoint != null && !privateEndpoints.release(ports.network(),
          resource.getMetadata().getUid(), status.privateEndpoint, sharing(resource))) {
        // deletions are long-running: come back until they are done
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(settings.transientRetry());
      }
      if (vault.isPresent() && !ownsNothing(status)) {
        try {
          removed.addAll(release(resource, vault.get(), status, ports));
        } catch (AzureFailure failure) {
          if (failure.kind() != AzureFailure.Kind.NOT_FOUND) {
            throw failure;
          }
          events.record(resource, EventRecorder.Type.Normal, "VaultGone", "vault " + vault.get() + " no longer"
              + " exists; nothing to clean up there");
        }
      }
      events.record(resource, EventRecorder.Type.Normal, "CleanedUp", where + ": " + (removed.isEmpty()
          ? "nothing to remove (still needed by other resources, or already gone)"
          : removed.stream().map(Change::toString).collect(Collectors.joining("; "))));
      transientAttempts.remove(ownerOf(resource));
      return DeleteControl.defaultDelete();
    } catch (AzureFailure failure) {
      events.record(resource, EventRecorder.Type.Warning, Reason.Deleting.name(), "could not remove what vaultgate"
          + " created for " + where + ", retrying: " + failure.getMessage());
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(failure.kind() == AzureFailure.Kind.THROTTLED
          ? failure.retryAfter().orElse(settings.slowRetry()) : settings.transientRetry());
    }
  }

  /**
   * Removes from one vault everything this resource's ledger owns that no other resource needs: IP rules, access
   * policy permissions, role assignments.
   */
  private List<Change> release(PrivateVaultAccess resource, VaultId vault, PrivateVaultAccessStatus status,
      AzurePorts ports) {
    List<Change> changes = new ArrayList<>();
    Claim firewall = new Claim(ownerOf(resource), Map.of(), owned(status), pending(status), Map.of(),
        ownedSubnets(status), pendingSubnets(status), false, false, false);
    Optional<AccessRequest> access = accessLedger(status).or(() -> accessPending(status)).isPresent()
        ? Optional.of(new AccessRequest(Optional.empty(), io.vaultgate.api.PermissionModel.Auto, accessLedger(status),
            accessPending(status)))
        : Optional.empty();
    Result result = coordinator.converge(new VaultCoordinator.Request(vault, ports.vaults(), firewall, access,
        (rules, subnets, perms) -> {
    }));
    if (result instanceof Failed failed) {
      throw failed.failure();
    }
    Done done = (Done) result;
    changes.addAll(done.firewall().changes());
    done.access().ifPresent(o -> changes.addAll(o.changes()));
    boolean rbac = done.before().rbacAuthorization();
    SecretAccessStatus secret = status.secretAccess;
    if (secret != null && !secret.ownedRoleAssignments.isEmpty() && secret.principalId != null) {
      changes.addAll(roleAssignments.converge(ports.roles(), vault, List.of(), new LinkedHashSet<>(secret.ownedRoleAssignments),
          Set.of(secret.principalId), othersRoleNeeds(resource, vault, rbac), false).changes());
    }
    return changes;
  }

  private void releaseUnlessGone(PrivateVaultAccess resource, VaultId vault, PrivateVaultAccessStatus status,
      AzurePorts ports) {
    try {
      release(resource, vault, status, ports);
    } catch (AzureFailure failure) {
      if (failure.kind() != AzureFailure.Kind.NOT_FOUND) {
        throw failure;
      }
    }
  }

  private static PrivateVaultAccessStatus movedTo(PrivateVaultAccessStatus previous, VaultId vault) {
    PrivateVaultAccessStatus next = copyOf(previous);
    next.firewall.vault = vault.toString();
    next.firewall.ownedIpRules = List.of();
    next.firewall.pendingIpRules = List.of();
    next.firewall.ownedVirtualNetworkRules = List.of();
    next.firewall.pendingVirtualNetworkRules = List.of();
    next.secretAccess = new SecretAccessStatus();
    next.secretAccess.vault = vault.toString();
    return next;
  }

  @Override
  public ErrorStatusUpdateControl<PrivateVaultAccess> updateErrorStatus(PrivateVaultAccess resource,
      Context<PrivateVaultAccess> ctx, Exception e) {
    LOG.warn("reconcile of {} failed: {}", ownerOf(resource), e.toString());
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

  // ---- neighbours: other resources that target the same vault ----

  private List<PrivateVaultAccess> others(VaultId vault, Set<String> excluded) {
    IndexedResourceCache<PrivateVaultAccess> c = cache;
    return c == null ? List.of() : c.byIndex(VAULT_INDEX, vault.key()).stream()
        .filter(r -> !excluded.contains(ownerOf(r))).toList();
  }

  private Neighbours neighbours(VaultId vault, Set<String> excluded) {
    List<FirewallPlanner.Neighbour> firewall = new ArrayList<>();
    List<AccessPolicyPlanner.Neighbour> access = new ArrayList<>();
    for (PrivateVaultAccess other : others(vault, excluded)) {
      PrivateVaultAccessStatus s = statusOf(other);
      boolean sameVault = ledgerVault(s).map(vault::equals).orElse(true);
      Set<Ipv4Range> ledger = new LinkedHashSet<>();
      if (sameVault) {
        ledger.addAll(owned(s));
        ledger.addAll(pending(s));
      }
      Optional<DesiredAccess> desired = other.isMarkedForDeletion() ? Optional.empty() : desired(other);
      // what an invalid resource holds stays until it is fixed or deleted
      Set<Ipv4Range> needs = other.isMarkedForDeletion() ? Set.of()
          : desired.map(d -> d.ipRules().keySet()).orElse(ledger);
      Set<String> subnetLedger = new LinkedHashSet<>();
      if (sameVault) {
        subnetLedger.addAll(ownedSubnets(s));
        subnetLedger.addAll(pendingSubnets(s));
      }
      Set<String> subnetNeeds = other.isMarkedForDeletion() ? Set.of()
          : desired.map(d -> Set.copyOf(d.agents().subnetIds())).orElse(subnetLedger);
      firewall.add(new FirewallPlanner.Neighbour(ownerOf(other), needs, ledger, subnetNeeds, subnetLedger));
      Optional<String> principal = Optional.ofNullable(s.secretAccess).map(a -> a.principalId);
      Optional<String> needsPrincipal = desired.flatMap(DesiredAccess::identity).isPresent() ? principal
          : Optional.empty();
      access.add(new AccessPolicyPlanner.Neighbour(ownerOf(other), needsPrincipal,
          sameVault ? accessLedger(s) : Optional.empty()));
    }
    return new Neighbours(firewall, access);
  }

  /** What other resources' private endpoints share with this one's: zones and links. */
  private PrivateEndpointConvergence.Sharing sharing(PrivateVaultAccess resource) {
    IndexedResourceCache<PrivateVaultAccess> c = cache;
    return new PrivateEndpointConvergence.Sharing(c == null ? List.of() : c.list()
        .filter(r -> !ownerOf(r).equals(ownerOf(resource)) && !r.isMarkedForDeletion())
        .map(r -> statusOf(r).privateEndpoint).filter(java.util.Objects::nonNull).toList());
  }

  private List<Need> othersRoleNeeds(PrivateVaultAccess resource, VaultId vault, boolean rbac) {
    List<Need> needs = new ArrayList<>();
    for (PrivateVaultAccess other : others(vault, Set.of(ownerOf(resource)))) {
      Optional<String> principal = Optional.ofNullable(statusOf(other).secretAccess).map(a -> a.principalId);
      if (other.isMarkedForDeletion() || principal.isEmpty()) {
        continue;
      }
      desired(other).filter(d -> d.identity().isPresent())
          .ifPresent(d -> needs.addAll(roleNeeds(d, principal.get(), rbac)));
    }
    return needs;
  }

  private Optional<DesiredAccess> desired(PrivateVaultAccess r) {
    return SpecValidator.validate(r.getSpec(), r.getMetadata().getAnnotations(), ranges)
        instanceof SpecValidator.Valid valid ? Optional.of(valid.access()) : Optional.empty();
  }

  // ---- status helpers ----

  /** The capability conditions a resource asks for, before anything is known about them. */
  private static List<String> capabilityTypes(PrivateVaultAccess r) {
    List<String> types = new ArrayList<>(List.of(Conditions.FIREWALL_READY));
    if (r.getSpec() != null && r.getSpec().identity != null) {
      types.add(Conditions.SECRET_ACCESS_READY);
    }
    if (r.getSpec() != null && r.getSpec().serviceConnection != null) {
      types.add(Conditions.SERVICE_CONNECTION_READY);
      types.add(Conditions.FEDERATED_CREDENTIAL_READY);
    }
    if (r.getSpec() != null && r.getSpec().variableGroup != null) {
      types.add(Conditions.VARIABLE_GROUP_READY);
    }
    if (r.getSpec() != null && r.getSpec().network != null && r.getSpec().network.selfHostedAgents != null
        && r.getSpec().network.selfHostedAgents.privateEndpoint != null) {
      types.add(Conditions.PRIVATE_ENDPOINT_READY);
    }
    return types;
  }

  /** A new status for the current generation, carrying over the ledgers; the caller sets conditions. */
  private static PrivateVaultAccessStatus base(PrivateVaultAccess resource, PrivateVaultAccessStatus previous,
      DesiredAccess access) {
    PrivateVaultAccessStatus next = copyOf(previous);
    next.observedGeneration = generation(resource);
    next.vaultName = access.vault().name();
    next.firewall.rangesVersion = access.rangesVersion();
    next.firewall.vault = access.vault().toString();
    return next;
  }

  private static PrivateVaultAccessStatus copyOf(PrivateVaultAccessStatus status) {
    PrivateVaultAccessStatus next = new PrivateVaultAccessStatus();
    next.observedGeneration = status.observedGeneration;
    next.vaultName = status.vaultName;
    next.conditions = status.conditions;
    next.plan = status.plan;
    next.firewall = new FirewallStatus();
    if (status.firewall != null) {
      next.firewall.vault = status.firewall.vault;
      next.firewall.rangesVersion = status.firewall.rangesVersion;
      next.firewall.ownedIpRules = status.firewall.ownedIpRules;
      next.firewall.pendingIpRules = status.firewall.pendingIpRules;
      next.firewall.ownedVirtualNetworkRules = status.firewall.ownedVirtualNetworkRules;
      next.firewall.pendingVirtualNetworkRules = status.firewall.pendingVirtualNetworkRules;
      next.firewall.defaultAction = status.firewall.defaultAction;
      next.firewall.publicNetworkAccess = status.firewall.publicNetworkAccess;
    }
    next.secretAccess = new SecretAccessStatus();
    if (status.secretAccess != null) {
      SecretAccessStatus from = status.secretAccess;
      next.secretAccess.vault = from.vault;
      next.secretAccess.model = from.model;
      next.secretAccess.principalId = from.principalId;
      next.secretAccess.accessPolicyObjectId = from.accessPolicyObjectId;
      next.secretAccess.ownedSecretPermissions = from.ownedSecretPermissions;
      next.secretAccess.pendingSecretPermissions = from.pendingSecretPermissions;
      next.secretAccess.ownedRoleAssignments = from.ownedRoleAssignments;
    }
    next.serviceConnection = status.serviceConnection;
    next.federatedCredential = status.federatedCredential;
    next.variableGroup = status.variableGroup;
    next.privateEndpoint = status.privateEndpoint;
    return next;
  }

  private static PrivateVaultAccessStatus withIntents(PrivateVaultAccessStatus current, VaultId vault,
      Set<Ipv4Range> rules, Set<String> subnets, Optional<Grant> permissions) {
    PrivateVaultAccessStatus next = copyOf(current);
    next.firewall.vault = vault.toString();
    Set<Ipv4Range> pending = new LinkedHashSet<>(parse(next.firewall.pendingIpRules));
    pending.addAll(rules);
    next.firewall.pendingIpRules = sorted(pending);
    Set<String> pendingSubnets = new java.util.TreeSet<>(next.firewall.pendingVirtualNetworkRules);
    pendingSubnets.addAll(subnets);
    next.firewall.pendingVirtualNetworkRules = List.copyOf(pendingSubnets);
    permissions.ifPresent(g -> {
      next.secretAccess.vault = vault.toString();
      next.secretAccess.accessPolicyObjectId = g.principalId();
      Set<String> perms = new java.util.TreeSet<>(next.secretAccess.pendingSecretPermissions);
      perms.addAll(g.permissions());
      next.secretAccess.pendingSecretPermissions = List.copyOf(perms);
    });
    return next;
  }

  private static boolean ownsNoSecretAccess(SecretAccessStatus s) {
    return s.ownedSecretPermissions.isEmpty() && s.pendingSecretPermissions.isEmpty()
        && s.ownedRoleAssignments.isEmpty();
  }

  private static boolean ownsNothing(PrivateVaultAccessStatus s) {
    return owned(s).isEmpty() && pending(s).isEmpty() && ownedSubnets(s).isEmpty() && pendingSubnets(s).isEmpty()
        && accessLedger(s).isEmpty() && accessPending(s).isEmpty()
        && (s.secretAccess == null || s.secretAccess.ownedRoleAssignments.isEmpty());
  }

  private static String describeLedger(PrivateVaultAccessStatus s) {
    int permissions = accessLedger(s).map(g -> g.permissions().size()).orElse(0);
    int assignments = s.secretAccess == null ? 0 : s.secretAccess.ownedRoleAssignments.size();
    return owned(s).size() + " IP rule(s), " + permissions + " access-policy permission(s), " + assignments
        + " role assignment(s)" + (s.serviceConnection == null ? "" : ", service connection "
        + s.serviceConnection.name()) + (s.variableGroup == null ? "" : ", variable group " + s.variableGroup.name())
        + (s.privateEndpoint == null ? "" : ", private endpoint " + s.privateEndpoint.id());
  }

  private static PrivateVaultAccessStatus statusOf(PrivateVaultAccess r) {
    return r.getStatus() == null ? new PrivateVaultAccessStatus() : r.getStatus();
  }

  static Optional<VaultId> vaultOf(PrivateVaultAccess r) {
    return r.getSpec() == null || r.getSpec().vault == null ? Optional.empty()
        : VaultId.parse(r.getSpec().vault.resourceId);
  }

  static String ownerOf(PrivateVaultAccess r) {
    return r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
  }

  private static long generation(PrivateVaultAccess r) {
    return r.getMetadata().getGeneration() == null ? 0 : r.getMetadata().getGeneration();
  }

  /** The vault the ledger refers to, when the status names one. */
  private static Optional<VaultId> ledgerVault(PrivateVaultAccessStatus s) {
    return s.firewall == null || s.firewall.vault == null ? Optional.empty() : VaultId.parse(s.firewall.vault);
  }

  private static String readyMessage(PrivateVaultAccessStatus s) {
    io.vaultgate.api.Condition ready = Conditions.find(s.conditions, Conditions.READY);
    return ready == null ? null : ready.message;
  }

  private static Set<Ipv4Range> owned(PrivateVaultAccessStatus s) {
    return s.firewall == null ? Set.of() : parse(s.firewall.ownedIpRules);
  }

  private static Set<Ipv4Range> pending(PrivateVaultAccessStatus s) {
    return s.firewall == null ? Set.of() : parse(s.firewall.pendingIpRules);
  }

  private static Set<String> ownedSubnets(PrivateVaultAccessStatus s) {
    return s.firewall == null ? Set.of() : Set.copyOf(s.firewall.ownedVirtualNetworkRules);
  }

  private static Set<String> pendingSubnets(PrivateVaultAccessStatus s) {
    return s.firewall == null ? Set.of() : Set.copyOf(s.firewall.pendingVirtualNetworkRules);
  }

  private static Optional<Grant> accessLedger(PrivateVaultAccessStatus s) {
    return grant(s, s.secretAccess == null ? List.of() : s.secretAccess.ownedSecretPermissions);
  }

  private static Optional<Grant> accessPending(PrivateVaultAccessStatus s) {
    return grant(s, s.secretAccess == null ? List.of() : s.secretAccess.pendingSecretPermissions);
  }

  private static Optional<Grant> grant(PrivateVaultAccessStatus s, List<String> permissions) {
    if (s.secretAccess == null || s.secretAccess.accessPolicyObjectId == null || permissions.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Grant(s.secretAccess.accessPolicyObjectId, Set.copyOf(permissions)));
  }

  private static Set<Ipv4Range> parse(List<String> values) {
    if (values == null) {
      return Set.of();
    }
    return values.stream().map(LiveFirewall::parseRule).flatMap(Optional::stream)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  private static List<String> sorted(Set<Ipv4Range> rules) {
    return rules.stream().sorted().map(Ipv4Range::toString).toList();
  }

  @Override
  public void close() {
    coordinator.close();
  }
}
