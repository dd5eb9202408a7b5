package io.vaultgate.simulator.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultgate.simulator.arm.LongRunningOperations.AsyncOperation;
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.SimJson;
import io.vaultgate.simulator.http.SimRequest;
import io.vaultgate.simulator.http.SimResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The URLs on which clients follow long-running operations, and the first answer of a long-running write. The
 * Network resource provider serves them per region ({@code .../locations/{region}/operations/{id}}), Private DNS
 * per resource group ({@code .../privateDnsOperationStatuses/{id}}), as their spec examples show.
 */
public final class OperationApi {
  private final LongRunningOperations operations;

  private OperationApi(LongRunningOperations operations) {
    this.operations = operations;
  }

  /**
   * Serves the status and result URLs at the api-versions of the providers that start the operations.
   *
   * @param network the Network resource provider's api-versions
   * @param dns     Private DNS's api-versions
   */
  public static void register(ArmService arm, LongRunningOperations operations, List<String> network,
                List<String> dns) {
    OperationApi api = new OperationApi(operations);
    arm.route("GET", LongRunningOperations.NETWORK_STATUS_ROUTE, "locations/operations", network, api::status);
    arm.route("GET", LongRunningOperations.NETWORK_RESULT_ROUTE, "locations/operationResults", network,
        api::result);
    arm.route("GET", LongRunningOperations.PRIVATE_DNS_STATUS_ROUTE, "privateDnsOperationStatuses", dns,
        api::status);
    arm.route("GET", LongRunningOperations.PRIVATE_DNS_RESULT_ROUTE, "privateDnsOperationResults", dns,
        api::result);
  }

  /** Where the Network resource provider serves the status of operations in a region (the id follows). */
  public static String networkStatusPrefix(String subscriptionId, String location) {
    return "/subscriptions/" + subscriptionId + "/providers/Microsoft.Network/locations/" + location
        + "/operations/";
  }

  public static String networkResultPrefix(String subscriptionId, String location) {
    return "/subscriptions/" + subscriptionId + "/providers/Microsoft.Network/locations/" + location
        + "/operationResults/";
  }

  public static String privateDnsStatusPrefix(String subscriptionId, String resourceGroup) {
    return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
        + "/providers/Microsoft.Network/privateDnsOperationStatuses/";
  }

  public static String privateDnsResultPrefix(String subscriptionId, String resourceGroup) {
    return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
        + "/providers/Microsoft.Network/privateDnsOperationResults/";
  }

  /**
   * The first answer of a long-running write: the resource as accepted (in its transitional provisioning state)
   * or no body, with {@code Azure-AsyncOperation} to follow the operation and, when asked, {@code Location} for
   * its result (which DELETE needs and Private DNS always sends).
   *
   * @param body null for none (202)
   */
  public static SimResponse accepted(SimRequest request, LongRunningOperations operations, int status, JsonNode body,
                AsyncOperation operation, boolean withLocation) {
    String apiVersion = "?api-version=" + request.queryParam("api-version").orElseThrow();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Azure-AsyncOperation", ArmService.url(request, operation.statusPath() + apiVersion));
    if (withLocation) {
      headers.put("Location", ArmService.url(request, operation.resultPath() + apiVersion));
    }
    operations.retryAfter().ifPresent(seconds -> headers.put("Retry-After", seconds));
    SimResponse response = body == null ? SimResponse.empty(status) : SimResponse.json(status, body);
    return response.withHeaders(headers);
  }

  /**
   * 429 for a write while the resource's previous operation runs, as the Network resource provider answers it;
   * clients retry later.
   */
  public static ApiError anotherOperationInProgress(SimRequest request, AsyncOperation running) {
    return new ApiError(429, "RetryableErrorDueToAnotherOperation", "Operation on resource '"
        + running.resourceId() + "' cannot start: another operation on this or dependent resource is in"
        + " progress. To retrieve status of the operation use uri: " + ArmService.url(request,
        running.statusPath() + "?api-version=" + request.queryParam("api-version").orElseThrow()) + ".",
        Map.of("Retry-After", "1"));
  }

  /** {@code {"status":"InProgress"|"Succeeded"|"Failed"}}, with the error when it failed. */
  private SimResponse status(SimRequest request) {
    AsyncOperation operation = operations.atStatusPath(request.path())
        .orElseThrow(() -> notFound(request));
    ObjectNode body = SimJson.object();
    body.put("status", operation.status());
    operation.error().ifPresent(e -> body.putObject("error").put("code", e.code()).put("message", e.message()));
    SimResponse response = SimResponse.json(200, body);
    return operation.done() ? response : response.withHeaders(retryAfter());
  }

  /** 202 while running; then 204, or the error it failed with. */
  private SimResponse result(SimRequest request) {
    AsyncOperation operation = operations.atResultPath(request.path())
        .orElseThrow(() -> notFound(request));
    if (!operation.done()) {
      Map<String, String> headers = new LinkedHashMap<>(retryAfter());
      headers.put("Location", ArmService.url(request, request.path() + "?api-version="
          + request.queryParam("api-version").orElseThrow()));
      return SimResponse.empty(202).withHeaders(headers);
    }
    operations.failure(operation.id()).ifPresent(e -> {
      throw e;
    });
    return SimResponse.empty(204);
  }

  private Map<String, String> retryAfter() {
    return operations.retryAfter().map(s -> Map.of("Retry-After", s)).orElse(Map.of());
  }

  private static ApiError notFound(SimRequest request) {
    return new ApiError(404, "NotFound", "The operation '" + request.path() + "' was not found.");
  }
}
