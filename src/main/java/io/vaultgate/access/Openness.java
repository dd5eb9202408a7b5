package io.vaultgate.access;

/** Whether a path lets a read through now. */
public enum Openness {
  True,
  False,
  /** Closed until a job opens it for its agent's address (AgentIpGrant), which the spec allows. */
  OnDemand;

  public boolean usable() {
    return this != False;
  }
}
