package io.vaultgate.simulator.dataplane;

import java.util.Objects;

/** The answer to a secret read: allowed, or denied with the reason and the message the caller would see. */
public sealed interface SecretReadOutcome {
  SecretReadOutcome ALLOWED = new Allowed();

  boolean allowed();

  /** The request passes the network and, when a principal was named, authorization. */
  record Allowed() implements SecretReadOutcome {
    @Override
    public boolean allowed() {
      return true;
    }
  }

  /** The request fails; {@code message} is Key Vault's {@code error.message} (or the resolver's failure). */
  record Denied(SecretReadDenial denial, String message) implements SecretReadOutcome {
    public Denied {
      Objects.requireNonNull(denial, "denial");
      Objects.requireNonNull(message, "message");
    }

    @Override
    public boolean allowed() {
      return false;
    }
  }
}
