package io.vaultgate.model;

/** Apply converges Azure; Plan computes the changes into {@code status.plan} and writes nothing. */
public enum Mode {
  Apply, Plan
}
