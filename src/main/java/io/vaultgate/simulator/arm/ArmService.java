package io.vaultgate.simulator.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.BearerToken;
import io.vaultgate.simulator.http.FrontDoor;
import io.vaultgate.simulator.http.JsonFields;
import io.vaultgate.simulator.http.RouteTable;
import io.vaultgate.simulator.http.SimJson;
import io.vaultgate.simulator.http.SimRequest;
import io.vaultgate.simulator.http.SimResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Azure Resource Manager's front door: the api-version rules, subscription and resource group existence, ARM's
 * error body and response headers (the bearer token and routing are {@link FrontDoor}'s). Resource providers (Key
 * Vault first) register their routes with {@link #route}, and their resource types with {@link #resourceType} so
 * that extension resources (role assignments) can be placed on them. It knows no provider's resources.
 */
public final class ArmService extends FrontDoor {
  public static final String NAME = "arm";
  private static final String RG_SCOPE = "/subscriptions/{}/resourceGroups/{}/";
  private static final String SUBSCRIPTION_SCOPE = "/subscriptions/{}/";

  /** Whether a resource of one type exists. */
  @FunctionalInterface
  public interface ResourceLookup {
    boolean exists(String subscriptionId, String resourceGroup, String name);
  }

  private final ResourceGroups resourceGroups;
  /** By lower-case type, e.g. "microsoft.keyvault/vaults". */
  private final Map<String, ResourceLookup> resourceTypes = new ConcurrentHashMap<>();

  public ArmService(BearerToken token, ResourceGroups resourceGroups) {
    super(NAME, token);
    this.resourceGroups = resourceGroups;
  }

  /**
   * Registers a provider route. Before {@code handler} runs, the subscription and resource group named by the
   * template's leading {@code {}} segments must exist and the api-version must be one of {@code apiVersions}.
   *
   * @param resourceType the type as ARM names it in errors, e.g. "vaults"
   */
  public void route(String method, String template, String resourceType, List<String> apiVersions,
        RouteTable.Handler handler) {
    List<String> fixed = List.copyOf(apiVersions);
    route(method, template, resourceType, () -> fixed, handler);
  }

  /**
   * Likewise, with the versions registered at the time of each request (a version past its retirement is no
   * longer registered). ARM answers a version the provider does not register, retired or never known, with 400
   * {@code NoRegisteredProviderFound}: "No registered resource provider found for location 'usgovvirginia' and
   * API version '2018-03-01-preview' for type 'storageAccounts'. The supported api-versions are '2017-10-01, ...'"
   * (raw body in Azure/azure-cli issue #7075; the same answer for a retired version in
   * hashicorp/terraform-provider-azurerm issue #27921). The real message then lists the supported locations too.
   */
  public void route(String method, String template, String resourceType, Supplier<List<String>> apiVersions,
        RouteTable.Handler handler) {
    routes().add(method, template, request -> {
      String location = checkTemplateScope(template, request);
      String apiVersion = request.queryParam("api-version").orElseThrow();
      List<String> served = apiVersions.get();
      if (!served.contains(apiVersion)) {
        throw new ApiError(400, "NoRegisteredProviderFound", "No registered resource provider found for"
            + " location '" + location + "' and API version '" + apiVersion + "' for type '"
            + resourceType + "'. The supported api-versions are '" + String.join(", ", served)
            + "'.");
      }
      return handler.handle(request);
    });
  }

  /** Makes resources of a type (e.g. "Microsoft.KeyVault/vaults") known as scopes, see {@link #checkScope}. */
  public void resourceType(String type, ResourceLookup lookup) {
    resourceTypes.put(type.toLowerCase(Locale.ROOT), lookup);
  }

  /**
   * Checks that a scope exists, as ARM does before it serves an extension resource such as a role assignment:
   * a subscription, a resource group in it, or a resource in the group (child segments below a resource are
   * taken as they are).
   *
   * @param scope with or without the leading slash
   * @return the scope with one leading slash and no trailing one
   */
  public String checkScope(String scope) {
    String normalised = Scopes.normalise(scope);
    String[] s = normalised.substring(1).split("/", -1);
    boolean shaped = s.length >= 2 && s[0].equalsIgnoreCase("subscriptions")
        && (s.length == 2 || s.length >= 4 && s[2].equalsIgnoreCase("resourceGroups"))
        && (s.length <= 4 || s.length >= 8 && s.length % 2 == 0 && s[4].equalsIgnoreCase("providers"))
        && !List.of(s).contains("");
    if (!shaped) {
      throw new ApiError(400, "InvalidScope", "The scope '" + scope + "' is not valid. A scope is a"
          + " subscription, a resource group or a resource: /subscriptions/{id}[/resourceGroups/{name}"
          + "[/providers/{namespace}/{type}/{name}]].");
    }
    subscription(s[1]);
    if (s.length >= 4) {
      group(s[1], s[3]);
    }
    if (s.length >= 8) {
      String type = s[5] + "/" + s[6];
      ResourceLookup lookup = resourceTypes.get(type.toLowerCase(Locale.ROOT));
      if (lookup == null || !lookup.exists(s[1], s[3], s[7])) {
        throw resourceNotFound(type, s[7], s[3]);
      }
    }
    return normalised;
  }

  /** ARM's 404 for a missing resource in a resource group. */
  public static ApiError resourceNotFound(String type, String name, String resourceGroup) {
    return new ApiError(404, "ResourceNotFound", "The Resource '" + type + "/" + name + "' under resource group '"
        + resourceGroup + "' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");
  }

  /** The token, then an api-version: ARM refuses a request without one before it looks for a provider. */
  @Override
  protected Optional<SimResponse> admit(SimRequest request, Optional<RouteTable.Match> match) {
    requireToken(request);
    if (request.queryParam("api-version").filter(v -> !v.isBlank()).isEmpty()) {
      throw new ApiError(400, "MissingApiVersionParameter",
          "The api-version query parameter (?api-version=) is required for all requests.");
    }
    return Optional.empty();
  }

  @Override
  protected ApiError noSuchRoute(SimRequest request) {
    return new ApiError(404, "NotFound", "No resource provider of this Azure Resource Manager serves '"
        + request.path() + "'.");
  }

  @Override
  protected ApiError methodNotAllowed(SimRequest request) {
    return ApiError.unsupportedMethod("MethodNotAllowed", request);
  }

  @Override
  protected SimResponse errorBody(SimRequest request, ApiError error, Map<String, String> headers) {
    ObjectNode body = SimJson.object();
    body.putObject("error").put("code", error.code()).put("message", error.getMessage());
    return SimResponse.json(error.status(), body);
  }

  /** ARM's tags: an object of string values; absent means none. */
  public static Map<String, String> tags(JsonNode body) {
    Map<String, String> tags = new TreeMap<>();
    JsonFields.of(body, "tags").ifPresent(t -> t.node().fieldNames().forEachRemaining(
        name -> tags.put(name, t.text(name).orElseThrow(() -> t.missing(name)))));
    return tags;
  }

  /** An absolute URL on this service as the caller addressed it; ARM builds nextLink and operation URLs so. */
  public static String url(SimRequest request, String pathAndQuery) {
    return "https://" + request.header("Host").orElse("management.azure.com") + pathAndQuery;
  }

  /** ARM stores locations as lower case without spaces ("West Europe" becomes "westeurope"). */
  public static String normaliseLocation(String location) {
    return location.replace(" ", "").toLowerCase(Locale.ROOT);
  }

  /** Checks that the subscription and resource group in the path exist; returns the location for messages. */
  private String checkTemplateScope(String template, SimRequest request) {
    if (!template.startsWith(SUBSCRIPTION_SCOPE)) {
      return "global";
    }
    subscription(request.pathParam(0));
    return template.startsWith(RG_SCOPE) ? group(request.pathParam(0), request.pathParam(1)).location() : "global";
  }

  private void subscription(String subscriptionId) {
    if (resourceGroups.subscription(subscriptionId).isEmpty()) {
      throw new ApiError(404, "SubscriptionNotFound", "The subscription '" + subscriptionId
          + "' could not be found.");
    }
  }

  private ResourceGroups.ResourceGroup group(String subscriptionId, String resourceGroup) {
    return resourceGroups.find(subscriptionId, resourceGroup)
        .orElseThrow(() -> new ApiError(404, "ResourceGroupNotFound", "Resource group '" + resourceGroup
            + "' could not be found."));
  }

  /** Correlation ids and the remaining-quota headers ARM puts on every response. */
  @Override
  protected Map<String, String> headers(SimRequest request) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-ms-request-id", UUID.randomUUID().toString());
    headers.put("x-ms-correlation-request-id", request.header("x-ms-correlation-request-id")
        .orElseGet(() -> UUID.randomUUID().toString()));
    String kind = switch (request.method()) {
      case "GET", "HEAD" -> "reads";
      case "DELETE" -> "deletes";
      default -> "writes";
    };
    // Fixed values just under the token-bucket sizes: plausible, and never a reason for a client to back off.
    boolean read = kind.equals("reads");
    headers.put("x-ms-ratelimit-remaining-subscription-" + kind, read ? "249" : "199");
    headers.put("x-ms-ratelimit-remaining-subscription-global-" + kind, read ? "3749" : "2999");
    return headers;
  }
}
