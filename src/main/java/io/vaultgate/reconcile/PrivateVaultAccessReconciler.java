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
import io.vaultgate.api.PlannedChange;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.PrivateVaultAccessStatus;
import io.vaultgate.api.ReconcilePolicy;
import io.vaultgate.azure.AzureFailure;
import io.vaultgate.azure.VaultFirewallPort;
import io.vaultgate.plan.Change;
import io.vaultgate.plan.DesiredAccess;
import io.vaultgate.plan.FirewallPlanner;
import io.vaultgate.plan.FirewallPlanner.Claim;
import io.vaultgate.plan.FirewallPlanner.Neighbour;
import io.vaultgate.plan.Ipv4Range;
import io.vaultgate.plan.SpecValidator;
import io.vaultgate.plan.VaultId;
import io.vaultgate.policy.ScopePolicy;
import io.vaultgate.ranges.InboundRangeTable;
import io.vaultgate.reconcile.FirewallCoordinator.Done;
import io.vaultgate.reconcile.FirewallCoordinator.Failed;
import io.vaultgate.reconcile.FirewallCoordinator.Result;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converges one {@code PrivateVaultAccess}: scope policy, validation, then the vault firewall through the one
 * writer per vault, then status and Events. It writes to Azure only through {@link FirewallCoordinator}, and
 * never touches a rule its ledger (or another resource's) does not prove vaultgate added.
 */
@ControllerConfiguration(name = "privatevaultaccess", finalizerName = PrivateVaultAccess.FINALIZER)
public final class PrivateVaultAccessReconciler
    implements Reconciler<PrivateVaultAccess>, Cleaner<PrivateVaultAccess>, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PrivateVaultAccessReconciler.class);
  static final String VAULT_INDEX = "vaultgate-vault";

  private final ReconcileSettings settings;
  private final InboundRangeTable ranges;
  private final ScopePolicy scopePolicy;
  private final FirewallCoordinator coordinator;
  private final Clock clock;
  private final Map<String, Integer> transientAttempts = new ConcurrentHashMap<>();
  private volatile IndexedResourceCache<PrivateVaultAccess> cache;

  public PrivateVaultAccessReconciler(ReconcileSettings settings, InboundRangeTable ranges, ScopePolicy scopePolicy,
      VaultFirewallPort firewall, Clock clock) {
    this.settings = settings;
    this.ranges = ranges;
    this.scopePolicy = scopePolicy;
    this.clock = clock;
    this.coordinator = new FirewallCoordinator(firewall, this::neighbours, settings.gatherWindow(),
        settings.requestTimeout());
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
    Verdict verdict = evaluate(resource, status);
    write(resource, status, events, verdict);
    if (verdict.retryAfter().isEmpty()) {
      return UpdateControl.noUpdate();
    }
    return UpdateControl.<PrivateVaultAccess>noUpdate().rescheduleAfter(verdict.retryAfter().get());
  }

  /** What one reconcile concluded: the status to write, Events to record, when to come back. */
  private record Verdict(PrivateVaultAccessStatus status, List<Event> events, Optional<Duration> retryAfter) {
  }

  private record Event(EventRecorder.Type type, String reason, String message) {
  }

  private Verdict evaluate(PrivateVaultAccess resource, StatusWriter status) {
    long generation = generation(resource);
    PrivateVaultAccessStatus previous = status.current();
    String owner = ownerOf(resource);
    SpecValidator.Result validation = SpecValidator.validate(resource.getSpec(),
        resource.getMetadata().getAnnotations(), ranges);
    if (validation instanceof SpecValidator.Invalid invalid) {
      return stalled(resource, previous, Reason.InvalidSpec, "invalid spec: " + invalid.message(), Optional.empty());
    }
    DesiredAccess access = ((SpecValidator.Valid) validation).access();
    Optional<String> denial = scopePolicy.denial(resource.getMetadata().getNamespace(), access.vault().toString());
    if (denial.isPresent()) {
      return stalled(resource, previous, Reason.PolicyDenied, denial.get(), Optional.empty());
    }

    Optional<VaultId> ledgerVault = ledgerVault(previous);
    if (ledgerVault.isPresent() && !ledgerVault.get().equals(access.vault()) && !access.dryRun()) {
      Optional<Verdict> failed = releasePreviousVault(resource, status, access, ledgerVault.get());
      if (failed.isPresent()) {
        return failed.get();
      }
      previous = status.current();
    }
    boolean sameVault = ledgerVault.isEmpty() || ledgerVault.get().equals(access.vault());
    Claim claim = new Claim(owner, access.ipRules(), sameVault ? owned(previous) : Set.of(),
        sameVault ? pending(previous) : Set.of(),
        access.defaultAction() == io.vaultgate.api.DefaultActionPolicy.Deny,
        access.publicNetworkAccess() == io.vaultgate.api.PublicNetworkAccessPolicy.Enabled, access.dryRun());
    Result result = coordinator.converge(new FirewallCoordinator.Request(access.vault(), claim,
        intents -> status.write(withPending(status.current(), access.vault(), intents))));
    if (result instanceof Failed failed) {
      return failure(resource, status.current(), access, failed.failure());
    }
    transientAttempts.remove(owner);
    return converged(resource, status.current(), access, (Done) result, generation);
  }

  /**
   * spec.vault changed: remove what this resource owns from the vault its ledger refers to, then start an empty
   * ledger for the new vault. Empty when done; a verdict when the old vault could not be cleaned up yet.
   */
  private Optional<Verdict> releasePreviousVault(PrivateVaultAccess resource, StatusWriter status,
      DesiredAccess access, VaultId old) {
    PrivateVaultAccessStatus previous = status.current();
    Optional<String> denial = scopePolicy.denial(resource.getMetadata().getNamespace(), old.toString());
    if (denial.isEmpty()) {
      Claim release = new Claim(ownerOf(resource), Map.of(), owned(previous), pending(previous), false, false, false);
      Result result = coordinator.converge(new FirewallCoordinator.Request(old, release, intents -> {
      }));
      if (result instanceof Failed failed && failed.failure().kind() != AzureFailure.Kind.NOT_FOUND) {
        return Optional.of(failure(resource, previous, access, failed.failure()));
      }
    }
    PrivateVaultAccessStatus next = copyOf(previous);
    next.firewall.vault = access.vault().toString();
    next.firewall.ownedIpRules = List.of();
    next.firewall.pendingIpRules = List.of();
    status.write(next);
    LOG.info("{} moved from vault {} to {}; {}", ownerOf(resource), old, access.vault(), denial.isPresent()
        ? "left its rules in the old vault: " + denial.get() : "removed its rules from the old vault");
    return Optional.empty();
  }

  private void write(PrivateVaultAccess resource, StatusWriter status, EventRecorder events, Verdict verdict) {
    status.write(verdict.status());
    verdict.events().forEach(e -> events.record(resource, e.type(), e.reason(), e.message()));
  }

  private Verdict converged(PrivateVaultAccess resource, PrivateVaultAccessStatus previous, DesiredAccess access,
      Done done, long generation) {
    FirewallPlanner.Outcome planned = done.outcome();
    var after = done.after();
    List<Event> events = new ArrayList<>();
    String vaultName = access.vault().name();
    PrivateVaultAccessStatus next = base(resource, previous, access);
    next.firewall.defaultAction = after.defaultAction();
    next.firewall.publicNetworkAccess = after.publicNetworkAccessDisabled() ? "Disabled" : "Enabled";
    next.firewall.ownedIpRules = sorted(planned.ledger());
    next.firewall.pendingIpRules = List.of();

    Set<Ipv4Range> afterRules = after.ipRules().stream().map(io.vaultgate.plan.LiveFirewall::parseRule)
        .flatMap(Optional::stream).collect(Collectors.toSet());
    List<String> missing = access.ipRules().entrySet().stream().filter(e -> !afterRules.contains(e.getKey()))
        .map(e -> e.getKey() + " (" + e.getValue() + ")").toList();
    String summary = summary(access, planned.ledger().size());
    String allowWarning = after.denies() ? "" : "; warning: the vault's default action is Allow, so every address"
        + " may connect and these rules change nothing (spec.network.firewall.defaultAction: Deny closes it)";
    boolean publicDisabled = after.publicNetworkAccessDisabled();
    String publicMessage = "Public network access is disabled and request is not from a trusted service nor via an"
        + " approved private link: IP rules have no effect on vault " + vaultName + " while publicNetworkAccess is"
        + " Disabled (spec.network.firewall.publicNetworkAccess: Enabled lets vaultgate enable it)";

    if (!after.denies() && !"Allow".equalsIgnoreCase(String.valueOf(previous.firewall == null ? null
        : previous.firewall.defaultAction))) {
      events.add(new Event(EventRecorder.Type.Warning, "DefaultActionAllow", "vault " + vaultName
          + ": default action is Allow; IP rules change nothing until it is Deny"));
    }

    switch (planned.status()) {
      case RULE_LIMIT_EXCEEDED -> {
        return stalled(resource, previous, Reason.RuleLimitExceeded, "vault " + vaultName + ": "
            + planned.message(), Optional.of(settings.resync()));
      }
      case DRY_RUN -> {
        next.plan = toPlanned(planned.changes());
        boolean skip = access.policy() == ReconcilePolicy.SKIP && access.mode() == io.vaultgate.api.Mode.Apply;
        String changes = planned.changes().stream().map(Change::toString).collect(Collectors.joining("; "));
        boolean clean = planned.changes().isEmpty() && !publicDisabled;
        Reason reason = skip ? (clean ? Reason.Converged : Reason.Skipped) : Reason.Planned;
        String message = clean ? (skip ? "in sync; reconcile-policy skip: observing only"
            : "Plan mode: nothing to change; " + summary)
            : (skip ? "reconcile-policy skip: drift not corrected: " : "Plan mode: Apply would make "
                + planned.changes().size() + " change(s): ") + (changes.isEmpty() ? "" : changes)
                + (missing.isEmpty() ? "" : "; until then Azure DevOps gets \"Client address is not authorized and"
                + " caller is not a trusted service\" from " + String.join(", ", missing))
                + (publicDisabled ? "; " + publicMessage : "");
        Severity severity = skip ? Severity.Warning : Severity.Info;
        next.conditions = conditions(previous, generation, clean, reason, severity, message, false, false,
            clean, reason, severity, message);
        if (!clean && !message.equals(readyMessage(previous))) {
          events.add(new Event(skip ? EventRecorder.Type.Warning : EventRecorder.Type.Normal, reason.name(),
              message));
        }
        return new Verdict(next, events, Optional.of(settings.resync()));
      }
      default -> {
        if (!planned.changes().isEmpty()) {
          next.plan = toPlanned(planned.changes());
          events.add(new Event(EventRecorder.Type.Normal, "FirewallUpdated", "vault " + vaultName + ": "
              + planned.changes().stream().map(Change::toString).collect(Collectors.joining("; "))));
        }
        if (!missing.isEmpty()) {
          return transientFailure(resource, previous, access, "vault " + vaultName + " did not take the write:"
              + " still missing " + String.join(", ", missing));
        }
        if (publicDisabled) {
          next.conditions = conditions(previous, generation, false, Reason.PublicNetworkAccessDisabled,
              Severity.Error, publicMessage, false, true, false, Reason.PublicNetworkAccessDisabled, Severity.Error,
              publicMessage);
          if (!publicMessage.equals(readyMessage(previous))) {
            events.add(new Event(EventRecorder.Type.Warning, Reason.PublicNetworkAccessDisabled.name(),
                publicMessage));
          }
          return new Verdict(next, events, Optional.of(settings.resync()));
        }
        String message = summary + allowWarning;
        next.conditions = conditions(previous, generation, true, Reason.Converged, Severity.Info, message, false,
            false, true, Reason.Converged, Severity.Info, message);
        return new Verdict(next, events, Optional.of(settings.resync()));
      }
    }
  }

  private Verdict failure(PrivateVaultAccess resource, PrivateVaultAccessStatus previous, DesiredAccess access,
      AzureFailure failure) {
    String vault = access.vault().name();
    String azure = failure.code().isEmpty() ? failure.getMessage()
        : failure.code() + ": " + failure.getMessage();
    return switch (failure.kind()) {
      case NOT_FOUND -> retrying(resource, previous, access, Reason.VaultNotFound, Severity.Warning,
          "Key Vault " + access.vault() + " was not found (" + azure + ")", settings.slowRetry());
      case AUTHORIZATION_FAILED -> stalled(resource, previous, Reason.AuthorizationFailed,
          "the operator's Azure identity may not change vault " + vault + " (it needs Microsoft.KeyVault/vaults/read"
              + " and /write, e.g. Key Vault Contributor): " + azure, Optional.of(settings.slowRetry()));
      case THROTTLED -> retrying(resource, previous, access, Reason.Throttled, Severity.Warning,
          "Azure Resource Manager is throttling requests; retrying after " + failure.retryAfter()
              .orElse(settings.slowRetry()).toSeconds() + "s: " + azure,
          failure.retryAfter().orElse(settings.slowRetry()));
      case TRANSIENT -> transientFailure(resource, previous, access, "Azure call failed, retrying: " + azure);
      case REJECTED -> stalled(resource, previous, Reason.AzureError, "Azure rejected the change to vault " + vault
          + ": " + azure, Optional.of(settings.slowRetry()));
    };
  }

  private Verdict transientFailure(PrivateVaultAccess resource, PrivateVaultAccessStatus previous,
      DesiredAccess access, String message) {
    int attempt = transientAttempts.merge(ownerOf(resource), 1, Integer::sum);
    Duration delay = settings.transientRetry().multipliedBy(1L << Math.min(attempt - 1, 16));
    if (delay.compareTo(settings.slowRetry()) > 0) {
      delay = settings.slowRetry();
    }
    return retrying(resource, previous, access, Reason.AzureError, Severity.Warning, message, delay);
  }

  private Verdict retrying(PrivateVaultAccess resource, PrivateVaultAccessStatus previous, DesiredAccess access,
      Reason reason, Severity severity, String message, Duration retryAfter) {
    PrivateVaultAccessStatus next = base(resource, previous, access);
    next.conditions = conditions(previous, generation(resource), false, reason, severity, message, true, false,
        false, reason, severity, message);
    return new Verdict(next, List.of(new Event(EventRecorder.Type.Warning, reason.name(), message)),
        Optional.of(retryAfter));
  }

  private Verdict stalled(PrivateVaultAccess resource, PrivateVaultAccessStatus previous, Reason reason,
      String message, Optional<Duration> retryAfter) {
    PrivateVaultAccessStatus next = copyLedger(previous);
    next.observedGeneration = generation(resource);
    next.vaultName = vaultOf(resource).map(VaultId::name).orElse(previous.vaultName);
    next.plan = previous.plan;
    next.conditions = conditions(previous, generation(resource), false, reason, Severity.Error, message, false,
        true, false, reason, Severity.Error, message);
    List<Event> events = message.equals(readyMessage(previous)) && retryAfter.isEmpty() ? List.of()
        : List.of(new Event(EventRecorder.Type.Warning, reason.name(), message));
    return new Verdict(next, events, retryAfter);
  }

  private List<io.vaultgate.api.Condition> conditions(PrivateVaultAccessStatus previous, long generation,
      boolean ready, Reason reason, Severity severity, String message, boolean reconciling, boolean stalled,
      boolean firewallReady, Reason firewallReason, Severity firewallSeverity, String firewallMessage) {
    return Conditions.merge(previous.conditions, List.of(
        new Conditions.Desired(Conditions.READY, ready, reason, severity, message),
        new Conditions.Desired(Conditions.RECONCILING, reconciling, reconciling ? reason : Reason.Converged,
            Severity.Info, reconciling ? message : ""),
        new Conditions.Desired(Conditions.STALLED, stalled, stalled ? reason : Reason.Converged, Severity.Error,
            stalled ? message : ""),
        new Conditions.Desired(Conditions.FIREWALL_READY, firewallReady, firewallReason, firewallSeverity,
            firewallMessage)), generation, clock.instant());
  }

  /** A new status carrying over the ledger; the caller sets conditions. */
  private PrivateVaultAccessStatus base(PrivateVaultAccess resource, PrivateVaultAccessStatus previous,
      DesiredAccess access) {
    PrivateVaultAccessStatus next = copyLedger(previous);
    next.observedGeneration = generation(resource);
    next.vaultName = access.vault().name();
    next.firewall.rangesVersion = access.rangesVersion();
    next.firewall.vault = access.vault().toString();
    next.plan = previous.plan;
    return next;
  }

  private static PrivateVaultAccessStatus copyLedger(PrivateVaultAccessStatus previous) {
    PrivateVaultAccessStatus next = new PrivateVaultAccessStatus();
    next.firewall = new PrivateVaultAccessStatus.FirewallStatus();
    if (previous.firewall != null) {
      next.firewall.vault = previous.firewall.vault;
      next.firewall.rangesVersion = previous.firewall.rangesVersion;
      next.firewall.ownedIpRules = previous.firewall.ownedIpRules;
      next.firewall.pendingIpRules = previous.firewall.pendingIpRules;
      next.firewall.defaultAction = previous.firewall.defaultAction;
      next.firewall.publicNetworkAccess = previous.firewall.publicNetworkAccess;
    }
    return next;
  }

  private static PrivateVaultAccessStatus copyOf(PrivateVaultAccessStatus status) {
    PrivateVaultAccessStatus next = copyLedger(status);
    next.observedGeneration = status.observedGeneration;
    next.vaultName = status.vaultName;
    next.conditions = status.conditions;
    next.plan = status.plan;
    return next;
  }

  private static PrivateVaultAccessStatus withPending(PrivateVaultAccessStatus current, VaultId vault,
      Set<Ipv4Range> intents) {
    PrivateVaultAccessStatus next = copyOf(current);
    next.firewall.vault = vault.toString();
    Set<Ipv4Range> pending = new LinkedHashSet<>(parse(next.firewall.pendingIpRules));
    pending.addAll(intents);
    next.firewall.pendingIpRules = sorted(pending);
    return next;
  }

  private String summary(DesiredAccess access, int owned) {
    long additional = access.ipRules().values().stream().filter("additionalIpRanges"::equals).count();
    long inbound = access.ipRules().size() - additional;
    return "vault " + access.vault().name() + " allows " + (inbound == 0 ? "" : inbound + " Azure DevOps "
        + access.geography() + " range(s) (table " + access.rangesVersion() + ")" + (additional == 0 ? "" : " and "))
        + (additional == 0 ? "" : additional + " additional range(s)") + (access.ipRules().isEmpty() ? "no rules" : "")
        + "; vaultgate owns " + owned;
  }

  // ---- deletion ----

  @Override
  public DeleteControl cleanup(PrivateVaultAccess resource, Context<PrivateVaultAccess> ctx) {
    EventRecorder events = new EventRecorder(ctx.getClient());
    PrivateVaultAccessStatus status = resource.getStatus() == null ? new PrivateVaultAccessStatus()
        : resource.getStatus();
    Set<Ipv4Range> owned = owned(status);
    Set<Ipv4Range> pending = pending(status);
    Optional<VaultId> vault = ledgerVault(status).or(() -> vaultOf(resource));
    String annotation = resource.getMetadata().getAnnotations() == null ? null
        : resource.getMetadata().getAnnotations().get(PrivateVaultAccess.RECONCILE_POLICY_ANNOTATION);
    ReconcilePolicy policy = ReconcilePolicy.parse(annotation).orElse(ReconcilePolicy.SKIP);
    if (vault.isEmpty() || (owned.isEmpty() && pending.isEmpty())) {
      return DeleteControl.defaultDelete();
    }
    if (policy != ReconcilePolicy.MANAGE || "Plan".equals(resource.getSpec().mode)) {
      events.record(resource, EventRecorder.Type.Normal, "Detached", "left " + owned.size() + " IP rule(s) in vault "
          + vault.get().name() + " (" + (policy != ReconcilePolicy.MANAGE ? "reconcile-policy " + policy.value()
          : "Plan mode writes nothing") + ")");
      return DeleteControl.defaultDelete();
    }
    Optional<String> denial = scopePolicy.denial(resource.getMetadata().getNamespace(), vault.get().toString());
    if (denial.isPresent()) {
      events.record(resource, EventRecorder.Type.Warning, Reason.PolicyDenied.name(), "left " + owned.size()
          + " IP rule(s) in vault " + vault.get().name() + ": " + denial.get());
      return DeleteControl.defaultDelete();
    }
    Claim release = new Claim(ownerOf(resource), Map.of(), owned, pending, false, false, false);
    Result result = coordinator.converge(new FirewallCoordinator.Request(vault.get(), release, intents -> {
    }));
    if (result instanceof Done done) {
      List<Change> removed = done.outcome().changes();
      events.record(resource, EventRecorder.Type.Normal, "CleanedUp", "vault " + vault.get().name() + ": "
          + (removed.isEmpty() ? "no rule to remove (still needed by other resources, or already gone)"
          : removed.stream().map(Change::toString).collect(Collectors.joining("; "))));
      transientAttempts.remove(ownerOf(resource));
      return DeleteControl.defaultDelete();
    }
    AzureFailure failure = ((Failed) result).failure();
    if (failure.kind() == AzureFailure.Kind.NOT_FOUND) {
      events.record(resource, EventRecorder.Type.Normal, "VaultGone", "vault " + vault.get() + " no longer exists;"
          + " nothing to clean up");
      return DeleteControl.defaultDelete();
    }
    events.record(resource, EventRecorder.Type.Warning, Reason.Deleting.name(), "could not remove vaultgate's rules"
        + " from vault " + vault.get().name() + ", retrying: " + failure.getMessage());
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(failure.kind() == AzureFailure.Kind.THROTTLED
        ? failure.retryAfter().orElse(settings.slowRetry()) : settings.transientRetry());
  }

  @Override
  public ErrorStatusUpdateControl<PrivateVaultAccess> updateErrorStatus(PrivateVaultAccess resource,
      Context<PrivateVaultAccess> ctx, Exception e) {
    LOG.warn("reconcile of {} failed: {}", ownerOf(resource), e.toString());
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

  // ---- neighbours: other resources that target the same vault ----

  private List<Neighbour> neighbours(VaultId vault, Set<String> excluded) {
    IndexedResourceCache<PrivateVaultAccess> c = cache;
    if (c == null) {
      return List.of();
    }
    List<Neighbour> result = new ArrayList<>();
    for (PrivateVaultAccess other : c.byIndex(VAULT_INDEX, vault.key())) {
      String owner = ownerOf(other);
      if (excluded.contains(owner)) {
        continue;
      }
      PrivateVaultAccessStatus s = other.getStatus() == null ? new PrivateVaultAccessStatus() : other.getStatus();
      Set<Ipv4Range> ledger = new LinkedHashSet<>();
      if (ledgerVault(s).map(vault::equals).orElse(true)) {
        ledger.addAll(owned(s));
        ledger.addAll(pending(s));
      }
      Set<Ipv4Range> needs;
      if (other.isMarkedForDeletion()) {
        needs = Set.of();
      } else if (SpecValidator.validate(other.getSpec(), other.getMetadata().getAnnotations(), ranges)
          instanceof SpecValidator.Valid valid) {
        needs = valid.access().ipRules().keySet();
      } else {
        needs = ledger; // what an invalid resource holds stays until it is fixed or deleted
      }
      result.add(new Neighbour(owner, needs, ledger));
    }
    return result;
  }

  // ---- small helpers ----

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

  private static Set<Ipv4Range> parse(List<String> values) {
    if (values == null) {
      return Set.of();
    }
    return values.stream().map(io.vaultgate.plan.LiveFirewall::parseRule).flatMap(Optional::stream)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  private static List<String> sorted(Set<Ipv4Range> rules) {
    return rules.stream().sorted().map(Ipv4Range::toString).toList();
  }

  private static List<PlannedChange> toPlanned(List<Change> changes) {
    return changes.stream().map(c -> new PlannedChange(c.action(), c.target(), c.value(), c.detail())).toList();
  }

  @Override
  public void close() {
    coordinator.close();
  }
}
