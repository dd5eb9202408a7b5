package io.vaultgate.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.Context;
import com.azure.resourcemanager.keyvault.KeyVaultManager;
import io.vaultgate.model.FirewallWrite;
import io.vaultgate.model.LiveVault;
import io.vaultgate.model.VaultId;
import io.vaultgate.simulator.AzureSimulator;
import io.vaultgate.simulator.RecordedRequest;
import io.vaultgate.simulator.arm.keyvault.KeyVaultApiVersions;
import io.vaultgate.simulator.arm.keyvault.NetworkAcls;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every Key Vault call of {@link KeyVaultAdapter}, through the product's clients and the real management library,
 * arrives at the simulated ARM with api-version 2026-02-01, and keeps working after the simulator's clock passes
 * the retirement of the library's own version, which the simulator then refuses.
 */
class KeyVaultAdapterApiVersionTest {

  private static final String SUBSCRIPTION = "00000000-0000-0000-0000-0000000000c2";
  private static final String RESOURCE_GROUP = "rg-api-version";
  private static final String PRINCIPAL = "7b0c2a3e-51d4-4c8e-9f6a-2d1e0b9c8a71";

  @RegisterExtension
  static final SimulatedAzure azure = new SimulatedAzure(SUBSCRIPTION, RESOURCE_GROUP);
  private static AzureSimulator sim;
  private static KeyVaultAdapter adapter;

  @BeforeAll
  static void start() {
    sim = azure.sim();
    adapter = new KeyVaultAdapter(azure.clients());
  }

  @AfterEach
  void backToToday() {
    sim.clock().useSystemTime();
  }

  /** An access-policy vault with 30 secrets, so the list takes two pages. */
  private static SimVaultId vault(String name) {
    SimVaultId id = new SimVaultId(SUBSCRIPTION, RESOURCE_GROUP, name);
    sim.keyVaults().create(id, "westeurope", sim.tenantId(), false, "Enabled", NetworkAcls.deny());
    IntStream.range(0, 30).forEach(i -> sim.keyVaults().secrets().add(id, "secret-" + i));
    return id;
  }

  /** Each call the adapter makes on Key Vault: read, firewall, access policies add and remove, secret names. */
  private static void useEveryCall(SimVaultId id) {
    VaultId vault = VaultId.parse(id.resourceId()).orElseThrow();
    String tenant = sim.tenantId();
    FirewallWrite write = new FirewallWrite("Deny", "AzureServices", List.of("20.37.194.0/24"), List.of(),
        Optional.of("Enabled"));

    assertThat(adapter.read(vault).firewall().defaultAction()).isEqualTo("Deny");
    assertThat(adapter.writeFirewall(vault, write).firewall().ipRules()).containsExactly("20.37.194.0/24");
    adapter.addSecretPermissions(vault, tenant, Map.of(PRINCIPAL, Set.of("get", "list")));
    assertThat(sim.canReadSecrets(id, PRINCIPAL)).isTrue();
    adapter.removeSecretPermissions(vault, tenant, Map.of(PRINCIPAL, Set.of("List"))); // as the vault spells it
    assertThat(sim.canReadSecrets(id, PRINCIPAL)).isFalse();
    assertThat(adapter.secretNames(vault)).hasSize(30);
  }

  private static List<RecordedRequest> requestsTo(SimVaultId id) {
    return sim.requests().snapshot().stream().filter(r -> r.service().equals("arm") && r.isUnder(id.resourceId()))
        .toList();
  }

  @Test
  void everyCallArrivesWithApiVersion20260201() {
    SimVaultId id = vault("kv-api-today");

    useEveryCall(id);

    List<RecordedRequest> requests = requestsTo(id);
    assertThat(requests).extracting(r -> r.method() + " " + r.route().substring(r.route().indexOf("/vaults")))
        .containsExactly("GET /vaults/{}", "PATCH /vaults/{}", "PUT /vaults/{}/accessPolicies/{}",
            "PUT /vaults/{}/accessPolicies/{}", "GET /vaults/{}/secrets", "GET /vaults/{}/secrets");
    assertThat(requests).allSatisfy(r -> {
      assertThat(r.query().get("api-version")).containsExactly("2026-02-01");
      assertThat(r.status()).isBetween(200, 201);
    });
  }

  @Test
  void theProductKeepsWorkingOnceTheLibrarysVersionIsRetired() {
    SimVaultId id = vault("kv-api-retired");
    sim.clock().set(KeyVaultApiVersions.RETIREMENT);

    useEveryCall(id);

    assertThat(requestsTo(id)).hasSize(6).allSatisfy(r -> assertThat(r.status()).isBetween(200, 201));
  }

  @Test
  void theLibraryAloneIsRefusedOnceItsVersionIsRetired() {
    SimVaultId id = vault("kv-api-library");
    var bare = KeyVaultManager.configure().withHttpClient(sim.sdkHttpClient())
        .authenticate(sim.tokenCredential(), new AzureProfile(sim.tenantId(), SUBSCRIPTION, sim.azureEnvironment()))
        .serviceClient().getVaults();
    assertThat(bare.getByResourceGroupWithResponse(RESOURCE_GROUP, id.name(), Context.NONE).getStatusCode())
        .isEqualTo(200);

    sim.clock().set(KeyVaultApiVersions.RETIREMENT);

    assertThatThrownBy(() -> bare.getByResourceGroupWithResponse(RESOURCE_GROUP, id.name(), Context.NONE))
        .isInstanceOfSatisfying(ManagementException.class, e -> {
          assertThat(e.getResponse().getStatusCode()).isEqualTo(400);
          assertThat(e.getValue().getCode()).isEqualTo("NoRegisteredProviderFound");
          assertThat(e.getValue().getMessage()).contains("API version '2025-05-01' for type 'vaults'",
              "The supported api-versions are '2026-02-01'");
        });
    LiveVault read = adapter.read(VaultId.parse(id.resourceId()).orElseThrow());
    assertThat(read.firewall().defaultAction()).isEqualTo("Deny");
  }
}
