package io.vaultgate.simulator.arm.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The service tags the simulated Azure publishes: a small, realistic sample of the public cloud's weekly list (a few
 * real-looking prefixes of {@code AzureCloud.<region>} for the regions of every Azure DevOps geography, each holding
 * that region's Azure DevOps inbound range, some IPv6 prefixes, the global {@code AzureCloud} tag as their union, and
 * two service tags), not the full list. A test (or the sandbox) may publish another list, as Microsoft does weekly.
 */
public final class ServiceTagRegistry {

  /** Where a list holds more values than this, the API answers in pages linked by {@code nextLink}. */
  public static final int DEFAULT_PAGE_SIZE = 1000;

  private static final Map<String, List<String>> SEEDED = new LinkedHashMap<>();

  static {
    seed("centralus", "13.89.0.0/16", "20.37.128.0/18", "52.165.128.0/17", "2603:1030:10::/47");
    seed("eastus", "13.82.0.0/16", "20.42.0.0/17", "40.71.0.0/16", "52.168.0.0/14", "2603:1030:210::/47");
    seed("eastus2", "20.41.0.0/18", "40.70.0.0/18", "52.177.0.0/16");
    seed("northcentralus", "40.80.184.0/21", "52.162.0.0/16");
    seed("southcentralus", "13.65.0.0/16", "40.119.0.0/18");
    seed("westcentralus", "13.71.192.0/18", "52.150.128.0/17");
    seed("westus", "13.64.0.0/16", "40.82.248.0/21");
    seed("westus2", "20.42.128.0/18", "52.183.0.0/17");
    seed("westus3", "20.125.0.0/17", "20.150.30.0/24");
    seed("westeurope", "13.69.0.0/17", "40.74.0.0/18", "52.166.0.0/16", "2603:1020:200::/46");
    seed("northeurope", "13.69.128.0/17", "20.166.0.0/16");
    seed("francecentral", "20.40.128.0/19", "40.79.128.0/20");
    seed("uksouth", "51.104.0.0/19", "51.140.0.0/17");
    seed("ukwest", "51.141.0.0/17");
    seed("brazilsouth", "191.232.0.0/16", "191.235.0.0/16");
    seed("canadacentral", "52.228.0.0/17", "13.71.160.0/19");
    seed("australiaeast", "20.37.192.0/19", "13.70.64.0/18");
    seed("australiasoutheast", "20.42.224.0/19");
    seed("southeastasia", "20.195.64.0/18", "13.67.0.0/17");
    seed("centralindia", "20.204.192.0/19");
    seed("southindia", "20.41.192.0/18");
  }

  private static void seed(String region, String... prefixes) {
    SEEDED.put(region, List.of(prefixes));
  }

  private volatile String changeNumber;
  private volatile List<SimServiceTag> tags;
  private volatile int pageSize = DEFAULT_PAGE_SIZE;

  public ServiceTagRegistry() {
    List<SimServiceTag> seeded = new ArrayList<>();
    Set<String> all = new LinkedHashSet<>();
    SEEDED.values().forEach(all::addAll);
    seeded.add(new SimServiceTag("AzureCloud", "", "", "93", List.copyOf(all)));
    SEEDED.forEach((region, prefixes) -> seeded.add(new SimServiceTag("AzureCloud." + region, region, "", "41",
        prefixes)));
    seeded.add(new SimServiceTag("AzureDevOps", "", "AzureDevOps", "12", List.of("20.37.158.0/23",
        "52.150.138.0/24", "20.42.5.0/24", "20.41.6.0/23", "40.80.187.0/24", "40.119.10.0/24", "40.82.252.0/24",
        "20.42.134.0/23", "20.125.155.0/24", "40.74.28.0/23", "20.166.41.0/24", "51.104.26.0/24")));
    seeded.add(new SimServiceTag("AzureKeyVault.EastUS", "eastus", "AzureKeyVault", "9",
        List.of("40.71.10.200/29", "52.168.109.160/27")));
    publish("93", seeded);
  }

  /** Replaces the published list, as Microsoft's weekly update does. */
  public void publish(String changeNumber, List<SimServiceTag> tags) {
    this.tags = List.copyOf(tags);
    this.changeNumber = changeNumber;
  }

  public String changeNumber() {
    return changeNumber;
  }

  public List<SimServiceTag> tags() {
    return tags;
  }

  /** The regions the API accepts as its reference location: every region of the list. */
  public boolean knowsLocation(String location) {
    return tags.stream().anyMatch(t -> t.region().equals(location));
  }

  public int pageSize() {
    return pageSize;
  }

  /** How many values one page holds; a test sets a small one to see a client follow {@code nextLink}. */
  public void pageSize(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("page size must be positive: " + size);
    }
    this.pageSize = size;
  }
}
