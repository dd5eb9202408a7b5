package io.vaultgate.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Server-side printing: the {@code meta.k8s.io/v1} Table the API server returns when kubectl asks for
 * {@code application/json;as=Table;v=v1;g=meta.k8s.io}, and the same table as kubectl prints it.
 */
final class Tables {

  static final String MEDIA_TYPE = "application/json;as=Table;v=v1;g=meta.k8s.io";

  /** What each row carries besides its cells ({@code ?includeObject=}); kubectl reads the namespace from it. */
  enum Include {
    None, Metadata, Object;

    static Include parse(String value) {
      return value == null || value.isEmpty() ? Metadata : Include.valueOf(value);
    }
  }

  private Tables() {
  }

  /** Whether an Accept header asks for a Table. */
  static boolean wanted(String accept) {
    return accept != null && accept.replace(" ", "").contains("as=Table");
  }

  /**
   * @param withColumns false for the second and later events of a watch, which carry rows only
   */
  static ObjectNode table(ApiResource resource, List<JsonNode> objects, String resourceVersion, Include include,
                          boolean withColumns, Instant now) {
    ObjectNode table = Json.MAPPER.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
    ObjectNode metadata = table.putObject("metadata");
    if (resourceVersion != null) {
      metadata.put("resourceVersion", resourceVersion);
    }
    ArrayNode columns = table.putArray("columnDefinitions");
    if (withColumns) {
      for (Column c : resource.columns()) {
        columns.addObject().put("name", c.name()).put("type", c.type()).put("format", c.format())
            .put("description", c.description()).put("priority", c.priority());
      }
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (Column c : resource.columns()) {
        cells.addPOJO(c.cell().read(object, now));
      }
      switch (include) {
        case Object -> row.set("object", object);
        case Metadata -> row.putObject("object").put("kind", "PartialObjectMetadata")
            .put("apiVersion", "meta.k8s.io/v1").set("metadata", object.path("metadata"));
        case None -> { }
      }
    }
    return table;
  }

  /**
   * The table as {@code kubectl get} prints it: upper-case headers of the always-shown columns, missing values
   * as {@code <none>}, columns three spaces apart; with {@code namespaced}, a NAMESPACE column first.
   */
  static String text(ObjectNode table, boolean namespaced) {
    List<Integer> shown = new ArrayList<>();
    List<List<String>> lines = new ArrayList<>();
    List<String> header = new ArrayList<>();
    if (namespaced) {
      header.add("NAMESPACE");
    }
    JsonNode definitions = table.path("columnDefinitions");
    for (int i = 0; i < definitions.size(); i++) {
      if (definitions.get(i).path("priority").asInt() == 0) {
        shown.add(i);
        header.add(definitions.get(i).path("name").asText().toUpperCase(Locale.ROOT));
      }
    }
    lines.add(header);
    for (JsonNode row : table.path("rows")) {
      List<String> line = new ArrayList<>();
      if (namespaced) {
        line.add(row.path("object").path("metadata").path("namespace").asText());
      }
      for (int i : shown) {
        JsonNode cell = row.path("cells").path(i);
        line.add(cell.isNull() || cell.isMissingNode() ? "<none>" : cell.asText());
      }
      lines.add(line);
    }
    return align(lines);
  }

  private static String align(List<List<String>> lines) {
    int[] widths = new int[lines.get(0).size()];
    for (List<String> line : lines) {
      for (int i = 0; i < line.size(); i++) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> line : lines) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < line.size(); i++) {
        text.append(i == line.size() - 1 ? line.get(i) : String.format("%-" + (widths[i] + 3) + "s", line.get(i)));
      }
      out.append(text.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
