package io.vaultgate.http;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach Azure.
 *
 * @param resourceManagerEndpoint ARM's base URL; Azure public cloud unless pointed elsewhere (a sovereign cloud,
 *     or the project's simulator)
 * @param microsoftGraphEndpoint Microsoft Graph's base URL, likewise
 * @param devOpsEndpoint Azure DevOps' base URL ({@code https://dev.azure.com/}), likewise
 * @param trustedCaFile when set, the only CA trusted for Azure calls (a private endpoint's or the simulator's
 *     CA); when empty, the JDK's default trust store. Verification is never turned off.
 * @param maxRetries retries of one call inside the HTTP pipeline (429, 5xx, resets) before the reconcile sees
 *     the failure
 * @param retryDelay first backoff delay, doubled on each retry
 * @param maxInlineRetryAfter a 429 asking to wait longer than this is not slept on in the reconcile thread: the
 *     reconcile is rescheduled after Retry-After instead
 */
public record AzureSettings(
    URI resourceManagerEndpoint,
    URI microsoftGraphEndpoint,
    URI devOpsEndpoint,
    Optional<Path> trustedCaFile,
    int maxRetries,
    Duration retryDelay,
    Duration maxInlineRetryAfter) {

  public static final URI PUBLIC_CLOUD = URI.create("https://management.azure.com/");
  public static final URI PUBLIC_GRAPH = URI.create("https://graph.microsoft.com/");
  public static final URI PUBLIC_DEVOPS = URI.create("https://dev.azure.com/");

  /** A base URL with its trailing slash, to append paths to. */
  public static String base(URI endpoint) {
    String url = endpoint.toString();
    return url.endsWith("/") ? url : url + "/";
  }

  /** The token scope for Azure Resource Manager at this endpoint. */
  public String resourceManagerScope() {
    return base(resourceManagerEndpoint) + ".default";
  }

  /** The token scope for Microsoft Graph at this endpoint. */
  public String graphScope() {
    return base(microsoftGraphEndpoint) + ".default";
  }

  public static AzureSettings publicCloud() {
    return new AzureSettings(PUBLIC_CLOUD, PUBLIC_GRAPH, PUBLIC_DEVOPS, Optional.empty(), 3, Duration.ofSeconds(1),
        Duration.ofSeconds(10));
  }
}
