package io.vaultgate.simulator.devops;

import static org.assertj.core.api.Assertions.assertThat;

import io.vaultgate.simulator.TestIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The issuer and subject Azure DevOps presents for a federated AzureRM service connection. */
class WorkloadIdentityFederationTest {
  @ParameterizedTest
  @CsvSource({
      // The Azure DevOps app id, as every new-style subject shows it.
      "499b84ac-1321-427f-aa17-267ca6975798, rISbSSETf0KqFyZ8ppdXmA",
      // Expected values computed independently (Python's uuid.bytes_le is .NET's byte order).
      "72f988bf-86f1-41af-91ab-2d7cd011db47, v4j5cvGGr0GRqy180BHbRw",
      "00000000-0000-0000-0000-000000000001, AAAAAAAAAAAAAAAAAAAAAQ",
      "01020304-0506-0708-090a-0b0c0d0e0f10, BAMCAQYFCAcJCgsMDQ4PEA"})
  void encodesGuidsInDotNetByteOrderAsUnpaddedBase64Url(String guid, String encoded) {
    assertThat(WorkloadIdentityFederation.encode(guid)).isEqualTo(encoded);
    assertThat(WorkloadIdentityFederation.encode(guid.toUpperCase())).isEqualTo(encoded);
  }

  @Test
  void issuerIsTheTenantsEntraIssuerAndSubjectNamesOrganizationAndConnection() {
    String org = "c8b6a3b0-3f4e-4a55-9d3e-2f1b0a9c8d7e";
    String endpoint = "5e47a0d8-c745-44f8-8f93-784f18ff31c4";

    assertThat(WorkloadIdentityFederation.issuer(TestIds.TENANT))
        .isEqualTo("https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0");
    assertThat(WorkloadIdentityFederation.subject(TestIds.TENANT, org, endpoint))
        .isEqualTo("/eid1/c/pub/t/v4j5cvGGr0GRqy180BHbRw/a/rISbSSETf0KqFyZ8ppdXmA/sc/" + org + "/" + endpoint);
  }
}
