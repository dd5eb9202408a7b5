package io.vaultgate.api;

/** Azure Service Operator's severities, for conditions that are not True. */
public enum Severity {
  /** Progressing normally. */
  Info,
  /** Something is wrong that may heal by itself (retrying). */
  Warning,
  /** Needs a human. */
  Error
}
