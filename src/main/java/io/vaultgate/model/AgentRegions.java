package io.vaultgate.model;

import java.util.List;
import java.util.Map;

/**
 * The Azure regions a Microsoft-hosted agent of an organization may run in, per Azure DevOps geography. Microsoft:
 * "Your hosted agents run in the same Azure geography as your organization. Each geography contains one or more
 * regions, and while your agent may run in the same region as your organization, it is not guaranteed to do so ...
 * you must use the IP ranges from all of the regions that are contained in your geography", and "Due to capacity
 * restrictions ... If your organization is in the Brazil South region, your capacity fallback geography is United
 * States ... West Europe region, the capacity fallback geography is France" (MicrosoftDocs/azure-devops-docs,
 * docs/pipelines/agents/hosted.md, "Agent IP ranges"). Region names are as Azure's service tags spell them
 * ({@code properties.region} of {@code AzureCloud.<region>}). Pure data.
 */
public final class AgentRegions {

  private static final List<String> UNITED_STATES = List.of("centralus", "eastus", "eastus2", "northcentralus",
      "southcentralus", "westcentralus", "westus", "westus2", "westus3");

  private static final Map<Geography, List<String>> REGIONS = Map.of(
      Geography.AsiaPacific, List.of("southeastasia", "eastasia"),
      Geography.Australia, List.of("australiaeast", "australiasoutheast", "australiacentral", "australiacentral2"),
      Geography.Brazil, concat(List.of("brazilsouth", "brazilsoutheast"), UNITED_STATES),
      Geography.Canada, List.of("canadacentral", "canadaeast"),
      Geography.Europe, List.of("westeurope", "northeurope", "francecentral", "francesouth"),
      Geography.India, List.of("centralindia", "southindia", "westindia"),
      Geography.UnitedKingdom, List.of("uksouth", "ukwest"),
      Geography.UnitedStates, UNITED_STATES);

  private AgentRegions() {
  }

  /** The regions, the geography's own first (the first is used as the service tag API's reference location). */
  public static List<String> of(Geography geography) {
    return REGIONS.get(geography);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
