package io.vaultgate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The operator's command line, {@code run} and {@code ranges}: the main class of the container image's jar, which
 * holds neither the sandbox nor the Azure simulator. {@link Main} is this command line plus {@code sandbox}.
 */
@Command(name = "vaultgate", mixinStandardHelpOptions = true,
    versionProvider = OperatorMain.Version.class,
    description = "Opens a private Azure Key Vault to Azure Pipelines, and to nothing else.")
public final class OperatorMain {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** {@code vaultgate} with {@code run}, {@code ranges} and {@code help}. */
  static CommandLine commandLine() {
    return commandLine(new Object[0]);
  }

  /**
   * The same, with {@code extraCommands} listed after {@code run}. Subcommands are added here rather than named in
   * the annotation so that this class, and so the image jar, never refers to a command it does not carry.
   */
  static CommandLine commandLine(Object... extraCommands) {
    CommandLine cli = new CommandLine(new OperatorMain());
    cli.addSubcommand(new RunCommand());
    for (Object command : extraCommands) {
      cli.addSubcommand(command);
    }
    cli.addSubcommand(new RangesCommand());
    cli.addSubcommand(new CommandLine.HelpCommand());
    return cli;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = OperatorMain.class.getPackage().getImplementationVersion();
      return new String[] {"vaultgate " + (v == null ? "development build" : v)};
    }
  }
}
