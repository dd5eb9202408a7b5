package io.vaultgate.api;

import java.util.List;

/**
 * The condition types of a {@code PrivateVaultAccess}: kstatus's {@code Ready}, {@code Reconciling} and
 * {@code Stalled}, and one per capability. Public vocabulary: GitOps health checks, the sandbox and users match on
 * these strings, so they never change.
 */
public final class Conditions {

  public static final String READY = "Ready";
  public static final String RECONCILING = "Reconciling";
  public static final String STALLED = "Stalled";
  public static final String FIREWALL_READY = "FirewallReady";
  public static final String SECRET_ACCESS_READY = "SecretAccessReady";
  public static final String SERVICE_CONNECTION_READY = "ServiceConnectionReady";
  public static final String FEDERATED_CREDENTIAL_READY = "FederatedCredentialReady";
  public static final String VARIABLE_GROUP_READY = "VariableGroupReady";
  public static final String PRIVATE_ENDPOINT_READY = "PrivateEndpointReady";
  /** Every access path the pipelines need is open, or open on demand (status.access). */
  public static final String ACCESS_READY = "AccessReady";

  private Conditions() {
  }

  /** The condition of a type, or null. */
  public static Condition find(List<Condition> conditions, String type) {
    return conditions == null ? null
        : conditions.stream().filter(c -> type.equals(c.type)).findFirst().orElse(null);
  }
}
