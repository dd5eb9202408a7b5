package io.vaultgate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.vaultgate.api.EventReason;
import io.vaultgate.api.PrivateVaultAccess;
import io.vaultgate.api.Reason;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Events are named by resource, type and reason, never by message: a retry loop updates one Event. */
class EventRecorderTest {

  static KubernetesMockServer server;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(), false);
    server.init();
    client = server.createClient();
  }

  @AfterAll
  static void stop() {
    client.close();
    server.destroy();
  }

  static PrivateVaultAccess resource(String name) {
    PrivateVaultAccess r = new PrivateVaultAccess();
    r.getMetadata().setNamespace("events");
    r.getMetadata().setName(name);
    r.getMetadata().setUid("uid-" + name);
    return r;
  }

  static List<Event> events(String name) {
    return client.v1().events().inNamespace("events").list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
  }

  @Test
  void repeatsWithChangingMessagesAggregateIntoOneEventWithTheLatestMessage() {
    EventRecorder recorder = new EventRecorder(client);
    PrivateVaultAccess r = resource("throttled");
    recorder.record(r, EventRecorder.Type.Warning, Reason.Throttled, "Azure is throttling requests; retrying after 37s");
    recorder.record(r, EventRecorder.Type.Warning, Reason.Throttled, "Azure is throttling requests; retrying after 12s");
    recorder.record(r, EventRecorder.Type.Warning, Reason.Throttled, "Azure is throttling requests; retrying after 5s");

    List<Event> events = events("throttled");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).getCount()).isEqualTo(3);
    assertThat(events.get(0).getReason()).isEqualTo("Throttled");
    assertThat(events.get(0).getMessage()).endsWith("after 5s");
  }

  @Test
  void aMessageIsRecordedWithItsControlCharactersEscapedAndCutToTheLimit() {
    EventRecorder recorder = new EventRecorder(client);
    recorder.record(resource("bell"), EventRecorder.Type.Warning, Reason.InvalidSpec,
        "spec.devOps.project: 'pay\u0007ments\n' is not an Azure DevOps project name");
    assertThat(events("bell").get(0).getMessage())
        .isEqualTo("spec.devOps.project: 'pay\\u0007ments\\n' is not an Azure DevOps project name");

    recorder.record(resource("long"), EventRecorder.Type.Warning, Reason.InvalidSpec, "x".repeat(5000));
    assertThat(events("long").get(0).getMessage()).hasSize(EventRecorder.MAX_MESSAGE).endsWith("...");
  }

  @Test
  void anotherReasonOrTypeIsAnotherEvent() {
    EventRecorder recorder = new EventRecorder(client);
    PrivateVaultAccess r = resource("several");
    recorder.record(r, EventRecorder.Type.Normal, EventReason.Change.FirewallUpdated, "vault kv: Add ipRule 1");
    recorder.record(r, EventRecorder.Type.Warning, EventReason.VaultWarning.DefaultActionAllow, "default Allow");
    recorder.record(r, EventRecorder.Type.Normal, EventReason.Change.FirewallUpdated, "vault kv: Add ipRule 2");

    assertThat(events("several")).extracting(Event::getReason, Event::getCount)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("FirewallUpdated", 2),
            org.assertj.core.groups.Tuple.tuple("DefaultActionAllow", 1));
  }
}
