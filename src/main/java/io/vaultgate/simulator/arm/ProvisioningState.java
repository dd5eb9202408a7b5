package io.vaultgate.simulator.arm;

/**
 * {@code properties.provisioningState} of Network and Private DNS resources. Writes to them are long-running:
 * a resource shows a transitional state until its operation ends (see {@link LongRunningOperations}).
 */
public enum ProvisioningState {
  SUCCEEDED("Succeeded"),
  /** Private DNS zones and links being created (the Network resource provider says Updating). */
  CREATING("Creating"),
  UPDATING("Updating"),
  DELETING("Deleting"),
  FAILED("Failed");

  private final String wire;

  ProvisioningState(String wire) {
    this.wire = wire;
  }

  /** As ARM writes it, e.g. "Succeeded". */
  @Override
  public String toString() {
    return wire;
  }
}
