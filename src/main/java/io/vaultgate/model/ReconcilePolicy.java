package io.vaultgate.model;

import java.util.Optional;

/** Values of the {@code vaultgate.io/reconcile-policy} annotation. */
public enum ReconcilePolicy {
  /** Converge Azure, and clean up on delete (the default). */
  MANAGE("manage"),
  /** Observe only: report drift, never write, leave Azure untouched on delete. */
  SKIP("skip"),
  /** Converge, but leave Azure untouched when the resource is deleted. */
  DETACH_ON_DELETE("detach-on-delete");

  /** The annotation that carries the policy. */
  public static final String ANNOTATION = "vaultgate.io/reconcile-policy";

  private final String value;

  ReconcilePolicy(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  /**
   * The policy an annotation value names: {@link #MANAGE} when the annotation is not set (null), else exactly one of
   * the values, in their case and without blanks; empty for anything else, the empty text included (the caller
   * reports it).
   */
  public static Optional<ReconcilePolicy> parse(String value) {
    if (value == null) {
      return Optional.of(MANAGE);
    }
    for (ReconcilePolicy p : values()) {
      if (p.value.equals(value)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
