package io.vaultgate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The vaultgate command line. */
@Command(name = "vaultgate", mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Opens a private Azure Key Vault to Azure Pipelines, and to nothing else.",
    subcommands = {RunCommand.class, SandboxCommand.class, RangesCommand.class, CommandLine.HelpCommand.class})
public final class Main {

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"vaultgate " + (v == null ? "development build" : v)};
    }
  }
}
