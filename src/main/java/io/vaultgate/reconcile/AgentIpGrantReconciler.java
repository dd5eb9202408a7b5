package io.vaultgate.reconcile;

import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.PrimaryToSecondaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.vaultgate.api.AgentIpGrant;
import io.vaultgate.api.AgentIpGrantStatus;
import io.vaultgate.api.EventReason;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.Reason;
import io.vaultgate.model.Change;
import io.vaultgate.model.InboundRangeTable;
import io.vaultgate.model.LiveFirewall;
import io.vaultgate.policy.ScopePolicy;
import io.vaultgate.port.AzureFailure;
import io.vaultgate.port.AzurePorts;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converges one {@code AgentIpGrant}: the checks ({@link GrantPass}) decide whether its address may be open, the
 * vault's one writer (shared with every PrivateVaultAccess) opens or closes it ({@link GrantFirewall}), and the
 * grant is woken at its expiry ({@link ExpiryAlarms}) and whenever its PrivateVaultAccess changes or goes. This
 * class only orders those steps and talks to the Java Operator SDK. It never removes a rule the grant's ledger does
 * not prove vaultgate added, nor one another resource still needs.
 */
@ControllerConfiguration(name = "agentipgrant", finalizerName = AgentIpGrant.FINALIZER)
public final class AgentIpGrantReconciler implements Reconciler<AgentIpGrant>, Cleaner<AgentIpGrant> {

  private static final Logger LOG = LoggerFactory.getLogger(AgentIpGrantReconciler.class);
  static final String ACCESS_INDEX = "vaultgate-access";

  private final ReconcileSettings settings;
  private final Neighbourhood neighbours;
  private final GrantPass checks;
  private final GrantFirewall firewall;
  private final GrantRelease release;
  private final ExpiryAlarms alarms;
  private final Timekeeper time;

  /**
   * @param ranges the Azure DevOps ranges table, to read the PrivateVaultAccess specs grants name
   * @param perNamespaceCredentials whether a PrivateVaultAccess may name a credentials Secret (grants use it)
   * @param vaults the vault writer and neighbourhood shared with the PrivateVaultAccess reconciler
   */
  public AgentIpGrantReconciler(ReconcileSettings settings, GrantSettings limits, InboundRangeTable ranges,
      ScopePolicy scopePolicy, AzurePorts.Factory portsFactory, boolean perNamespaceCredentials, Timekeeper time,
      SharedVaults vaults) {
    this.settings = settings;
    this.neighbours = vaults.neighbours;
    this.time = time;
    this.release = new GrantRelease(scopePolicy, portsFactory, perNamespaceCredentials, vaults.release);
    this.checks = new GrantPass(limits, scopePolicy, portsFactory, perNamespaceCredentials, neighbours,
        time.clock());
    this.firewall = new GrantFirewall(settings, vaults.coordinator, release, new Backoff(settings), time.clock());
    this.alarms = new ExpiryAlarms(time);
  }

  @Override
  public List<EventSource<?, AgentIpGrant>> prepareEventSources(EventSourceContext<AgentIpGrant> ctx) {
    var grants = ctx.getPrimaryCache();
    neighbours.attachGrants(grants);
    grants.addIndexer(ACCESS_INDEX, g -> Grants.access(g).map(id -> List.of(key(id))).orElse(List.of()));
    // a PrivateVaultAccess changed or went: its grants look again (it owns none of them, so map by name)
    InformerEventSourceConfiguration<PrivateVaultAccess> access = InformerEventSourceConfiguration
        .from(PrivateVaultAccess.class, AgentIpGrant.class).withName("agentipgrant-access")
        .withSecondaryToPrimaryMapper(pva -> grants.byIndex(ACCESS_INDEX, key(ResourceID.fromResource(pva)))
            .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
        .withPrimaryToSecondaryMapper((PrimaryToSecondaryMapper<AgentIpGrant>) g -> Grants.access(g)
            .map(Set::of).orElse(Set.of()))
        // its spec, annotations (reconcile policy) or deletion matter to grants; its status writes do not
        .withOnUpdateFilter((updated, old) -> !Objects.equals(updated.getMetadata().getGeneration(),
            old.getMetadata().getGeneration()) || !Objects.equals(updated.getMetadata().getAnnotations(),
            old.getMetadata().getAnnotations()) || updated.isMarkedForDeletion())
        .build();
    return List.of(new InformerEventSource<>(access, ctx), alarms);
  }

  @Override
  public UpdateControl<AgentIpGrant> reconcile(AgentIpGrant grant, Context<AgentIpGrant> ctx) {
    var status = new StatusPatch<>(grant, ctx, AgentIpGrantStatus::new);
    Optional<PrivateVaultAccess> access = ctx.getSecondaryResource(PrivateVaultAccess.class);
    GrantPass.Outcome checked = checks.check(grant, access, ctx.getClient());
    GrantFirewall.Verdict verdict;
    if (checked instanceof GrantPass.Admitted admitted) {
      verdict = firewall.open(grant, status, admitted);
    } else if (checked instanceof GrantPass.Refused refused) {
      verdict = firewall.close(grant, status, refused, access, ctx.getClient());
    } else {
      verdict = firewall.unread(grant, status.current(), (GrantPass.Unread) checked);
    }
    status.write(verdict.status());
    EventRecorder events = new EventRecorder(ctx.getClient());
    verdict.events().forEach(e -> events.record(grant, e.type(), e.reason(), e.message()));
    verdict.wake().ifPresent(at -> alarms.at(ResourceID.fromResource(grant), at));
    return verdict.retry().map(UpdateControl.<AgentIpGrant>noUpdate()::rescheduleAfter)
        .orElse(UpdateControl.noUpdate());
  }

  /** An exception no step turned into a verdict is a bug: Ready says so, and the log has the stack trace. */
  @Override
  public ErrorStatusUpdateControl<AgentIpGrant> updateErrorStatus(AgentIpGrant grant, Context<AgentIpGrant> ctx,
      Exception e) {
    if (e instanceof StatusPatch.StaleStatus) {
      // not a bug: someone wrote a newer status; the retry starts again from it
      LOG.info("{}: {}; reconciling again", Grants.ownerOf(grant), e.getMessage());
      return ErrorStatusUpdateControl.defaultErrorProcessing();
    }
    LOG.error("reconcile of {} failed unexpectedly", Grants.ownerOf(grant), e);
    AgentIpGrantStatus current = Grants.statusOf(grant);
    String message = "internal error in vaultgate (" + Failures.where(e) + "), retrying; the operator's log has the"
        + " details";
    AgentIpGrantStatus next = GrantStatuses.next(current, Grants.generation(grant), Optional.empty(),
        Optional.ofNullable(current.ipRule).flatMap(LiveFirewall::parseRule),
        Optional.ofNullable(current.expiresAt).map(Instant::parse),
        CapabilityState.stalled("", Reason.InternalError, message), time.clock().instant());
    try {
      new StatusPatch<>(grant, ctx, AgentIpGrantStatus::new).write(next);
    } catch (RuntimeException writeFailed) {
      LOG.warn("could not record the error of {} in its status: {}", Grants.ownerOf(grant), writeFailed.toString());
    }
    new EventRecorder(ctx.getClient()).record(grant, EventRecorder.Type.Warning, Reason.InternalError, message);
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

  /**
   * Deleting a grant removes its address, unless another resource still needs it; an expired grant holds nothing,
   * so its finalizer just goes. The scope policy leaves a vault it keeps the namespace out of untouched.
   */
  @Override
  public DeleteControl cleanup(AgentIpGrant grant, Context<AgentIpGrant> ctx) {
    Ledger held = Grants.ledger(grant.getStatus());
    if (!GrantRelease.holds(held)) {
      return DeleteControl.defaultDelete();
    }
    EventRecorder events = new EventRecorder(ctx.getClient());
    String vault = held.vault().get().name();
    try {
      GrantRelease.Outcome outcome = release.release(grant.getMetadata().getNamespace(), Grants.ownerOf(grant),
          held, release.portsFor(ctx.getSecondaryResource(PrivateVaultAccess.class), ctx.getClient()));
      if (outcome.left().isPresent()) {
        events.record(grant, EventRecorder.Type.Warning, Reason.PolicyDenied, outcome.left().get());
      } else {
        List<Change> removed = outcome.removed();
        events.record(grant, EventRecorder.Type.Normal, EventReason.Change.GrantClosed, "vault " + vault + ": "
            + (removed.isEmpty() ? "nothing to remove (still needed by another resource, or already gone)"
            : "removed " + PlanMode.listed(removed)) + " (deleted)");
      }
      return DeleteControl.defaultDelete();
    } catch (AzureFailure failure) {
      events.record(grant, EventRecorder.Type.Warning, Reason.Deleting, "could not remove the grant's address from"
          + " vault " + vault + ", retrying: " + failure.getMessage());
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(failure.kind() == AzureFailure.Kind.THROTTLED
          ? failure.retryAfter().orElse(settings.slowRetry()) : settings.transientRetry());
    }
  }

  private static String key(ResourceID id) {
    return id.getNamespace().orElse("") + "/" + id.getName();
  }
}
