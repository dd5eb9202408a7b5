package io.vaultgate.reconcile;

import io.vaultgate.model.Change;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One capability's conclusion in a reconcile: its condition (none when it only removed what the spec no longer
 * asks for), the changes made or planned, Events, and when to come back.
 */
record CapabilityResult(Optional<CapabilityState> state, List<Change> changes, List<Notice> notices,
    Duration retryAfter) {

  CapabilityResult {
    changes = List.copyOf(changes);
    notices = List.copyOf(notices);
  }

  CapabilityResult(CapabilityState state, List<Change> changes, List<Notice> notices, Duration retryAfter) {
    this(Optional.of(state), changes, notices, retryAfter);
  }

  /** Removals of what the spec dropped: listed in status.plan and Events, with no condition of their own. */
  static CapabilityResult removed(List<Change> changes, List<Notice> notices, Duration retryAfter) {
    return new CapabilityResult(Optional.empty(), changes, notices, retryAfter);
  }
}
