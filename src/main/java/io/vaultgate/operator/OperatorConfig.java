package io.vaultgate.operator;

import io.vaultgate.http.AzureSettings;
import io.vaultgate.reconcile.GrantSettings;
import io.vaultgate.reconcile.ReconcileSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the operator is configured with. The command line (flags and environment variables, with their
 * defaults and documentation) is in {@code io.vaultgate.cli.RunCommand}.
 *
 * @param namespaces namespaces to watch; empty watches all
 * @param rangesFile replacement for the built-in Azure DevOps ranges table
 * @param scopePolicyFile which namespaces may target which Azure scopes; empty allows all
 * @param httpPort port of the metrics and health endpoints; 0 picks a free one, negative serves none
 * @param leaderElection when present, only the replica holding the Lease reconciles
 * @param perNamespaceCredentials whether a resource's {@code credentialsSecretRef} may be read
 * @param grants the limits on AgentIpGrants
 */
public record OperatorConfig(
    Set<String> namespaces,
    Optional<Path> rangesFile,
    Optional<Path> scopePolicyFile,
    ReconcileSettings reconcile,
    AzureSettings azure,
    int httpPort,
    Optional<LeaderElection> leaderElection,
    boolean perNamespaceCredentials,
    GrantSettings grants) {

  public OperatorConfig {
    namespaces = Set.copyOf(namespaces);
  }

  /** With the default limits on AgentIpGrants. */
  public OperatorConfig(Set<String> namespaces, Optional<Path> rangesFile, Optional<Path> scopePolicyFile,
      ReconcileSettings reconcile, AzureSettings azure, int httpPort, Optional<LeaderElection> leaderElection,
      boolean perNamespaceCredentials) {
    this(namespaces, rangesFile, scopePolicyFile, reconcile, azure, httpPort, leaderElection,
        perNamespaceCredentials, GrantSettings.defaults());
  }

  /** The settings of the embedded tests and tools: no HTTP endpoint, no leader election. */
  public OperatorConfig(Set<String> namespaces, Optional<Path> rangesFile, Optional<Path> scopePolicyFile,
      ReconcileSettings reconcile, AzureSettings azure) {
    this(namespaces, rangesFile, scopePolicyFile, reconcile, azure, -1, Optional.empty(), true);
  }

  /**
   * @param exitOnStopLeading end the process when leadership is lost, so two replicas never reconcile at once
   */
  public record LeaderElection(String leaseName, String namespace, String identity, Duration leaseDuration,
      Duration renewDeadline, Duration retryPeriod, boolean exitOnStopLeading) {

    /** Kubernetes' usual timings: a 15 s lease, renewed within 10 s, retried every 2 s. */
    public static LeaderElection defaults(String leaseName, String namespace, String identity) {
      return new LeaderElection(leaseName, namespace, identity, Duration.ofSeconds(15), Duration.ofSeconds(10),
          Duration.ofSeconds(2), true);
    }
  }
}
