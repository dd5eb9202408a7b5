package io.vaultgate.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What the embedded API serves: the core objects vaultgate uses (namespaces, events, secrets), CRDs, and every custom
 * resource of the CRDs installed in it, read afresh on each call, so a CRD applied later is served too.
 */
final class ApiCatalog {

  static final List<ApiResource> CORE = List.of(
      new ApiResource("", "v1", "namespaces", "namespace", "Namespace", false, List.of("ns"), List.of(),
          List.of("status"), List.of(Column.objectName(),
              Column.text("Status", 0, "The phase of the namespace.",
                  (o, now) -> o.path("status").path("phase").asText("Active")),
              Column.age()), Optional.empty()),
      new ApiResource("", "v1", "events", "event", "Event", true, List.of("ev"), List.of(), List.of(),
          List.of(Column.text("Last Seen", 0, "The time at which the most recent occurrence was recorded.",
                  ApiCatalog::lastSeen),
              Column.text("Type", 0, "Type of this event (Normal, Warning).", (o, now) -> o.path("type").asText()),
              Column.text("Reason", 0, "Why the action was taken.", (o, now) -> o.path("reason").asText()),
              Column.text("Object", 0, "The object this event is about.", (o, now) -> involvedObject(o)),
              Column.text("Message", 0, "A description of the status of this operation.",
                  (o, now) -> o.path("message").asText()),
              Column.text("Count", 1, "The number of times this event has occurred.",
                  (o, now) -> o.path("count").asText("1")),
              new Column("Name", "string", "name", 1, "Name of the event.",
                  (o, now) -> o.path("metadata").path("name").asText())), Optional.empty()),
      new ApiResource("", "v1", "secrets", "secret", "Secret", true, List.of(), List.of(), List.of(),
          List.of(Column.objectName(),
              Column.text("Type", 0, "Used to facilitate programmatic handling of secret data.",
                  (o, now) -> o.path("type").asText("Opaque")),
              new Column("Data", "integer", "", 0, "The number of keys in the secret.",
                  (o, now) -> (long) o.path("data").size()),
              Column.age()), Optional.empty()),
      new ApiResource("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition",
          "CustomResourceDefinition", false, List.of("crd", "crds"), List.of(), List.of("status"),
          List.of(Column.objectName(), Column.text("Created At", 0, "When the CRD was installed.",
              (o, now) -> o.path("metadata").path("creationTimestamp").asText())), Optional.empty()));

  private final KubernetesClient client;

  ApiCatalog(KubernetesClient client) {
    this.client = client;
  }

  List<ApiResource> all() {
    List<ApiResource> all = new ArrayList<>(CORE);
    for (CustomResourceDefinition crd : client.apiextensions().v1().customResourceDefinitions().list().getItems()) {
      all.addAll(fromCrd(crd));
    }
    return all;
  }

  Optional<ApiResource> find(String group, String version, String plural) {
    return all().stream().filter(r -> r.group().equals(group) && r.version().equals(version)
        && r.plural().equals(plural)).findFirst();
  }

  /** Each served version of the CRD, with its printer columns after the name, as the API server renders them. */
  static List<ApiResource> fromCrd(CustomResourceDefinition crd) {
    CustomResourceDefinitionNames names = crd.getSpec().getNames();
    List<ApiResource> resources = new ArrayList<>();
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      if (!Boolean.TRUE.equals(version.getServed())) {
        continue;
      }
      List<Column> columns = new ArrayList<>();
      columns.add(Column.objectName());
      List<CustomResourceColumnDefinition> printer = Objects.requireNonNullElse(
          version.getAdditionalPrinterColumns(), List.of());
      for (CustomResourceColumnDefinition c : printer) {
        columns.add(Column.printerColumn(c.getName(), c.getType(), c.getFormat(),
            c.getPriority() == null ? 0 : c.getPriority(), c.getDescription(), c.getJsonPath()));
      }
      if (printer.isEmpty()) {
        columns.add(Column.age());
      }
      List<String> subresources = version.getSubresources() != null && version.getSubresources().getStatus() != null
          ? List.of("status") : List.of();
      resources.add(new ApiResource(crd.getSpec().getGroup(), version.getName(), names.getPlural(),
          Objects.requireNonNullElse(names.getSingular(), names.getKind().toLowerCase(Locale.ROOT)), names.getKind(),
          "Namespaced".equals(crd.getSpec().getScope()), Objects.requireNonNullElse(names.getShortNames(), List.of()),
          Objects.requireNonNullElse(names.getCategories(), List.of()), subresources, columns,
          Optional.ofNullable(version.getSchema()).map(v -> v.getOpenAPIV3Schema())
              .map(v -> (JsonNode) Json.MAPPER.valueToTree(v))));
    }
    return resources;
  }

  private static String lastSeen(JsonNode event, Instant now) {
    JsonNode last = firstText(event, "lastTimestamp", "eventTime", "firstTimestamp");
    String age = Column.ageOf(last, now);
    long count = event.path("count").asLong(1);
    if (count > 1) {
      return age + " (x" + count + " over " + Column.ageOf(firstText(event, "firstTimestamp", "eventTime"), now) + ")";
    }
    return age;
  }

  private static JsonNode firstText(JsonNode object, String... fields) {
    for (String field : fields) {
      if (object.path(field).isTextual()) {
        return object.get(field);
      }
    }
    return object.path(fields[0]);
  }

  private static String involvedObject(JsonNode event) {
    JsonNode o = event.path("involvedObject");
    return o.path("kind").asText().toLowerCase(Locale.ROOT) + "/" + o.path("name").asText();
  }
}
