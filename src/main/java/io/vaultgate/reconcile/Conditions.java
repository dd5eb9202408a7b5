package io.vaultgate.reconcile;

import io.vaultgate.api.Condition;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The only code that writes conditions. A condition keeps its {@code lastTransitionTime} unless its status
 * changes, so that a status rebuilt on every reconcile is byte-identical when nothing happened (and is not
 * written).
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

  private Conditions() {
  }

  /** A condition to set; severity is dropped when the status is True. */
  public record Desired(String type, boolean status, Reason reason, Severity severity, String message) {
  }

  public static List<Condition> merge(List<Condition> previous, List<Desired> desired, long generation, Instant now) {
    List<Condition> result = new ArrayList<>();
    for (Desired d : desired) {
      String status = d.status() ? "True" : "False";
      Condition old = previous == null ? null
          : previous.stream().filter(c -> d.type().equals(c.type)).findFirst().orElse(null);
      String transition = old != null && Objects.equals(old.status, status) && old.lastTransitionTime != null
          ? old.lastTransitionTime
          : now.truncatedTo(ChronoUnit.SECONDS).toString();
      result.add(new Condition(d.type(), status, d.status() ? null : d.severity().name(), d.reason().name(),
          d.message(), generation, transition));
    }
    return result;
  }

  public static Condition find(List<Condition> conditions, String type) {
    return conditions == null ? null
        : conditions.stream().filter(c -> type.equals(c.type)).findFirst().orElse(null);
  }
}
