package io.vaultgate.reconcile;

import io.vaultgate.api.EventReason;

/**
 * A Kubernetes Event a reconcile wants recorded.
 *
 * @param always recorded every time (a change made, a failure retried); otherwise only when the resource's Ready
 *     message changes, so a standing condition does not repeat an Event every resync
 */
record Notice(EventRecorder.Type type, EventReason reason, String message, boolean always) {

  static Notice change(EventReason.Change reason, String message) {
    return new Notice(EventRecorder.Type.Normal, reason, message, true);
  }

  static Notice failure(EventReason reason, String message) {
    return new Notice(EventRecorder.Type.Warning, reason, message, true);
  }

  static Notice state(EventRecorder.Type type, EventReason reason, String message) {
    return new Notice(type, reason, message, false);
  }
}
