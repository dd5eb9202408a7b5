package io.vaultgate.validate;

import io.vaultgate.model.AgentRegions;
import io.vaultgate.model.Geography;
import io.vaultgate.model.Ipv4Range;
import io.vaultgate.model.ServiceTag;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether an address is a plausible Microsoft-hosted agent of an organization: inside one of the {@code AzureCloud}
 * service tags of the regions of its geography ({@link AgentRegions}), as Azure publishes them. Pure: the tags are
 * read elsewhere.
 */
public final class AgentAddressCheck {

  static final String AZURE_CLOUD = "AzureCloud";

  private AgentAddressCheck() {
  }

  /** The problem, naming the address and the geography; empty when the address is inside the geography's ranges. */
  public static Optional<String> problem(Ipv4Range address, Geography geography, ServiceTag.Published published) {
    List<String> regions = AgentRegions.of(geography);
    List<ServiceTag> tags = published.tags().stream().filter(t -> regionalAzureCloud(t, regions)).toList();
    boolean inside = tags.stream().flatMap(t -> t.addressPrefixes().stream()).map(AgentAddressCheck::ipv4)
        .flatMap(Optional::stream).anyMatch(prefix -> prefix.prefix() <= address.prefix() && prefix.overlaps(address));
    if (inside) {
      return Optional.empty();
    }
    String address32 = address.toString().replace("/32", "");
    return Optional.of("spec.ipAddress: " + address32 + " is not in Azure's published ranges of geography "
        + geography + " (" + (tags.isEmpty() ? "no AzureCloud service tag of its regions " + String.join(", ",
        regions) + " was published" : tags.size() + " AzureCloud service tags: " + String.join(", ",
        tags.stream().map(ServiceTag::name).toList())) + "; change number " + published.changeNumber()
        + "), where the organization's Microsoft-hosted agents run");
  }

  /** {@code AzureCloud.<region>} of one of the regions. */
  private static boolean regionalAzureCloud(ServiceTag tag, List<String> regions) {
    String name = tag.name() == null ? "" : tag.name();
    if (!name.startsWith(AZURE_CLOUD + ".")) {
      return false;
    }
    String region = tag.region() == null || tag.region().isBlank() ? name.substring(AZURE_CLOUD.length() + 1)
        : tag.region();
    return regions.contains(region.toLowerCase(Locale.ROOT));
  }

  /** A published IPv4 prefix; IPv6 ones (and anything unreadable) are not. */
  private static Optional<Ipv4Range> ipv4(String prefix) {
    try {
      return Optional.of(Ipv4Range.parse(prefix));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
