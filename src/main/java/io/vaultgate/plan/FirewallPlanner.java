package io.vaultgate.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Plans one write to one vault firewall for every resource whose reconcile is waiting on that vault.
 *
 * <p>Ownership is the heart of it. A rule is owned only if vaultgate added it (this write, an earlier one recorded
 * in a ledger, or an intent recorded before a write that may have landed). A rule present before vaultgate is owned
 * by nobody and never removed. A rule needed by several resources is co-owned and removed only when no resource
 * (of any namespace, in this batch or not) still needs it. The planner never removes a rule it cannot prove it
 * owns; losing a ledger therefore leaks rules and never removes a foreign one.
 *
 * <p>Pure: no I/O, deterministic for the same input.
 */
public final class FirewallPlanner {

  /** Key Vault accepts at most 1000 IPv4 rules. */
  public static final int MAX_IP_RULES = 1000;

  private FirewallPlanner() {
  }

  /**
   * One resource's request. A resource being deleted claims nothing: empty {@code desired}, no Deny, no public
   * access.
   *
   * @param desired the rules it needs, mapped to why
   * @param ledger rules recorded as owned
   * @param pending rules it recorded as about to be added (before a write whose outcome it may not have seen)
   * @param dryRun Plan mode or the skip policy: compute, do not change
   */
  public record Claim(String owner, Map<Ipv4Range, String> desired, Set<Ipv4Range> ledger, Set<Ipv4Range> pending,
      boolean wantsDeny, boolean wantsPublicAccess, boolean dryRun) {
    public Claim {
      desired = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(desired));
      ledger = Set.copyOf(ledger);
      pending = Set.copyOf(pending);
    }
  }

  /** Another resource targeting the same vault that is not part of this write. */
  public record Neighbour(String owner, Set<Ipv4Range> needs, Set<Ipv4Range> ledger) {
    public Neighbour {
      needs = Set.copyOf(needs);
      ledger = Set.copyOf(ledger);
    }
  }

  public enum Status {
    /** The claim's changes are in the write (or nothing needed changing). */
    APPLIED,
    /** Changes computed, not made (Plan mode, skip policy). */
    DRY_RUN,
    /** Its additions would take the vault past {@link #MAX_IP_RULES}; none of its changes are in the write. */
    RULE_LIMIT_EXCEEDED
  }

  /**
   * @param changes what this claim needs changed, relative to the live firewall
   * @param ledger the rules the claim owns once the write has landed (for dry runs and failures: as before)
   */
  public record Outcome(Status status, List<Change> changes, Set<Ipv4Range> ledger, String message) {
  }

  /**
   * @param write the single write to make, if any
   * @param added rules the write adds; {@code removed} rules it removes
   */
  public record Plan(Optional<FirewallWrite> write, Map<String, Outcome> outcomes, Set<Ipv4Range> added,
      Set<Ipv4Range> removed) {
  }

  /**
   * @param vaultgateAdded rules this process knows vaultgate added to the vault, for ledgers not yet visible
   */
  public static Plan plan(LiveFirewall live, List<Claim> claims, List<Neighbour> neighbours,
      Set<Ipv4Range> vaultgateAdded) {
    Set<Ipv4Range> liveRules = new LinkedHashSet<>();
    int unreadable = 0;
    for (String value : live.ipRules()) {
      Optional<Ipv4Range> r = LiveFirewall.parseRule(value);
      if (r.isPresent()) {
        liveRules.add(r.get());
      } else {
        unreadable++;
      }
    }

    Set<Ipv4Range> knownOwned = new HashSet<>(vaultgateAdded);
    neighbours.forEach(n -> knownOwned.addAll(n.ledger()));
    for (Claim c : claims) {
      knownOwned.addAll(effectiveLedger(c, liveRules));
    }

    List<Claim> ordered = claims.stream().sorted(Comparator.comparing(Claim::owner)).toList();
    Set<Ipv4Range> projected = new LinkedHashSet<>(liveRules);
    Set<Ipv4Range> added = new LinkedHashSet<>();
    Set<Ipv4Range> removed = new LinkedHashSet<>();
    boolean setDeny = false;
    boolean enablePublicAccess = false;
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    List<Claim> applied = new ArrayList<>();

    for (Claim claim : ordered) {
      Set<Ipv4Range> ledger = effectiveLedger(claim, liveRules);
      Set<Ipv4Range> othersNeed = new HashSet<>();
      neighbours.forEach(n -> othersNeed.addAll(n.needs()));
      claims.stream().filter(c -> c != claim).forEach(c -> othersNeed.addAll(c.desired().keySet()));

      List<Change> changes = new ArrayList<>();
      Set<Ipv4Range> toAdd = new LinkedHashSet<>();
      claim.desired().forEach((rule, why) -> {
        if (!liveRules.contains(rule)) {
          toAdd.add(rule);
          changes.add(Change.addIpRule(rule, ledger.contains(rule) ? why + "; restored, removed outside vaultgate" : why));
        }
      });
      Set<Ipv4Range> toRemove = new LinkedHashSet<>();
      for (Ipv4Range rule : ledger) {
        if (!claim.desired().containsKey(rule) && liveRules.contains(rule) && !othersNeed.contains(rule)) {
          toRemove.add(rule);
        }
      }
      toRemove.stream().sorted().forEach(r -> changes.add(Change.removeIpRule(r)));
      boolean deny = claim.wantsDeny() && !live.denies();
      if (deny) {
        changes.add(Change.set("defaultAction", LiveFirewall.DENY, "spec.network.firewall.defaultAction: Deny"));
      }
      boolean publicAccess = claim.wantsPublicAccess() && live.publicNetworkAccessDisabled();
      if (publicAccess) {
        changes.add(Change.set("publicNetworkAccess", "Enabled", "spec.network.firewall.publicNetworkAccess: Enabled"));
      }

      if (claim.dryRun()) {
        outcomes.put(claim.owner(), new Outcome(Status.DRY_RUN, changes, ledger, ""));
        continue;
      }
      Set<Ipv4Range> after = new HashSet<>(projected);
      after.addAll(toAdd);
      after.removeAll(toRemove);
      int size = after.size() + unreadable;
      if (size > MAX_IP_RULES) {
        outcomes.put(claim.owner(), new Outcome(Status.RULE_LIMIT_EXCEEDED, changes, ledger,
            "the vault would hold " + size + " IP rules (" + projected.size() + unreadableNote(unreadable)
                + " present, " + toAdd.stream().filter(r -> !projected.contains(r)).count() + " to add); Key Vault"
                + " allows at most " + MAX_IP_RULES));
        continue;
      }
      projected.clear();
      projected.addAll(orderedUnion(liveRules, added, toAdd, removed, toRemove));
      toAdd.stream().filter(r -> !liveRules.contains(r)).forEach(added::add);
      removed.addAll(toRemove);
      setDeny |= deny;
      enablePublicAccess |= publicAccess;
      outcomes.put(claim.owner(), new Outcome(Status.APPLIED, changes, Set.of(), ""));
      applied.add(claim);
    }

    Set<Ipv4Range> ownedByVaultgate = new HashSet<>(knownOwned);
    ownedByVaultgate.addAll(added);
    for (Claim claim : applied) {
      Set<Ipv4Range> ledger = claim.desired().keySet().stream()
          .filter(projected::contains)
          .filter(ownedByVaultgate::contains)
          .collect(Collectors.toCollection(LinkedHashSet::new));
      Outcome o = outcomes.get(claim.owner());
      outcomes.put(claim.owner(), new Outcome(o.status(), o.changes(), ledger, o.message()));
    }

    Optional<FirewallWrite> write = Optional.empty();
    if (!added.isEmpty() || !removed.isEmpty() || setDeny || enablePublicAccess) {
      List<String> ipRules = new ArrayList<>();
      for (String value : live.ipRules()) {
        Optional<Ipv4Range> r = LiveFirewall.parseRule(value);
        if (r.isEmpty() || !removed.contains(r.get())) {
          ipRules.add(value);
        }
      }
      added.forEach(r -> ipRules.add(r.toString()));
      write = Optional.of(new FirewallWrite(setDeny ? LiveFirewall.DENY : live.defaultAction(), live.bypass(),
          ipRules, live.virtualNetworkRules(), enablePublicAccess ? Optional.of("Enabled") : Optional.empty()));
    }
    return new Plan(write, outcomes, added, removed);
  }

  /** The ledger plus pending additions that did land: an intent recorded before a write is proof of ownership. */
  private static Set<Ipv4Range> effectiveLedger(Claim claim, Set<Ipv4Range> liveRules) {
    Set<Ipv4Range> ledger = new LinkedHashSet<>(claim.ledger());
    claim.pending().stream().filter(liveRules::contains).forEach(ledger::add);
    return ledger;
  }

  private static Set<Ipv4Range> orderedUnion(Set<Ipv4Range> live, Set<Ipv4Range> added, Set<Ipv4Range> toAdd,
      Set<Ipv4Range> removed, Set<Ipv4Range> toRemove) {
    Set<Ipv4Range> result = new LinkedHashSet<>(live);
    result.addAll(added);
    result.addAll(toAdd);
    result.removeAll(removed);
    result.removeAll(toRemove);
    return result;
  }

  private static String unreadableNote(int unreadable) {
    return unreadable == 0 ? "" : " + " + unreadable + " unreadable";
  }
}
