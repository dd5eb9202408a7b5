package io.vaultgate.simulator.devops;

import com.fasterxml.jackson.databind.JsonNode;
import io.vaultgate.simulator.AzureSimulator;
import io.vaultgate.simulator.TestIds;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Fresh Azure DevOps organizations, request bodies and response readers for the DevOps tests. */
final class DevOpsSeeds {
  static final String ENDPOINTS_VERSION = "7.1";
  private static final AtomicInteger COUNTER = new AtomicInteger();

  /** An organization with one project. */
  record Org(Organization organization, Project project) {
    String name() {
      return organization.name();
    }

    /** {@code /{org}/{rest}?api-version=...} ({@code rest} may carry its own query). */
    String path(String rest, String apiVersion) {
      return "/" + name() + "/" + rest + (rest.contains("?") ? "&" : "?") + "api-version=" + apiVersion;
    }

    /** {@code /{org}/{project id}/{rest}?api-version=...}. */
    String projectPath(String rest, String apiVersion) {
      return path(project.id() + "/" + rest, apiVersion);
    }
  }

  private DevOpsSeeds() {
  }

  /** One property of each item of a JSON array, as text (not searching nested objects). */
  static List<String> each(JsonNode array, String property) {
    List<String> values = new ArrayList<>();
    array.forEach(item -> values.add(item.path(property).asText()));
    return values;
  }

  static Org organization(AzureSimulator sim) {
    int n = COUNTER.incrementAndGet();
    Organization organization = sim.devOps().seedOrganization("org-" + n);
    return new Org(organization, sim.devOps().seedProject(organization.name(), "Project " + n));
  }

  /** An AzureRM service connection with workload identity federation, created by hand (creationMode Manual). */
  static String azureRmEndpoint(String name, String projectId, String servicePrincipalId) {
    return """
        {"name":"%1$s","type":"AzureRM","url":"https://management.azure.com/","description":"Vault access",
         "data":{"subscriptionId":"%2$s","subscriptionName":"Pipelines","environment":"AzureCloud",
                 "scopeLevel":"Subscription","creationMode":"Manual"},
         "authorization":{"scheme":"WorkloadIdentityFederation",
                          "parameters":{"tenantid":"%3$s","serviceprincipalid":"%4$s"}},
         "isShared":false,"isReady":true,
         "serviceEndpointProjectReferences":[{"projectReference":{"id":"%5$s","name":"ignored"},"name":"%1$s",
                                              "description":""}]}
        """.formatted(name, TestIds.SUBSCRIPTION, TestIds.TENANT, servicePrincipalId, projectId);
  }

  /** A variable group linked to a vault through a service connection. */
  static String keyVaultGroup(String name, String projectId, String endpointId, String vault) {
    return """
        {"name":"%1$s","description":"","type":"AzureKeyVault",
         "providerData":{"serviceEndpointId":"%2$s","vault":"%3$s"},
         "variables":{"db-password":{"isSecret":true,"enabled":true,"contentType":"","value":"ignored"}},
         "variableGroupProjectReferences":[{"name":"%1$s","description":"","projectReference":{"id":"%4$s"}}]}
        """.formatted(name, endpointId, vault, projectId);
  }
}
