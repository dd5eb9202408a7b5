package io.vaultgate.cli;

import picocli.CommandLine;

/**
 * The vaultgate command line of {@code target/vaultgate.jar}: the operator's ({@link OperatorMain}: {@code run},
 * {@code ranges}) plus {@code sandbox}.
 */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** {@code vaultgate} with {@code run}, {@code sandbox}, {@code ranges} and {@code help}. */
  static CommandLine commandLine() {
    return OperatorMain.commandLine(new SandboxCommand());
  }
}
