package io.vaultgate.operator;

import com.azure.core.credential.TokenCredential;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vaultgate.azure.AzureClients;
import io.vaultgate.azure.AzureCredentials;
import io.vaultgate.azure.EntraIdentityAdapter;
import io.vaultgate.azure.FederatedCredentialAdapter;
import io.vaultgate.azure.KeyVaultAdapter;
import io.vaultgate.azure.NetworkAdapter;
import io.vaultgate.azure.RoleAssignmentAdapter;
import io.vaultgate.devops.DevOpsClients;
import io.vaultgate.http.AzureHttp;
import io.vaultgate.http.AzureRequestMetrics;
import io.vaultgate.model.InboundRangeTable;
import io.vaultgate.policy.ScopePolicy;
import io.vaultgate.port.AzurePorts;
import io.vaultgate.port.AzurePorts.ClientCredential;
import io.vaultgate.ranges.InboundRangeFile;
import io.vaultgate.reconcile.AgentIpGrantReconciler;
import io.vaultgate.reconcile.PrivateVaultAccessReconciler;
import io.vaultgate.reconcile.SharedVaults;
import io.vaultgate.reconcile.Timekeeper;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the operator: reads the ranges table and scope policy, builds the Azure clients (one set per identity), the
 * one writer per vault and both reconcilers sharing it (PrivateVaultAccess and AgentIpGrant), registers them with
 * the Java Operator SDK (leader election, metrics), and serves the metrics and health endpoints. No logic lives here.
 */
public final class VaultgateOperator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(VaultgateOperator.class);

  private final Operator operator;
  private final SharedVaults vaults;
  private final Timekeeper time;
  private final Optional<OperatorHttp> http;
  private final OperatorHealth health;

  private VaultgateOperator(Operator operator, SharedVaults vaults, Timekeeper time, Optional<OperatorHttp> http,
      OperatorHealth health) {
    this.operator = operator;
    this.vaults = vaults;
    this.time = time;
    this.http = http;
    this.health = health;
  }

  public static VaultgateOperator start(OperatorConfig config, KubernetesClient client, TokenCredential credential)
      throws IOException {
    return start(config, client, credential, AzureCredentials::forNamespace);
  }

  /**
   * @param namespaceCredentials signs in as a namespace's own identity (Microsoft Entra in production)
   */
  public static VaultgateOperator start(OperatorConfig config, KubernetesClient client, TokenCredential credential,
      Function<ClientCredential, TokenCredential> namespaceCredentials) throws IOException {
    return start(config, client, credential, namespaceCredentials, Timekeeper.system());
  }

  /**
   * @param time the clock and alarms of the reconcilers (the system's in production; tests move time); closed with
   *     the operator
   */
  public static VaultgateOperator start(OperatorConfig config, KubernetesClient client, TokenCredential credential,
      Function<ClientCredential, TokenCredential> namespaceCredentials, Timekeeper time) throws IOException {
    InboundRangeTable ranges = config.rangesFile().isPresent()
        ? InboundRangeFile.load(config.rangesFile().get()) : InboundRangeFile.builtIn();
    LOG.info("Azure DevOps inbound ranges table version {} ({})", ranges.version(),
        config.rangesFile().map(Object::toString).orElse("built-in"));
    ScopePolicy policy;
    if (config.scopePolicyFile().isPresent()) {
      policy = ScopePolicy.load(config.scopePolicyFile().get());
      LOG.info("scope policy loaded from {}", config.scopePolicyFile().get());
    } else {
      policy = ScopePolicy.allowAll();
      LOG.warn("no scope policy file: every namespace may target every Azure scope the operator's identity can"
          + " reach; set --scope-policy-file to restrict namespaces to their own subscriptions or resource groups");
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AzureRequestMetrics requestMetrics = new AzureRequestMetrics(registry, Map.of(
        "arm", config.azure().resourceManagerEndpoint(), "graph", config.azure().microsoftGraphEndpoint(),
        "devops", config.azure().devOpsEndpoint()));
    PortsPerIdentity ports = new PortsPerIdentity(config, credential, namespaceCredentials, requestMetrics);
    SharedVaults vaults = new SharedVaults(config.reconcile(), ranges, time.clock());
    var reconciler = new PrivateVaultAccessReconciler(config.reconcile(), ranges, policy, ports,
        config.perNamespaceCredentials(), time.clock(), vaults);
    var grants = new AgentIpGrantReconciler(config.reconcile(), config.grants(), ranges, policy, ports,
        config.perNamespaceCredentials(), time, vaults);

    OperatorHealth health = new OperatorHealth();
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withCloseClientOnStop(false)
          .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
          // The CRUD mock server and some API proxies reject server-side apply: use JSON patches everywhere, so
          // that what is tested is what ships.
          .withUseSSAToPatchPrimaryResource(false)
          // copies keep a spec this version could not read, so it is refused, not mistaken for an empty one
          .withResourceCloner(new io.javaoperatorsdk.operator.api.config.Cloner() {
            @Override
            public <R extends io.fabric8.kubernetes.api.model.HasMetadata> R clone(R object) {
              return io.vaultgate.api.LenientSpec.copySpec(object, client.getKubernetesSerialization().clone(object));
            }
          })
          .withSSABasedCreateUpdateMatchForDependentResources(false);
      config.leaderElection().ifPresent(le -> o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(
          le.leaseName(), le.namespace(), le.leaseDuration(), le.renewDeadline(), le.retryPeriod(), le.identity(),
          health.callbacks(), le.exitOnStopLeading())));
    });
    operator.register(reconciler, watching(config));
    operator.register(grants, watching(config));
    health.attach(operator, config.leaderElection().isPresent());
    Optional<OperatorHttp> http = config.httpPort() < 0 ? Optional.empty() : Optional.of(OperatorHttp.start(
        config.httpPort(), registry, new ResourceGauges(registry, reconciler::resources), health));
    http.ifPresent(h -> LOG.info("metrics on :{}/metrics, health on /healthz and /readyz", h.port()));
    operator.start();
    return new VaultgateOperator(operator, vaults, time, http, health);
  }

  /** Both controllers: the resync, the watched namespaces, and which updates trigger a reconcile. */
  private static <R extends HasMetadata> Consumer<ControllerConfigurationOverrider<R>> watching(
      OperatorConfig config) {
    return c -> {
      c.withReconciliationMaxInterval(config.reconcile().resync())
          // A change of the reconcile-policy annotation must be acted on; status writes must not.
          .withGenerationAware(false)
          .withOnUpdateFilter(specOrMetadataChanged());
      if (config.namespaces().isEmpty()) {
        c.watchingAllNamespaces();
      } else {
        c.settingNamespaces(config.namespaces());
      }
    };
  }

  static <R extends HasMetadata> OnUpdateFilter<R> specOrMetadataChanged() {
    return (updated, old) -> !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
        || !Objects.equals(updated.getMetadata().getAnnotations(), old.getMetadata().getAnnotations())
        || !Objects.equals(updated.getMetadata().getFinalizers(), old.getMetadata().getFinalizers())
        || updated.isMarkedForDeletion();
  }

  /** The port of the metrics and health endpoints, when served. */
  public Optional<Integer> httpPort() {
    return http.map(OperatorHttp::port);
  }

  /** Whether this replica currently reconciles (always, without leader election). */
  public boolean leading() {
    return health.leading();
  }

  @Override
  public void close() {
    operator.stop();
    vaults.close();
    time.close();
    http.ifPresent(OperatorHttp::close);
  }

  /**
   * One set of Azure clients per identity: the operator's, and each namespace's own from its credentials Secret.
   * Clients and their token caches are never shared between identities.
   */
  private static final class PortsPerIdentity implements AzurePorts.Factory {
    private final OperatorConfig config;
    private final AzureRequestMetrics metrics;
    private final Function<ClientCredential, TokenCredential> signIn;
    private final AzurePorts operatorPorts;
    private final Map<ClientCredential, AzurePorts> perCredential = new ConcurrentHashMap<>();

    PortsPerIdentity(OperatorConfig config, TokenCredential operatorCredential,
        Function<ClientCredential, TokenCredential> signIn, AzureRequestMetrics metrics) {
      this.config = config;
      this.metrics = metrics;
      this.signIn = signIn;
      this.operatorPorts = ports(operatorCredential);
    }

    @Override
    public AzurePorts ports(Optional<ClientCredential> credential) {
      // Keyed by the whole credential: a rotated client secret gets fresh clients and a fresh token cache.
      return credential.map(c -> perCredential.computeIfAbsent(c, k -> ports(signIn.apply(k))))
          .orElse(operatorPorts);
    }

    private AzurePorts ports(TokenCredential credential) {
      AzureHttp http = new AzureHttp(config.azure(), credential, metrics);
      AzureClients azure = new AzureClients(http);
      return new AzurePorts(new KeyVaultAdapter(azure), new EntraIdentityAdapter(azure),
          new RoleAssignmentAdapter(azure), new FederatedCredentialAdapter(azure), new NetworkAdapter(azure),
          new DevOpsClients(http));
    }
  }
}
