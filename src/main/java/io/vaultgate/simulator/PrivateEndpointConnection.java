package io.vaultgate.simulator;

/**
 * A private endpoint's connection to a vault, as the vault lists it in {@code properties.privateEndpointConnections}.
 *
 * @param status Pending, Approved, Rejected or Disconnected
 */
public record PrivateEndpointConnection(String name, String privateEndpointId, String status) {
  public static final String APPROVED = "Approved";
  public static final String PENDING = "Pending";
}
