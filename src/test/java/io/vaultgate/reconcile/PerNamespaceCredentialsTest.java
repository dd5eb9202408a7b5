package io.vaultgate.reconcile;

import static io.vaultgate.reconcile.OperatorHarness.condition;
import static io.vaultgate.reconcile.OperatorHarness.pva;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.credential.TokenCredential;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.vaultgate.api.Conditions;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.PrivateVaultAccessSpec;
import io.vaultgate.api.Reason;
import io.vaultgate.port.AzurePorts.ClientCredential;
import io.vaultgate.simulator.arm.keyvault.NetworkAcls;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

/**
 * A resource whose {@code credentialsSecretRef} names an Azure identity is converged as that identity, with
 * clients and tokens of its own; a missing or malformed Secret stalls it, naming what is missing, never a value.
 */
class PerNamespaceCredentialsTest {

  private static final String CLIENT_SECRET = "s3cr3t-value-never-shown";

  @RegisterExtension
  static final OperatorHarness h = new OperatorHarness();

  private static final List<ClientCredential> signIns = new CopyOnWriteArrayList<>();
  private static final Map<String, AtomicInteger> tokensByClient = new ConcurrentHashMap<>();

  /** A namespace identity whose sign-in hits a bug (not an answer from Entra). */
  private static final String BROKEN_CLIENT = "33333333-0000-0000-0000-0000000b0b0b";

  static {
    h.signIn = c -> {
      signIns.add(c);
      if (c.clientId().equals(BROKEN_CLIENT)) {
        return request -> Mono.error(new IllegalStateException("token cache is corrupt"));
      }
      TokenCredential simulator = h.azure.tokenCredential();
      return request -> {
        tokensByClient.computeIfAbsent(c.clientId(), k -> new AtomicInteger()).incrementAndGet();
        return simulator.getToken(request);
      };
    };
  }

  private static void secret(String namespace, String name, Map<String, String> data) {
    h.namespace(namespace);
    h.client.secrets().inNamespace(namespace).resource(new SecretBuilder().withNewMetadata().withName(name)
        .endMetadata().withStringData(data).build()).createOr(op -> op.update());
  }

  private static PrivateVaultAccess withSecret(PrivateVaultAccess r, String secretName) {
    r.getSpec().credentialsSecretRef = new PrivateVaultAccessSpec.SecretReference();
    r.getSpec().credentialsSecretRef.name = secretName;
    return r;
  }

  /**
   * An exception that is not an answer from Azure is a bug: it must not pass for a transient Azure error and be
   * retried quietly. Ready says InternalError, the Event says so, and nothing leaks the credential.
   */
  @Test
  void anUnexpectedErrorInsideAnAzureCallIsReportedAsInternalErrorNotAsAzureError() {
    String vault = h.createVault("kv-ns-bug", NetworkAcls.deny());
    secret("team-bug", "azure", Map.of("azureClientId", BROKEN_CLIENT, "azureTenantId",
        "22222222-0000-0000-0000-000000007e17", "azureClientSecret", CLIENT_SECRET));
    h.apply(withSecret(pva("team-bug", "pipelines", vault, "Europe"), "azure"));

    PrivateVaultAccess r = h.awaitReason("team-bug", "pipelines", Reason.InternalError);
    var ready = condition(r, Conditions.READY);
    assertThat(ready.status).isEqualTo("False");
    assertThat(ready.message).contains("internal error").contains("IllegalStateException at ")
        .as("a message may quote what a service sent: never in status").doesNotContain("token cache is corrupt")
        .doesNotContain(CLIENT_SECRET);
    assertThat(condition(r, Conditions.STALLED).status).isEqualTo("True");
    assertThat(condition(r, Conditions.FIREWALL_READY).reason).isEqualTo("InternalError");
    assertThat(h.events("team-bug", "pipelines")).anySatisfy(e -> {
      assertThat(e.getReason()).isEqualTo("InternalError");
      assertThat(e.getType()).isEqualTo("Warning");
      assertThat(e.getMessage()).doesNotContain(CLIENT_SECRET);
    });
    assertThat(h.writes(vault)).isZero();
    h.delete("team-bug", "pipelines");
    h.awaitGone("team-bug", "pipelines");
  }

  @Test
  void resourcesAreConvergedAsTheirNamespacesIdentityWithOneClientSetPerCredential() {
    String vault = h.createVault("kv-ns-identity", NetworkAcls.deny());
    secret("team-id", "azure", Map.of("azureClientId", "11111111-0000-0000-0000-00000000c11e",
        "azureTenantId", "22222222-0000-0000-0000-000000007e17", "azureClientSecret", CLIENT_SECRET));
    h.apply(withSecret(pva("team-id", "first", vault, "Europe"), "azure"));
    h.apply(withSecret(pva("team-id", "second", vault, "Europe", "52.1.2.3"), "azure"));
    h.awaitReason("team-id", "first", Reason.Converged);
    PrivateVaultAccess second = h.awaitReason("team-id", "second", Reason.Converged);

    assertThat(h.ipRules(vault)).contains("52.1.2.3/32");
    List<ClientCredential> mine = signIns.stream()
        .filter(c -> c.clientId().equals("11111111-0000-0000-0000-00000000c11e")).toList();
    assertThat(mine).as("one set of clients for both resources").hasSize(1);
    assertThat(mine.get(0).tenantId()).isEqualTo("22222222-0000-0000-0000-000000007e17");
    assertThat(mine.get(0).clientSecret()).contains(CLIENT_SECRET);
    assertThat(mine.get(0).toString()).doesNotContain(CLIENT_SECRET);
    assertThat(tokensByClient.get("11111111-0000-0000-0000-00000000c11e")).as("calls made as that identity")
        .isNotNull().hasPositiveValue();
    assertThat(h.client.getKubernetesSerialization().asJson(second)).doesNotContain(CLIENT_SECRET);
  }

  @Test
  void resourcesWithoutASecretUseTheOperatorsIdentity() {
    String vault = h.createVault("kv-ns-operator", NetworkAcls.deny());
    int before = signIns.size();
    h.apply(pva("team-op", "pipelines", vault, "Europe"));
    h.awaitReason("team-op", "pipelines", Reason.Converged);
    assertThat(signIns).hasSize(before);
  }

  @Test
  void aRotatedSecretGetsNewClients() {
    String vault = h.createVault("kv-ns-rotate", NetworkAcls.deny());
    Map<String, String> data = new java.util.HashMap<>(Map.of("azureClientId", "33333333-0000-0000-0000-0000000000c3",
        "azureTenantId", "22222222-0000-0000-0000-000000007e17", "azureClientSecret", "first-secret"));
    secret("team-rot", "azure", data);
    h.apply(withSecret(pva("team-rot", "pipelines", vault, "Europe"), "azure"));
    h.awaitReason("team-rot", "pipelines", Reason.Converged);

    data.put("azureClientSecret", "second-secret");
    secret("team-rot", "azure", data);
    h.edit("team-rot", "pipelines", r -> {
      r.getSpec().network.additionalIpRanges = List.of("52.9.9.9");
      return r;
    });
    h.awaitReason("team-rot", "pipelines", Reason.Converged);
    assertThat(signIns.stream().filter(c -> c.clientId().equals("33333333-0000-0000-0000-0000000000c3"))
        .map(c -> c.clientSecret().orElseThrow())).containsExactly("first-secret", "second-secret");
  }

  @Test
  void aSecretMissingAKeyStallsTheResourceNamingTheKeyAndWritesNothing() {
    String vault = h.createVault("kv-ns-malformed", NetworkAcls.deny());
    secret("team-bad", "azure", Map.of("azureClientId", "44444444-0000-0000-0000-0000000000c4",
        "azureClientSecret", CLIENT_SECRET));
    h.apply(withSecret(pva("team-bad", "pipelines", vault, "Europe"), "azure"));
    PrivateVaultAccess r = h.awaitReason("team-bad", "pipelines", Reason.CredentialsInvalid);

    assertThat(condition(r, Conditions.STALLED).status).isEqualTo("True");
    assertThat(condition(r, Conditions.READY).message).contains("'azureTenantId'").doesNotContain(CLIENT_SECRET);
    assertThat(h.client.getKubernetesSerialization().asJson(r)).doesNotContain(CLIENT_SECRET);
    assertThat(h.events("team-bad", "pipelines")).allSatisfy(e -> assertThat(e.getMessage())
        .doesNotContain(CLIENT_SECRET));
    assertThat(h.writes(vault)).isZero();
  }

  @Test
  void aMissingSecretStallsTheResourceNamingTheSecret() {
    String vault = h.createVault("kv-ns-missing", NetworkAcls.deny());
    h.apply(withSecret(pva("team-none", "pipelines", vault, "Europe"), "not-there"));
    PrivateVaultAccess r = h.awaitReason("team-none", "pipelines", Reason.CredentialsInvalid);
    assertThat(condition(r, Conditions.READY).message).contains("'not-there'").contains("team-none");
    assertThat(h.writes(vault)).isZero();
  }

  @Test
  void withPerNamespaceCredentialsDisabledASecretReferenceIsRefused() {
    String vault = h.createVault("kv-ns-disabled", NetworkAcls.deny());
    secret("team-off", "azure", Map.of("azureClientId", "55555555-0000-0000-0000-0000000000c5",
        "azureTenantId", "22222222-0000-0000-0000-000000007e17", "azureClientSecret", CLIENT_SECRET));
    h.stopOperator();
    h.perNamespaceCredentials = false;
    try {
      h.startOperator();
      h.apply(withSecret(pva("team-off", "pipelines", vault, "Europe"), "azure"));
      PrivateVaultAccess r = h.awaitReason("team-off", "pipelines", Reason.CredentialsInvalid);
      assertThat(condition(r, Conditions.READY).message).contains("per-namespace credentials are disabled");
      assertThat(signIns).noneMatch(c -> c.clientId().startsWith("55555555"));
      assertThat(h.writes(vault)).isZero();
      h.delete("team-off", "pipelines");
      h.awaitGone("team-off", "pipelines");
    } finally {
      h.stopOperator();
      h.perNamespaceCredentials = true;
      h.startOperator();
    }
  }
}
