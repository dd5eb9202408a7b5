package io.vaultgate.reconcile;

import static io.vaultgate.reconcile.OperatorHarness.condition;
import static io.vaultgate.reconcile.OperatorHarness.pva;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vaultgate.api.Conditions;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.Reason;
import io.vaultgate.operator.VaultgateOperator;
import io.vaultgate.simulator.arm.keyvault.NetworkAcls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** The operator reads a replacement ranges table, and says so; without a scope policy it warns at start-up. */
class ConfigurationFilesTest {

  static final ListAppender<ILoggingEvent> LOGS = capture();
  static final Path RANGES = rangesFile();

  @RegisterExtension
  static final OperatorHarness h = new OperatorHarness(OperatorHarness.fastSettings(), Optional.empty(),
      Optional.of(RANGES));

  static ListAppender<ILoggingEvent> capture() {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger(VaultgateOperator.class)).addAppender(logs);
    return logs;
  }

  static Path rangesFile() {
    try {
      Path ranges = Files.createTempFile("ranges", ".json");
      Files.writeString(ranges, """
          {"version": "2031-05-01", "source": "test",
           "geographies": {"UnitedStates": [{"region": "New US region", "range": "20.1.0.0/24"}]}}
          """);
      return ranges;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterAll
  static void cleanUp() throws Exception {
    ((Logger) LoggerFactory.getLogger(VaultgateOperator.class)).detachAppender(LOGS);
    Files.deleteIfExists(RANGES);
  }

  @Test
  void replacementRangesTableIsUsedAndItsVersionRecorded() {
    String vault = h.createVault("kv-ranges", NetworkAcls.deny());
    h.apply(pva("ranges", "pipelines", vault, "UnitedStates"));
    PrivateVaultAccess r = h.awaitReason("ranges", "pipelines", Reason.Converged);
    assertThat(h.ipRules(vault)).containsExactly("20.1.0.0/24");
    assertThat(r.getStatus().firewall.rangesVersion).isEqualTo("2031-05-01");
    assertThat(condition(r, Conditions.FIREWALL_READY).message).contains("table 2031-05-01");
  }

  @Test
  void geographyMissingFromTheReplacementTableIsAnInvalidSpec() {
    String vault = h.createVault("kv-ranges-eu", NetworkAcls.deny());
    h.apply(pva("ranges-eu", "pipelines", vault, "Europe"));
    PrivateVaultAccess r = h.awaitReason("ranges-eu", "pipelines", Reason.InvalidSpec);
    assertThat(condition(r, Conditions.READY).message).contains("'Europe' is not in the Azure DevOps ranges table"
        + " version 2031-05-01");
    assertThat(h.calls(vault)).isZero();
  }

  @Test
  void startingWithoutAScopePolicyWarns() {
    assertThat(LOGS.list).anySatisfy(e -> {
      assertThat(e.getLevel().toString()).isEqualTo("WARN");
      assertThat(e.getFormattedMessage()).contains("no scope policy file: every namespace may target every Azure"
          + " scope");
    });
    assertThat(LOGS.list).anySatisfy(e -> assertThat(e.getFormattedMessage())
        .contains("ranges table version 2031-05-01"));
  }
}
