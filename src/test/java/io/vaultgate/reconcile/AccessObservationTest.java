package io.vaultgate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.model.DesiredAccess;
import io.vaultgate.model.InboundRangeTable;
import io.vaultgate.model.ReconcilePolicy;
import io.vaultgate.ranges.InboundRangeFile;
import io.vaultgate.validate.SpecValidator;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessObservationTest {

  static final InboundRangeTable RANGES = InboundRangeFile.builtIn();
  static final String VAULT = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg"
      + "/providers/Microsoft.KeyVault/vaults/kv-needs";

  static DesiredAccess access(PrivateVaultAccess r) {
    return ((SpecValidator.Valid) SpecMapping.validate(r, RANGES)).access();
  }

  @Test
  void grantsCountOnlyForAResourceThatWrites() {
    AccessObservation observation = new AccessObservation(RANGES, Clock.systemUTC());
    PrivateVaultAccess r = OperatorHarness.pva("ns", "hosted", VAULT, "UnitedStates");
    assertThat(observation.needs(access(r)).ipGrants()).isTrue();
    r.getMetadata().setAnnotations(Map.of(ReconcilePolicy.ANNOTATION, "skip"));
    assertThat(observation.needs(access(r)).ipGrants()).as("a grant on a skip resource is refused").isFalse();
    r.getMetadata().setAnnotations(Map.of());
    r.getSpec().mode = "Plan";
    assertThat(observation.needs(access(r)).ipGrants()).as("nor in Plan mode").isFalse();
  }
}
