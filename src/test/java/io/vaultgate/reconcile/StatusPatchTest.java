package io.vaultgate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.PrivateVaultAccessStatus;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Status writes carry the resource version they were built on (the CRUD mock server, like kube-apiserver, answers
 * 409 to a patch whose {@code metadata.resourceVersion} is not the current one): a spec change in between is
 * retried from a fresh read; a newer status is never overwritten.
 */
class StatusPatchTest {

  static KubernetesMockServer server;
  static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(), false);
    server.init();
    client = server.createClient();
    try (InputStream in = Files.newInputStream(Path.of("crds/privatevaultaccesses.vaultgate.io-v1.yml"))) {
      client.apiextensions().v1().customResourceDefinitions()
          .resource(client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class)).create();
    }
  }

  @AfterAll
  static void stop() {
    client.close();
    server.destroy();
  }

  final AtomicInteger writes = new AtomicInteger();

  /** The API as the operator's writes see it, without the informer cache. */
  StatusPatch<PrivateVaultAccess, PrivateVaultAccessStatus> patch(PrivateVaultAccess from) {
    return new StatusPatch<>(from, client.getKubernetesSerialization(), new StatusPatch.Api<>() {
      @Override
      public PrivateVaultAccess write(PrivateVaultAccess r, PrivateVaultAccessStatus status, String jsonPatch) {
        writes.incrementAndGet();
        return client.resource(r).subresource("status").patch(PatchContext.of(PatchType.JSON), jsonPatch);
      }

      @Override
      public PrivateVaultAccess read(PrivateVaultAccess r) {
        return client.resource(r).get();
      }
    }, PrivateVaultAccessStatus::new);
  }

  static PrivateVaultAccess created(String name) {
    return client.resource(OperatorHarness.pva("default", name, "/subscriptions/x/resourceGroups/rg/providers"
        + "/Microsoft.KeyVault/vaults/kv", "UnitedStates")).create();
  }

  static PrivateVaultAccessStatus ledger(String... rules) {
    PrivateVaultAccessStatus status = new PrivateVaultAccessStatus();
    status.firewall = new PrivateVaultAccessStatus.FirewallStatus();
    status.firewall.ownedIpRules = List.of(rules);
    return status;
  }

  @Test
  void aStatusBuiltOnTheCurrentVersionIsWrittenInOneCall() {
    PrivateVaultAccess r = created("current");

    assertThat(patch(r).write(ledger("20.1.0.0/24"))).isTrue();

    assertThat(writes).hasValue(1);
    assertThat(client.resource(r).get().getStatus().firewall.ownedIpRules).containsExactly("20.1.0.0/24");
  }

  @Test
  void aSpecChangeInBetweenIsRetriedFromAFreshReadAndKeepsTheSpec() {
    PrivateVaultAccess stale = created("spec-edit");
    client.resource(stale).edit(r -> {
      r.getSpec().network.additionalIpRanges = List.of("20.9.0.0/24");
      return r;
    });

    assertThat(patch(stale).write(ledger("20.1.0.0/24"))).isTrue();

    PrivateVaultAccess now = client.resource(stale).get();
    assertThat(writes).as("refused once, then written on the fresh version").hasValue(2);
    assertThat(now.getStatus().firewall.ownedIpRules).containsExactly("20.1.0.0/24");
    assertThat(now.getSpec().network.additionalIpRanges).containsExactly("20.9.0.0/24");
  }

  @Test
  void aNewerStatusWrittenInBetweenIsNeverOverwritten() {
    PrivateVaultAccess stale = created("newer-ledger");
    PrivateVaultAccess other = client.resource(stale).get();
    other.setStatus(ledger("20.1.0.0/24", "20.2.0.0/24"));
    client.resource(other).updateStatus();

    assertThatThrownBy(() -> patch(stale).write(ledger("20.3.0.0/24")))
        .isInstanceOf(StatusPatch.StaleStatus.class).hasMessageContaining("default/newer-ledger");

    assertThat(client.resource(stale).get().getStatus().firewall.ownedIpRules)
        .containsExactly("20.1.0.0/24", "20.2.0.0/24");
  }
}
