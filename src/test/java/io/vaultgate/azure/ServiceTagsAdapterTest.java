package io.vaultgate.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vaultgate.model.ServiceTag;
import io.vaultgate.port.AzureFailure;
import io.vaultgate.simulator.AzureSimulator;
import io.vaultgate.simulator.arm.network.ServiceTagApi;
import io.vaultgate.simulator.arm.network.ServiceTagRegistry;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link NetworkAdapter#serviceTags}: the Azure SDK's Network client (Service Tags - List) over HTTPS against the
 * simulator, following {@code nextLink} when the list comes in pages.
 */
class ServiceTagsAdapterTest {

  static final String SUBSCRIPTION = "00000000-0000-0000-0000-0000000000c1";
  @RegisterExtension
  static final SimulatedAzure azure = new SimulatedAzure(SUBSCRIPTION, "rg-tags", 1, Duration.ofMillis(50),
      Duration.ofSeconds(1));
  static AzureSimulator sim;
  static NetworkAdapter adapter;

  @BeforeAll
  static void start() {
    sim = azure.sim();
    adapter = new NetworkAdapter(azure.clients());
  }

  @BeforeEach
  void onePageAndNoRequestsYet() {
    sim.serviceTags().pageSize(ServiceTagRegistry.DEFAULT_PAGE_SIZE);
    sim.requests().clear();
  }

  @Test
  void readsEveryRegionsAzureCloudTagWithItsPrefixes() {
    ServiceTag.Published published = adapter.serviceTags(SUBSCRIPTION, "eastus");
    assertThat(published.changeNumber()).isEqualTo(sim.serviceTags().changeNumber());
    assertThat(published.tags()).hasSameSizeAs(sim.serviceTags().tags());
    ServiceTag eastUs = published.tags().stream().filter(t -> t.name().equals("AzureCloud.eastus")).findFirst()
        .orElseThrow();
    assertThat(eastUs.region()).isEqualTo("eastus");
    assertThat(eastUs.addressPrefixes()).contains("52.168.0.0/14", "2603:1030:210::/47");
    assertThat(published.tags()).anyMatch(t -> t.name().equals("AzureCloud.westeurope"));
    assertThat(sim.requests().count("arm", "GET", ServiceTagApi.ROUTE)).isEqualTo(1);
  }

  @Test
  void followsNextLinkAcrossPages() {
    sim.serviceTags().pageSize(4);
    ServiceTag.Published published = adapter.serviceTags(SUBSCRIPTION, "westeurope");
    int count = sim.serviceTags().tags().size();
    assertThat(published.tags()).hasSize(count);
    assertThat(published.tags().stream().map(ServiceTag::name).distinct()).hasSize(count);
    assertThat(sim.requests().count("arm", "GET", ServiceTagApi.ROUTE)).isEqualTo((count + 3) / 4);
  }

  @Test
  void anUnknownLocationIsRefusedAsArmDoes() {
    assertThatThrownBy(() -> adapter.serviceTags(SUBSCRIPTION, "atlantis")).isInstanceOf(AzureFailure.class)
        .hasMessageContaining("'atlantis' is not available").satisfies(f -> {
          assertThat(((AzureFailure) f).code()).isEqualTo("LocationNotAvailableForResourceType");
          assertThat(((AzureFailure) f).kind()).isEqualTo(AzureFailure.Kind.REJECTED);
        });
  }

  @Test
  void anUnknownSubscriptionIsNotFound() {
    assertThatThrownBy(() -> adapter.serviceTags("00000000-0000-0000-0000-0000000000ff", "eastus"))
        .isInstanceOf(AzureFailure.class).extracting("kind").isEqualTo(AzureFailure.Kind.NOT_FOUND);
  }

}
