package io.vaultgate.simulator.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultgate.simulator.ArmClient;
import io.vaultgate.simulator.AzureSimulator;
import io.vaultgate.simulator.FaultAction;
import io.vaultgate.simulator.FaultRule;
import io.vaultgate.simulator.NetworkFixtures;
import io.vaultgate.simulator.TestIds;
import io.vaultgate.simulator.arm.keyvault.AccessPolicy;
import io.vaultgate.simulator.arm.keyvault.AccessPolicyOperation;
import io.vaultgate.simulator.arm.keyvault.NetworkAcls;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import io.vaultgate.simulator.arm.keyvault.VaultProperties;
import io.vaultgate.simulator.arm.privatedns.PrivateDnsZones;
import io.vaultgate.simulator.graph.Directory;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code POST <arm base>/_simulator/keyvault/secretRead} over HTTPS: the request and response shapes, Key Vault's
 * error body for denials, 400 for malformed requests, 404 for unknown vaults and subnets, and that it is a control
 * path (the bearer token, neither recorded nor faulted).
 */
class SecretReadControlTest {
  private static final String PATH = "/_simulator/keyvault/secretRead";

  @RegisterExtension
  static final ArmClient arm = new ArmClient();

  @AfterEach
  void clearFaults() {
    sim().faults().clear();
  }

  private static AzureSimulator sim() {
    return arm.sim();
  }

  private static SimVaultId vault(String... ipRules) {
    SimVaultId id = TestIds.freshVault();
    sim().keyVaults().create(id, "westeurope", TestIds.TENANT, false, "Enabled", NetworkAcls.deny(ipRules));
    return id;
  }

  private static ArmClient.Response post(String json) {
    return arm.send("POST", PATH, json);
  }

  /** A request from an address on the internet. */
  private static ArmClient.Response postFrom(SimVaultId vault, String address) {
    return post("{\"vaultId\":\"" + vault.resourceId() + "\",\"clientAddress\":\"" + address + "\"}");
  }

  private static JsonNode json(String text) {
    try {
      return ArmClient.JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void anAdmittedAddressIsAllowed() {
    SimVaultId vault = vault("203.0.113.0/24");

    ArmClient.Response response = postFrom(vault, "203.0.113.7");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Content-Type")).startsWith("application/json");
    assertThat(response.json()).isEqualTo(json("{\"allowed\":true}"));
  }

  @Test
  void aDenialIsKeyVaultsErrorBody() {
    SimVaultId vault = vault("203.0.113.0/24");

    ArmClient.Response response = postFrom(vault, "198.51.100.1");

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.json()).isEqualTo(json("""
        {"error":{"code":"Forbidden","message":"Client address is not authorized and caller is not a trusted service.\
         Client address: 198.51.100.1","innererror":{"code":"ForbiddenByFirewall"}}}"""));
  }

  @Test
  void aPrincipalIsAuthorizedAfterTheNetwork() {
    SimVaultId vault = vault("198.51.100.1");
    Directory.AppRegistration app = sim().directory().seedApp("pipeline-control");
    String body = "{\"vaultId\":\"" + vault.resourceId() + "\",\"clientAddress\":\"198.51.100.1\",\"principalId\":\""
        + app.servicePrincipalObjectId() + "\"}";

    ArmClient.Response denied = post(body);
    sim().keyVaults().updateAccessPolicies(vault, AccessPolicyOperation.ADD, List.of(AccessPolicy.of(TestIds.TENANT,
        app.servicePrincipalObjectId(), AccessPolicy.Permissions.secrets("get", "list"))));
    ArmClient.Response allowed = post(body);

    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.errorCode()).isEqualTo("Forbidden");
    assertThat(denied.json().path("error").path("innererror").path("code").asText()).isEqualTo("AccessDenied");
    assertThat(denied.errorMessage()).contains("does not have secrets list permission on key vault '"
        + vault.name() + ";location=westeurope'");
    assertThat(allowed.status()).isEqualTo(200);
  }

  @Test
  void anAgentInASubnetIsSeenAtItsEgressAddressWithoutAServiceEndpoint() {
    NetworkFixtures net = NetworkFixtures.create(sim());
    sim().keyVaults().setPublicNetworkAccess(net.vault(), VaultProperties.ENABLED);
    sim().keyVaults().setNetworkAcls(net.vault(), NetworkAcls.deny("198.51.100.1"));
    String agent = "{\"vaultId\":\"" + net.vault().resourceId() + "\",\"subnetId\":\"" + net.endpointsSubnetId()
        + "\"";

    assertThat(post(agent + ",\"clientAddress\":\"198.51.100.1\"}").status()).isEqualTo(200);
    assertThat(post(agent + "}").status()).isEqualTo(403);
  }

  @Test
  void aNameThatDoesNotResolveIsNoKeyVaultAnswer() {
    NetworkFixtures net = NetworkFixtures.create(sim());
    String zone = sim().privateDnsZones().create(TestIds.SUBSCRIPTION, "rg-control-dns",
        PrivateDnsZones.KEY_VAULT_ZONE).resourceId();
    sim().privateDnsZones().link(zone, "agents", net.virtualNetworkId());

    ArmClient.Response response = post("{\"vaultId\":\"" + net.vault().resourceId() + "\",\"subnetId\":\""
        + net.agentsSubnetId() + "\"}");

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.errorCode()).isEqualTo("NameNotResolved");
    assertThat(response.json().path("error").path("innererror").path("code").asText()).isEqualTo("NameNotResolved");
    assertThat(response.errorMessage()).endsWith("(NXDOMAIN).");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{}                                                        | The property 'vaultId' is required.",
      "{\"vaultId\":\"/subscriptions/x/vaults/kv\",\"clientAddress\":\"203.0.113.7\"} | is not a key vault resource id",
      "{\"vaultId\":\"VAULT\"}                                   | Name the caller's origin",
      "{\"vaultId\":\"VAULT\",\"clientAddress\":\"203.0.113.0/24\"} | is not an IPv4 address: 203.0.113.0/24",
      "{\"vaultId\":\"VAULT\",\"clientAddress\":\"2001:db8::1\"} | is not an IPv4 address",
      "{\"vaultId\":\"VAULT\",\"subnetId\":\"/subscriptions/x/subnets/y\"} | is not a subnet resource id",
      "{\"vaultId\":\"VAULT\",\"clientAddress\":7}               | expected a string",
      "{\"vaultId\":\"VAULT\",\"clientAdress\":\"203.0.113.7\"}  | Unknown property 'clientAdress'",
      "[]                                                        | must be a JSON object",
      "{\"vaultId\":                                             | invalid"})
  void aMalformedRequestIs400(String body, String message) {
    SimVaultId vault = vault();

    ArmClient.Response response = post(body.replace("VAULT", vault.resourceId()));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorMessage()).contains(message);
  }

  @Test
  void anUnknownVaultOrSubnetIs404() {
    SimVaultId vault = vault();
    SimVaultId missing = TestIds.freshVault();

    ArmClient.Response noVault = postFrom(missing, "1.2.3.4");
    ArmClient.Response noSubnet = post("{\"vaultId\":\"" + vault.resourceId() + "\",\"subnetId\":\""
        + TestIds.virtualNetwork() + "/subnets/none\"}");

    assertThat(noVault.status()).isEqualTo(404);
    assertThat(noVault.errorCode()).isEqualTo("ResourceNotFound");
    assertThat(noVault.errorMessage()).contains("Microsoft.KeyVault/vaults/" + missing.name());
    assertThat(noSubnet.status()).isEqualTo(404);
    assertThat(noSubnet.errorMessage()).contains("Microsoft.Network/virtualNetworks/subnets/vnet-Agents/none");
  }

  @Test
  void itIsAControlPathOnlyForPostWithTheToken() {
    SimVaultId vault = vault();
    String body = "{\"vaultId\":\"" + vault.resourceId() + "\",\"clientAddress\":\"1.2.3.4\"}";

    ArmClient.Response anonymous = arm.send(arm.request(PATH).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
    ArmClient.Response get = arm.get(PATH);

    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(get.status()).isEqualTo(405);
    assertThat(arm.send("POST", "/_simulator/keyvault/other", body).status()).isEqualTo(404);
  }

  @Test
  void itIsNeitherRecordedNorFaulted() {
    SimVaultId vault = vault("1.2.3.4");
    sim().requests().clear();
    sim().faults().add(FaultRule.always("arm", FaultAction.serverError(503)));

    ArmClient.Response response = postFrom(vault, "1.2.3.4");

    assertThat(response.status()).isEqualTo(200);
    assertThat(sim().requests().snapshot()).isEmpty();
  }
}
