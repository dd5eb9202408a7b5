package io.vaultgate.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultgate.simulator.arm.keyvault.NetworkAcls;
import io.vaultgate.simulator.arm.keyvault.SimVaultId;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Raw HTTPS access to the simulated ARM (and Graph with {@link #graph}, Azure DevOps with {@link #devOps}) for
 * tests: bearer token, JSON bodies, the simulator's CA only. A JUnit extension:
 * {@code @RegisterExtension static final ArmClient arm = new ArmClient();} runs one simulator (directory tenant
 * {@link TestIds#TENANT}, the test resource group seeded) for the test class.
 */
public final class ArmClient implements BeforeAllCallback, AfterAllCallback {
  public static final String API_VERSION = "2026-02-01";
  public static final String API_VERSION_QUERY = "?api-version=" + API_VERSION;
  public static final ObjectMapper JSON = new ObjectMapper();

  private AzureSimulator sim;
  private HttpClient http;

  @Override
  public void beforeAll(ExtensionContext context) {
    sim = AzureSimulator.start(TestIds.TENANT);
    sim.seedResourceGroup(TestIds.SUBSCRIPTION, TestIds.RESOURCE_GROUP);
    http = HttpClient.newBuilder().sslContext(sim.sslContext()).build();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    sim.close();
  }

  public AzureSimulator sim() {
    return sim;
  }

  public record Response(int status, HttpHeaders headers, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    public String errorCode() {
      return json().path("error").path("code").asText();
    }

    public String errorMessage() {
      return json().path("error").path("message").asText();
    }

    /** Azure DevOps names its errors by .NET type. */
    public String typeKey() {
      return json().path("typeKey").asText();
    }

    /** The message of an Azure DevOps error. */
    public String message() {
      return json().path("message").asText();
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  /** A vault with a fresh name in the test resource group: RBAC, its firewall denying all but 20.37.194.0/24. */
  public SimVaultId freshVault() {
    SimVaultId id = TestIds.freshVault();
    sim.keyVaults().create(id, "westeurope", TestIds.TENANT, true, "Enabled", NetworkAcls.deny("20.37.194.0/24"));
    return id;
  }

  public static String vaultPath(SimVaultId id) {
    return id.resourceId() + "?api-version=" + API_VERSION;
  }

  public static String vaultsPath(String subscription, String resourceGroup) {
    return "/subscriptions/" + subscription + "/resourceGroups/" + resourceGroup
        + "/providers/Microsoft.KeyVault/vaults?api-version=" + API_VERSION;
  }

  public Response get(String pathAndQuery) {
    return send("GET", pathAndQuery, null);
  }

  /** A GET of an absolute URL the simulator handed out (an operation's status or result). */
  public Response getUrl(String url) {
    if (!url.startsWith(sim.armBaseUrl())) {
      throw new AssertionError("not a URL of this simulator's ARM: " + url);
    }
    return get(url.substring(sim.armBaseUrl().length() - 1));
  }

  /** Follows the {@code Azure-AsyncOperation} of a long-running write to its end; returns its final status. */
  public String awaitOperation(Response accepted) {
    String url = accepted.header("Azure-AsyncOperation");
    if (url == null) {
      throw new AssertionError("no Azure-AsyncOperation header; status " + accepted.status() + ": " + accepted.body());
    }
    String[] status = new String[1];
    Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> {
      status[0] = getUrl(url).json().path("status").asText();
      return !status[0].equals("InProgress");
    });
    return status[0];
  }

  public Response put(String pathAndQuery, String json) {
    return send("PUT", pathAndQuery, json);
  }

  public Response patch(String pathAndQuery, String json) {
    return send("PATCH", pathAndQuery, json);
  }

  public Response delete(String pathAndQuery) {
    return send("DELETE", pathAndQuery, null);
  }

  public Response send(String method, String pathAndQuery, String json) {
    return send(withBody(request(pathAndQuery).header("Authorization", "Bearer " + sim.bearerToken()), method,
        json));
  }

  public HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(sim.armBaseUrl() + pathAndQuery.substring(1)));
  }

  /** A GET to Microsoft Graph; the path starts with /v1.0 and must be URI-safe (encode spaces as %20). */
  public Response graph(String pathAndQuery) {
    return graph("GET", pathAndQuery, null);
  }

  /** A request to Microsoft Graph with an optional JSON body. */
  public Response graph(String method, String pathAndQuery, String json) {
    return send(withBody(HttpRequest.newBuilder(URI.create(sim.graphBaseUrl() + pathAndQuery.substring(1)))
        .header("Authorization", "Bearer " + sim.bearerToken()), method, json));
  }

  /** A request to Azure DevOps with the bearer token; the path starts with the organization. */
  public Response devOps(String method, String pathAndQuery, String json) {
    return send(withBody(devOpsRequest(pathAndQuery).header("Authorization", "Bearer " + sim.bearerToken()),
        method, json));
  }

  /** An unauthenticated request builder for Azure DevOps. */
  public HttpRequest.Builder devOpsRequest(String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(sim.devOpsBaseUrl() + pathAndQuery.substring(1)));
  }

  private static HttpRequest.Builder withBody(HttpRequest.Builder request, String method, String json) {
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    return request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(json));
  }

  public Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = sendRaw(request);
      return new Response(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new AssertionError("request failed", e);
    }
  }

  public HttpResponse<String> sendRaw(HttpRequest.Builder request) throws IOException {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A minimal valid PUT body. */
  public static String vaultBody(String networkAclsJson) {
    return """
            {"location":"westeurope","properties":{"tenantId":"%s","sku":{"family":"A","name":"standard"}%s}}
            """.formatted(TestIds.TENANT, networkAclsJson == null ? "" : ",\"networkAcls\":" + networkAclsJson);
  }
}
