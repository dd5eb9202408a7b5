package io.vaultgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checked-in CRDs must be what the Java types generate, one file per kind. The build's CRD generator writes
 * {@code target/classes/META-INF/fabric8} (it finds every {@code CustomResource} class); this test puts the printer
 * columns in the order the annotations declare them (the generator sorts them by JSON path) and compares with
 * {@code crds/}. Run with {@code -Dvaultgate.updateCrds=true} to rewrite the checked-in files.
 */
class CrdFileTest {

  /** Every kind vaultgate serves; crds/ holds exactly their files. */
  static final List<Class<? extends CustomResource<?, ?>>> KINDS = List.of(PrivateVaultAccess.class,
      AgentIpGrant.class);

  static String file(Class<? extends CustomResource<?, ?>> kind) {
    return HasMetadata.getFullResourceName(kind) + "-v1.yml";
  }

  static String expectedCrd(Class<? extends CustomResource<?, ?>> kind) throws Exception {
    YAMLMapper yaml = new YAMLMapper(new YAMLFactory()
        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
        .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));
    JsonNode crd = yaml.readTree(Files.readString(Path.of("target/classes/META-INF/fabric8", file(kind))));
    for (JsonNode version : crd.path("spec").path("versions")) {
      ArrayNode columns = (ArrayNode) version.path("additionalPrinterColumns");
      List<JsonNode> ordered = new ArrayList<>();
      for (AdditionalPrinterColumn declared : kind.getAnnotationsByType(AdditionalPrinterColumn.class)) {
        for (JsonNode column : columns) {
          if (column.path("name").asText().equals(declared.name())) {
            ordered.add(column);
          }
        }
      }
      assertThat(ordered).hasSameSizeAs(columns);
      ((ObjectNode) version).putArray("additionalPrinterColumns").addAll(ordered);
    }
    return "# Generated from " + kind.getName() + " by the build (CrdFileTest); do not edit.\n"
        + yaml.writeValueAsString(crd);
  }

  @Test
  void checkedInCrdsMatchTheJavaTypes() throws Exception {
    for (Class<? extends CustomResource<?, ?>> kind : KINDS) {
      Path checkedIn = Path.of("crds", file(kind));
      String expected = expectedCrd(kind);
      if (Boolean.getBoolean("vaultgate.updateCrds")) {
        Files.writeString(checkedIn, expected);
      }
      assertThat(checkedIn).as("crds/ is stale: run mvn -B test -Dtest=CrdFileTest -Dvaultgate.updateCrds=true")
          .exists();
      assertThat(Files.readString(checkedIn))
          .as("crds/%s is stale: run mvn -B test -Dtest=CrdFileTest -Dvaultgate.updateCrds=true", file(kind))
          .isEqualTo(expected);
    }
    try (var files = Files.list(Path.of("crds"))) {
      assertThat(files.map(p -> p.getFileName().toString())).as("crds/ holds one file per kind, no other")
          .containsExactlyInAnyOrderElementsOf(KINDS.stream().map(CrdFileTest::file).toList());
    }
  }

  @Test
  void printerColumnsAreInTheDocumentedOrder() throws Exception {
    assertThat(columns(PrivateVaultAccess.class)).containsExactly("Vault", "Geography", "Mode", "Ready", "Reason",
        "Age");
    assertThat(columns(AgentIpGrant.class)).containsExactly("Access", "Vault", "Address", "Expires", "Ready",
        "Reason", "Age");
    assertThat(shortName(PrivateVaultAccess.class)).isEqualTo("pva");
    assertThat(shortName(AgentIpGrant.class)).isEqualTo("aig");
  }

  @Test
  void aGrantsSpecIsImmutableSoItsExpiryCannotBeMoved() throws Exception {
    JsonNode crd = new YAMLMapper().readTree(Files.readString(Path.of("crds", file(AgentIpGrant.class))));
    JsonNode rule = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/x-kubernetes-validations/0");
    assertThat(rule.path("rule").asText()).isEqualTo("self == oldSelf");
    assertThat(rule.path("message").asText()).contains("immutable");
  }

  static List<String> columns(Class<? extends CustomResource<?, ?>> kind) throws Exception {
    JsonNode crd = new YAMLMapper().readTree(Files.readString(Path.of("crds", file(kind))));
    List<String> names = new ArrayList<>();
    crd.path("spec").path("versions").get(0).path("additionalPrinterColumns")
        .forEach(c -> names.add(c.path("name").asText()));
    return names;
  }

  static String shortName(Class<? extends CustomResource<?, ?>> kind) throws Exception {
    JsonNode crd = new YAMLMapper().readTree(Files.readString(Path.of("crds", file(kind))));
    return crd.path("spec").path("names").path("shortNames").get(0).asText();
  }
}
