package io.vaultgate.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultgate.api.PrivateVaultAccess;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrinterPathTest {

  static final JsonNode OBJECT = json("""
      {"metadata": {"name": "a", "labels": {"app.kubernetes.io/name": "x"}},
       "spec": {"ranges": ["1.2.3.0/24", "5.6.7.8/32"]},
       "status": {"conditions": [
         {"type": "Reconciling", "status": "False", "reason": "Done"},
         {"type": "Ready", "status": "True", "reason": "Converged", "observedGeneration": 2}]}}
      """);

  static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static List<String> texts(String path) {
    return PrinterPath.parse(path).evaluate(OBJECT).stream().map(JsonNode::asText).toList();
  }

  @Test
  void fieldsIndexesAndWildcards() {
    assertThat(texts(".metadata.name")).containsExactly("a");
    assertThat(texts(".spec.ranges[1]")).containsExactly("5.6.7.8/32");
    assertThat(texts(".spec.ranges[-1]")).containsExactly("5.6.7.8/32");
    assertThat(texts(".spec.ranges[*]")).containsExactly("1.2.3.0/24", "5.6.7.8/32");
    assertThat(texts(".metadata.labels['app.kubernetes.io/name']")).containsExactly("x");
    assertThat(texts("{.metadata.name}")).containsExactly("a");
  }

  @Test
  void equalityFiltersAsInPrinterColumns() {
    assertThat(texts(".status.conditions[?(@.type==\"Ready\")].reason")).containsExactly("Converged");
    assertThat(texts(".status.conditions[?(@.type=='Ready')].status")).containsExactly("True");
    assertThat(texts(".status.conditions[?(@.type!=\"Ready\")].type")).containsExactly("Reconciling");
    assertThat(texts(".status.conditions[?(@.observedGeneration==2)].type")).containsExactly("Ready");
  }

  @Test
  void missingPathsSelectNothing() {
    assertThat(texts(".spec.mode")).isEmpty();
    assertThat(texts(".spec.ranges[7]")).isEmpty();
    assertThat(texts(".status.conditions[?(@.type==\"Stalled\")].reason")).isEmpty();
  }

  @Test
  void syntaxOutsideTheSubsetIsRefused() {
    assertThatThrownBy(() -> PrinterPath.parse(".a[?(@.b > 1)]")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PrinterPath.parse("a.b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fieldSelectorsMatchNestedFields() {
    JsonNode event = json("""
        {"type": "Warning", "involvedObject": {"kind": "PrivateVaultAccess", "name": "a"}}""");
    assertThat(FieldSelector.parse("involvedObject.name=a,involvedObject.kind==PrivateVaultAccess").matches(event))
        .isTrue();
    assertThat(FieldSelector.parse("involvedObject.name=b").matches(event)).isFalse();
    assertThat(FieldSelector.parse("type!=Normal").matches(event)).isTrue();
    assertThat(FieldSelector.parse(null).matches(event)).isTrue();
  }
}
