package io.vaultgate.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Helm chart in {@code helm/vaultgate}, rendered in-process by the Helm library that helm-java bundles (no helm
 * binary needed). Every render is release {@value #RELEASE} in namespace {@value #NAMESPACE}.
 */
final class Chart {

  static final Path DIR = Path.of("helm/vaultgate");
  static final String RELEASE = "vaultgate";
  static final String NAMESPACE = "vaultgate-system";

  static final YAMLMapper YAML = new YAMLMapper();

  private Chart() {
  }

  static Helm helm() {
    return new Helm(DIR);
  }

  /** Renders the chart with these values (YAML) over values.yaml; fails the test when Helm refuses. */
  static Rendered render(String values) {
    return new Rendered(parseAll(helm().template().withName(RELEASE).withNamespace(NAMESPACE)
        .withValuesFile(valuesFile(values)).call()));
  }

  /** What {@code helm install} prints after installing with these values (a client-only dry run). */
  static String notes(String values) {
    String output = helm().install().withName(RELEASE).withNamespace(NAMESPACE).withValuesFile(valuesFile(values))
        .dryRun().clientOnly().call().getOutput();
    int notes = output.indexOf("NOTES:");
    if (notes < 0) {
      throw new AssertionError("no NOTES in:\n" + output);
    }
    return output.substring(notes);
  }

  static Rendered renderDefaults() {
    return render("{}");
  }

  /** Helm's error for these values; fails the test when Helm renders them. */
  static String refusal(String values) {
    try {
      String out = helm().template().withName(RELEASE).withNamespace(NAMESPACE).withValuesFile(valuesFile(values))
          .call();
      throw new AssertionError("Helm rendered values it should refuse:\n" + values + "\n---\n" + out);
    } catch (IllegalStateException e) {
      return e.getMessage();
    }
  }

  static List<JsonNode> parseAll(String yaml) {
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      List<JsonNode> objects = new ArrayList<>();
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc != null && !doc.isNull() && !doc.isEmpty()) {
          objects.add(doc);
        }
      }
      return objects;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path valuesFile(String values) {
    try {
      Path file = Files.createTempFile("vaultgate-values", ".yaml");
      file.toFile().deleteOnExit();
      Files.writeString(file, values);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The objects of one render. */
  record Rendered(List<JsonNode> objects) {

    Stream<JsonNode> ofKind(String kind) {
      return objects.stream().filter(o -> kind.equals(o.path("kind").asText()));
    }

    Optional<JsonNode> find(String kind, String name, String namespace) {
      return ofKind(kind).filter(o -> name.equals(o.path("metadata").path("name").asText()))
          .filter(o -> Objects.equals(namespace, namespaceOf(o)))
          .findFirst();
    }

    JsonNode get(String kind, String name, String namespace) {
      return find(kind, name, namespace).orElseThrow(() -> new AssertionError(
          "no " + kind + " " + (namespace == null ? "" : namespace + "/") + name + " in " + summary()));
    }

    JsonNode deployment() {
      return get("Deployment", RELEASE, NAMESPACE);
    }

    JsonNode podSpec() {
      return deployment().path("spec").path("template").path("spec");
    }

    JsonNode container() {
      JsonNode containers = podSpec().path("containers");
      if (containers.size() != 1) {
        throw new AssertionError("expected one container: " + containers);
      }
      return containers.get(0);
    }

    /** The container's environment variable of this name, or a missing node. */
    JsonNode env(String name) {
      for (JsonNode e : container().path("env")) {
        if (name.equals(e.path("name").asText())) {
          return e;
        }
      }
      return MissingNode.getInstance();
    }

    static String nameOf(JsonNode object) {
      return object.path("metadata").path("name").asText();
    }

    /** The object's namespace, or null for a cluster-scoped one. */
    static String namespaceOf(JsonNode object) {
      return object.path("metadata").path("namespace").asText(null);
    }

    List<String> summary() {
      return objects.stream().map(o -> o.path("kind").asText() + " "
          + (o.path("metadata").has("namespace") ? o.path("metadata").path("namespace").asText() + "/" : "")
          + o.path("metadata").path("name").asText()).toList();
    }
  }
}
