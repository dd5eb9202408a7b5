package io.vaultgate.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the API server does to a custom resource written to it, from its CRD's structural schema: fields the
 * schema does not declare are dropped (or, when kubectl asks for strict validation, refused), and declared
 * defaults are filled in, so that {@code kubectl get} shows {@code mode: Apply} for a manifest that left it out.
 */
final class StructuralSchema {

  /** Always allowed at the top of an object, whatever its schema says. */
  private static final Set<String> ROOT_FIELDS = Set.of("apiVersion", "kind", "metadata");

  private StructuralSchema() {
  }

  /** Removes the fields the schema does not declare; their paths ({@code spec.foo}), for errors and warnings. */
  static List<String> prune(ObjectNode object, JsonNode schema) {
    List<String> unknown = new ArrayList<>();
    pruneObject(object, schema, "", true, unknown);
    return unknown;
  }

  private static void prune(JsonNode value, JsonNode schema, String path, List<String> unknown) {
    if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      return;
    }
    if (value.isObject()) {
      pruneObject((ObjectNode) value, schema, path, false, unknown);
    } else if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        prune(value.get(i), schema.get("items"), path + "[" + i + "]", unknown);
      }
    }
  }

  private static void pruneObject(ObjectNode object, JsonNode schema, String path, boolean root,
                                  List<String> unknown) {
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.path("additionalProperties");
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
      if (root && ROOT_FIELDS.contains(field.getKey())) {
        continue;
      }
      if (properties.has(field.getKey())) {
        prune(field.getValue(), properties.get(field.getKey()), fieldPath, unknown);
      } else if (additional.isObject()) {
        prune(field.getValue(), additional, fieldPath, unknown);
      } else if (!additional.asBoolean(false)) {
        unknown.add(fieldPath);
        it.remove();
      }
    }
  }

  /** Fills in the defaults of absent fields, inside every object present, as the API server does. */
  static void applyDefaults(JsonNode value, JsonNode schema) {
    if (value.isObject()) {
      ObjectNode object = (ObjectNode) value;
      for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> property = it.next();
        if (!object.has(property.getKey()) && property.getValue().has("default")) {
          object.set(property.getKey(), property.getValue().get("default").deepCopy());
        }
        if (object.has(property.getKey())) {
          applyDefaults(object.get(property.getKey()), property.getValue());
        }
      }
      if (schema.path("additionalProperties").isObject()) {
        object.forEach(v -> applyDefaults(v, schema.get("additionalProperties")));
      }
    } else if (value.isArray() && schema.has("items")) {
      ((ArrayNode) value).forEach(v -> applyDefaults(v, schema.get("items")));
    }
  }
}
