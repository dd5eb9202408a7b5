package io.vaultgate.reconcile;

import static io.vaultgate.reconcile.AccessObservationTest.VAULT;
import static io.vaultgate.reconcile.AccessObservationTest.access;
import static org.assertj.core.api.Assertions.assertThat;

import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.PrivateVaultAccessSpec;
import io.vaultgate.api.PrivateVaultAccessStatus;
import io.vaultgate.api.Reason;
import io.vaultgate.plan.DevOpsPlans;
import io.vaultgate.port.DevOpsPort.EndpointDefinition;
import io.vaultgate.port.DevOpsPort.ServiceEndpoint;
import io.vaultgate.port.IdentityPort.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which missing prerequisite stops a pass, decided from what was observed alone. */
class PrerequisitesTest {

  static final String UID = "0b1c2d3e-0000-4000-8000-000000000001";
  static final Ledger NOTHING = Ledger.of(new PrivateVaultAccessStatus());

  static PrivateVaultAccess withConnection() {
    PrivateVaultAccess r = OperatorHarness.pva("ns", "pipelines", VAULT, "UnitedStates");
    r.getSpec().identity = new PrivateVaultAccessSpec.IdentitySpec();
    r.getSpec().identity.applicationClientId = "6b0b2e4c-1a3d-4e5f-8a9b-0c1d2e3f4a5b";
    r.getSpec().serviceConnection = new PrivateVaultAccessSpec.ServiceConnectionSpec();
    r.getSpec().serviceConnection.name = "kv-payments";
    return r;
  }

  static Observation observed(boolean identity, Optional<String> projectId, Optional<ServiceEndpoint> connection) {
    return new Observation(identity ? Optional.of(new Principal("sp", "app")) : Optional.empty(),
        new Observation.Subnets(Map.of(), List.of(), List.of(), List.of(), false), Optional.empty(), Optional.empty(),
        Optional.of(new Observation.DevOpsPlace("contoso", Optional.of("org"), Optional.of("payments"), projectId,
            connection)), Optional.empty());
  }

  static ServiceEndpoint connection(String description) {
    return new ServiceEndpoint("sc", new EndpointDefinition("kv-payments", description, "p", "s", "t", "c",
        Optional.empty()), true, "Ready", "issuer", "subject");
  }

  static Optional<Reason> reason(PrivateVaultAccess r, Observation observed) {
    return Prerequisites.missing(access(r), observed, NOTHING, UID).map(CapabilityState::reason);
  }

  @Test
  void allFoundAndTheNameFreeOrOursStopsNothing() {
    assertThat(reason(withConnection(), observed(true, Optional.of("p"), Optional.empty()))).isEmpty();
    String ours = DevOpsPlans.marker("ns", "pipelines", UID);
    assertThat(reason(withConnection(), observed(true, Optional.of("p"), Optional.of(connection(ours))))).isEmpty();
  }

  @Test
  void theFirstMissingInTheOrderOfTheWritesIsReported() {
    assertThat(reason(withConnection(), observed(false, Optional.empty(), Optional.empty())))
        .contains(Reason.IdentityNotFound);
    assertThat(reason(withConnection(), observed(true, Optional.empty(), Optional.empty())))
        .contains(Reason.ProjectNotFound);
    assertThat(reason(withConnection(), observed(true, Optional.of("p"), Optional.of(connection("made by hand")))))
        .contains(Reason.NameConflict);
  }

  /** A spec that no longer asks for Azure DevOps is not held by a project that went away with its connection. */
  @Test
  void aProjectOnlyTheLedgerNamesIsNoPrerequisite() {
    PrivateVaultAccess r = OperatorHarness.pva("ns", "pipelines", VAULT, "UnitedStates");
    assertThat(reason(r, observed(false, Optional.empty(), Optional.empty()))).isEmpty();
  }

  @Test
  void aResourceHoldingSomethingIsToldItKeepsIt() {
    PrivateVaultAccessStatus status = new PrivateVaultAccessStatus();
    status.serviceConnection = new PrivateVaultAccessStatus.ServiceConnectionStatus("sc", "kv-payments", "contoso",
        "org", "p", "issuer", "subject");
    Observation gone = observed(true, Optional.empty(), Optional.empty());
    assertThat(Prerequisites.missing(access(withConnection()), gone, Ledger.of(status), UID).orElseThrow().message())
        .contains("writes nothing").contains("keeps what it holds");
    assertThat(Prerequisites.missing(access(withConnection()), gone, NOTHING, UID).orElseThrow().message())
        .contains("writes nothing").doesNotContain("keeps");
  }
}
