package io.vaultgate.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vaultgate.azure.AzureCredentials;
import io.vaultgate.http.AzureSettings;
import io.vaultgate.operator.OperatorConfig;
import io.vaultgate.operator.VaultgateOperator;
import io.vaultgate.reconcile.GrantSettings;
import io.vaultgate.reconcile.ReconcileSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs the operator against the current kubeconfig (or the in-cluster service account). Every option has an
 * environment variable, for the Helm chart and plain manifests.
 */
@Command(name = "run", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Run the operator against the current kubeconfig with the Azure SDK's default credential chain"
        + " (workload identity first).")
final class RunCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--namespaces", paramLabel = "NS[,NS...]", defaultValue = "${env:VAULTGATE_NAMESPACES:-}",
      description = "Namespaces to watch, comma-separated (env VAULTGATE_NAMESPACES); empty watches all.")
  String namespaces;

  @Option(names = "--resync-interval", paramLabel = "DURATION", converter = Durations.class,
      defaultValue = "${env:VAULTGATE_RESYNC_INTERVAL:-15m}",
      description = "How often each resource is checked against Azure for drift (env VAULTGATE_RESYNC_INTERVAL).")
  Duration resync;

  @Option(names = "--ranges-file", paramLabel = "FILE", defaultValue = "${env:VAULTGATE_RANGES_FILE}",
      description = "Replacement Azure DevOps ranges table (env VAULTGATE_RANGES_FILE); default: built-in.")
  Path rangesFile;

  @Option(names = "--scope-policy-file", paramLabel = "FILE", defaultValue = "${env:VAULTGATE_SCOPE_POLICY_FILE}",
      description = "Which namespaces may target which Azure scopes (env VAULTGATE_SCOPE_POLICY_FILE);"
          + " default: all namespaces may target all scopes (logged as a warning).")
  Path scopePolicyFile;

  @Option(names = "--slow-retry-interval", paramLabel = "DURATION", converter = Durations.class,
      defaultValue = "${env:VAULTGATE_SLOW_RETRY_INTERVAL:-5m}",
      description = "Retry interval for failures that need a human or time, e.g. vault not found, authorization"
          + " failed (env VAULTGATE_SLOW_RETRY_INTERVAL).")
  Duration slowRetry;

  @Option(names = "--arm-endpoint", paramLabel = "URL", defaultValue = "${env:VAULTGATE_ARM_ENDPOINT:-"
      + "https://management.azure.com/}",
      description = "Azure Resource Manager endpoint (env VAULTGATE_ARM_ENDPOINT).")
  URI armEndpoint;

  @Option(names = "--graph-endpoint", paramLabel = "URL", defaultValue = "${env:VAULTGATE_GRAPH_ENDPOINT:-"
      + "https://graph.microsoft.com/}",
      description = "Microsoft Graph endpoint (env VAULTGATE_GRAPH_ENDPOINT).")
  URI graphEndpoint;

  @Option(names = "--devops-endpoint", paramLabel = "URL", defaultValue = "${env:VAULTGATE_DEVOPS_ENDPOINT:-"
      + "https://dev.azure.com/}",
      description = "Azure DevOps endpoint (env VAULTGATE_DEVOPS_ENDPOINT).")
  URI devOpsEndpoint;

  @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "${env:VAULTGATE_HTTP_PORT:-8080}",
      description = "Port of /metrics (Prometheus), /healthz and /readyz (env VAULTGATE_HTTP_PORT); -1 serves none.")
  int httpPort;

  @Option(names = "--leader-election", paramLabel = "BOOL", arity = "1",
      defaultValue = "${env:VAULTGATE_LEADER_ELECTION:-true}",
      description = "Only the replica holding the Lease reconciles (env VAULTGATE_LEADER_ELECTION).")
  boolean leaderElection;

  @Option(names = "--leader-election-namespace", paramLabel = "NS",
      defaultValue = "${env:VAULTGATE_LEADER_ELECTION_NAMESPACE:-${env:POD_NAMESPACE:-default}}",
      description = "Namespace of the Lease (env VAULTGATE_LEADER_ELECTION_NAMESPACE, else POD_NAMESPACE).")
  String leaseNamespace;

  @Option(names = "--lease-name", paramLabel = "NAME", defaultValue = "${env:VAULTGATE_LEASE_NAME:-vaultgate-leader}",
      description = "Name of the Lease (env VAULTGATE_LEASE_NAME).")
  String leaseName;

  @Option(names = "--per-namespace-credentials", paramLabel = "BOOL", arity = "1",
      defaultValue = "${env:VAULTGATE_PER_NAMESPACE_CREDENTIALS:-false}",
      description = "Let resources name a credentials Secret in their own namespace (Azure identity and/or Azure"
          + " DevOps token); the operator then reads Secrets (env VAULTGATE_PER_NAMESPACE_CREDENTIALS).")
  boolean perNamespaceCredentials;

  @Option(names = "--agent-ip-grant-max-ttl", paramLabel = "DURATION", converter = Durations.class,
      defaultValue = "${env:VAULTGATE_AGENT_IP_GRANT_MAX_TTL:-1h}",
      description = "Longest an AgentIpGrant may keep an agent's address open after its creation"
          + " (env VAULTGATE_AGENT_IP_GRANT_MAX_TTL).")
  Duration grantMaxTtl;

  @Option(names = "--agent-ip-grant-max-per-vault", paramLabel = "N",
      defaultValue = "${env:VAULTGATE_AGENT_IP_GRANT_MAX_PER_VAULT:-20}",
      description = "Most AgentIpGrants open on one vault at once; older grants go first"
          + " (env VAULTGATE_AGENT_IP_GRANT_MAX_PER_VAULT).")
  int grantMaxPerVault;

  @Option(names = "--agent-ip-grant-azure-addresses-only", paramLabel = "BOOL", arity = "1",
      defaultValue = "${env:VAULTGATE_AGENT_IP_GRANT_AZURE_ADDRESSES_ONLY:-true}",
      description = "Refuse AgentIpGrant addresses outside Azure's published ranges of the organization's geography"
          + " (the AzureCloud service tags); false for agents outside Azure"
          + " (env VAULTGATE_AGENT_IP_GRANT_AZURE_ADDRESSES_ONLY).")
  boolean grantAzureAddressesOnly;

  @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "${env:VAULTGATE_LOG_FORMAT:-text}",
      description = "text or json, one object per line (env VAULTGATE_LOG_FORMAT).")
  String logFormat;

  @Option(names = "--azure-ca-file", paramLabel = "PEM", defaultValue = "${env:VAULTGATE_AZURE_CA_FILE}",
      description = "Trust only this CA for Azure calls, e.g. a private cloud's (env VAULTGATE_AZURE_CA_FILE);"
          + " default: the JDK trust store. TLS verification is never disabled.")
  Path azureCaFile;

  @Override
  public Integer call() throws Exception {
    Logging.configure(logFormat);
    OperatorConfig config = config();
    KubernetesClient client = new KubernetesClientBuilder().build();
    CountDownLatch stopped = new CountDownLatch(1);
    VaultgateOperator operator = VaultgateOperator.start(config, client, AzureCredentials.defaultChain());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      operator.close();
      client.close();
      stopped.countDown();
    }, "vaultgate-shutdown"));
    stopped.await();
    return 0;
  }

  /** The pod name in a cluster (downward API), else the host name. */
  private static String identity() {
    String pod = System.getenv("POD_NAME");
    return pod != null && !pod.isBlank() ? pod : System.getenv().getOrDefault("HOSTNAME", "vaultgate");
  }

  OperatorConfig config() {
    if (grantMaxTtl.isNegative() || grantMaxTtl.isZero() || grantMaxPerVault < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--agent-ip-grant-max-ttl must be positive and"
          + " --agent-ip-grant-max-per-vault at least 1");
    }
    Set<String> ns = Arrays.stream(namespaces == null ? new String[0] : namespaces.split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    ReconcileSettings defaults = ReconcileSettings.defaults();
    AzureSettings azureDefaults = AzureSettings.publicCloud();
    Optional<OperatorConfig.LeaderElection> election = leaderElection
        ? Optional.of(OperatorConfig.LeaderElection.defaults(leaseName, leaseNamespace, identity()))
        : Optional.empty();
    return new OperatorConfig(ns, Optional.ofNullable(rangesFile), Optional.ofNullable(scopePolicyFile),
        new ReconcileSettings(resync, slowRetry, defaults.transientRetry(), defaults.gatherWindow(),
            defaults.requestTimeout()),
        new AzureSettings(armEndpoint, graphEndpoint, devOpsEndpoint, Optional.ofNullable(azureCaFile),
            azureDefaults.maxRetries(), azureDefaults.retryDelay(), azureDefaults.maxInlineRetryAfter()), httpPort,
        election,
        perNamespaceCredentials,
        new GrantSettings(grantMaxTtl, grantMaxPerVault, grantAzureAddressesOnly,
            GrantSettings.defaults().serviceTagRefresh()));
  }
}
