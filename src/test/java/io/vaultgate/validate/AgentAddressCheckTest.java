package io.vaultgate.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultgate.model.AgentRegions;
import io.vaultgate.model.Geography;
import io.vaultgate.model.Ipv4Range;
import io.vaultgate.model.ServiceTag;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class AgentAddressCheckTest {

  /** One AzureCloud tag per region of every geography, each a distinct /16 (20.<n>.0.0/16), and two others. */
  static final ServiceTag.Published PUBLISHED;

  static {
    List<ServiceTag> tags = new ArrayList<>();
    int n = 0;
    for (String region : allRegions()) {
      tags.add(new ServiceTag("AzureCloud." + region, region, List.of("20." + n++ + ".0.0/16", "2603:10" + n + "::/40")));
    }
    tags.add(new ServiceTag("AzureKeyVault.WestEurope", "westeurope", List.of("52.1.0.0/16")));
    tags.add(new ServiceTag("AzureCloud", "", List.of("52.2.0.0/16")));
    PUBLISHED = new ServiceTag.Published("77", tags);
  }

  static List<String> allRegions() {
    List<String> regions = new ArrayList<>();
    for (Geography g : Geography.values()) {
      AgentRegions.of(g).stream().filter(r -> !regions.contains(r)).forEach(regions::add);
    }
    return regions;
  }

  static Ipv4Range inside(ServiceTag tag, int bits) {
    Ipv4Range prefix = Ipv4Range.parse(tag.addressPrefixes().get(0));
    return new Ipv4Range(prefix.address() | (bits & 0xffff), 32);
  }

  record Case(Geography geography, ServiceTag tag, int bits) {
  }

  @Provide
  Arbitrary<Case> addressesOfTheirGeography() {
    return Combinators.combine(Arbitraries.of(Geography.values()), Arbitraries.integers().between(0, 1000),
        Arbitraries.integers().between(0, 0xffff)).as((g, pick, bits) -> {
          List<String> regions = AgentRegions.of(g);
          String region = regions.get(pick % regions.size());
          ServiceTag tag = PUBLISHED.tags().stream().filter(t -> t.region().equals(region)).findFirst().orElseThrow();
          return new Case(g, tag, bits);
        });
  }

  @Property
  void everyAddressInTheAzureCloudTagOfARegionOfItsGeographyIsAccepted(@ForAll("addressesOfTheirGeography") Case c) {
    assertThat(AgentAddressCheck.problem(inside(c.tag(), c.bits()), c.geography(), PUBLISHED)).isEmpty();
  }

  @Property
  void everyAddressOutsideItsGeographysRegionsIsRefused(@ForAll("addressesOfTheirGeography") Case c) {
    for (Geography other : Geography.values()) {
      if (!AgentRegions.of(other).contains(c.tag().region())) {
        assertThat(AgentAddressCheck.problem(inside(c.tag(), c.bits()), other, PUBLISHED)).isPresent();
      }
    }
  }

  @Test
  void theUnitedStatesAreAllNineUsRegions() {
    assertThat(AgentRegions.of(Geography.UnitedStates)).containsExactly("centralus", "eastus", "eastus2",
        "northcentralus", "southcentralus", "westcentralus", "westus", "westus2", "westus3");
  }

  @Test
  void onlyRegionalAzureCloudTagsCount() {
    assertThat(AgentAddressCheck.problem(Ipv4Range.parse("52.1.2.3"), Geography.Europe, PUBLISHED))
        .as("a service's own tag is not where agents run").isPresent();
    assertThat(AgentAddressCheck.problem(Ipv4Range.parse("52.2.2.3"), Geography.Europe, PUBLISHED))
        .as("the global AzureCloud tag spans every geography").isPresent();
  }

  @Test
  void theRefusalNamesTheAddressTheGeographyAndTheTags() {
    assertThat(AgentAddressCheck.problem(Ipv4Range.parse("131.107.1.2"), Geography.UnitedKingdom, PUBLISHED))
        .hasValueSatisfying(m -> assertThat(m).startsWith("spec.ipAddress: 131.107.1.2 is not in Azure's published"
            + " ranges of geography UnitedKingdom (2 AzureCloud service tags: AzureCloud.uksouth, AzureCloud.ukwest;"
            + " change number 77)"));
  }

  @Test
  void aBrazilianOrganizationsAgentsMayFallBackToTheUnitedStates() {
    ServiceTag eastUs = PUBLISHED.tags().stream().filter(t -> t.region().equals("eastus")).findFirst().orElseThrow();
    assertThat(AgentAddressCheck.problem(inside(eastUs, 7), Geography.Brazil, PUBLISHED)).isEmpty();
  }
}
