package io.vaultgate.reconcile;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vaultgate.api.EventReason;
import io.vaultgate.model.MessageText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events for what vaultgate did (Normal) and what went wrong (Warning). An Event is named after the
 * resource, its type and reason, never its message: a repeat (a retry whose message says "after 37s", then "after
 * 12s") updates the one Event, its count and its latest message, so a retry loop does not flood the API. A message
 * is recorded through {@link MessageText#printable}: control characters escaped, at most {@link #MAX_MESSAGE}
 * characters. Failing to record an event never fails a reconcile.
 */
public final class EventRecorder {

  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  static final String COMPONENT = "vaultgate";
  /** The longest Event message recorded (kubectl describe shows it whole). */
  static final int MAX_MESSAGE = 1024;

  public enum Type {
    Normal, Warning
  }

  private final KubernetesClient client;

  public EventRecorder(KubernetesClient client) {
    this.client = client;
  }

  public void record(HasMetadata resource, Type type, EventReason reason, String message) {
    String namespace = resource.getMetadata().getNamespace();
    String name = resource.getMetadata().getName() + "." + digest(resource.getMetadata().getUid() + "/" + type + "/"
        + reason.name());
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    try {
      Event existing = client.v1().events().inNamespace(namespace).withName(name).get();
      if (existing != null) {
        int count = existing.getCount() == null ? 1 : existing.getCount();
        client.v1().events().inNamespace(namespace).withName(name).edit(e -> {
          e.setCount(count + 1);
          e.setLastTimestamp(now);
          e.setMessage(printable(message));
          return e;
        });
        return;
      }
      client.v1().events().inNamespace(namespace).resource(new EventBuilder()
          .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
          .withInvolvedObject(new ObjectReferenceBuilder()
              .withApiVersion(resource.getApiVersion())
              .withKind(resource.getKind())
              .withName(resource.getMetadata().getName())
              .withNamespace(namespace)
              .withUid(resource.getMetadata().getUid())
              .withResourceVersion(resource.getMetadata().getResourceVersion())
              .build())
          .withType(type.name())
          .withReason(reason.name())
          .withMessage(printable(message))
          .withFirstTimestamp(now)
          .withLastTimestamp(now)
          .withCount(1)
          .withNewSource().withComponent(COMPONENT).endSource()
          .withReportingComponent(COMPONENT)
          .build()).create();
    } catch (KubernetesClientException e) {
      LOG.warn("could not record event {} for {}/{}: {}", reason, namespace, resource.getMetadata().getName(),
          e.getMessage());
    }
  }

  private static String printable(String message) {
    return MessageText.printable(message, MAX_MESSAGE);
  }

  private static String digest(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
