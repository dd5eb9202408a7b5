package io.vaultgate.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * kubectl apply patches core objects (namespaces, secrets) with a strategic merge patch, which the mock rejects.
 * For objects without merge-keyed lists such a patch is a JSON merge patch plus ordering hints; those are
 * translated, anything using other directives is refused rather than applied wrongly.
 */
final class StrategicMergePatch {

  private static final String ORDER_HINT = "$setElementOrder/";

  private StrategicMergePatch() {
  }

  /** The equivalent merge patch, or empty if the patch uses directives a merge patch cannot express. */
  static Optional<byte[]> asMergePatch(byte[] strategic) {
    try {
      JsonNode patch = Json.MAPPER.readTree(strategic);
      return plain(patch) ? Optional.of(Json.MAPPER.writeValueAsBytes(patch)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Drops ordering hints in place; false on any other directive. */
  private static boolean plain(JsonNode node) {
    if (node.isArray()) {
      for (JsonNode element : node) {
        if (!plain(element)) {
          return false;
        }
      }
    }
    if (!node.isObject()) {
      return true;
    }
    List<String> hints = new ArrayList<>();
    for (var it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (field.startsWith(ORDER_HINT)) {
        hints.add(field);
      } else if (field.startsWith("$") || !plain(node.get(field))) {
        return false;
      }
    }
    ((ObjectNode) node).remove(hints);
    return true;
  }
}
