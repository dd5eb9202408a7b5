package io.vaultgate.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checked-in CRD must be what the Java types generate. The build's CRD generator writes
 * {@code target/classes/META-INF/fabric8}; this test puts the printer columns in the order the annotations declare
 * them (the generator sorts them by JSON path) and compares with {@code crds/}. Run with
 * {@code -Dvaultgate.updateCrds=true} to rewrite the checked-in file.
 */
class CrdFileTest {

  static final String FILE = "privatevaultaccesses.vaultgate.io-v1.yml";
  static final Path GENERATED = Path.of("target/classes/META-INF/fabric8", FILE);
  static final Path CHECKED_IN = Path.of("crds", FILE);

  static String expectedCrd() throws Exception {
    YAMLMapper yaml = new YAMLMapper(new YAMLFactory()
        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
        .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));
    JsonNode crd = yaml.readTree(Files.readString(GENERATED));
    for (JsonNode version : crd.path("spec").path("versions")) {
      ArrayNode columns = (ArrayNode) version.path("additionalPrinterColumns");
      List<JsonNode> ordered = new ArrayList<>();
      for (AdditionalPrinterColumn declared : PrivateVaultAccess.class
          .getAnnotationsByType(AdditionalPrinterColumn.class)) {
        for (JsonNode column : columns) {
          if (column.path("name").asText().equals(declared.name())) {
            ordered.add(column);
          }
        }
      }
      assertThat(ordered).hasSameSizeAs(columns);
      ((ObjectNode) version).putArray("additionalPrinterColumns").addAll(ordered);
    }
    return "# Generated from io.vaultgate.api.PrivateVaultAccess by the build (CrdFileTest); do not edit.\n"
        + yaml.writeValueAsString(crd);
  }

  @Test
  void checkedInCrdMatchesTheJavaTypes() throws Exception {
    String expected = expectedCrd();
    if (Boolean.getBoolean("vaultgate.updateCrds")) {
      Files.writeString(CHECKED_IN, expected);
    }
    assertThat(CHECKED_IN).as("crds/ is stale: run mvn -B test -Dtest=CrdFileTest -Dvaultgate.updateCrds=true")
        .exists();
    assertThat(Files.readString(CHECKED_IN))
        .as("crds/%s is stale: run mvn -B test -Dtest=CrdFileTest -Dvaultgate.updateCrds=true", FILE)
        .isEqualTo(expected);
  }

  @Test
  void printerColumnsAreInTheDocumentedOrder() throws Exception {
    JsonNode crd = new YAMLMapper().readTree(Files.readString(CHECKED_IN));
    List<String> names = new ArrayList<>();
    crd.path("spec").path("versions").get(0).path("additionalPrinterColumns")
        .forEach(c -> names.add(c.path("name").asText()));
    assertThat(names).containsExactly("Vault", "Geography", "Mode", "Ready", "Reason", "Age");
    assertThat(crd.path("spec").path("names").path("shortNames").get(0).asText()).isEqualTo("pva");
  }
}
