package io.vaultgate.plan;

import io.vaultgate.model.Change;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plans the secret permissions of access-policy vaults: the pipeline identity needs secret {@code get} and
 * {@code list}. Like the firewall, ownership is proven, never assumed: a permission the principal already had is
 * never owned and never removed; a permission vaultgate added is removed only when no resource targeting the vault
 * still needs it for that principal.
 *
 * <p>Pure: no I/O. Principal ids and permission names are compared ignoring case.
 */
public final class AccessPolicyPlanner {

  /** What a pipeline needs to read a vault's secrets (the Azure DevOps UI checks for exactly these). */
  public static final Set<String> SECRET_READ = Set.of("get", "list");

  private AccessPolicyPlanner() {
  }

  /** A principal and the secret permissions vaultgate holds (or is about to hold) for it. */
  public record Grant(String principalId, Set<String> permissions) {
    public Grant {
      principalId = principalId.toLowerCase(Locale.ROOT);
      permissions = normalise(permissions);
    }

    public static Optional<Grant> none() {
      return Optional.empty();
    }
  }

  /**
   * @param wanted the principal that must be able to read secrets; empty when the resource no longer needs any
   *     (deleted, identity removed, or the vault uses RBAC)
   * @param ledger what this resource owns: permissions vaultgate added for a principal
   * @param pending permissions recorded as about to be added before a write whose outcome was not seen
   */
  public record Claim(String owner, Optional<String> wanted, Optional<Grant> ledger, Optional<Grant> pending,
      boolean dryRun) {
  }

  /** Another resource targeting the vault, outside this batch. */
  public record Neighbour(String owner, Optional<String> needs, Optional<Grant> ledger) {
  }

  public record Outcome(List<Change> changes, Optional<Grant> ledger) {
  }

  /**
   * @param add permissions to add per principal (one {@code accessPolicies/add} call)
   * @param remove permissions to remove per principal (one {@code accessPolicies/remove} call)
   */
  public record Plan(Map<String, Set<String>> add, Map<String, Set<String>> remove, Map<String, Outcome> outcomes) {
    public boolean writes() {
      return !add.isEmpty() || !remove.isEmpty();
    }
  }

  /**
   * @param live secret permissions each principal holds in the vault's access policies (the vault's tenant)
   * @param addedByVaultgate permissions this process added, per principal, for ledgers not yet visible
   */
  public static Plan plan(Map<String, Set<String>> live, List<Claim> claims, List<Neighbour> neighbours,
      Map<String, Set<String>> addedByVaultgate) {
    Map<String, Set<String>> current = lowerKeys(live);
    Map<String, Set<String>> known = lowerKeys(addedByVaultgate);
    neighbours.forEach(n -> n.ledger().ifPresent(g -> merge(known, g)));
    claims.forEach(c -> effectiveLedger(c, current).ifPresent(g -> merge(known, g)));

    Set<String> needed = new HashSet<>();
    neighbours.forEach(n -> n.needs().ifPresent(p -> needed.add(p.toLowerCase(Locale.ROOT))));

    Map<String, Set<String>> add = new LinkedHashMap<>();
    Map<String, Set<String>> remove = new LinkedHashMap<>();
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    List<Claim> ordered = claims.stream().sorted(Comparator.comparing(Claim::owner)).toList();
    for (Claim claim : ordered) {
      Set<String> othersNeed = new HashSet<>(needed);
      claims.stream().filter(c -> c != claim).forEach(c -> c.wanted()
          .ifPresent(p -> othersNeed.add(p.toLowerCase(Locale.ROOT))));
      List<Change> changes = new ArrayList<>();
      Optional<String> wanted = claim.wanted().map(p -> p.toLowerCase(Locale.ROOT));
      Set<String> missing = new TreeSet<>();
      wanted.ifPresent(p -> SECRET_READ.stream().filter(perm -> !holds(current, p, perm)).forEach(missing::add));
      if (!missing.isEmpty()) {
        changes.add(new Change("Add", "accessPolicy", wanted.get(), "secrets " + String.join(", ", missing)));
      }
      Optional<Grant> ledger = effectiveLedger(claim, current);
      Set<String> releasing = new TreeSet<>();
      ledger.ifPresent(g -> g.permissions().stream()
          .filter(perm -> !(wanted.isPresent() && wanted.get().equals(g.principalId()) && SECRET_READ.contains(perm)))
          .filter(perm -> current.getOrDefault(g.principalId(), Set.of()).contains(perm))
          .filter(perm -> !othersNeed.contains(g.principalId()))
          .forEach(releasing::add));
      if (!releasing.isEmpty()) {
        changes.add(new Change("Remove", "accessPolicy", ledger.get().principalId(), "secrets "
            + String.join(", ", releasing) + "; no longer needed by any PrivateVaultAccess"));
      }
      if (claim.dryRun()) {
        outcomes.put(claim.owner(), new Outcome(changes, ledger));
        continue;
      }
      wanted.ifPresent(p -> {
        if (!missing.isEmpty()) {
          add.computeIfAbsent(p, k -> new TreeSet<>()).addAll(missing);
        }
      });
      ledger.ifPresent(g -> {
        if (!releasing.isEmpty()) {
          remove.computeIfAbsent(g.principalId(), k -> new TreeSet<>()).addAll(releasing);
        }
      });
      outcomes.put(claim.owner(), new Outcome(changes, Optional.empty()));
    }

    // Ledgers once the writes have landed: what each claim wants and vaultgate is known to have added.
    add.forEach((p, perms) -> known.computeIfAbsent(p, k -> new TreeSet<>()).addAll(perms));
    for (Claim claim : ordered) {
      if (claim.dryRun()) {
        continue;
      }
      Outcome o = outcomes.get(claim.owner());
      Optional<Grant> ledger = claim.wanted().map(p -> p.toLowerCase(Locale.ROOT)).map(p -> new Grant(p,
          SECRET_READ.stream().filter(perm -> known.getOrDefault(p, Set.of()).contains(perm)).collect(
              java.util.stream.Collectors.toSet())))
          .filter(g -> !g.permissions().isEmpty());
      outcomes.put(claim.owner(), new Outcome(o.changes(), ledger));
    }
    return new Plan(add, remove, outcomes);
  }

  /** The ledger plus pending permissions that did land for the same principal. */
  private static Optional<Grant> effectiveLedger(Claim claim, Map<String, Set<String>> live) {
    Set<String> perms = new TreeSet<>();
    String principal = null;
    if (claim.ledger().isPresent()) {
      principal = claim.ledger().get().principalId();
      perms.addAll(claim.ledger().get().permissions());
    }
    if (claim.pending().isPresent()) {
      Grant pending = claim.pending().get();
      if (principal == null || principal.equals(pending.principalId())) {
        principal = pending.principalId();
        Set<String> held = live.getOrDefault(principal, Set.of());
        pending.permissions().stream().filter(held::contains).forEach(perms::add);
      }
    }
    return principal == null || perms.isEmpty() ? Optional.empty() : Optional.of(new Grant(principal, perms));
  }

  private static boolean holds(Map<String, Set<String>> live, String principal, String permission) {
    Set<String> held = live.getOrDefault(principal, Set.of());
    return held.contains(permission) || held.contains("all");
  }

  private static void merge(Map<String, Set<String>> into, Grant grant) {
    into.computeIfAbsent(grant.principalId(), k -> new TreeSet<>()).addAll(grant.permissions());
  }

  private static Map<String, Set<String>> lowerKeys(Map<String, Set<String>> map) {
    Map<String, Set<String>> result = new HashMap<>();
    map.forEach((k, v) -> result.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new TreeSet<>())
        .addAll(normalise(v)));
    return result;
  }

  static Set<String> normalise(Set<String> permissions) {
    Set<String> result = new TreeSet<>();
    permissions.forEach(p -> result.add(p.toLowerCase(Locale.ROOT)));
    return java.util.Collections.unmodifiableSet(result);
  }
}
