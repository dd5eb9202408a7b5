package io.vaultgate.simulator.arm.keyvault;

import io.vaultgate.simulator.arm.Etags;
import java.util.Objects;

/**
 * A private endpoint's connection to a vault, as the vault lists it in {@code properties.privateEndpointConnections}
 * and serves it under {@code .../privateEndpointConnections/{name}}.
 *
 * @param status      Pending, Approved, Rejected or Disconnected ({@code privateLinkServiceConnectionState})
 * @param description why it is in that state, e.g. the approver's words
 * @param etag        changes with every change of state
 */
public record PrivateEndpointConnection(String name, String privateEndpointId, String status, String description,
                    String etag) {
  public static final String APPROVED = "Approved";
  public static final String PENDING = "Pending";
  public static final String REJECTED = "Rejected";
  public static final String DISCONNECTED = "Disconnected";

  public PrivateEndpointConnection {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(privateEndpointId, "privateEndpointId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(etag, "etag");
  }

  /** A connection in a state, with no description. */
  public PrivateEndpointConnection(String name, String privateEndpointId, String status) {
    this(name, privateEndpointId, status, "", Etags.random());
  }

  PrivateEndpointConnection withState(String status, String description) {
    return new PrivateEndpointConnection(name, privateEndpointId, status, description, Etags.random());
  }
}
