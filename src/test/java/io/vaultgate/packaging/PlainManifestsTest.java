package io.vaultgate.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultgate.packaging.Chart.Rendered;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * operator/ (for users without Helm) renders with {@code kubectl kustomize operator/} into the chart's default
 * objects plus the namespace and the CRD. kubectl is the one named by KUBECTL, else the one the project's e2e
 * tooling provides (e2e/install-kubectl.sh: the one on PATH, or a pinned download).
 */
class PlainManifestsTest {

  static List<JsonNode> kustomized;

  @BeforeAll
  static void kustomize() throws Exception {
    String out = run(List.of(kubectl(), "kustomize", "operator"));
    kustomized = Chart.parseAll(out);
  }

  @Test
  void areTheChartsDefaultObjects() {
    Map<String, JsonNode> plain = byKey(kustomized.stream()
        .filter(o -> !List.of("Namespace", "CustomResourceDefinition").contains(o.path("kind").asText())).toList());
    Map<String, JsonNode> chart = byKey(Chart.renderDefaults().objects());
    assertThat(plain.keySet()).isEqualTo(chart.keySet());
    chart.forEach((key, object) -> assertThat(normalised(plain.get(key))).as(key).isEqualTo(normalised(object)));
  }

  @Test
  void createTheNamespaceUnderTheRestrictedPodSecurityStandard() {
    JsonNode ns = only("Namespace");
    assertThat(ns.at("/metadata/name").asText()).isEqualTo(Chart.NAMESPACE);
    assertThat(ns.at("/metadata/labels/pod-security.kubernetes.io~1enforce").asText()).isEqualTo("restricted");
  }

  @Test
  void installTheGeneratedCrds() throws IOException {
    List<JsonNode> expected = new java.util.ArrayList<>();
    for (String file : CrdCopiesTest.names(Path.of("crds"))) {
      expected.add(Chart.YAML.readTree(Path.of("crds", file).toFile()));
    }
    assertThat(kustomized.stream().filter(o -> "CustomResourceDefinition".equals(o.path("kind").asText())))
        .containsExactlyInAnyOrderElementsOf(expected).hasSize(2);
  }

  static JsonNode only(String kind) {
    List<JsonNode> found = kustomized.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  static Map<String, JsonNode> byKey(List<JsonNode> objects) {
    Map<String, JsonNode> map = new TreeMap<>();
    for (JsonNode o : objects) {
      String key = o.path("kind").asText() + " " + Rendered.namespaceOf(o) + "/" + Rendered.nameOf(o);
      assertThat(map.put(key, o)).as("duplicate %s", key).isNull();
    }
    return map;
  }

  /** Without the labels only Helm sets (helm.sh/chart, app.kubernetes.io/managed-by). */
  static JsonNode normalised(JsonNode object) {
    ObjectNode copy = object.deepCopy();
    JsonNode labels = copy.path("metadata").path("labels");
    if (labels instanceof ObjectNode l) {
      l.remove(List.of("helm.sh/chart", "app.kubernetes.io/managed-by"));
    }
    return copy;
  }

  static String kubectl() throws Exception {
    String configured = System.getenv("KUBECTL");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    Path installer = Path.of("e2e/install-kubectl.sh");
    if (Files.exists(installer)) {
      return run(List.of("bash", installer.toString())).strip();
    }
    return "kubectl";
  }

  static String run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(300, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    assertThat(process.exitValue()).as("exit code of %s", command).isZero();
    return new String(out, StandardCharsets.UTF_8);
  }
}
