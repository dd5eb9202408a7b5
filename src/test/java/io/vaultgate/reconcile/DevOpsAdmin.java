package io.vaultgate.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vaultgate.simulator.AzureSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Another Azure DevOps administrator, editing through the REST API behind the operator's back. */
final class DevOpsAdmin {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final AzureSimulator azure;
  private final HttpClient http;

  DevOpsAdmin(AzureSimulator azure) {
    this.azure = azure;
    this.http = HttpClient.newBuilder().sslContext(azure.sslContext()).build();
  }

  JsonNode send(String method, String path, String body) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(azure.devOpsBaseUrl() + path))
        .header("Authorization", "Bearer " + azure.bearerToken())
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new AssertionError(method + " " + path + ": " + response.statusCode() + " " + response.body());
      }
      return response.body().isBlank() ? null : JSON.readTree(response.body());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** A service connection someone made by hand. */
  JsonNode createConnection(String organization, String projectId, String name, String tenantId, String clientId) {
    return send("POST", organization + "/_apis/serviceendpoint/endpoints?api-version=7.1", """
        {"name": "%s", "type": "AzureRM", "url": "https://management.azure.com/", "description": "made by hand",
         "data": {"subscriptionId": "%s", "subscriptionName": "x", "environment": "AzureCloud",
                  "scopeLevel": "Subscription", "creationMode": "Manual"},
         "authorization": {"scheme": "WorkloadIdentityFederation",
                           "parameters": {"tenantid": "%s", "serviceprincipalid": "%s"}},
         "serviceEndpointProjectReferences": [{"projectReference": {"id": "%s"}, "name": "%s"}]}
        """.formatted(name, OperatorHarness.SUBSCRIPTION, tenantId, clientId, projectId, name));
  }

  /** Edits a variable group's secret mapping, as someone would in the Library UI. */
  void remapGroup(String organization, String project, int id, String... secrets) {
    JsonNode group = send("GET", organization + "/" + project + "/_apis/distributedtask/variablegroups/" + id
        + "?api-version=7.1", null);
    var body = (com.fasterxml.jackson.databind.node.ObjectNode) group.deepCopy();
    var variables = body.putObject("variables");
    for (String secret : secrets) {
      variables.putObject(secret).put("isSecret", true).put("enabled", true).putNull("value");
    }
    send("PUT", organization + "/_apis/distributedtask/variablegroups/" + id + "?api-version=7.1", body.toString());
  }
}
