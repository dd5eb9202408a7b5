package io.vaultgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultgate.operator.OperatorConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CliTest {

  record Run(int exit, String out, String err) {
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void theFullCommandLineIsTheOperatorsPlusSandbox() {
    // OperatorMain is the image jar's main class, which holds no sandbox
    assertThat(OperatorMain.commandLine().getSubcommands().keySet()).containsExactly("run", "ranges", "help");
    assertThat(Main.commandLine().getSubcommands().keySet()).containsExactly("run", "sandbox", "ranges", "help");
  }

  @Test
  void rangesPrintsTheNineUsRangesWithTheTableVersion() {
    Run r = run("ranges", "UnitedStates");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("ranges table version 2024-01-02").contains("20.37.158.0/23       Central United"
        + " States").contains("20.125.155.0/24      West 3 United States");
    assertThat(r.out().lines().filter(l -> !l.startsWith("#")).count()).isEqualTo(9);
  }

  @Test
  void unknownGeographyFailsNamingTheKnownOnes() {
    Run r = run("ranges", "Mars");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("unknown geography 'Mars'").contains("UnitedStates");
  }

  @Test
  void runOptionsHaveDocumentedDefaultsAndAcceptOverrides() {
    RunCommand defaults = new RunCommand();
    new CommandLine(defaults).parseArgs();
    OperatorConfig config = defaults.config();
    assertThat(config.namespaces()).isEmpty();
    assertThat(config.reconcile().resync()).isEqualTo(Duration.ofMinutes(15));
    assertThat(config.reconcile().slowRetry()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.azure().resourceManagerEndpoint().toString()).isEqualTo("https://management.azure.com/");
    assertThat(config.rangesFile()).isEmpty();
    assertThat(config.scopePolicyFile()).isEmpty();

    RunCommand custom = new RunCommand();
    new CommandLine(custom).parseArgs("--namespaces", "a, b", "--resync-interval", "30m", "--ranges-file", "r.json",
        "--scope-policy-file", "p.yaml", "--slow-retry-interval", "90s");
    OperatorConfig c = custom.config();
    assertThat(c.namespaces()).containsExactlyInAnyOrder("a", "b");
    assertThat(c.reconcile().resync()).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.reconcile().slowRetry()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.rangesFile()).contains(Path.of("r.json"));
    assertThat(c.scopePolicyFile()).contains(Path.of("p.yaml"));
  }

  @Test
  void agentIpGrantLimitsDefaultToAnHourTwentyPerVaultAndAzureAddressesOnly() {
    RunCommand defaults = new RunCommand();
    new CommandLine(defaults).parseArgs();
    assertThat(defaults.config().grants().maxTtl()).isEqualTo(Duration.ofHours(1));
    assertThat(defaults.config().grants().maxPerVault()).isEqualTo(20);
    assertThat(defaults.config().grants().azureAddressesOnly()).isTrue();

    RunCommand custom = new RunCommand();
    new CommandLine(custom).parseArgs("--agent-ip-grant-max-ttl", "30m", "--agent-ip-grant-max-per-vault", "5",
        "--agent-ip-grant-azure-addresses-only", "false");
    assertThat(custom.config().grants().maxTtl()).isEqualTo(Duration.ofMinutes(30));
    assertThat(custom.config().grants().maxPerVault()).isEqualTo(5);
    assertThat(custom.config().grants().azureAddressesOnly()).isFalse();

    RunCommand none = new RunCommand();
    new CommandLine(none).parseArgs("--agent-ip-grant-max-per-vault", "0");
    assertThatThrownBy(none::config).isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--agent-ip-grant-max-per-vault at least 1");
  }

  @Test
  void durationsReadKubernetesStyleAndIso() {
    assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("PT2M")).isEqualTo(Duration.ofMinutes(2));
    assertThat(run("run", "--resync-interval", "soon").err()).contains("'soon' is not a duration");
  }
}
