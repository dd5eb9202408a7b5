package io.vaultgate.simulator;

import static io.vaultgate.simulator.ArmClient.vaultPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.management.AzureEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import io.vaultgate.simulator.arm.authorization.BuiltInRoles;
import io.vaultgate.simulator.arm.keyvault.NetworkAcls;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import io.vaultgate.simulator.arm.keyvault.SimVirtualNetworkRule;
import io.vaultgate.simulator.arm.keyvault.Vault;
import io.vaultgate.simulator.graph.Directory;
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.Guid;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A test acting as another administrator: changes through the state API are what REST clients then see. */
class StateApiTest {
  @RegisterExtension
  static final ArmClient arm = new ArmClient();

  private static JsonNode networkAclsOverRest(SimVaultId id) {
    ArmClient.Response response = arm.get(vaultPath(id));
    assertThat(response.status()).isEqualTo(200);
    return response.json().path("properties").path("networkAcls");
  }

  @Test
  void createSeedsTheResourceGroupAndIsVisibleOverRest() {
    SimVaultId id = new SimVaultId(TestIds.SUBSCRIPTION, "rg-state-seeded", "kv-state-1");
    TestIds.seedSubnets(arm.sim(), "Agents");
    NetworkAcls acls = new NetworkAcls("None", "Deny", List.of("20.37.194.0/24", "52.228.82.7"),
        List.of(new SimVirtualNetworkRule(TestIds.subnet("Agents"), true)));

    Vault created = arm.sim().keyVaults().create(id, "North Europe", TestIds.TENANT, true, "Disabled", acls);

    assertThat(created.version()).isEqualTo(1);
    assertThat(created.location()).isEqualTo("northeurope");
    JsonNode vault = arm.get(vaultPath(id)).json();
    assertThat(vault.path("properties").path("enableRbacAuthorization").asBoolean()).isTrue();
    assertThat(vault.path("properties").path("publicNetworkAccess").asText()).isEqualTo("Disabled");
    assertThat(vault.path("properties").path("networkAcls").toString()).isEqualTo("{\"bypass\":\"None\","
        + "\"defaultAction\":\"Deny\","
        + "\"ipRules\":[{\"value\":\"20.37.194.0/24\"},{\"value\":\"52.228.82.7/32\"}],"
        + "\"virtualNetworkRules\":[{\"id\":\"" + TestIds.subnet("Agents").toLowerCase()
        + "\",\"ignoreMissingVnetServiceEndpoint\":true}]}");
    assertThat(arm.sim().keyVaults().properties(id).publicNetworkAccessEnabled()).isFalse();
  }

  @Test
  void ipRulesAddedAndRemovedBehindTheClientsBack() {
    SimVaultId id = TestIds.freshVault();
    arm.sim().keyVaults().create(id, "westeurope", TestIds.TENANT, true, "Enabled", NetworkAcls.deny("20.37.194.0/24"));

    Vault added = arm.sim().keyVaults().addIpRule(id, "1.2.3.4");

    assertThat(added.version()).isEqualTo(2);
    assertThat(added.networkAcls().ipRules()).containsExactly("20.37.194.0/24", "1.2.3.4/32");
    assertThat(networkAclsOverRest(id).path("ipRules").findValuesAsText("value"))
        .containsExactly("20.37.194.0/24", "1.2.3.4/32");

    Vault removed = arm.sim().keyVaults().removeIpRule(id, "1.2.3.4");

    assertThat(removed.version()).isEqualTo(3);
    assertThat(arm.sim().keyVaults().networkAcls(id).orElseThrow().ipRules()).containsExactly("20.37.194.0/24");
    assertThat(removed.lastModifiedAt()).isAfterOrEqualTo(added.lastModifiedAt());
    assertThat(removed.createdAt()).isEqualTo(added.createdAt());
    assertThat(arm.sim().keyVaults().removeIpRule(id, "1.2.3.4/32").version()).as("removing an absent rule is no write")
        .isEqualTo(3);
  }

  @Test
  void defaultActionAndPublicNetworkAccessCanBeFlipped() {
    SimVaultId id = TestIds.freshVault();
    arm.sim().keyVaults().create(id, "westeurope", TestIds.TENANT, false, "Enabled", null);
    assertThat(arm.sim().keyVaults().networkAcls(id)).isEmpty();

    arm.sim().keyVaults().setDefaultAction(id, "deny");
    arm.sim().keyVaults().setPublicNetworkAccess(id, "disabled");

    assertThat(networkAclsOverRest(id).path("defaultAction").asText()).isEqualTo("Deny");
    assertThat(arm.sim().keyVaults().networkAcls(id)).contains(NetworkAcls.deny());
    assertThat(arm.sim().keyVaults().properties(id).publicNetworkAccess()).isEqualTo("disabled");
    assertThat(arm.sim().keyVaults().properties(id).publicNetworkAccessEnabled()).isFalse();
    assertThat(arm.sim().keyVaults().get(id).version()).isEqualTo(3);
  }

  @Test
  void theStateApiMeetsTheSameValidationAndChangesNothingOnError() {
    SimVaultId id = TestIds.freshVault();
    arm.sim().keyVaults().create(id, "westeurope", TestIds.TENANT, true, "Enabled", NetworkAcls.deny("20.37.194.0/24"));

    assertThatThrownBy(() -> arm.sim().keyVaults().addIpRule(id, "192.168.1.0/24"))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.code()).isEqualTo("BadRequest");
          assertThat(e.getMessage()).isEqualTo("Invalid value found at"
              + " properties.networkAcls.ipRules[1].value: 192.168.1.0/24 belongs to forbidden range"
              + " 192.168.0.0–192.168.255.255 (private IP addresses)");
        });
    assertThatThrownBy(() -> arm.sim().keyVaults().addIpRule(id, "20.37.194.0/24")).isInstanceOf(ApiError.class);
    assertThatThrownBy(() -> arm.sim().keyVaults().setDefaultAction(id, "Block")).isInstanceOf(ApiError.class);
    assertThatThrownBy(() -> arm.sim().keyVaults().create(id, "westeurope", TestIds.TENANT, true, "Enabled", null))
        .isInstanceOf(IllegalStateException.class);
    assertThat(arm.sim().keyVaults().get(id).version()).isEqualTo(1);
  }

  @Test
  void deletedVaultsAreGoneForRestClients() {
    SimVaultId id = TestIds.freshVault();
    arm.sim().keyVaults().create(id, "westeurope", TestIds.TENANT, true, "Enabled", null);

    assertThat(arm.sim().keyVaults().delete(id)).isTrue();
    assertThat(arm.sim().keyVaults().delete(id)).isFalse();

    assertThat(arm.get(vaultPath(id)).errorCode()).isEqualTo("ResourceNotFound");
    assertThatThrownBy(() -> arm.sim().keyVaults().get(id)).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void appRegistrationsGetFreshIdsUnlessGiven() {
    Directory directory = arm.sim().directory();

    Directory.AppRegistration fresh = directory.seedApp("pipeline");
    Directory.AppRegistration given = directory.seedApp("operator", "4024ab25-56a8-4370-aea6-6389221caf29", null,
        "25cc773c-7f05-40fc-a104-32d2300754ad");

    assertThat(List.of(fresh.appId(), fresh.applicationObjectId(), fresh.servicePrincipalObjectId()))
        .allMatch(Guid::is).doesNotHaveDuplicates();
    assertThat(given.appId()).isEqualTo("4024ab25-56a8-4370-aea6-6389221caf29");
    assertThat(given.servicePrincipalObjectId()).isEqualTo("25cc773c-7f05-40fc-a104-32d2300754ad");
    assertThat(Guid.is(given.applicationObjectId())).isTrue();
    assertThat(directory.servicePrincipalByAppId(given.appId().toUpperCase())).hasValueSatisfying(sp -> {
      assertThat(sp.id()).isEqualTo(given.servicePrincipalObjectId());
      assertThat(sp.displayName()).isEqualTo("operator");
      assertThat(sp.servicePrincipalType()).isEqualTo(Directory.APPLICATION);
    });
    assertThat(directory.application(given.applicationObjectId()).orElseThrow().appId()).isEqualTo(given.appId());
    assertThat(directory.tenantId()).isEqualTo(TestIds.TENANT);
    assertThatThrownBy(() -> directory.seedApp("again", given.appId(), null, null))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aDeletedAppIsNoPrincipalAnyMore() {
    Directory.AppRegistration app = arm.sim().directory().seedApp("short-lived");
    String vault = TestIds.freshVault().resourceId();

    assertThat(arm.sim().directory().deleteApp(app.appId())).isTrue();

    assertThat(arm.sim().directory().servicePrincipal(app.servicePrincipalObjectId())).isEmpty();
    assertThat(arm.sim().directory().application(app.applicationObjectId())).isEmpty();
    assertThat(arm.sim().directory().deleteApp(app.appId())).isFalse();
    assertThatThrownBy(() -> arm.sim().roleAssignments().assign(vault, BuiltInRoles.READER,
        app.servicePrincipalObjectId())).isInstanceOfSatisfying(ApiError.class,
            e -> assertThat(e.code()).isEqualTo("PrincipalNotFound"));
  }

  @Test
  void theSdkEnvironmentPointsResourceManagerAndGraphHere() {
    AzureEnvironment environment = arm.sim().azureEnvironment();

    assertThat(environment.getResourceManagerEndpoint()).isEqualTo(arm.sim().armBaseUrl());
    assertThat(environment.getMicrosoftGraphEndpoint()).isEqualTo(arm.sim().graphBaseUrl());
    assertThat(arm.sim().graphBaseUrl()).matches("https://127\\.0\\.0\\.1:\\d+/")
        .isNotEqualTo(arm.sim().armBaseUrl());
    try (AzureSimulator other = AzureSimulator.start()) {
      assertThat(Guid.is(other.tenantId())).as("a fresh tenant by default").isTrue();
      assertThat(other.tenantId()).isNotEqualTo(TestIds.TENANT);
    }
  }

  @Test
  void vaultIdsParseFromResourceIdsInAnyCase() {
    SimVaultId id = new SimVaultId("sub", "rg", "kv-a");

    assertThat(SimVaultId.parse(id.resourceId().toLowerCase())).isEqualTo(new SimVaultId("sub", "rg", "kv-a"));
    assertThatThrownBy(() -> SimVaultId.parse("/subscriptions/sub/resourceGroups/rg"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
