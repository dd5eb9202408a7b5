package io.vaultgate.simulator.arm.network;

import java.util.List;

/**
 * One published service tag: {@code AzureCloud.eastus}, {@code AzureKeyVault.EastUS}, {@code AzureDevOps} ...
 *
 * @param region lower case without spaces, empty for a tag spanning every region
 * @param systemService empty for the {@code AzureCloud} tags
 */
public record SimServiceTag(String name, String region, String systemService, String changeNumber,
    List<String> addressPrefixes) {

  public SimServiceTag {
    addressPrefixes = List.copyOf(addressPrefixes);
  }
}
