package io.vaultgate.simulator.devops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.BearerToken;
import io.vaultgate.simulator.http.FrontDoor;
import io.vaultgate.simulator.http.RouteTable;
import io.vaultgate.simulator.http.SimJson;
import io.vaultgate.simulator.http.SimRequest;
import io.vaultgate.simulator.http.SimResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azure DevOps REST's front door: the organization in the first path segment, authentication (an Entra bearer
 * token or a personal access token), the api-version rules and Azure DevOps's error body
 * ({@code {"$id":"1","innerException":null,"message",...,"typeKey",...,"eventId":3000}}); routing is
 * {@link FrontDoor}'s. It authenticates once a route has matched, as the organization to sign in to is in the path.
 */
public final class DevOpsService extends FrontDoor {
  static final String NAME = "devops";
  private static final Pattern ACCEPT_VERSION = Pattern.compile("api-version=([^;,\\s]+)");
  /** Codes of the shared JSON readers, as Azure DevOps names the same failures. */
  private static final Map<String, String> ALIASES = Map.of(
      "BadRequest", "ArgumentException",
      "InvalidRequestContent", "ArgumentException");

  private final DevOps devOps;

  public DevOpsService(BearerToken token, DevOps devOps) {
    super(NAME, token);
    this.devOps = devOps;
  }

  /**
   * Registers a route whose first segment is the organization.
   *
   * @param apiVersions the versions it answers; an empty list accepts any api-version, or none
   */
  void route(String method, String template, List<String> apiVersions, RouteTable.Handler handler) {
    List<String> supported = List.copyOf(apiVersions);
    routes().add(method, template, request -> {
      String version = checkVersion(request, supported);
      return withVersion(handler.handle(request), version);
    });
  }

  /** On a path that names an organization: it must exist, and the caller must get into it. */
  @Override
  protected Optional<SimResponse> admit(SimRequest request, Optional<RouteTable.Match> match) {
    if (match.isEmpty()) {
      return Optional.empty();
    }
    Organization organization = devOps.existingOrganization(request.pathParam(0));
    return authenticated(request, organization) ? Optional.empty() : Optional.of(unauthorized());
  }

  @Override
  protected ApiError noSuchRoute(SimRequest request) {
    return new ApiError(404, "HttpException", "The controller for path '" + request.path()
        + "' was not found or does not implement IController.");
  }

  @Override
  protected ApiError methodNotAllowed(SimRequest request) {
    return ApiError.unsupportedMethod("HttpException", request);
  }

  @Override
  protected SimResponse errorBody(SimRequest request, ApiError error, Map<String, String> headers) {
    String typeKey = ALIASES.getOrDefault(error.code(), error.code());
    ObjectNode body = SimJson.object();
    body.put("$id", "1");
    body.putNull("innerException");
    body.put("message", error.getMessage());
    body.put("typeName", typeName(typeKey));
    body.put("typeKey", typeKey);
    body.put("errorCode", 0);
    body.put("eventId", 3000);
    return SimResponse.json(error.status(), body);
  }

  /** The request's api-version, from the query or the Accept header (where the older clients send it). */
  static Optional<String> apiVersion(SimRequest request) {
    return request.queryParam("api-version").filter(v -> !v.isBlank()).or(() -> request.header("Accept")
        .map(ACCEPT_VERSION::matcher).filter(Matcher::find).map(m -> m.group(1)));
  }

  /**
   * An Entra token for Azure DevOps (the simulator's bearer token), or Basic with a personal access token of the
   * organization (any user name, as Azure DevOps ignores it).
   */
  private boolean authenticated(SimRequest request, Organization organization) {
    String[] parts = request.header("Authorization").orElse("").trim().split("\\s+", 2);
    if (parts.length != 2) {
      return false;
    }
    if (parts[0].equalsIgnoreCase("Bearer")) {
      return hasToken(request) && devOps.acceptsEntraTokens(organization.name());
    }
    if (!parts[0].equalsIgnoreCase("Basic")) {
      return false;
    }
    String credentials;
    try {
      credentials = new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = credentials.indexOf(':');
    return colon >= 0 && devOps.acceptsPersonalAccessToken(organization.name(), credentials.substring(colon + 1));
  }

  /** Azure DevOps answers a REST call it cannot authenticate with 401 and no body. */
  private static SimResponse unauthorized() {
    return SimResponse.empty(401).withHeaders(Map.of("WWW-Authenticate",
        "Bearer authorization_uri=https://login.microsoftonline.com/common"));
  }

  /**
   * The version to answer with. A released version may also be asked for with "-preview"; a version that is
   * only in preview must be asked for with it.
   */
  private static String checkVersion(SimRequest request, List<String> supported) {
    Optional<String> requested = apiVersion(request);
    if (supported.isEmpty()) {
      return requested.orElse(null);
    }
    String version = requested.orElseThrow(() -> new ApiError(400, "VssVersionNotSpecifiedException",
        "No api-version was supplied for the \"" + request.method() + "\" request. The version must be supplied"
            + " either as part of the Accept header (e.g. \"application/json; api-version=1.0\") or as a query"
            + " parameter (e.g. '?api-version=1.0')."));
    String base = version.replaceFirst("-preview(\\.\\d+)?$", "");
    boolean preview = !base.equals(version);
    boolean previewOnly = supported.stream().anyMatch(v -> v.startsWith(base + "-preview"));
    if (supported.contains(version) || preview && (supported.contains(base) || previewOnly)) {
      return version;
    }
    if (!preview && previewOnly) {
      throw new ApiError(400, "VssInvalidPreviewVersionException", "The requested version \"" + version
          + "\" of the resource is under preview. The -preview flag must be supplied in the api-version for such"
          + " requests. For example: \"" + version + "-preview\"");
    }
    throw new ApiError(400, "VssVersionOutOfRangeException", "The requested REST API version of " + version
        + " is not supported by this resource. Supported versions: " + String.join(", ", supported) + ".");
  }

  /** Azure DevOps names the api-version it answered with in the Content-Type of JSON responses. */
  private static SimResponse withVersion(SimResponse response, String version) {
    if (version == null || response.body().length == 0) {
      return response;
    }
    return response.withHeaders(Map.of("Content-Type", SimResponse.JSON + "; api-version=" + version));
  }

  @Override
  protected Map<String, String> headers(SimRequest request) {
    String activityId = UUID.randomUUID().toString();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("ActivityId", activityId);
    headers.put("X-TFS-Session", request.header("X-TFS-Session").orElse(activityId));
    headers.put("X-VSS-E2EID", activityId);
    return headers;
  }

  /** The .NET type behind a typeKey, as Azure DevOps reports it. */
  private static String typeName(String typeKey) {
    if (typeKey.startsWith("Argument")) {
      return "System." + typeKey + ", mscorlib";
    }
    if (typeKey.equals("HttpException")) {
      return "System.Web.HttpException, System.Web";
    }
    String assembly;
    if (typeKey.startsWith("Project")) {
      assembly = "Microsoft.TeamFoundation.Core.WebApi";
    } else if (typeKey.contains("ServiceEndpoint") || typeKey.contains("ServiceConnection")) {
      assembly = "Microsoft.VisualStudio.Services.ServiceEndpoints.WebApi";
    } else if (typeKey.startsWith("VariableGroup")) {
      assembly = "Microsoft.TeamFoundation.DistributedTask.WebApi";
    } else {
      assembly = "Microsoft.VisualStudio.Services.WebApi";
    }
    return assembly + "." + typeKey + ", " + assembly;
  }
}
