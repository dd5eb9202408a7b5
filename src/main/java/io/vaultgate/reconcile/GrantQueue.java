package io.vaultgate.reconcile;

import io.vaultgate.api.AgentIpGrant;
import io.vaultgate.model.DesiredAccess;
import io.vaultgate.model.VaultId;
import io.vaultgate.validate.GrantValidator;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * Which grants may be open on one vault when more ask than the operator allows: the oldest first (creation time,
 * then namespace and name), so the answer is the same on every reconcile and every replica. A grant counts when it
 * is valid, unexpired, not being deleted, and names a PrivateVaultAccess that opens this vault to grants, whatever
 * else may stop it. Reads the informer caches only.
 */
final class GrantQueue {

  static final Comparator<AgentIpGrant> OLDEST_FIRST = Comparator.comparing(Grants::created)
      .thenComparing(g -> g.getMetadata().getNamespace()).thenComparing(g -> g.getMetadata().getName());

  private GrantQueue() {
  }

  /** How many counted grants on the vault come before this one. */
  static long ahead(AgentIpGrant grant, VaultId vault, Neighbourhood neighbours, Duration maxTtl, Instant now) {
    return neighbours.grants().filter(g -> !Grants.ownerOf(g).equals(Grants.ownerOf(grant)))
        .filter(g -> OLDEST_FIRST.compare(g, grant) < 0)
        .filter(g -> opens(g, neighbours, maxTtl, now).map(vault::equals).orElse(false))
        .count();
  }

  /** The vault a grant opens, when it counts. */
  private static Optional<VaultId> opens(AgentIpGrant g, Neighbourhood neighbours, Duration maxTtl, Instant now) {
    if (!Grants.live(g, now) || !(GrantValidator.validate(Grants.input(g), maxTtl) instanceof GrantValidator.Valid)) {
      return Optional.empty();
    }
    return Grants.access(g).flatMap(neighbours::access).filter(a -> !a.isMarkedForDeletion())
        .flatMap(neighbours::desired).filter(GrantQueue::allowsGrants).map(DesiredAccess::vault);
  }

  /** A PrivateVaultAccess that lets grants write: it allows them, and is neither in Plan mode nor skipped. */
  static boolean allowsGrants(DesiredAccess access) {
    return access.pipelines().ipGrants() && !access.dryRun();
  }
}
