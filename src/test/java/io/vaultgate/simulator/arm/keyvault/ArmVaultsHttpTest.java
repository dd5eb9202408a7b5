package io.vaultgate.simulator.arm.keyvault;

import static io.vaultgate.simulator.ArmClient.vaultBody;
import static io.vaultgate.simulator.ArmClient.vaultPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultgate.simulator.ArmClient;
import io.vaultgate.simulator.TestIds;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Microsoft.KeyVault/vaults over raw HTTPS: shapes, status codes and error bodies. */
class ArmVaultsHttpTest {
  @RegisterExtension
  static final ArmClient arm = new ArmClient();
  /** The versions before 2026-02-01 are served until 2027-02-27 (see {@link ApiVersionRetirementHttpTest}). */
  private static final Instant BEFORE_RETIREMENT = KeyVaultApiVersions.RETIREMENT.minus(Duration.ofDays(1));

  @AfterEach
  void backToToday() {
    arm.sim().clock().useSystemTime();
  }

  @Test
  void putCreatesWith201ThenReplacesWith200() {
    SimVaultId id = TestIds.freshVault();

    ArmClient.Response created = arm.put(vaultPath(id), """
            {"location":"West Europe","tags":{"owner":"team-a"},
             "properties":{"tenantId":"%s","sku":{"family":"A","name":"standard"},
               "accessPolicies":[{"tenantId":"%s","objectId":"0e3a8c1b-22a4-4f0e-9d52-0a3c5f1d6e7b",
                                  "permissions":{"secrets":["get","list"]}}]}}
            """.formatted(TestIds.TENANT, TestIds.TENANT));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Content-Type")).startsWith("application/json");
    JsonNode vault = created.json();
    assertThat(vault.path("id").asText()).isEqualTo("/subscriptions/" + TestIds.SUBSCRIPTION
        + "/resourceGroups/rg-Pipelines/providers/Microsoft.KeyVault/vaults/" + id.name());
    assertThat(vault.path("name").asText()).isEqualTo(id.name());
    assertThat(vault.path("type").asText()).isEqualTo("Microsoft.KeyVault/vaults");
    assertThat(vault.path("location").asText()).isEqualTo("westeurope");
    assertThat(vault.path("tags").path("owner").asText()).isEqualTo("team-a");
    JsonNode properties = vault.path("properties");
    assertThat(properties.path("tenantId").asText()).isEqualTo(TestIds.TENANT);
    assertThat(properties.path("sku").path("family").asText()).isEqualTo("A");
    assertThat(properties.path("sku").path("name").asText()).isEqualTo("standard");
    assertThat(properties.path("enableRbacAuthorization").isBoolean()).isTrue();
    assertThat(properties.path("enableRbacAuthorization").asBoolean()).isTrue(); // default from 2026-02-01 on
    assertThat(properties.path("publicNetworkAccess").asText()).isEqualTo("Enabled");
    assertThat(properties.path("vaultUri").asText()).isEqualTo("https://" + id.name() + ".vault.azure.net/");
    assertThat(properties.path("provisioningState").asText()).isEqualTo("Succeeded");
    assertThat(properties.has("networkAcls")).isFalse();
    JsonNode policy = properties.path("accessPolicies").get(0);
    assertThat(policy.path("objectId").asText()).isEqualTo("0e3a8c1b-22a4-4f0e-9d52-0a3c5f1d6e7b");
    assertThat(policy.path("permissions").path("secrets").toString())
        .as("the service's spelling").isEqualTo("[\"Get\",\"List\"]");
    assertThat(vault.has("etag")).isFalse();

    ArmClient.Response replaced = arm.put(vaultPath(id), vaultBody(null));

    assertThat(replaced.status()).isEqualTo(200);
    assertThat(replaced.json().path("tags").size()).isZero();
    assertThat(replaced.json().path("properties").path("accessPolicies").size()).isZero();
    assertThat(arm.sim().keyVaults().get(id).version()).isEqualTo(2);
  }

  @Test
  void everyResponseCarriesArmsRequestIdsAndQuotaHeaders() {
    SimVaultId id = TestIds.freshVault();
    ArmClient.Response write = arm.put(vaultPath(id), vaultBody(null));
    ArmClient.Response read = arm.get(vaultPath(id));
    ArmClient.Response error = arm.get(vaultPath(TestIds.freshVault()));

    for (ArmClient.Response response : List.of(write, read, error)) {
      assertThat(response.header("x-ms-request-id")).matches("[0-9a-f-]{36}");
      assertThat(response.header("x-ms-correlation-request-id")).matches("[0-9a-f-]{36}");
    }
    assertThat(write.header("x-ms-request-id")).isNotEqualTo(read.header("x-ms-request-id"));
    assertThat(write.header("x-ms-ratelimit-remaining-subscription-writes")).matches("\\d+");
    assertThat(read.header("x-ms-ratelimit-remaining-subscription-reads")).matches("\\d+");
  }

  @Test
  void createdWithAnApiVersionBefore20260201AVaultUsesAccessPoliciesByDefault() {
    SimVaultId id = TestIds.freshVault();
    arm.sim().clock().set(BEFORE_RETIREMENT);

    ArmClient.Response created = arm.put(id.resourceId() + "?api-version=2025-05-01", vaultBody(null));

    assertThat(created.json().path("properties").path("enableRbacAuthorization").asBoolean()).isFalse();
    assertThat(arm.sim().keyVaults().get(id).properties().enableRbacAuthorization()).isFalse();
  }

  @Test
  void pathsAreCaseInsensitiveAndTheIdEchoesTheCanonicalForm() {
    SimVaultId id = TestIds.freshVault();
    arm.put(vaultPath(id), vaultBody(null));
    String shouted = ("/SUBSCRIPTIONS/" + TestIds.SUBSCRIPTION + "/RESOURCEGROUPS/RG-PIPELINES/PROVIDERS/"
        + "microsoft.keyvault/VAULTS/" + id.name()).toUpperCase(Locale.ROOT);

    ArmClient.Response response = arm.get(shouted + "?api-version=" + ArmClient.API_VERSION);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().path("id").asText()).isEqualTo(id.resourceId());
    assertThat(response.json().path("name").asText()).isEqualTo(id.name());
  }

  @Test
  void networkAclsAreNormalisedOnReadBack() {
    SimVaultId id = TestIds.freshVault();
    TestIds.seedSubnets(arm.sim(), "Subnet1");

    ArmClient.Response created = arm.put(vaultPath(id), vaultBody("""
            {"defaultAction":"deny","bypass":"azureservices",
             "ipRules":[{"value":"124.56.78.91"},{"value":"20.37.194.0/24"}],
             "virtualNetworkRules":[{"id":"%s"}]}""".formatted(TestIds.subnet("Subnet1"))));

    assertThat(created.status()).isEqualTo(201);
    for (JsonNode vault : List.of(created.json(), arm.get(vaultPath(id)).json())) {
      JsonNode acls = vault.path("properties").path("networkAcls");
      assertThat(acls.path("defaultAction").asText()).isEqualTo("Deny");
      assertThat(acls.path("bypass").asText()).isEqualTo("AzureServices");
      assertThat(acls.path("ipRules").toString())
          .isEqualTo("[{\"value\":\"124.56.78.91/32\"},{\"value\":\"20.37.194.0/24\"}]");
      JsonNode vnet = acls.path("virtualNetworkRules").get(0);
      assertThat(vnet.path("id").asText()).isEqualTo(TestIds.subnet("Subnet1").toLowerCase(Locale.ROOT));
      assertThat(vnet.path("ignoreMissingVnetServiceEndpoint").asBoolean(true)).isFalse();
    }
  }

  @Test
  void patchReplacesPresentFieldsAndKeepsAbsentOnes() {
    SimVaultId id = TestIds.freshVault();
    TestIds.seedSubnets(arm.sim(), "a");
    arm.put(vaultPath(id), """
            {"location":"westeurope","tags":{"a":"1"},"properties":{"tenantId":"%s","sku":{"name":"standard"},
             "enableRbacAuthorization":true,"publicNetworkAccess":"Enabled",
             "networkAcls":{"defaultAction":"Deny","bypass":"None","ipRules":[{"value":"20.37.194.0/24"}],
                            "virtualNetworkRules":[{"id":"%s"}]}}}""".formatted(TestIds.TENANT,
        TestIds.subnet("a")));

    ArmClient.Response onlyIpRules = arm.patch(vaultPath(id), "{\"properties\":{\"networkAcls\":"
        + "{\"ipRules\":[{\"value\":\"52.228.82.0/24\"},{\"value\":\"40.80.187.1\"}]}}}");

    assertThat(onlyIpRules.status()).isEqualTo(200);
    assertThat(arm.sim().keyVaults().get(id).networkAcls()).isEqualTo(new NetworkAcls("None", "Deny",
        List.of("52.228.82.0/24", "40.80.187.1/32"),
        List.of(SimVirtualNetworkRule.of(TestIds.subnet("a").toLowerCase(Locale.ROOT)))));
    assertThat(onlyIpRules.json().path("tags").path("a").asText()).isEqualTo("1");
    assertThat(onlyIpRules.json().path("properties").path("enableRbacAuthorization").asBoolean()).isTrue();

    ArmClient.Response otherFields = arm.patch(vaultPath(id),
        "{\"tags\":{\"b\":\"2\"},\"properties\":{\"publicNetworkAccess\":\"Disabled\",\"networkAcls\":"
            + "{\"defaultAction\":\"Allow\",\"virtualNetworkRules\":[]}}}");

    assertThat(otherFields.status()).isEqualTo(200);
    Vault vault = arm.sim().keyVaults().get(id);
    assertThat(vault.tags()).containsExactly(java.util.Map.entry("b", "2"));
    assertThat(vault.properties().publicNetworkAccess()).isEqualTo("Disabled");
    assertThat(vault.properties().publicNetworkAccessEnabled()).isFalse();
    assertThat(vault.networkAcls()).isEqualTo(new NetworkAcls("None", "Allow",
        List.of("52.228.82.0/24", "40.80.187.1/32"), List.of()));
    assertThat(vault.properties().enableRbacAuthorization()).isTrue();
    assertThat(vault.version()).isEqualTo(3);
  }

  @Test
  void patchOfAVaultWithoutNetworkAclsStartsFromTheDefaults() {
    SimVaultId id = TestIds.freshVault();
    arm.put(vaultPath(id), vaultBody(null));

    arm.patch(vaultPath(id), "{\"properties\":{\"networkAcls\":{\"ipRules\":[{\"value\":\"20.42.5.0/24\"}]}}}");

    assertThat(arm.sim().keyVaults().get(id).networkAcls())
        .isEqualTo(new NetworkAcls("AzureServices", "Allow", List.of("20.42.5.0/24"), List.of()));
  }

  @Test
  void deleteAnswers200ThenNoContent() {
    SimVaultId id = TestIds.freshVault();
    arm.put(vaultPath(id), vaultBody(null));

    ArmClient.Response first = arm.delete(vaultPath(id));
    ArmClient.Response second = arm.delete(vaultPath(id));

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.body()).isEmpty();
    assertThat(second.status()).isEqualTo(204);
    assertThat(arm.sim().keyVaults().find(id)).isEmpty();
    assertThat(arm.get(vaultPath(id)).status()).isEqualTo(404);
  }

  @Test
  void listsTheVaultsOfOneResourceGroup() {
    arm.sim().seedResourceGroup(TestIds.SUBSCRIPTION, "rg-list");
    arm.sim().seedResourceGroup(TestIds.SUBSCRIPTION, "rg-other");
    SimVaultId a = new SimVaultId(TestIds.SUBSCRIPTION, "rg-list", "kv-list-a");
    SimVaultId b = new SimVaultId(TestIds.SUBSCRIPTION, "rg-list", "kv-list-b");
    arm.put(vaultPath(b), vaultBody(null));
    arm.put(vaultPath(a), vaultBody(null));
    arm.put(vaultPath(new SimVaultId(TestIds.SUBSCRIPTION, "rg-other", "kv-list-c")), vaultBody(null));

    ArmClient.Response list = arm.get(ArmClient.vaultsPath(TestIds.SUBSCRIPTION, "RG-LIST"));

    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().path("value")).extracting(v -> v.path("name").asText())
        .containsExactly("kv-list-a", "kv-list-b");
    assertThat(list.json().path("value").get(0).path("id").asText()).isEqualTo(a.resourceId());
    assertThat(arm.get(ArmClient.vaultsPath(TestIds.SUBSCRIPTION, "rg-missing")).errorCode())
        .isEqualTo("ResourceGroupNotFound");
  }

  @Test
  void theApiVersionIsRequired() {
    ArmClient.Response response = arm.get(TestIds.freshVault().resourceId());

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.header("Content-Type")).startsWith("application/json");
    assertThat(response.body()).isEqualTo("{\"error\":{\"code\":\"MissingApiVersionParameter\",\"message\":"
        + "\"The api-version query parameter (?api-version=) is required for all requests.\"}}");
  }

  @Test
  void anUnsupportedApiVersionIsRefusedListingTheSupportedOnes() {
    arm.sim().clock().set(BEFORE_RETIREMENT);
    ArmClient.Response response = arm.get(TestIds.freshVault().resourceId() + "?api-version=2019-09-01");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("NoRegisteredProviderFound");
    assertThat(response.errorMessage()).isEqualTo("No registered resource provider found for location"
        + " 'westeurope' and API version '2019-09-01' for type 'vaults'. The supported api-versions are"
        + " '2022-07-01, 2023-02-01, 2023-07-01, 2024-11-01, 2025-05-01, 2026-02-01'.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-02-01", "2025-05-01", "2024-11-01", "2023-07-01", "2023-02-01", "2022-07-01"})
  void everySupportedApiVersionIsAccepted(String apiVersion) {
    arm.sim().clock().set(BEFORE_RETIREMENT);
    SimVaultId id = TestIds.freshVault();
    assertThat(arm.put(id.resourceId() + "?api-version=" + apiVersion, vaultBody(null)).status()).isEqualTo(201);
    assertThat(arm.get(id.resourceId() + "?api-version=" + apiVersion).status()).isEqualTo(200);
  }

  @Test
  void aMissingTokenIsRefused() {
    ArmClient.Response response = arm.send(arm.request(vaultPath(TestIds.freshVault())).GET());

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.errorCode()).isEqualTo("AuthenticationFailed");
    assertThat(response.errorMessage()).isEqualTo("Authentication failed. The 'Authorization' header is missing.");
    assertThat(response.header("WWW-Authenticate")).startsWith("Bearer ");
  }

  @Test
  void aWrongTokenIsRefused() {
    ArmClient.Response response = arm.send(arm.request(vaultPath(TestIds.freshVault()))
        .header("Authorization", "Bearer not-" + arm.sim().bearerToken()).GET());

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.errorCode()).isEqualTo("InvalidAuthenticationToken");
  }

  @Test
  void aMissingVaultIs404ResourceNotFound() {
    SimVaultId id = TestIds.freshVault();

    ArmClient.Response response = arm.get(vaultPath(id));

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.errorCode()).isEqualTo("ResourceNotFound");
    assertThat(response.errorMessage()).isEqualTo("The Resource 'Microsoft.KeyVault/vaults/" + id.name()
        + "' under resource group 'rg-Pipelines' was not found. For more details please go to"
        + " https://aka.ms/ARMResourceNotFoundFix");
    assertThat(arm.patch(vaultPath(id), "{\"properties\":{}}").errorCode()).isEqualTo("ResourceNotFound");
  }

  @Test
  void aMissingResourceGroupIs404ResourceGroupNotFound() {
    SimVaultId id = new SimVaultId(TestIds.SUBSCRIPTION, "rg-nowhere", "kv-nowhere");

    for (ArmClient.Response response : List.of(arm.get(vaultPath(id)), arm.put(vaultPath(id), vaultBody(null)))) {
      assertThat(response.status()).isEqualTo(404);
      assertThat(response.errorCode()).isEqualTo("ResourceGroupNotFound");
      assertThat(response.errorMessage()).isEqualTo("Resource group 'rg-nowhere' could not be found.");
    }
    assertThat(arm.sim().keyVaults().find(id)).isEmpty();
  }

  @Test
  void aMissingSubscriptionIs404SubscriptionNotFound() {
    ArmClient.Response response = arm.get(vaultPath(new SimVaultId("11111111-1111-1111-1111-111111111111",
        TestIds.RESOURCE_GROUP, "kv-x")));

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.errorCode()).isEqualTo("SubscriptionNotFound");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "10.0.0.0/8      | 10.0.0.0–10.255.255.255",
      "10.1.2.3        | 10.0.0.0–10.255.255.255",
      "172.16.0.0/12   | 172.16.0.0–172.31.255.255",
      "172.31.255.0/24 | 172.16.0.0–172.31.255.255",
      "192.168.0.0/16  | 192.168.0.0–192.168.255.255",
      "192.0.0.0/8     | 192.168.0.0–192.168.255.255"})
  void privateRangesAreRefusedAndNothingIsStored(String rule, String range) {
    SimVaultId id = TestIds.freshVault();
    arm.put(vaultPath(id), vaultBody("{\"defaultAction\":\"Deny\",\"ipRules\":[{\"value\":\"20.37.194.0/24\"}]}"));

    ArmClient.Response response = arm.patch(vaultPath(id), "{\"properties\":{\"networkAcls\":{\"ipRules\":"
        + "[{\"value\":\"20.41.6.0/23\"},{\"value\":\"" + rule + "\"}]}}}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("BadRequest");
    assertThat(response.errorMessage()).isEqualTo("Invalid value found at properties.networkAcls.ipRules[1].value: "
        + rule + " belongs to forbidden range " + range + " (private IP addresses)");
    assertThat(arm.sim().keyVaults().get(id).networkAcls().ipRules()).containsExactly("20.37.194.0/24");
    assertThat(arm.sim().keyVaults().get(id).version()).isEqualTo(1);
  }

  @Test
  void aPrivateRangeInAPutCreatesNothing() {
    SimVaultId id = TestIds.freshVault();

    ArmClient.Response response = arm.put(vaultPath(id), vaultBody("{\"ipRules\":[{\"value\":\"10.0.0.0/8\"}]}"));

    assertThat(response.errorMessage()).isEqualTo("Invalid value found at properties.networkAcls.ipRules[0].value:"
        + " 10.0.0.0/8 belongs to forbidden range 10.0.0.0–10.255.255.255 (private IP addresses)");
    assertThat(arm.sim().keyVaults().find(id)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "2001:db8::/32    | Only IPv4 addresses are supported",
      "1.2.3            | is not a valid IPv4 address or CIDR range",
      "1.2.3.256        | is not a valid IPv4 address or CIDR range",
      "1.2.3.4/33       | is not a valid IPv4 address or CIDR range",
      "'20.0.0.0/24'    | is not a valid IPv4 address or CIDR range",
      "example.com      | is not a valid IPv4 address or CIDR range"})
  void malformedIpRulesAreRefused(String rule, String reason) {
    ArmClient.Response response = arm.put(vaultPath(TestIds.freshVault()),
        vaultBody("{\"ipRules\":[{\"value\":\"" + rule + "\"}]}"));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("BadRequest");
    assertThat(response.errorMessage())
        .startsWith("Invalid value found at properties.networkAcls.ipRules[0].value: " + rule)
        .contains(reason);
  }

  @Test
  void duplicateRulesAfterNormalisationAreRefused() {
    ArmClient.Response ips = arm.put(vaultPath(TestIds.freshVault()),
        vaultBody("{\"ipRules\":[{\"value\":\"1.2.3.4\"},{\"value\":\"1.2.3.4/32\"}]}"));
    ArmClient.Response subnets = arm.put(vaultPath(TestIds.freshVault()), vaultBody(
        "{\"virtualNetworkRules\":[{\"id\":\"" + TestIds.subnet("a") + "\"},{\"id\":\""
            + TestIds.subnet("a").toUpperCase(Locale.ROOT) + "\"}]}"));

    assertThat(ips.status()).isEqualTo(400);
    assertThat(ips.errorMessage()).startsWith("Invalid value found at properties.networkAcls.ipRules[1].value:");
    assertThat(subnets.status()).isEqualTo(400);
    assertThat(subnets.errorMessage())
        .startsWith("Invalid value found at properties.networkAcls.virtualNetworkRules[1].id:");
  }

  static final List<Integer> RULE_COUNTS = List.of(1000, 1001);

  @ParameterizedTest
  @FieldSource("RULE_COUNTS")
  void atMost1000IpRules(int count) {
    String rules = IntStream.range(0, count)
        .mapToObj(i -> "{\"value\":\"20." + (i / 250) + "." + (i % 250) + ".0/24\"}")
        .collect(Collectors.joining(",", "[", "]"));

    ArmClient.Response response =
        arm.put(vaultPath(TestIds.freshVault()), vaultBody("{\"ipRules\":" + rules + "}"));

    if (count <= 1000) {
      assertThat(response.status()).isEqualTo(201);
      assertThat(response.json().path("properties").path("networkAcls").path("ipRules").size()).isEqualTo(count);
    } else {
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.errorMessage()).contains("limit of 1000 IP rules");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 201})
  void atMost200VirtualNetworkRules(int count) {
    TestIds.seedSubnets(arm.sim(), IntStream.range(0, count).mapToObj(i -> "s" + i).toArray(String[]::new));
    String rules = IntStream.range(0, count)
        .mapToObj(i -> "{\"id\":\"" + TestIds.subnet("s" + i) + "\"}")
        .collect(Collectors.joining(",", "[", "]"));

    ArmClient.Response response = arm.put(vaultPath(TestIds.freshVault()),
        vaultBody("{\"virtualNetworkRules\":" + rules + "}"));

    assertThat(response.status()).isEqualTo(count <= 200 ? 201 : 400);
    if (count > 200) {
      assertThat(response.errorMessage()).contains("limit of 200 virtual network rules");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"kv", "1kv-starts-with-digit", "kv--double", "kv-ends-with-", "kv_underscore",
      "kv-name-that-is-too-long-x"})
  void invalidVaultNamesAreRefusedOnPut(String name) {
    SimVaultId id = new SimVaultId(TestIds.SUBSCRIPTION, TestIds.RESOURCE_GROUP, name);

    ArmClient.Response response = arm.put(vaultPath(id), vaultBody(null));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo("VaultNameNotValid");
    assertThat(response.errorMessage()).startsWith("The vault name '" + name + "' is invalid.");
  }

  @Test
  void vaultNamesAreGloballyUnique() {
    arm.sim().seedResourceGroup(TestIds.SUBSCRIPTION, "rg-second");
    SimVaultId id = TestIds.freshVault();
    arm.put(vaultPath(id), vaultBody(null));

    ArmClient.Response response = arm.put(vaultPath(new SimVaultId(TestIds.SUBSCRIPTION, "rg-second",
        id.name().toUpperCase(Locale.ROOT))), vaultBody(null));

    assertThat(response.status()).isEqualTo(409);
    assertThat(response.errorCode()).isEqualTo("VaultAlreadyExists");
  }

  @Test
  void requestBodiesMustBeJson() {
    SimVaultId id = TestIds.freshVault();
    ArmClient.Response text = arm.send(arm.request(vaultPath(id))
        .header("Authorization", "Bearer " + arm.sim().bearerToken())
        .header("Content-Type", "text/plain")
        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(vaultBody(null))));
    ArmClient.Response malformed = arm.put(vaultPath(id), "{\"location\":");
    ArmClient.Response wrongType = arm.put(vaultPath(id), vaultBody("{\"ipRules\":\"1.2.3.4\"}"));
    ArmClient.Response noTenant = arm.put(vaultPath(id),
        "{\"location\":\"westeurope\",\"properties\":{\"sku\":{\"name\":\"standard\"}}}");
    ArmClient.Response noLocation = arm.put(vaultPath(id), "{\"properties\":{}}");

    assertThat(text.status()).isEqualTo(415);
    assertThat(text.errorCode()).isEqualTo("UnsupportedMediaType");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.errorCode()).isEqualTo("InvalidRequestContent");
    assertThat(wrongType.errorCode()).isEqualTo("InvalidRequestContent");
    assertThat(wrongType.errorMessage()).contains("properties.networkAcls.ipRules");
    assertThat(noTenant.status()).isEqualTo(400);
    assertThat(noTenant.errorMessage()).contains("properties.tenantId");
    assertThat(noLocation.errorCode()).isEqualTo("LocationRequired");
    assertThat(arm.sim().keyVaults().find(id)).isEmpty();
  }

  @Test
  void unknownPathsAndMethodsAreRefused() {
    SimVaultId id = TestIds.freshVault();

    String unknown = "/subscriptions/" + TestIds.SUBSCRIPTION + "/providers/Microsoft.Nothing/things?api-version=1";

    assertThat(arm.get(unknown).status()).isEqualTo(404);
    assertThat(arm.send("POST", vaultPath(id), "{}").status()).isEqualTo(405);
  }
}
