package io.vaultgate.simulator.arm.msi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultgate.simulator.ArmClient;
import io.vaultgate.simulator.TestIds;
import io.vaultgate.simulator.graph.Directory;
import io.vaultgate.simulator.http.Guid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Microsoft.ManagedIdentity/userAssignedIdentities over raw HTTPS, and the identities' state API. */
class ManagedIdentityHttpTest {
  @RegisterExtension
  static final ArmClient arm = new ArmClient();

  private static String path(IdentityId id, String apiVersion) {
    return id.resourceId() + "?api-version=" + apiVersion;
  }

  @Test
  void getsAnIdentityAsTheSpecExampleShowsIt() {
    IdentityId id = new IdentityId(TestIds.SUBSCRIPTION, TestIds.RESOURCE_GROUP, "id-pipeline");
    UserAssignedIdentity seeded = arm.sim().managedIdentities().create(id, "West Europe",
        "25cc773c-7f05-40fc-a104-32d2300754ad", "4024ab25-56a8-4370-aea6-6389221caf29");

    ArmClient.Response response = arm.get(path(id, "2024-11-30"));

    assertThat(response.status()).isEqualTo(200);
    JsonNode body = response.json();
    assertThat(body.path("name").asText()).isEqualTo("id-pipeline");
    assertThat(body.path("type").asText()).isEqualTo("Microsoft.ManagedIdentity/userAssignedIdentities");
    assertThat(body.path("id").asText()).isEqualTo("/subscriptions/" + TestIds.SUBSCRIPTION + "/resourcegroups/"
        + TestIds.RESOURCE_GROUP + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-pipeline");
    assertThat(body.path("location").asText()).isEqualTo("westeurope");
    JsonNode p = body.path("properties");
    assertThat(p.path("principalId").asText()).isEqualTo("25cc773c-7f05-40fc-a104-32d2300754ad");
    assertThat(p.path("clientId").asText()).isEqualTo("4024ab25-56a8-4370-aea6-6389221caf29");
    assertThat(p.path("tenantId").asText()).isEqualTo(TestIds.TENANT);
    assertThat(p.path("isolationScope").asText()).isEqualTo("None");
    assertThat(arm.get(path(id, "2023-01-31")).json().path("properties").has("isolationScope"))
        .as("older api-versions have no isolationScope").isFalse();
    assertThat(seeded.tenantId()).isEqualTo(arm.sim().tenantId());
  }

  @Test
  void aMissingIdentityIs404InArmsWording() {
    IdentityId id = new IdentityId(TestIds.SUBSCRIPTION, TestIds.RESOURCE_GROUP, "id-missing");

    ArmClient.Response response = arm.get(path(id, "2024-11-30"));

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.errorCode()).isEqualTo("ResourceNotFound");
    assertThat(response.errorMessage()).isEqualTo("The Resource 'Microsoft.ManagedIdentity/userAssignedIdentities/"
        + "id-missing' under resource group '" + TestIds.RESOURCE_GROUP + "' was not found. For more details please"
        + " go to https://aka.ms/ARMResourceNotFoundFix");
  }

  @Test
  void anUnknownApiVersionIsRefused() {
    IdentityId id = new IdentityId(TestIds.SUBSCRIPTION, TestIds.RESOURCE_GROUP, "id-version");
    arm.sim().managedIdentities().create(id, "westeurope");

    ArmClient.Response response = arm.get(path(id, "2025-01-31-preview"));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("NoRegisteredProviderFound");
  }

  @Test
  void createdIdentitiesArePrincipalsAndDeletingRemovesThem() {
    IdentityId id = new IdentityId(TestIds.SUBSCRIPTION, "rg-identities", "id-temporary");

    UserAssignedIdentity created = arm.sim().managedIdentities().create(id, "westeurope");

    assertThat(Guid.is(created.principalId())).isTrue();
    assertThat(Guid.is(created.clientId())).isTrue();
    assertThat(arm.sim().directory().servicePrincipal(created.principalId())).hasValueSatisfying(sp -> {
      assertThat(sp.appId()).isEqualTo(created.clientId());
      assertThat(sp.servicePrincipalType()).isEqualTo(Directory.MANAGED_IDENTITY);
    });
    assertThat(arm.sim().managedIdentities().get(IdentityId.parse(id.resourceId().toLowerCase())))
        .isEqualTo(created);
    assertThatThrownBy(() -> arm.sim().managedIdentities().create(id, "westeurope"))
        .isInstanceOf(IllegalStateException.class);

    assertThat(arm.sim().managedIdentities().delete(id)).isTrue();

    assertThat(arm.sim().directory().servicePrincipal(created.principalId())).isEmpty();
    assertThat(arm.get(path(id, "2024-11-30")).status()).isEqualTo(404);
  }
}
