package io.vaultgate.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Applies manifests as {@code kubectl apply -f} would for the sandbox's {@code --apply}: every object in a file,
 * or in each {@code .yaml}, {@code .yml} or {@code .json} file of a directory (by name; not recursive), is created,
 * or merged into the object of the same name. Documents that are not Kubernetes objects are skipped.
 */
final class Manifests {

  /** One applied object. */
  record Applied(String apiVersion, String kind, String namespace, String name, boolean created) {
  }

  private static final YAMLMapper YAML = new YAMLMapper();

  private Manifests() {
  }

  /** @param defaultNamespace for namespaced objects that name none, as the kubeconfig's namespace would be */
  static List<Applied> apply(KubernetesClient client, ApiCatalog catalog, Path path, String defaultNamespace) {
    List<Applied> applied = new ArrayList<>();
    for (Path file : files(path)) {
      for (JsonNode document : documents(file)) {
        if (document.path("apiVersion").isTextual() && document.path("kind").isTextual()) {
          try {
            applied.add(apply(client, catalog, document, defaultNamespace));
          } catch (KubernetesClientException e) {
            String reason = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : e.getMessage();
            throw new IllegalArgumentException("cannot apply " + file + ": " + reason, e);
          }
        }
      }
    }
    return applied;
  }

  private static List<Path> files(Path path) {
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> entries = Files.list(path)) {
      return entries.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().matches(".*\\.(ya?ml|json)"))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<JsonNode> documents(Path file) {
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      List<JsonNode> all = new ArrayList<>();
      docs.forEachRemaining(d -> {
        if (d != null && !d.isMissingNode() && !d.isNull()) {
          all.add(d);
        }
      });
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static Applied apply(KubernetesClient client, ApiCatalog catalog, JsonNode document,
                               String defaultNamespace) {
    GenericKubernetesResource object = client.getKubernetesSerialization()
        .convertValue(document, GenericKubernetesResource.class);
    String apiVersion = object.getApiVersion();
    ApiResource type = catalog.all().stream()
        .filter(r -> r.groupVersion().equals(apiVersion) && r.kind().equals(object.getKind())).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no kind " + object.getKind() + " in version " + apiVersion
            + " is served by the sandbox"));
    var resources = client.genericKubernetesResources(new ResourceDefinitionContext.Builder()
        .withGroup(type.group()).withVersion(type.version()).withPlural(type.plural()).withKind(type.kind())
        .withNamespaced(type.namespaced()).build());
    String namespace = null;
    if (type.namespaced()) {
      namespace = object.getMetadata().getNamespace() == null ? defaultNamespace : object.getMetadata().getNamespace();
      object.getMetadata().setNamespace(namespace);
    }
    String name = object.getMetadata().getName();
    try {
      resources.resource(object).fieldValidation(FieldValidateable.Validation.STRICT).create();
      return new Applied(apiVersion, object.getKind(), namespace, name, true);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      // Merge, so that what others added (the operator's finalizer, labels) stays.
      (namespace == null ? resources.withName(name) : resources.inNamespace(namespace).withName(name))
          .fieldValidation(FieldValidateable.Validation.STRICT)
          .patch(PatchContext.of(PatchType.JSON_MERGE), client.getKubernetesSerialization().asJson(object));
      return new Applied(apiVersion, object.getKind(), namespace, name, false);
    }
  }
}
