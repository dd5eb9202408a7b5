package io.vaultgate.sandbox;

import static io.vaultgate.sandbox.PrinterPathTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Pruning and defaulting as the API server applies a CRD's structural schema. */
class StructuralSchemaTest {

  static final JsonNode SCHEMA = json("""
      {"type": "object", "properties": {
        "spec": {"type": "object", "properties": {
          "mode": {"type": "string", "default": "Apply"},
          "network": {"type": "object", "properties": {
            "inbound": {"type": "boolean", "default": true},
            "rules": {"type": "array", "items": {"type": "object", "properties": {
              "value": {"type": "string"}, "action": {"type": "string", "default": "Allow"}}}}}},
          "labels": {"type": "object", "additionalProperties": {"type": "string"}},
          "free": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}},
        "status": {"type": "object"}}}""");

  @Test
  void undeclaredFieldsAreRemovedAndNamed() {
    ObjectNode object = (ObjectNode) json("""
        {"apiVersion": "v1", "kind": "K", "metadata": {"name": "a", "anything": 1},
         "spec": {"colour": "blue", "network": {"rules": [{"value": "1.2.3.4", "port": 443}]},
                  "labels": {"any": "thing"}, "free": {"whatever": {"deep": true}}},
         "extra": 1}""");
    assertThat(StructuralSchema.prune(object, SCHEMA))
        .containsExactlyInAnyOrder("spec.colour", "spec.network.rules[0].port", "extra");
    assertThat(object).isEqualTo(json("""
        {"apiVersion": "v1", "kind": "K", "metadata": {"name": "a", "anything": 1},
         "spec": {"network": {"rules": [{"value": "1.2.3.4"}]}, "labels": {"any": "thing"},
                  "free": {"whatever": {"deep": true}}}}"""));
  }

  @Test
  void defaultsAreFilledInsideEveryObjectPresent() {
    JsonNode object = json("{\"spec\": {\"network\": {\"rules\": [{\"value\": \"1.2.3.4\"}]}}}");
    StructuralSchema.applyDefaults(object, SCHEMA);
    assertThat(object).isEqualTo(json("""
        {"spec": {"mode": "Apply",
                  "network": {"inbound": true, "rules": [{"value": "1.2.3.4", "action": "Allow"}]}}}"""));

    JsonNode empty = json("{}");
    StructuralSchema.applyDefaults(empty, SCHEMA);
    assertThat(empty).as("no spec, no defaults inside it").isEqualTo(json("{}"));
  }
}
