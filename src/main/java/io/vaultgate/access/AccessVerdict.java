package io.vaultgate.access;

import java.util.Optional;

/**
 * One path's verdict.
 *
 * @param denial why it is closed; empty when it is open or open on demand
 * @param message the vendor's words and the missing piece, or what keeps it open
 */
public record AccessVerdict(AccessPath path, Openness open, Optional<Denial> denial, String message) {

  static AccessVerdict open(AccessPath path, String message) {
    return new AccessVerdict(path, Openness.True, Optional.empty(), message);
  }

  static AccessVerdict onDemand(AccessPath path, String message) {
    return new AccessVerdict(path, Openness.OnDemand, Optional.empty(), message);
  }

  static AccessVerdict closed(AccessPath path, Denial denial, String missing) {
    return new AccessVerdict(path, Openness.False, Optional.of(denial), denial.vendorText() + " " + missing);
  }
}
