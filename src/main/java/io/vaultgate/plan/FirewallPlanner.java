package io.vaultgate.plan;

import io.vaultgate.model.Change;
import io.vaultgate.model.FirewallWrite;
import io.vaultgate.model.Ipv4Range;
import io.vaultgate.model.LiveFirewall;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Plans one write to one vault firewall for every resource whose reconcile is waiting on that vault: its IP rules
 * and its virtual network rules, which Azure stores in the same {@code networkAcls} and writes together.
 *
 * <p>Ownership is the heart of it, and the same for both kinds of rule. A rule is owned only if vaultgate added it
 * (this write, an earlier one recorded in a ledger, or an intent recorded before a write that may have landed). A
 * rule present before vaultgate is owned by nobody and never removed. A rule needed by several resources is
 * co-owned and removed only when no resource (of any namespace, in this batch or not) still needs it. The planner
 * never removes a rule it cannot prove it owns; losing a ledger therefore leaks rules and never removes a foreign
 * one.
 *
 * <p>Pure: no I/O, deterministic for the same input. Subnet ids are compared ignoring case (Azure lower-cases them).
 */
public final class FirewallPlanner {

  /** Key Vault accepts at most 1000 IPv4 rules. */
  public static final int MAX_IP_RULES = 1000;
  /** ... and at most 200 virtual network rules. */
  public static final int MAX_VIRTUAL_NETWORK_RULES = 200;

  private FirewallPlanner() {
  }

  /**
   * One resource's request. A resource being deleted claims nothing: no rules, no Deny, no public access.
   *
   * @param desired the IP rules it needs, mapped to why
   * @param ledger IP rules recorded as owned
   * @param pending IP rules it recorded as about to be added (before a write whose outcome it may not have seen)
   * @param desiredSubnets the subnets it needs virtual network rules for, mapped to why
   * @param dryRun Plan mode or the skip policy: compute, do not change
   */
  public record Claim(String owner, Map<Ipv4Range, String> desired, Set<Ipv4Range> ledger, Set<Ipv4Range> pending,
      Map<String, String> desiredSubnets, Set<String> subnetLedger, Set<String> subnetPending, boolean wantsDeny,
      boolean wantsPublicAccess, boolean dryRun) {
    public Claim {
      desired = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(desired));
      ledger = Set.copyOf(ledger);
      pending = Set.copyOf(pending);
      desiredSubnets = lowerKeys(desiredSubnets);
      subnetLedger = lower(subnetLedger);
      subnetPending = lower(subnetPending);
    }

    /** A claim on IP rules only. */
    public Claim(String owner, Map<Ipv4Range, String> desired, Set<Ipv4Range> ledger, Set<Ipv4Range> pending,
        boolean wantsDeny, boolean wantsPublicAccess, boolean dryRun) {
      this(owner, desired, ledger, pending, Map.of(), Set.of(), Set.of(), wantsDeny, wantsPublicAccess, dryRun);
    }

    public Claim asDryRun() {
      return new Claim(owner, desired, ledger, pending, desiredSubnets, subnetLedger, subnetPending, wantsDeny,
          wantsPublicAccess, true);
    }
  }

  /** Another resource targeting the same vault that is not part of this write. */
  public record Neighbour(String owner, Set<Ipv4Range> needs, Set<Ipv4Range> ledger, Set<String> subnetNeeds,
      Set<String> subnetLedger) {
    public Neighbour {
      needs = Set.copyOf(needs);
      ledger = Set.copyOf(ledger);
      subnetNeeds = lower(subnetNeeds);
      subnetLedger = lower(subnetLedger);
    }

    public Neighbour(String owner, Set<Ipv4Range> needs, Set<Ipv4Range> ledger) {
      this(owner, needs, ledger, Set.of(), Set.of());
    }
  }

  public enum Status {
    /** The claim's changes are in the write (or nothing needed changing). */
    APPLIED,
    /** Changes computed, not made (Plan mode, skip policy). */
    DRY_RUN,
    /** Its additions would take the vault past a rule limit; none of its changes are in the write. */
    RULE_LIMIT_EXCEEDED
  }

  /**
   * @param changes what this claim needs changed, relative to the live firewall
   * @param ledger the IP rules the claim owns once the write has landed (for dry runs and failures: as before);
   *     {@code subnetLedger} likewise for virtual network rules
   */
  public record Outcome(Status status, List<Change> changes, Set<Ipv4Range> ledger, Set<String> subnetLedger,
      String message) {
  }

  /**
   * @param write the single write to make, if any
   * @param added rules the write adds; {@code removed} rules it removes; likewise for subnets
   */
  public record Plan(Optional<FirewallWrite> write, Map<String, Outcome> outcomes, Set<Ipv4Range> added,
      Set<Ipv4Range> removed, Set<String> addedSubnets, Set<String> removedSubnets) {
  }

  /**
   * @param vaultgateAdded IP rules this process knows vaultgate added to the vault, for ledgers not yet visible;
   *     {@code vaultgateAddedSubnets} likewise
   */
  public static Plan plan(LiveFirewall live, List<Claim> claims, List<Neighbour> neighbours,
      Set<Ipv4Range> vaultgateAdded, Set<String> vaultgateAddedSubnets) {
    List<Ipv4Range> liveRules = new ArrayList<>();
    int unreadable = 0;
    for (String value : live.ipRules()) {
      Optional<Ipv4Range> r = LiveFirewall.parseRule(value);
      if (r.isPresent()) {
        liveRules.add(r.get());
      } else {
        unreadable++;
      }
    }
    RuleKind<Ipv4Range> ip = new RuleKind<>("ipRule", "IP rules", MAX_IP_RULES, unreadable, liveRules,
        Comparator.naturalOrder(), Claim::desired, Claim::ledger, Claim::pending, Neighbour::needs,
        Neighbour::ledger, vaultgateAdded, claims, neighbours);
    RuleKind<String> vnet = new RuleKind<>("virtualNetworkRule", "virtual network rules",
        MAX_VIRTUAL_NETWORK_RULES, 0, live.virtualNetworkRules().stream().map(r -> r.id().toLowerCase(Locale.ROOT))
        .toList(), Comparator.naturalOrder(), Claim::desiredSubnets, Claim::subnetLedger, Claim::subnetPending,
        Neighbour::subnetNeeds, Neighbour::subnetLedger, lower(vaultgateAddedSubnets), claims, neighbours);

    boolean setDeny = false;
    boolean enablePublicAccess = false;
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    List<Claim> applied = new ArrayList<>();
    for (Claim claim : claims.stream().sorted(Comparator.comparing(Claim::owner)).toList()) {
      RuleKind.Step<Ipv4Range> ipStep = ip.step(claim);
      RuleKind.Step<String> vnetStep = vnet.step(claim);
      List<Change> changes = new ArrayList<>(ipStep.changes());
      changes.addAll(vnetStep.changes());
      boolean deny = claim.wantsDeny() && !live.denies();
      if (deny) {
        changes.add(Change.set("defaultAction", LiveFirewall.DENY, "spec.network.firewall.defaultAction: Deny"));
      }
      boolean publicAccess = claim.wantsPublicAccess() && live.publicNetworkAccessDisabled();
      if (publicAccess) {
        changes.add(Change.set("publicNetworkAccess", "Enabled", "spec.network.firewall.publicNetworkAccess: Enabled"));
      }
      if (claim.dryRun()) {
        outcomes.put(claim.owner(), new Outcome(Status.DRY_RUN, changes, ip.effectiveLedger(claim),
            vnet.effectiveLedger(claim), ""));
        continue;
      }
      Optional<String> over = ip.overLimit(ipStep).or(() -> vnet.overLimit(vnetStep));
      if (over.isPresent()) {
        outcomes.put(claim.owner(), new Outcome(Status.RULE_LIMIT_EXCEEDED, changes, ip.effectiveLedger(claim),
            vnet.effectiveLedger(claim), over.get()));
        continue;
      }
      ip.apply(ipStep);
      vnet.apply(vnetStep);
      setDeny |= deny;
      enablePublicAccess |= publicAccess;
      outcomes.put(claim.owner(), new Outcome(Status.APPLIED, changes, Set.of(), Set.of(), ""));
      applied.add(claim);
    }
    for (Claim claim : applied) {
      Outcome o = outcomes.get(claim.owner());
      outcomes.put(claim.owner(), new Outcome(o.status(), o.changes(), ip.ledgerAfter(claim),
          vnet.ledgerAfter(claim), o.message()));
    }

    Optional<FirewallWrite> write = Optional.empty();
    if (ip.changed() || vnet.changed() || setDeny || enablePublicAccess) {
      List<String> ipRules = new ArrayList<>();
      for (String value : live.ipRules()) {
        Optional<Ipv4Range> r = LiveFirewall.parseRule(value);
        if (r.isEmpty() || !ip.removed.contains(r.get())) {
          ipRules.add(value);
        }
      }
      ip.added.forEach(r -> ipRules.add(r.toString()));
      List<LiveFirewall.VirtualNetworkRule> vnetRules = new ArrayList<>();
      live.virtualNetworkRules().stream().filter(r -> !vnet.removed.contains(r.id().toLowerCase(Locale.ROOT)))
          .forEach(vnetRules::add);
      vnet.added.forEach(id -> vnetRules.add(new LiveFirewall.VirtualNetworkRule(id, false)));
      write = Optional.of(new FirewallWrite(setDeny ? LiveFirewall.DENY : live.defaultAction(), live.bypass(),
          ipRules, vnetRules, enablePublicAccess ? Optional.of("Enabled") : Optional.empty()));
    }
    return new Plan(write, outcomes, ip.added, ip.removed, vnet.added, vnet.removed);
  }

  /** IP rules only (no subnets in play). */
  public static Plan plan(LiveFirewall live, List<Claim> claims, List<Neighbour> neighbours,
      Set<Ipv4Range> vaultgateAdded) {
    return plan(live, claims, neighbours, vaultgateAdded, Set.of());
  }

  /** The ownership algorithm for one kind of rule; both kinds share it. */
  private static final class RuleKind<T> {
    record Step<T>(Set<T> toAdd, Set<T> toRemove, List<Change> changes) {
    }

    private final String target;
    private final String noun;
    private final int limit;
    private final int unreadable;
    private final Set<T> live;
    private final Comparator<T> order;
    private final Function<Claim, Map<T, String>> desired;
    private final Function<Claim, Set<T>> ledger;
    private final Function<Claim, Set<T>> pending;
    private final List<Claim> claims;
    private final Set<T> neighboursNeed = new HashSet<>();
    private final Set<T> known;
    private final Set<T> projected;
    final Set<T> added = new LinkedHashSet<>();
    final Set<T> removed = new LinkedHashSet<>();

    RuleKind(String target, String noun, int limit, int unreadable, List<T> live, Comparator<T> order,
        Function<Claim, Map<T, String>> desired, Function<Claim, Set<T>> ledger, Function<Claim, Set<T>> pending,
        Function<Neighbour, Set<T>> needs, Function<Neighbour, Set<T>> neighbourLedger, Set<T> vaultgateAdded,
        List<Claim> claims, List<Neighbour> neighbours) {
      this.target = target;
      this.noun = noun;
      this.limit = limit;
      this.unreadable = unreadable;
      this.live = new LinkedHashSet<>(live);
      this.order = order;
      this.desired = desired;
      this.ledger = ledger;
      this.pending = pending;
      this.claims = claims;
      this.projected = new LinkedHashSet<>(live);
      this.known = new HashSet<>(vaultgateAdded);
      neighbours.forEach(n -> {
        known.addAll(neighbourLedger.apply(n));
        neighboursNeed.addAll(needs.apply(n));
      });
      claims.forEach(c -> known.addAll(effectiveLedger(c)));
    }

    /** The ledger plus pending additions that did land: an intent recorded before a write is proof of ownership. */
    Set<T> effectiveLedger(Claim claim) {
      Set<T> result = new LinkedHashSet<>(ledger.apply(claim));
      pending.apply(claim).stream().filter(live::contains).forEach(result::add);
      return result;
    }

    Step<T> step(Claim claim) {
      Set<T> owned = effectiveLedger(claim);
      Set<T> othersNeed = new HashSet<>(neighboursNeed);
      claims.stream().filter(c -> c != claim).forEach(c -> othersNeed.addAll(desired.apply(c).keySet()));
      List<Change> changes = new ArrayList<>();
      Set<T> toAdd = new LinkedHashSet<>();
      desired.apply(claim).forEach((rule, why) -> {
        if (!live.contains(rule)) {
          toAdd.add(rule);
          changes.add(Change.add(target, rule.toString(), owned.contains(rule)
              ? why + "; restored, removed outside vaultgate" : why));
        }
      });
      Set<T> toRemove = new LinkedHashSet<>();
      owned.stream().filter(r -> !desired.apply(claim).containsKey(r) && live.contains(r) && !othersNeed.contains(r))
          .sorted(order).forEach(r -> {
            toRemove.add(r);
            changes.add(Change.remove(target, r.toString()));
          });
      return new Step<>(toAdd, toRemove, changes);
    }

    Optional<String> overLimit(Step<T> step) {
      Set<T> after = new HashSet<>(projected);
      after.addAll(step.toAdd());
      after.removeAll(step.toRemove());
      int size = after.size() + unreadable;
      if (size <= limit) {
        return Optional.empty();
      }
      return Optional.of("the vault would hold " + size + " " + noun + " (" + projected.size()
          + (unreadable == 0 ? "" : " + " + unreadable + " unreadable") + " present, "
          + step.toAdd().stream().filter(r -> !projected.contains(r)).count() + " to add); Key Vault allows at most "
          + limit);
    }

    void apply(Step<T> step) {
      step.toAdd().stream().filter(r -> !live.contains(r)).forEach(added::add);
      removed.addAll(step.toRemove());
      projected.addAll(step.toAdd());
      projected.removeAll(step.toRemove());
    }

    Set<T> ledgerAfter(Claim claim) {
      return desired.apply(claim).keySet().stream()
          .filter(projected::contains)
          .filter(r -> known.contains(r) || added.contains(r))
          .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    boolean changed() {
      return !added.isEmpty() || !removed.isEmpty();
    }
  }

  private static Set<String> lower(Set<String> values) {
    return values.stream().map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
  }

  private static Map<String, String> lowerKeys(Map<String, String> values) {
    Map<String, String> result = new LinkedHashMap<>();
    values.forEach((k, v) -> result.put(k.toLowerCase(Locale.ROOT), v));
    return java.util.Collections.unmodifiableMap(result);
  }
}
