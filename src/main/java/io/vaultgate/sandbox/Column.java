package io.vaultgate.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * One column of a server-side Table ({@code kubectl get}): its definition and how to read its cell from an object.
 *
 * @param type a Table column type: string, integer, number, boolean or date
 * @param format "name" for the object's name column, else empty
 * @param priority 0 always shown; higher only with {@code -o wide}
 */
record Column(String name, String type, String format, int priority, String description, Cell cell) {

  /** Reads a cell; null prints as {@code <none>}. */
  @FunctionalInterface
  interface Cell {
    Object read(JsonNode object, Instant now);
  }

  static Column objectName() {
    return new Column("Name", "string", "name", 0, "Name must be unique within a namespace.",
        (o, now) -> o.path("metadata").path("name").asText());
  }

  static Column age() {
    return new Column("Age", "date", "", 0, "When the object was created.",
        (o, now) -> ageOf(o.path("metadata").path("creationTimestamp"), now));
  }

  static Column text(String name, int priority, String description, Cell cell) {
    return new Column(name, "string", "", priority, description, cell);
  }

  /**
   * A CRD's additionalPrinterColumns entry, rendered as the API server does: the first value the path selects,
   * dates as ages, anything that does not fit the declared type as no value.
   */
  static Column printerColumn(String name, String type, String format, int priority, String description,
                              String jsonPath) {
    PrinterPath path = PrinterPath.parse(jsonPath);
    return new Column(name, type, format == null ? "" : format, priority, description == null ? "" : description,
        (o, now) -> {
          List<JsonNode> found = path.evaluate(o);
          return found.isEmpty() ? null : typed(type, found.get(0), now);
        });
  }

  static String ageOf(JsonNode timestamp, Instant now) {
    return timestamp.isTextual() ? HumanAge.since(timestamp.asText(), now) : "<unknown>";
  }

  private static Object typed(String type, JsonNode value, Instant now) {
    if (value.isNull() || value.isMissingNode()) {
      return null;
    }
    return switch (type) {
      case "integer" -> value.isNumber() ? value.asLong() : null;
      case "number" -> value.isNumber() ? value.asDouble() : null;
      case "boolean" -> value.isBoolean() ? value.asBoolean() : null;
      case "date" -> ageOf(value, now);
      default -> value.isValueNode() ? value.asText() : value.toString();
    };
  }
}
