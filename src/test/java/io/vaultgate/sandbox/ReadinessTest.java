package io.vaultgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.vaultgate.api.Condition;
import io.vaultgate.api.Conditions;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.PrivateVaultAccessStatus;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code --apply} judges every resource, even when one that never settles used up the time. */
class ReadinessTest {

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

  static Manifests.Applied resource(String name, String ready, String reconciling) {
    PrivateVaultAccess r = new PrivateVaultAccess();
    r.getMetadata().setNamespace("default");
    r.getMetadata().setName(name);
    PrivateVaultAccess created = client.resource(r).create();
    PrivateVaultAccessStatus status = new PrivateVaultAccessStatus();
    status.observedGeneration = created.getMetadata().getGeneration();
    status.conditions = List.of(new Condition(Conditions.READY, ready, null, "Converged", "", 1L, null),
        new Condition(Conditions.RECONCILING, reconciling, null, "Converged", "", 1L, null));
    created.setStatus(status);
    client.resource(created).updateStatus();
    return new Manifests.Applied(PrivateVaultAccess.GROUP + "/" + PrivateVaultAccess.VERSION, "PrivateVaultAccess",
        "default", name, true);
  }

  @Test
  void aResourceAfterOneThatNeverSettlesIsStillJudged() {
    Manifests.Applied forever = resource("forever", "False", "True");
    Manifests.Applied ready = resource("ready", "True", "False");

    Map<Manifests.Applied, Readiness.Outcome> outcomes = Readiness.await(client, List.of(forever, ready),
        Duration.ofMillis(300));

    assertThat(outcomes.get(forever)).isEqualTo(Readiness.Outcome.PENDING);
    assertThat(outcomes.get(ready)).isEqualTo(Readiness.Outcome.READY);
  }
}
