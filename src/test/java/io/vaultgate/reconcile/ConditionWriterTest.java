package io.vaultgate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultgate.api.Condition;
import io.vaultgate.api.Conditions;
import io.vaultgate.api.Reason;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Conditions are the only place status messages are written, so that is where they are made printable. */
class ConditionWriterTest {

  static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

  @Test
  void everyConditionShowsAUserValueWithItsControlCharactersEscaped() {
    CapabilityState invalid = CapabilityState.stalled(Conditions.FIREWALL_READY, Reason.InvalidSpec,
        "spec.devOps.project: 'pay\u0007ments\r\n' is not an Azure DevOps project name");
    List<Condition> conditions = ConditionWriter.conditions(List.of(), List.of(invalid), 1, NOW);
    String shown = "spec.devOps.project: 'pay\\u0007ments\\r\\n' is not an Azure DevOps project name";
    assertThat(Conditions.find(conditions, Conditions.READY).message).isEqualTo(shown);
    assertThat(Conditions.find(conditions, Conditions.STALLED).message).isEqualTo(shown);
    assertThat(Conditions.find(conditions, Conditions.FIREWALL_READY).message).isEqualTo(shown);
  }

  @Test
  void aMessageLongerThanTheLimitIsCut() {
    CapabilityState huge = CapabilityState.stalled(Conditions.FIREWALL_READY, Reason.InvalidSpec, "x".repeat(40000));
    List<Condition> conditions = ConditionWriter.conditions(List.of(), List.of(huge), 1, NOW);
    assertThat(conditions).allSatisfy(c -> assertThat(c.message.length())
        .isLessThanOrEqualTo(ConditionWriter.MAX_MESSAGE));
    assertThat(Conditions.find(conditions, Conditions.READY).message).endsWith("...");
  }
}
