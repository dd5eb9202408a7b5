package io.vaultgate.simulator.arm.keyvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultgate.simulator.ArmClient;
import io.vaultgate.simulator.TestIds;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A vault's secrets on the management plane over raw HTTPS: names and attributes, never values. */
class SecretsHttpTest {
  @RegisterExtension
  static final ArmClient arm = new ArmClient();

  private static final String SECRET_VALUE = "hunter2-never-kept";

  private static SimVaultId vault() {
    SimVaultId id = TestIds.freshVault();
    arm.sim().keyVaults().create(id, "westeurope", TestIds.TENANT, false, "Enabled", NetworkAcls.deny());
    return id;
  }

  private static String secrets(SimVaultId id) {
    return id.resourceId() + "/secrets";
  }

  @Test
  void putCreatesWith201ThenReplacesWith200AndNeverReturnsOrKeepsTheValue() {
    SimVaultId id = vault();
    String body = """
        {"tags":{"team":"payments"},
         "properties":{"value":"%s","contentType":"text/plain","attributes":{"enabled":true,"exp":1924992000}}}
        """.formatted(SECRET_VALUE);

    ArmClient.Response created = arm.put(secrets(id) + "/dbPassword" + ArmClient.API_VERSION_QUERY, body);
    ArmClient.Response replaced = arm.put(secrets(id) + "/DBPASSWORD" + ArmClient.API_VERSION_QUERY, """
        {"properties":{"value":"%s"}}""".formatted(SECRET_VALUE));

    assertThat(created.status()).isEqualTo(201);
    JsonNode secret = created.json();
    assertThat(secret.path("id").asText()).isEqualTo(id.resourceId() + "/secrets/dbPassword");
    assertThat(secret.path("name").asText()).isEqualTo("dbPassword");
    assertThat(secret.path("type").asText()).isEqualTo("Microsoft.KeyVault/vaults/secrets");
    assertThat(secret.path("location").asText()).isEqualTo("westeurope");
    assertThat(secret.path("tags").path("team").asText()).isEqualTo("payments");
    JsonNode properties = secret.path("properties");
    assertThat(properties.has("value")).isFalse();
    assertThat(properties.path("contentType").asText()).isEqualTo("text/plain");
    assertThat(properties.path("attributes").path("enabled").asBoolean()).isTrue();
    assertThat(properties.path("attributes").path("exp").asLong()).isEqualTo(1924992000L);
    assertThat(properties.path("attributes").path("created").isIntegralNumber()).isTrue();
    assertThat(properties.path("secretUri").asText())
        .isEqualTo("https://" + id.name() + ".vault.azure.net/secrets/dbPassword");
    assertThat(properties.path("secretUriWithVersion").asText())
        .matches("https://" + id.name() + "\\.vault\\.azure\\.net/secrets/dbPassword/[0-9a-f]{32}");

    assertThat(replaced.status()).as("names compare ignoring case").isEqualTo(200);
    assertThat(replaced.json().path("name").asText()).as("the first casing stays").isEqualTo("dbPassword");
    assertThat(replaced.json().path("properties").has("contentType")).as("a PUT replaces the settings").isFalse();
    assertThat(replaced.json().path("properties").path("secretUriWithVersion").asText())
        .isNotEqualTo(properties.path("secretUriWithVersion").asText());
    assertThat(created.body() + replaced.body()).doesNotContain(SECRET_VALUE);
    assertThat(arm.sim().keyVaults().secrets().list(id)).singleElement()
        .satisfies(s -> assertThat(s.toString()).doesNotContain(SECRET_VALUE));
  }

  @Test
  void getAndListShowNamesAndAttributesOnly() {
    SimVaultId id = vault();
    arm.sim().keyVaults().secrets().add(id, "apiKey");
    arm.put(secrets(id) + "/dbPassword" + ArmClient.API_VERSION_QUERY, """
        {"properties":{"value":"%s"}}""".formatted(SECRET_VALUE));

    ArmClient.Response get = arm.get(secrets(id) + "/APIKEY" + ArmClient.API_VERSION_QUERY);
    ArmClient.Response list = arm.get(secrets(id) + ArmClient.API_VERSION_QUERY);

    assertThat(get.status()).isEqualTo(200);
    assertThat(get.json().path("name").asText()).isEqualTo("apiKey");
    assertThat(get.json().path("properties").has("value")).isFalse();
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().path("value")).extracting(s -> s.path("name").asText())
        .containsExactly("apiKey", "dbPassword");
    assertThat(list.json().has("nextLink")).isFalse();
    assertThat(list.json().path("value").get(0)).isEqualTo(get.json());
    assertThat(list.body()).doesNotContain(SECRET_VALUE).doesNotContain("\"value\":\"");
  }

  @Test
  void listPagesByTopWithNextLinksThatCarryTheApiVersion() {
    SimVaultId id = vault();
    IntStream.range(0, 5).forEach(i -> arm.sim().keyVaults().secrets().add(id, "s" + i));

    List<String> names = new ArrayList<>();
    ArmClient.Response page = arm.get(secrets(id) + ArmClient.API_VERSION_QUERY + "&$top=2");
    int pages = 1;
    while (page.json().has("nextLink")) {
      page.json().path("value").forEach(s -> names.add(s.path("name").asText()));
      assertThat(page.json().path("value").size()).isEqualTo(2);
      assertThat(page.json().path("nextLink").asText()).contains("api-version=" + ArmClient.API_VERSION);
      page = arm.getUrl(page.json().path("nextLink").asText());
      pages++;
    }
    page.json().path("value").forEach(s -> names.add(s.path("name").asText()));

    assertThat(pages).isEqualTo(3);
    assertThat(names).containsExactly("s0", "s1", "s2", "s3", "s4");
  }

  @Test
  void withoutTopAPageHoldsAtMostTwentyFive() {
    SimVaultId id = vault();
    IntStream.range(0, SecretApi.PAGE_SIZE + 1).forEach(i -> arm.sim().keyVaults().secrets().add(id, "s" + i));

    JsonNode first = arm.get(secrets(id) + ArmClient.API_VERSION_QUERY + "&$top=1000").json();

    assertThat(first.path("value").size()).isEqualTo(SecretApi.PAGE_SIZE);
    assertThat(arm.getUrl(first.path("nextLink").asText()).json().path("value").size()).isEqualTo(1);
  }

  @Test
  void unknownVaultOrSecretIs404AndBadInputIs400() {
    SimVaultId id = vault();
    SimVaultId missing = TestIds.freshVault();

    ArmClient.Response noVault = arm.get(secrets(missing) + ArmClient.API_VERSION_QUERY);
    ArmClient.Response noVaultPut = arm.put(secrets(missing) + "/x" + ArmClient.API_VERSION_QUERY,
        "{\"properties\":{}}");
    ArmClient.Response noSecret = arm.get(secrets(id) + "/nope" + ArmClient.API_VERSION_QUERY);
    ArmClient.Response noProperties = arm.put(secrets(id) + "/x" + ArmClient.API_VERSION_QUERY, "{}");
    ArmClient.Response badName = arm.put(secrets(id) + "/bad_name" + ArmClient.API_VERSION_QUERY,
        "{\"properties\":{}}");
    ArmClient.Response badTop = arm.get(secrets(id) + ArmClient.API_VERSION_QUERY + "&$top=0");
    ArmClient.Response badVersion = arm.get(secrets(id) + "?api-version=2019-01-01");

    assertThat(noVault.status()).isEqualTo(404);
    assertThat(noVault.errorCode()).isEqualTo("ResourceNotFound");
    assertThat(noVault.errorMessage()).contains("Microsoft.KeyVault/vaults/" + missing.name());
    assertThat(noVaultPut.status()).isEqualTo(404);
    assertThat(noSecret.status()).isEqualTo(404);
    assertThat(noSecret.errorMessage()).contains(id.name() + "/secrets/nope");
    assertThat(noProperties.status()).isEqualTo(400);
    assertThat(noProperties.errorMessage()).contains("'properties'");
    assertThat(badName.status()).isEqualTo(400);
    assertThat(badTop.status()).isEqualTo(400);
    assertThat(badVersion.status()).isEqualTo(400);
    assertThat(badVersion.errorCode()).isEqualTo("NoRegisteredProviderFound");
    assertThat(arm.sim().keyVaults().secrets().list(id)).isEmpty();
  }

  @Test
  void theStateApiAddsByNameRemovesAndForgetsADeletedVaultsSecrets() {
    SimVaultId id = vault();
    VaultSecrets secrets = arm.sim().keyVaults().secrets();

    SimSecret first = secrets.add(id, "dbPassword");
    SimSecret again = secrets.add(id, "DBPassword");

    assertThat(again).as("idempotent, ignoring case").isEqualTo(first);
    assertThat(secrets.names(id)).containsExactly("dbPassword");
    assertThat(secrets.remove(id, "DBPASSWORD")).isTrue();
    assertThat(secrets.remove(id, "dbPassword")).isFalse();
    assertThat(secrets.names(id)).isEmpty();
    assertThatThrownBy(() -> secrets.add(TestIds.freshVault(), "x")).isInstanceOf(NoSuchElementException.class);

    secrets.add(id, "apiKey");
    arm.sim().keyVaults().delete(id);
    arm.sim().keyVaults().create(id, "westeurope", TestIds.TENANT, false, "Enabled", NetworkAcls.deny());
    assertThat(secrets.names(id)).as("a new vault of that name starts empty").isEmpty();
  }
}
