package io.vaultgate.http;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.policy.HttpPipelineSyncPolicy;
import java.net.URL;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sends the Key Vault management library's requests on the routes vaultgate uses with api-version
 * {@value #API_VERSION} instead of the library's {@value #LIBRARY_API_VERSION}, which Microsoft retires on
 * 2027-02-27 with every control-plane version before 2026-02-01
 * (https://learn.microsoft.com/en-us/azure/key-vault/general/migrate-api-version). The library that calls
 * 2026-02-01 (azure-resourcemanager-keyvault 2.55.0) cannot be had here.
 *
 * <p>The routes, each matched by method and whole path: Vaults_Get (GET) and Vaults_Update (PATCH) of
 * {@code .../providers/Microsoft.KeyVault/vaults/{name}}, Vaults_UpdateAccessPolicy (PUT
 * {@code .../accessPolicies/add|replace|remove}) and Secrets_List (GET {@code .../secrets}, and its next pages).
 * Their request and response bodies are the same in both versions: azure-rest-api-specs
 * {@code specification/keyvault/resource-manager/Microsoft.KeyVault/stable/2025-05-01/openapi.json} and
 * {@code .../stable/2026-02-01/openapi.json} define Vault, VaultPatchParameters, VaultPatchProperties,
 * NetworkRuleSet, IPRule, VirtualNetworkRule, VaultAccessPolicyParameters, AccessPolicyEntry, Permissions,
 * PrivateEndpointConnectionItem, Secret and SecretListResult alike, with the same status codes (200/201, none of
 * them long-running). The one change on these paths, VaultProperties.enableRbacAuthorization defaulting to true,
 * applies when a vault is created (PUT), which is why Vaults_CreateOrUpdate is left alone: vaultgate never creates
 * vaults.
 *
 * <p>It owns only that choice of api-version. It never touches a request of another provider or route (private
 * endpoint connections, keys, Microsoft.Network ...), one carrying any other api-version (a later library, a
 * nextLink already at {@value #API_VERSION}), nor anything of a request but that one query parameter.
 */
public final class KeyVaultApiVersionPolicy extends HttpPipelineSyncPolicy {

  /** What azure-resourcemanager-keyvault 2.54.x sends on every route. */
  public static final String LIBRARY_API_VERSION = "2025-05-01";
  /** The first control-plane version not retired on 2027-02-27. */
  public static final String API_VERSION = "2026-02-01";

  private static final String VAULT =
      "(?i)/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.KeyVault/vaults/[^/]+";
  private static final String OLD = "api-version=" + LIBRARY_API_VERSION;

  private record KeyVaultRoute(HttpMethod method, Pattern path) {
    boolean matches(HttpRequest request) {
      return method == request.getHttpMethod() && path.matcher(request.getUrl().getPath()).matches();
    }
  }

  private static final List<KeyVaultRoute> ROUTES = List.of(
      new KeyVaultRoute(HttpMethod.GET, Pattern.compile(VAULT)),
      new KeyVaultRoute(HttpMethod.PATCH, Pattern.compile(VAULT)),
      new KeyVaultRoute(HttpMethod.PUT, Pattern.compile(VAULT + "/accessPolicies/(add|replace|remove)")),
      new KeyVaultRoute(HttpMethod.GET, Pattern.compile(VAULT + "/secrets")));

  /** Once per call, before the retry policy: every attempt goes out with the same URL. */
  @Override
  public HttpPipelinePosition getPipelinePosition() {
    return HttpPipelinePosition.PER_CALL;
  }

  @Override
  protected void beforeSendingRequest(HttpPipelineCallContext context) {
    HttpRequest request = context.getHttpRequest();
    if (ROUTES.stream().anyMatch(route -> route.matches(request))) {
      rewrite(request.getUrl()).ifPresent(request::setUrl);
    }
  }

  /** The URL with its {@code api-version=}{@value #LIBRARY_API_VERSION} parameter moved; other text kept as is. */
  static Optional<String> rewrite(URL url) {
    String query = url.getQuery();
    if (query == null) {
      return Optional.empty();
    }
    String[] parameters = query.split("&", -1);
    boolean changed = false;
    for (int i = 0; i < parameters.length; i++) {
      if (parameters[i].equalsIgnoreCase(OLD)) {
        parameters[i] = "api-version=" + API_VERSION;
        changed = true;
      }
    }
    if (!changed) {
      return Optional.empty();
    }
    String text = url.toString();
    int start = text.indexOf('?');
    int fragment = text.indexOf('#', start);
    return Optional.of(text.substring(0, start + 1) + String.join("&", parameters)
        + (fragment < 0 ? "" : text.substring(fragment)));
  }
}
