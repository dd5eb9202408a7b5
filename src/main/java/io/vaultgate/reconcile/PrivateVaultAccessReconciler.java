package io.vaultgate.reconcile;

import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.vaultgate.api.PlannedChange;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.PrivateVaultAccessStatus;
import io.vaultgate.api.Reason;
import io.vaultgate.model.Change;
import io.vaultgate.model.DesiredAccess;
import io.vaultgate.model.InboundRangeTable;
import io.vaultgate.policy.ScopePolicy;
import io.vaultgate.port.AzureFailure;
import io.vaultgate.port.AzurePorts;
import io.vaultgate.port.DevOpsPort;
import io.vaultgate.reconcile.VaultCoordinator.Done;
import io.vaultgate.reconcile.VaultCoordinator.Failed;
import io.vaultgate.validate.SpecValidator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converges one {@code PrivateVaultAccess}, in fixed steps: validate the spec, check the scope policy, read its
 * credentials, observe every prerequisite (one missing: stop here, having written nothing; see
 * {@link Prerequisites}), leave a vault the spec no longer names, hand the firewall and access-policy claims to the
 * vault's one writer, converge each capability, judge whether the pipelines can read the secrets now, and record
 * status and Events. The steps live in their own classes; this one only orders them and talks to the Java Operator
 * SDK. It never touches a rule, permission or assignment that a ledger does not prove vaultgate created.
 */
@ControllerConfiguration(name = "privatevaultaccess", finalizerName = PrivateVaultAccess.FINALIZER)
public final class PrivateVaultAccessReconciler
    implements Reconciler<PrivateVaultAccess>, Cleaner<PrivateVaultAccess> {

  private static final Logger LOG = LoggerFactory.getLogger(PrivateVaultAccessReconciler.class);

  private final ReconcileSettings settings;
  private final InboundRangeTable ranges;
  private final ScopePolicy scopePolicy;
  private final AzurePorts.Factory portsFactory;
  private final boolean perNamespaceCredentials;
  private final Clock clock;
  private final Neighbourhood neighbours;
  private final VaultCoordinator coordinator;
  private final VaultMove move;
  private final List<Capability> capabilities;
  private final AccessStep accessStep;
  private final Cleanup cleanup;
  private final Failures failures;
  private final Backoff backoff;

  /**
   * @param perNamespaceCredentials whether resources may name a credentials Secret (the operator then reads Secrets)
   * @param vaults the vault writer and neighbourhood this reconciler shares with the AgentIpGrant one
   */
  public PrivateVaultAccessReconciler(ReconcileSettings settings, InboundRangeTable ranges, ScopePolicy scopePolicy,
      AzurePorts.Factory portsFactory, boolean perNamespaceCredentials, Clock clock, SharedVaults vaults) {
    this.settings = settings;
    this.ranges = ranges;
    this.scopePolicy = scopePolicy;
    this.portsFactory = portsFactory;
    this.perNamespaceCredentials = perNamespaceCredentials;
    this.clock = clock;
    this.neighbours = vaults.neighbours;
    this.backoff = new Backoff(settings);
    this.failures = new Failures(settings, backoff, clock);
    this.coordinator = vaults.coordinator;
    VaultRelease release = vaults.release;
    this.move = new VaultMove(scopePolicy, release);
    this.capabilities = List.of(new FirewallCapability(settings, backoff, neighbours),
        new SecretAccessCapability(settings, backoff, neighbours), new PrivateEndpointCapability(settings, neighbours),
        new DevOpsCapability(settings));
    this.accessStep = new AccessStep(settings, ranges, clock);
    this.cleanup = new Cleanup(settings, scopePolicy, portsFactory, release, neighbours, backoff);
  }

  /** The resources this replica knows, for metrics. */
  public Stream<PrivateVaultAccess> resources() {
    return neighbours.all();
  }

  @Override
  public List<EventSource<?, PrivateVaultAccess>> prepareEventSources(EventSourceContext<PrivateVaultAccess> ctx) {
    neighbours.attach(ctx.getPrimaryCache());
    return List.of();
  }

  @Override
  public UpdateControl<PrivateVaultAccess> reconcile(PrivateVaultAccess resource, Context<PrivateVaultAccess> ctx) {
    StatusWriter status = new StatusWriter(resource, ctx);
    Verdict verdict = evaluate(resource, status, ctx);
    status.write(Statuses.tidy(verdict.status(), resource));
    EventRecorder events = new EventRecorder(ctx.getClient());
    verdict.events().forEach(e -> events.record(resource, e.type(), e.reason(), e.message()));
    return verdict.retryAfter().map(UpdateControl.<PrivateVaultAccess>noUpdate()::rescheduleAfter)
        .orElse(UpdateControl.noUpdate());
  }

  private Verdict evaluate(PrivateVaultAccess resource, StatusWriter status, Context<PrivateVaultAccess> ctx) {
    PrivateVaultAccessStatus previous = status.current();
    // validate: the spec and its reconcile policy (pure; agrees with the CRD); nothing reaches Azure otherwise
    SpecValidator.Result validation = SpecMapping.validate(resource, ranges);
    if (validation instanceof SpecValidator.Invalid invalid) {
      return failures.stalled(resource, previous, Reason.InvalidSpec, "invalid spec: " + invalid.message(), false);
    }
    DesiredAccess access = ((SpecValidator.Valid) validation).access();
    // scope policy: may this namespace touch this vault?
    Optional<String> denial = scopePolicy.denial(resource.getMetadata().getNamespace(), access.vault().toString());
    if (denial.isPresent()) {
      return failures.stalled(resource, previous, Reason.PolicyDenied, denial.get(), false);
    }
    ResourceCredentials.Read read = ResourceCredentials.of(resource, ctx.getClient(), perNamespaceCredentials);
    if (read instanceof ResourceCredentials.Problem problem) {
      return failures.stalled(resource, previous, Reason.CredentialsInvalid, problem.message(), true);
    }
    ResourceCredentials credentials = ((ResourceCredentials.Found) read).credentials();
    AzurePorts ports = PassReads.of(portsFactory.ports(credentials.azure()));
    DevOpsPort devOps = credentials.devOps(ports);
    Resources.Ref ref = Resources.Ref.of(resource);
    Pass pass;
    try {
      // observe every prerequisite (reads only) before the first write; one missing: no write at all
      Observation observed = Observation.of(access, previous, ports, devOps);
      Optional<CapabilityState> missing = Prerequisites.missing(access, observed, Ledger.of(previous), ref.uid());
      if (missing.isPresent()) {
        return failures.held(resource, previous, missing.get());
      }
      move.moveIfNeeded(ref, access, status, ports);
      Done vault = writeVault(ref, access, observed, status, ports);
      pass = new Pass(ref, access, ports, devOps, observed, vault, status.current(),
          Statuses.next(status.current(), Resources.generation(resource), access));
    } catch (AzureFailure failure) {
      return failures.azure(resource, status.current(), access, failure);
    }
    try {
      List<CapabilityResult> results = new ArrayList<>();
      for (Capability capability : capabilities) {
        if (capability.concerns(pass)) {
          results.addAll(capability.converge(pass));
        }
      }
      results.add(accessStep.converge(pass, results));
      return record(resource, pass, results);
    } catch (AzureFailure failure) {
      return failures.azure(resource, pass.next(), access, failure);
    }
  }

  /** The vault's one writer converges this resource's firewall and access-policy claims with everyone else's. */
  private Done writeVault(Resources.Ref ref, DesiredAccess access, Observation observed, StatusWriter status,
      AzurePorts ports) {
    VaultCoordinator.Result result = coordinator.converge(VaultClaims.converge(ref.owner(), access, observed,
        Ledger.of(status.current()), ports.vaults(), (rules, subnets, permissions) -> status.write(
            Statuses.withIntents(status.current(), access.vault(), rules, subnets, permissions))));
    if (result instanceof Failed failed) {
      throw failed.failure();
    }
    return (Done) result;
  }

  /** Conditions, the plan and Events from the capabilities' results; the earliest retry any of them asks for. */
  private Verdict record(PrivateVaultAccess resource, Pass pass, List<CapabilityResult> results) {
    PrivateVaultAccessStatus next = pass.next();
    if (results.stream().flatMap(r -> r.state().stream()).noneMatch(s -> s.reason() == Reason.AzureError)) {
      backoff.reset(pass.ref().owner());
    }
    List<Change> changes = results.stream().flatMap(r -> r.changes().stream()).distinct().toList();
    if (pass.dryRun() || !changes.isEmpty()) {
      next.plan = changes.stream().map(c -> new PlannedChange(c.action(), c.target(), c.value(), c.detail()))
          .toList();
    }
    List<CapabilityState> states = results.stream().flatMap(r -> r.state().stream()).toList();
    next.conditions = ConditionWriter.conditions(pass.previous().conditions, states, Resources.generation(resource),
        clock.instant());
    boolean quiet = next.conditions.get(0).message.equals(Failures.readyMessage(pass.previous()))
        && states.stream().noneMatch(CapabilityState::reconciling);
    List<Notice> events = results.stream().flatMap(r -> r.notices().stream()).filter(e -> e.always() || !quiet)
        .distinct().toList();
    Duration retry = results.stream().map(CapabilityResult::retryAfter).min(Duration::compareTo)
        .orElse(settings.resync());
    return new Verdict(next, events, Optional.of(retry));
  }

  /** An exception no step turned into a verdict is a bug: Ready says so, and the log has the stack trace. */
  @Override
  public ErrorStatusUpdateControl<PrivateVaultAccess> updateErrorStatus(PrivateVaultAccess resource,
      Context<PrivateVaultAccess> ctx, Exception e) {
    if (e instanceof StatusPatch.StaleStatus) {
      // not a bug: someone wrote a newer status; the retry starts again from it
      LOG.info("{}: {}; reconciling again", Resources.ownerOf(resource), e.getMessage());
      return ErrorStatusUpdateControl.defaultErrorProcessing();
    }
    LOG.error("reconcile of {} failed unexpectedly", Resources.ownerOf(resource), e);
    PrivateVaultAccessStatus next = Statuses.tidy(failures.internalError(resource, e), resource);
    try {
      new StatusWriter(resource, ctx).write(next);
    } catch (RuntimeException writeFailed) {
      LOG.warn("could not record the error of {} in its status: {}", Resources.ownerOf(resource),
          writeFailed.toString());
    }
    new EventRecorder(ctx.getClient()).record(resource, EventRecorder.Type.Warning, Reason.InternalError,
        next.conditions.get(0).message);
    return ErrorStatusUpdateControl.defaultErrorProcessing();
  }

  @Override
  public DeleteControl cleanup(PrivateVaultAccess resource, Context<PrivateVaultAccess> ctx) {
    return cleanup.cleanup(resource, new EventRecorder(ctx.getClient()),
        ResourceCredentials.of(resource, ctx.getClient(), perNamespaceCredentials));
  }
}
