package io.vaultgate.ranges;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultgate.plan.Ipv4Range;
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
import java.util.Optional;

/**
 * The IPv4 ranges Azure DevOps uses to reach customer resources, per geography. Microsoft changes this list, so it
 * is versioned data (a JSON file with its source date), not code: the built-in copy can be replaced by a file the
 * operator is pointed at, and every resource's status says which version it was converged with.
 */
public record InboundRangeTable(String version, String source, Map<String, List<InboundRange>> geographies) {

  static final String BUILT_IN = "/io/vaultgate/ranges/azure-devops-inbound.json";

  /** One range with the region Microsoft lists it under. */
  public record InboundRange(String region, Ipv4Range range) {
  }

  public InboundRangeTable {
    geographies = Map.copyOf(geographies);
  }

  /** The ranges of a geography; empty when the table does not list it. */
  public Optional<List<InboundRange>> rangesOf(String geography) {
    return Optional.ofNullable(geographies.get(geography));
  }

  public static InboundRangeTable builtIn() {
    try (InputStream in = InboundRangeTable.class.getResourceAsStream(BUILT_IN)) {
      if (in == null) {
        throw new IllegalStateException("built-in ranges table missing from the classpath: " + BUILT_IN);
      }
      return parse(new ObjectMapper().readTree(in), "built-in table");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a replacement table; the whole file is checked so that a bad edit fails at start-up, not mid-reconcile. */
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
    Map<String, List<InboundRange>> table = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = geos.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> geo = it.next();
      List<InboundRange> ranges = new ArrayList<>();
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
        ranges.add(new InboundRange(text(entry, "region", where), range));
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
