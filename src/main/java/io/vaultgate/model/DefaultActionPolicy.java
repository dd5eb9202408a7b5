package io.vaultgate.model;

/**
 * What vaultgate does with the vault firewall's default action. There is deliberately no {@code Allow}: opening a
 * vault to every address is never vaultgate's call.
 */
public enum DefaultActionPolicy {
  /** Leave it as it is (flipping a public vault to Deny could lock out its other users). */
  Keep,
  /** Set it to Deny, closing the vault to every address not allowed by a rule. */
  Deny
}
