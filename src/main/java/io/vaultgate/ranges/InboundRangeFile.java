package io.vaultgate.ranges;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultgate.model.InboundRangeTable;
import io.vaultgate.model.Ipv4Range;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Azure DevOps ranges table: the copy built into the jar, or a replacement file the operator is pointed
 * at. The whole file is checked (public IPv4 networks only), so that a bad edit fails at start-up, not mid-reconcile.
 */
public final class InboundRangeFile {

  static final String BUILT_IN = "/io/vaultgate/ranges/azure-devops-inbound.json";

  private InboundRangeFile() {
  }

  public static InboundRangeTable builtIn() {
    try (InputStream in = InboundRangeFile.class.getResourceAsStream(BUILT_IN)) {
      if (in == null) {
        throw new IllegalStateException("built-in ranges table missing from the classpath: " + BUILT_IN);
      }
      return parse(new ObjectMapper().readTree(in), "built-in table");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a replacement table. */
  public static InboundRangeTable load(Path file) throws IOException {
    return parse(new ObjectMapper().readTree(Files.readAllBytes(file)), file.toString());
  }

  static InboundRangeTable parse(JsonNode root, String origin) {
    String version = text(root, "version", origin);
    String source = root.path("source").asText("");
    JsonNode geos = root.path("geographies");
    if (!geos.isObject() || geos.isEmpty()) {
      throw new IllegalArgumentException(origin + ": 'geographies' must be a non-empty object");
    }
    Map<String, List<InboundRangeTable.InboundRange>> table = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = geos.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> geo = it.next();
      List<InboundRangeTable.InboundRange> ranges = new ArrayList<>();
      for (JsonNode entry : geo.getValue()) {
        String where = origin + ": geography " + geo.getKey();
        Ipv4Range range;
        try {
          range = Ipv4Range.parse(text(entry, "range", where));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        if (range.hasHostBits() || range.reservedBlock().isPresent()) {
          throw new IllegalArgumentException(where + ": " + range + " is not a public network range");
        }
        ranges.add(new InboundRangeTable.InboundRange(text(entry, "region", where), range));
      }
      if (ranges.isEmpty()) {
        throw new IllegalArgumentException(origin + ": geography " + geo.getKey() + " lists no ranges");
      }
      table.put(geo.getKey(), List.copyOf(ranges));
    }
    return new InboundRangeTable(version, source, table);
  }

  private static String text(JsonNode node, String field, String where) {
    String value = node.path(field).asText("");
    if (value.isBlank()) {
      throw new IllegalArgumentException(where + ": '" + field + "' is required");
    }
    return value;
  }
}
