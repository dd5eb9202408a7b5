package io.vaultgate.operator;

import io.vaultgate.azure.AzureSettings;
import io.vaultgate.reconcile.ReconcileSettings;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the operator is configured with. The command line (flags and environment variables, with their
 * defaults and documentation) is in {@code io.vaultgate.cli.RunCommand}.
 *
 * @param namespaces namespaces to watch; empty watches all
 * @param rangesFile replacement for the built-in Azure DevOps ranges table
 * @param scopePolicyFile which namespaces may target which Azure scopes; empty allows all
 */
public record OperatorConfig(
    Set<String> namespaces,
    Optional<Path> rangesFile,
    Optional<Path> scopePolicyFile,
    ReconcileSettings reconcile,
    AzureSettings azure) {

  public OperatorConfig {
    namespaces = Set.copyOf(namespaces);
  }
}
