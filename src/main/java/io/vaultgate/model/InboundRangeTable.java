package io.vaultgate.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The IPv4 ranges Azure DevOps uses to reach customer resources, per geography, as one versioned table. Microsoft
 * changes this list, so it is data, not code; every resource's status says which version it was converged with.
 */
public record InboundRangeTable(String version, String source, Map<String, List<InboundRange>> geographies) {

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
}
