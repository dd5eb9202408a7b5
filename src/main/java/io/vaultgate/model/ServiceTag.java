package io.vaultgate.model;

import java.util.List;

/**
 * One entry of Azure's published service tags (Network's service tag discovery API): a name such as
 * {@code AzureCloud.eastus}, the region it covers (empty for a tag spanning every region) and its address prefixes,
 * as published (IPv4 and IPv6 CIDRs).
 */
public record ServiceTag(String name, String region, List<String> addressPrefixes) {

  public ServiceTag {
    addressPrefixes = List.copyOf(addressPrefixes);
  }

  /**
   * Every tag of one cloud, as read at one time.
   *
   * @param changeNumber the iteration of the whole list Azure reports, for messages
   */
  public record Published(String changeNumber, List<ServiceTag> tags) {
    public Published {
      tags = List.copyOf(tags);
    }
  }
}
