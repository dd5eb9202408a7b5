package io.vaultgate.simulator.arm.keyvault;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultgate.simulator.ArmClient;
import io.vaultgate.simulator.AzureSimulator;
import io.vaultgate.simulator.TestIds;
import io.vaultgate.simulator.arm.authorization.BuiltInRoles;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link AzureSimulator#canReadSecrets}: access policies on access-policy vaults, role assignments on RBAC ones. */
class DataPlaneTest {
  private static final String SUBSCRIPTION = "/subscriptions/" + TestIds.SUBSCRIPTION;
  private static final String GROUP = SUBSCRIPTION + "/resourceGroups/" + TestIds.RESOURCE_GROUP;

  @RegisterExtension
  static final ArmClient arm = new ArmClient();
  
  private static AzureSimulator sim() {
    return arm.sim();
  }

  private static SimVaultId vault(boolean rbac) {
    SimVaultId id = TestIds.freshVault();
    sim().keyVaults().create(id, "westeurope", TestIds.TENANT, rbac, "Enabled", null);
    return id;
  }

  private static String principal() {
    return sim().directory().seedApp("pipeline-" + UUID.randomUUID()).servicePrincipalObjectId();
  }

  private static void grant(SimVaultId vault, String tenant, String principal, String... secrets) {
    sim().keyVaults().updateAccessPolicies(vault, AccessPolicyOperation.ADD,
        List.of(AccessPolicy.of(tenant, principal, AccessPolicy.Permissions.secrets(secrets))));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "get,list   | true",
      "Get,LIST   | true",
      "all        | true",
      "get        | false",
      "list       | false",
      "set,delete | false"})
  void anAccessPolicyVaultNeedsGetAndListOrAll(String secrets, boolean readable) {
    SimVaultId vault = vault(false);
    String principal = principal();
    grant(vault, TestIds.TENANT, principal, secrets.split(","));

    assertThat(sim().canReadSecrets(vault, principal)).isEqualTo(readable);
    assertThat(sim().canReadSecrets(vault, principal())).isFalse();
  }

  @Test
  void anAccessPolicyCountsOnlyInTheVaultsTenantAndNotForACompoundIdentity() {
    SimVaultId vault = vault(false);
    String otherTenant = principal();
    String compound = principal();
    grant(vault, UUID.randomUUID().toString(), otherTenant, "get", "list");
    sim().keyVaults().updateAccessPolicies(vault, AccessPolicyOperation.ADD, List.of(new AccessPolicy(TestIds.TENANT,
        compound, UUID.randomUUID().toString(), AccessPolicy.Permissions.secrets("get", "list"))));

    assertThat(sim().canReadSecrets(vault, otherTenant)).isFalse();
    assertThat(sim().canReadSecrets(vault, compound)).isFalse();
  }

  @Test
  void roleAssignmentsGiveNoDataAccessOnAnAccessPolicyVault() {
    SimVaultId vault = vault(false);
    String principal = principal();
    sim().roleAssignments().assign(vault.resourceId(), BuiltInRoles.KEY_VAULT_ADMINISTRATOR, principal);

    assertThat(sim().canReadSecrets(vault, principal)).isFalse();
  }

  @Test
  void accessPoliciesGiveNoDataAccessOnAnRbacVault() {
    SimVaultId vault = vault(true);
    String principal = principal();
    grant(vault, TestIds.TENANT, principal, "all");

    assertThat(sim().canReadSecrets(vault, principal)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
      BuiltInRoles.KEY_VAULT_SECRETS_USER + ", true",
      BuiltInRoles.KEY_VAULT_SECRETS_OFFICER + ", true",
      BuiltInRoles.KEY_VAULT_ADMINISTRATOR + ", true",
      BuiltInRoles.KEY_VAULT_READER + ", false",
      BuiltInRoles.KEY_VAULT_CONTRIBUTOR + ", false",
      BuiltInRoles.KEY_VAULT_DATA_ACCESS_ADMINISTRATOR + ", false",
      BuiltInRoles.READER + ", false"})
  void anRbacVaultNeedsARoleWithBothSecretDataActions(String role, boolean readable) {
    SimVaultId vault = vault(true);
    String principal = principal();
    sim().roleAssignments().assign(vault.resourceId(), role, principal);

    assertThat(sim().canReadSecrets(vault, principal)).isEqualTo(readable);
  }

  @Test
  void rolesAssignedAboveTheVaultCountAndThoseElsewhereDoNot() {
    SimVaultId vault = vault(true);
    SimVaultId neighbour = vault(true);
    String atGroup = principal();
    String atSubscription = principal();
    String atNeighbour = principal();
    String inOtherGroup = principal();
    sim().seedResourceGroup(TestIds.SUBSCRIPTION, "rg-other");
    sim().roleAssignments().assign(GROUP.toLowerCase(), BuiltInRoles.KEY_VAULT_SECRETS_USER, atGroup);
    sim().roleAssignments().assign(SUBSCRIPTION, BuiltInRoles.KEY_VAULT_SECRETS_USER, atSubscription);
    sim().roleAssignments().assign(neighbour.resourceId(), BuiltInRoles.KEY_VAULT_SECRETS_USER, atNeighbour);
    sim().roleAssignments().assign(SUBSCRIPTION + "/resourceGroups/rg-other", BuiltInRoles.KEY_VAULT_SECRETS_USER,
        inOtherGroup);

    assertThat(sim().canReadSecrets(vault, atGroup)).isTrue();
    assertThat(sim().canReadSecrets(vault, atSubscription)).isTrue();
    assertThat(sim().canReadSecrets(vault, atNeighbour)).isFalse();
    assertThat(sim().canReadSecrets(neighbour, atNeighbour)).isTrue();
    assertThat(sim().canReadSecrets(vault, inOtherGroup)).isFalse();
  }

  @Test
  void aVaultWhoseNameMerelyStartsAlikeIsNotBelowAnother() {
    SimVaultId one = new SimVaultId(TestIds.SUBSCRIPTION, TestIds.RESOURCE_GROUP, "kv-prefix-1");
    SimVaultId ten = new SimVaultId(TestIds.SUBSCRIPTION, TestIds.RESOURCE_GROUP, "kv-prefix-10");
    sim().keyVaults().create(one, "westeurope", TestIds.TENANT, true, "Enabled", null);
    sim().keyVaults().create(ten, "westeurope", TestIds.TENANT, true, "Enabled", null);
    String principal = principal();
    sim().roleAssignments().assign(one.resourceId(), BuiltInRoles.KEY_VAULT_SECRETS_USER, principal);

    assertThat(sim().canReadSecrets(one, principal)).isTrue();
    assertThat(sim().canReadSecrets(ten, principal)).isFalse();
  }

  @Test
  void theModelIsTheVaultsCurrentOne() {
    SimVaultId vault = vault(false);
    String principal = principal();
    grant(vault, TestIds.TENANT, principal, "get", "list");
    assertThat(sim().canReadSecrets(vault, principal)).isTrue();

    // Switching to RBAC leaves the access policies in place but without effect.
    assertThat(arm.patch(ArmClient.vaultPath(vault), "{\"properties\":{\"enableRbacAuthorization\":true}}")
        .status()).isEqualTo(200);

    assertThat(sim().keyVaults().accessPolicies(vault)).hasSize(1);
    assertThat(sim().canReadSecrets(vault, principal)).isFalse();
  }
}
