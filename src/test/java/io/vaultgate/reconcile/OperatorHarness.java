package io.vaultgate.reconcile;

import static org.awaitility.Awaitility.await;

import com.azure.core.credential.TokenCredential;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.vaultgate.api.Condition;
import io.vaultgate.api.Conditions;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.PrivateVaultAccessSpec;
import io.vaultgate.api.Reason;
import io.vaultgate.http.AzureSettings;
import io.vaultgate.operator.OperatorConfig;
import io.vaultgate.operator.VaultgateOperator;
import io.vaultgate.port.AzurePorts;
import io.vaultgate.simulator.AzureSimulator;
import io.vaultgate.simulator.arm.keyvault.NetworkAcls;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit extension ({@code @RegisterExtension static final OperatorHarness h = ...}) running, for one test class,
 * the operator as shipped, on fabric8's CRUD mock API server, talking over HTTPS to the Azure simulator with the
 * real Azure SDK. Timings are shortened; nothing else differs from {@code vaultgate run}.
 */
final class OperatorHarness implements BeforeAllCallback, AfterAllCallback {

  static final String SUBSCRIPTION = "00000000-0000-0000-0000-0000000000a1";
  static final String RESOURCE_GROUP = "rg-pipelines";

  KubernetesMockServer server;
  KubernetesClient client;
  AzureSimulator azure;
  Path caFile;
  final ReconcileSettings settings;
  private final Optional<Path> scopePolicy;
  private final Optional<Path> rangesFile;
  private VaultgateOperator operator;
  /** Whether the next {@link #startOperator()} reads credentials Secrets. */
  boolean perNamespaceCredentials = true;
  /** The operator's clock and alarms: tests move time instead of waiting. */
  final ManualTime time = new ManualTime();
  /** The limits on AgentIpGrants of the next {@link #startOperator()}. */
  GrantSettings grants = GrantSettings.defaults();
  /** How the operator signs in as a namespace's identity; production uses Microsoft Entra. */
  Function<AzurePorts.ClientCredential, TokenCredential> signIn = c -> {
    throw new IllegalStateException("this test signs in as no namespace identity");
  };

  static ReconcileSettings fastSettings() {
    return new ReconcileSettings(Duration.ofMinutes(10), Duration.ofSeconds(2), Duration.ofMillis(200),
        Duration.ofMillis(100), Duration.ofSeconds(30));
  }

  OperatorHarness(ReconcileSettings settings, Optional<Path> scopePolicy) {
    this(settings, scopePolicy, Optional.empty());
  }

  OperatorHarness(ReconcileSettings settings, Optional<Path> scopePolicy, Optional<Path> rangesFile) {
    this.settings = settings;
    this.scopePolicy = scopePolicy;
    this.rangesFile = rangesFile;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(), false);
    server.init();
    client = server.createClient();
    try {
      for (String crd : List.of("privatevaultaccesses", "agentipgrants")) {
        try (var in = Files.newInputStream(Path.of("crds/" + crd + ".vaultgate.io-v1.yml"))) {
          client.apiextensions().v1().customResourceDefinitions()
              .resource(client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class)).create();
        }
      }
      caFile = Files.createTempFile("vaultgate-sim-ca", ".pem");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    azure = AzureSimulator.start();
    azure.writeCaCertificate(caFile);
    azure.seedResourceGroup(SUBSCRIPTION, RESOURCE_GROUP);
    startOperator();
  }

  OperatorHarness() {
    this(fastSettings(), Optional.empty());
  }

  void startOperator() {
    AzureSettings azureSettings = new AzureSettings(URI.create(azure.armBaseUrl()), URI.create(azure.graphBaseUrl()),
        URI.create(azure.devOpsBaseUrl()), Optional.of(caFile), 2, Duration.ofMillis(100), Duration.ofSeconds(3));
    try {
      operator = VaultgateOperator.start(new OperatorConfig(Set.of(), rangesFile, scopePolicy, settings,
          azureSettings, -1, Optional.empty(), perNamespaceCredentials, grants), client, azure.tokenCredential(),
          c -> signIn.apply(c), time);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void stopOperator() {
    operator.close();
    operator = null;
  }

  boolean running() {
    return operator != null;
  }

  // ---- Azure side ----

  String createVault(String name, NetworkAcls acls) {
    return createVault(name, "Enabled", acls);
  }

  String createVault(String name, String publicNetworkAccess, NetworkAcls acls) {
    SimVaultId id = new SimVaultId(SUBSCRIPTION, RESOURCE_GROUP, name);
    azure.keyVaults().create(id, "westeurope", azure.tenantId(), false, publicNetworkAccess, acls);
    return id.resourceId();
  }

  /** A firewalled vault using Azure RBAC for data access. */
  String createRbacVault(String name) {
    SimVaultId id = new SimVaultId(SUBSCRIPTION, RESOURCE_GROUP, name);
    azure.keyVaults().create(id, "westeurope", azure.tenantId(), true, "Enabled", NetworkAcls.deny());
    return id.resourceId();
  }

  List<String> ipRules(String vaultId) {
    return azure.keyVaults().get(SimVaultId.parse(vaultId)).networkAcls().ipRules();
  }

  NetworkAcls acls(String vaultId) {
    return azure.keyVaults().get(SimVaultId.parse(vaultId)).networkAcls();
  }

  long writes(String vaultId) {
    return azure.requests().writes("arm", vaultId);
  }

  long reads(String vaultId) {
    return azure.requests().reads("arm", vaultId);
  }

  long calls(String vaultId) {
    return reads(vaultId) + writes(vaultId);
  }

  // ---- Kubernetes side ----

  void namespace(String name) {
    if (client.namespaces().withName(name).get() == null) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .create();
    }
  }

  static PrivateVaultAccess pva(String namespace, String name, String vaultId, String geography,
      String... additional) {
    PrivateVaultAccess r = new PrivateVaultAccess();
    r.getMetadata().setNamespace(namespace);
    r.getMetadata().setName(name);
    PrivateVaultAccessSpec s = new PrivateVaultAccessSpec();
    s.vault = new PrivateVaultAccessSpec.VaultSpec();
    s.vault.resourceId = vaultId;
    s.devOps = new PrivateVaultAccessSpec.DevOpsSpec();
    s.devOps.organization = "contoso";
    s.devOps.project = "payments";
    s.devOps.geography = geography;
    s.network = new PrivateVaultAccessSpec.NetworkSpec();
    s.network.additionalIpRanges = List.of(additional);
    r.setSpec(s);
    return r;
  }

  PrivateVaultAccess apply(PrivateVaultAccess r) {
    namespace(r.getMetadata().getNamespace());
    return client.resource(r).create();
  }

  PrivateVaultAccess get(String namespace, String name) {
    return client.resources(PrivateVaultAccess.class).inNamespace(namespace).withName(name).get();
  }

  PrivateVaultAccess edit(String namespace, String name, java.util.function.UnaryOperator<PrivateVaultAccess> f) {
    return client.resources(PrivateVaultAccess.class).inNamespace(namespace).withName(name).edit(f);
  }

  void delete(String namespace, String name) {
    client.resources(PrivateVaultAccess.class).inNamespace(namespace).withName(name).delete();
  }

  void awaitGone(String namespace, String name) {
    await().atMost(Duration.ofSeconds(20)).until(() -> get(namespace, name) == null);
  }

  static Condition condition(PrivateVaultAccess r, String type) {
    return r == null || r.getStatus() == null ? null : Conditions.find(r.getStatus().conditions, type);
  }

  /** Waits until the Ready condition describes the current generation and matches. */
  PrivateVaultAccess awaitReady(String namespace, String name, Predicate<Condition> expected) {
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      PrivateVaultAccess r = get(namespace, name);
      Condition ready = condition(r, Conditions.READY);
      return ready != null && r.getMetadata().getGeneration().equals(r.getStatus().observedGeneration)
          && expected.test(ready);
    });
    return get(namespace, name);
  }

  PrivateVaultAccess awaitReason(String namespace, String name, Reason reason) {
    return awaitReady(namespace, name, c -> reason.name().equals(c.reason));
  }

  List<Event> events(String namespace, String name) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
  }

  static Map<String, String> annotations(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (operator != null) {
        operator.close();
      }
    } finally {
      azure.close();
      client.close();
      server.destroy();
      try {
        Files.deleteIfExists(caFile);
      } catch (IOException e) {
        // best effort
      }
    }
  }
}
