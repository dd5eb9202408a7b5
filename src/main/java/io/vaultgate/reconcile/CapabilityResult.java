package io.vaultgate.reconcile;

import io.vaultgate.plan.Change;
import java.time.Duration;
import java.util.List;

/** One capability's conclusion in a reconcile: its condition, changes made or planned, Events, when to come back. */
record CapabilityResult(Capability capability, List<Change> changes, List<Notice> notices, Duration retryAfter) {
}
