package io.vaultgate.reconcile;

import io.vaultgate.api.PrivateVaultAccessStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What one reconcile concluded: the status to write, the Events to record, when to come back. */
record Verdict(PrivateVaultAccessStatus status, List<Notice> events, Optional<Duration> retryAfter) {
}
