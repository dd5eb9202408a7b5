package io.vaultgate.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.vaultgate.reconcile.ResourceCredentials.Found;
import io.vaultgate.reconcile.ResourceCredentials.Problem;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResourceCredentialsTest {

  private static final Optional<String> OWN = Optional.of("/var/run/secrets/azure/tokens/azure-identity-token");

  private static Secret data(Map<String, String> values) {
    var b = new SecretBuilder().withNewMetadata().withName("azure").endMetadata();
    values.forEach((k, v) -> b.addToData(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    return b.build();
  }

  private static ResourceCredentials.Read read(Secret s) {
    return ResourceCredentials.read(s, "team", "azure", OWN);
  }

  private static String problem(ResourceCredentials.Read r) {
    assertThat(r).isInstanceOf(Problem.class);
    return ((Problem) r).message();
  }

  @Test
  void clientSecretCredentialFromBase64Data() {
    var found = (Found) read(data(Map.of("azureClientId", "c\n", "azureTenantId", "t", "azureClientSecret", "x")));
    var c = found.credentials().azure().orElseThrow();
    assertThat(c.clientId()).isEqualTo("c");
    assertThat(c.tenantId()).isEqualTo("t");
    assertThat(c.clientSecret()).contains("x");
    assertThat(found.credentials().devOpsToken()).isEmpty();
  }

  @Test
  void federatedTokenFileAndPersonalAccessTokenFromStringData() {
    Secret s = new SecretBuilder().withNewMetadata().withName("azure").endMetadata()
        .withStringData(Map.of("azureClientId", "c", "azureTenantId", "t",
            "azureFederatedTokenFile", "/var/run/secrets/team/token", "azureDevOpsPat", "pat"))
        .build();
    var found = (Found) read(s);
    assertThat(found.credentials().azure().orElseThrow().federatedTokenFile()).contains("/var/run/secrets/team/token");
    assertThat(found.credentials().devOpsToken()).contains("pat");
  }

  @Test
  void aPersonalAccessTokenAloneLeavesAzureToTheOperator() {
    var found = (Found) read(data(Map.of("azureDevOpsPat", "pat")));
    assertThat(found.credentials().azure()).isEmpty();
  }

  @Test
  void problemsNameTheSecretAndKeyButNoValue() {
    assertThat(ResourceCredentials.read(null, "team", "azure", OWN))
        .isEqualTo(new Problem("Secret 'azure' was not found in namespace team"));
    assertThat(problem(read(data(Map.of("other", "v"))))).contains("'azureDevOpsPat'").contains("'azureClientId'");
    assertThat(problem(read(data(Map.of("azureClientId", "c", "azureClientSecret", "hidden")))))
        .contains("'azureTenantId'").doesNotContain("hidden");
    assertThat(problem(read(data(Map.of("azureTenantId", "t", "azureClientSecret", "hidden")))))
        .contains("'azureClientId'").doesNotContain("hidden");
    assertThat(problem(read(data(Map.of("azureClientId", "c", "azureTenantId", "t")))))
        .contains("'azureClientSecret'").contains("'azureFederatedTokenFile'");
    assertThat(problem(read(data(Map.of("azureClientId", "c", "azureTenantId", "t", "azureClientSecret", "  ")))))
        .as("blank is missing").contains("'azureClientSecret'");
  }

  @Test
  void aTokenFileMustBeAbsoluteAndNotTheOperatorsOwn() {
    assertThat(problem(read(data(Map.of("azureClientId", "c", "azureTenantId", "t",
        "azureFederatedTokenFile", "token"))))).contains("absolute");
    assertThat(problem(read(data(Map.of("azureClientId", "c", "azureTenantId", "t",
        "azureFederatedTokenFile", "/var/run/secrets/azure/tokens/../tokens/azure-identity-token")))))
        .contains("operator's own");
  }
}
