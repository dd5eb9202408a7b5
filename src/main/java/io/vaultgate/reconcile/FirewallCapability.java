package io.vaultgate.reconcile;

import io.vaultgate.api.Conditions;
import io.vaultgate.api.EventReason;
import io.vaultgate.api.Reason;
import io.vaultgate.api.Severity;
import io.vaultgate.model.Change;
import io.vaultgate.model.DesiredAccess;
import io.vaultgate.model.Ipv4Range;
import io.vaultgate.model.LiveFirewall;
import io.vaultgate.model.Mode;
import io.vaultgate.model.ReconcilePolicy;
import io.vaultgate.plan.FirewallPlanner;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The vault firewall: IP rules for the Azure DevOps ranges and the spec's extra ranges, virtual network rules for
 * the agents' subnets, the default action and public network access. The write itself is the vault writer's (one
 * per vault, shared with access policies); this reads its outcome back against the spec, adds the Microsoft.KeyVault
 * service endpoint to agent subnets when the spec allows it, and records the ledger.
 */
final class FirewallCapability implements Capability {

  private static final String TYPE = Conditions.FIREWALL_READY;

  private final ReconcileSettings settings;
  private final Backoff backoff;
  private final Neighbourhood neighbours;

  FirewallCapability(ReconcileSettings settings, Backoff backoff, Neighbourhood neighbours) {
    this.settings = settings;
    this.backoff = backoff;
    this.neighbours = neighbours;
  }

  @Override
  public boolean concerns(Pass pass) {
    return true;
  }

  @Override
  public List<CapabilityResult> converge(Pass pass) {
    return List.of(result(pass));
  }

  private CapabilityResult result(Pass pass) {
    DesiredAccess access = pass.access();
    FirewallPlanner.Outcome planned = pass.vault().firewall();
    LiveFirewall after = pass.vault().after().firewall();
    String vaultName = access.vault().name();
    record(pass, planned, after, unowned(pass, planned, after));
    List<Notice> events = new ArrayList<>();
    String previousDefault = pass.previous().firewall == null ? null : pass.previous().firewall.defaultAction;
    if (!after.denies() && !LiveFirewall.ALLOW.equalsIgnoreCase(previousDefault)) {
      events.add(Notice.failure(EventReason.VaultWarning.DefaultActionAllow, "vault " + vaultName
          + ": default action is Allow; IP rules change nothing until it is Deny"));
    }
    List<String> missing = missing(pass, after);
    List<Change> changes = new ArrayList<>(planned.changes());
    Observation.Subnets subnets = pass.observed().subnets();
    subnets.needEndpoint().forEach(id -> changes.add(Change.add("serviceEndpoint", id, Observation.KEY_VAULT_SERVICE
        + " (spec.network.selfHostedAgents.enableServiceEndpoint)")));
    switch (planned.status()) {
      case RULE_LIMIT_EXCEEDED -> {
        return new CapabilityResult(CapabilityState.stalled(TYPE, Reason.RuleLimitExceeded, "vault " + vaultName
            + ": " + planned.message()), List.of(), events, settings.resync());
      }
      case DRY_RUN -> {
        return dryRun(pass, planned, after, changes, missing, events);
      }
      default -> {
        subnets.needEndpoint().forEach(pass.ports().network()::enableKeyVaultServiceEndpoint);
        return applied(pass, planned, after, changes, missing, events);
      }
    }
  }

  /** The ledger: what the write left vaultgate owning, and the vault's settings as observed. */
  private static void record(Pass pass, FirewallPlanner.Outcome planned, LiveFirewall after,
      List<String> unowned) {
    var ledger = pass.next().firewall;
    ledger.unownedIpRules = unowned;
    ledger.defaultAction = after.defaultAction();
    ledger.publicNetworkAccess = after.publicNetworkAccessDisabled() ? "Disabled" : "Enabled";
    ledger.ownedIpRules = Statuses.sorted(planned.ledger());
    ledger.pendingIpRules = List.of();
    ledger.ownedVirtualNetworkRules = planned.subnetLedger().stream().sorted().toList();
    ledger.pendingVirtualNetworkRules = List.of();
  }

  private CapabilityResult dryRun(Pass pass, FirewallPlanner.Outcome planned, LiveFirewall after,
      List<Change> changes, List<String> missing, List<Notice> events) {
    DesiredAccess access = pass.access();
    boolean skip = access.policy() == ReconcilePolicy.SKIP && access.mode() == Mode.Apply;
    if (changes.isEmpty() && !after.publicNetworkAccessDisabled()) {
      return new CapabilityResult(CapabilityState.ready(TYPE, skip ? Reason.Converged : Reason.Planned, skip
          ? "firewall in sync; reconcile-policy skip: observing only"
          : PlanMode.nothingToChange("the firewall") + "; " + summary(access, planned.ledger().size())), changes,
          events, settings.resync());
    }
    String message = (skip ? "reconcile-policy skip: drift not corrected: " + PlanMode.listed(changes)
        : PlanMode.wouldMake("firewall", changes))
        + (missing.isEmpty() ? "" : "; until then Azure DevOps gets \"Client address is not authorized and"
        + " caller is not a trusted service\" from " + String.join(", ", missing))
        + (after.publicNetworkAccessDisabled() ? "; " + publicAccessDisabled(access) : "");
    Reason reason = skip ? Reason.Skipped : Reason.Planned;
    events.add(Notice.state(skip ? EventRecorder.Type.Warning : EventRecorder.Type.Normal, reason, message));
    return new CapabilityResult(CapabilityState.waiting(TYPE, reason, skip ? Severity.Warning : Severity.Info,
        message), changes, events, settings.resync());
  }

  private CapabilityResult applied(Pass pass, FirewallPlanner.Outcome planned, LiveFirewall after,
      List<Change> changes, List<String> missing, List<Notice> events) {
    DesiredAccess access = pass.access();
    String vaultName = access.vault().name();
    if (!changes.isEmpty()) {
      events.add(Notice.change(EventReason.Change.FirewallUpdated, "vault " + vaultName + ": "
          + PlanMode.listed(changes)));
    }
    if (!missing.isEmpty()) {
      String message = "vault " + vaultName + " did not take the write: still missing " + String.join(", ",
          missing);
      return new CapabilityResult(CapabilityState.retrying(TYPE, Reason.AzureError, Severity.Warning, message),
          changes, events, backoff.next(pass.ref().owner()));
    }
    // Rules in place are converged even when public network access keeps them from taking effect: whether a path
    // the pipelines need goes over the public endpoint is the access verdict's to say.
    String disabledNote = "";
    if (after.publicNetworkAccessDisabled()) {
      disabledNote = "; public network access is Disabled, so these rules take effect only once it is enabled";
      events.add(Notice.state(EventRecorder.Type.Warning, Reason.PublicNetworkAccessDisabled,
          publicAccessDisabled(access)));
    }
    Observation.Subnets subnets = pass.observed().subnets();
    if (!subnets.problems().isEmpty()) {
      String message = String.join("; ", subnets.problems());
      return new CapabilityResult(subnets.enabling()
          ? CapabilityState.retrying(TYPE, Reason.Progressing, Severity.Info, message)
          : CapabilityState.stalled(TYPE, Reason.ServiceEndpointMissing, message), changes, events,
          subnets.enabling() ? settings.transientRetry() : settings.slowRetry());
    }
    String allowWarning = after.denies() ? "" : "; warning: the vault's default action is Allow, so every"
        + " address may connect and these rules change nothing (spec.network.firewall.defaultAction: Deny"
        + " closes it)";
    return new CapabilityResult(CapabilityState.ready(TYPE, Reason.Converged, summary(access,
        planned.ledger().size()) + (after.publicNetworkAccessDisabled() ? disabledNote : allowWarning)), changes,
        events, settings.resync());
  }

  /**
   * Needed rules the vault holds that no vaultgate ledger owns: foreign, or vaultgate's own from a status that was
   * lost. Either way they are never removed; the status lists them so a lost ledger does not orphan them silently.
   */
  private List<String> unowned(Pass pass, FirewallPlanner.Outcome planned, LiveFirewall after) {
    Set<Ipv4Range> present = after.ipRules().stream().map(LiveFirewall::parseRule).flatMap(Optional::stream)
        .collect(Collectors.toSet());
    Set<Ipv4Range> owned = new HashSet<>(planned.ledger());
    neighbours.onVault(pass.access().vault(), Set.of(pass.ref().owner())).firewall()
        .forEach(n -> owned.addAll(n.ledger()));
    return pass.access().ipRules().keySet().stream().filter(present::contains).filter(r -> !owned.contains(r))
        .sorted().map(Ipv4Range::toString).toList();
  }

  /** The rules the spec needs that the vault does not hold after the write, with why each is needed. */
  private static List<String> missing(Pass pass, LiveFirewall after) {
    Set<Ipv4Range> present = after.ipRules().stream().map(LiveFirewall::parseRule).flatMap(Optional::stream)
        .collect(Collectors.toSet());
    List<String> missing = new ArrayList<>(pass.access().ipRules().entrySet().stream()
        .filter(e -> !present.contains(e.getKey())).map(e -> e.getKey() + " (" + e.getValue() + ")").toList());
    Set<String> presentSubnets = after.virtualNetworkRules().stream().map(r -> r.id().toLowerCase(Locale.ROOT))
        .collect(Collectors.toSet());
    pass.observed().subnets().usable().keySet().stream().filter(s -> !presentSubnets.contains(s))
        .forEach(s -> missing.add(s + " (virtual network rule)"));
    return missing;
  }

  private static String publicAccessDisabled(DesiredAccess access) {
    return "Public network access is disabled and request is not from a trusted service nor via an approved private"
        + " link: IP rules have no effect on vault " + access.vault().name() + " while publicNetworkAccess is"
        + " Disabled (spec.network.firewall.publicNetworkAccess: Enabled lets vaultgate enable it)";
  }

  private static String summary(DesiredAccess access, int owned) {
    long additional = access.ipRules().values().stream().filter("additionalIpRanges"::equals).count();
    long inbound = access.ipRules().size() - additional;
    return "vault " + access.vault().name() + " allows " + (inbound == 0 ? "" : inbound + " Azure DevOps "
        + access.geography() + " range(s) (table " + access.rangesVersion() + ")" + (additional == 0 ? "" : " and "))
        + (additional == 0 ? "" : additional + " additional range(s)") + (access.ipRules().isEmpty() ? "no rules" : "")
        + "; vaultgate owns " + owned;
  }
}
