package io.vaultgate.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.authorization.AuthorizationManager;
import com.azure.resourcemanager.keyvault.KeyVaultManager;
import com.azure.resourcemanager.msi.MsiManager;
import com.azure.resourcemanager.network.NetworkManager;
import com.azure.resourcemanager.privatedns.PrivateDnsZoneManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the Azure SDK clients: one HTTP client and one retry, logging and authentication stack for every Azure
 * call, and one management client per subscription (ARM clients are bound to a subscription).
 */
public final class AzureClients {

  private final AzureSettings settings;
  private final TokenCredential credential;
  private final HttpClient httpClient;
  private final Map<String, KeyVaultManager> keyVaultManagers = new ConcurrentHashMap<>();
  private final Map<String, AuthorizationManager> authorizationManagers = new ConcurrentHashMap<>();
  private final Map<String, MsiManager> msiManagers = new ConcurrentHashMap<>();
  private final Map<String, NetworkManager> networkManagers = new ConcurrentHashMap<>();
  private final Map<String, PrivateDnsZoneManager> privateDnsManagers = new ConcurrentHashMap<>();

  private final HttpPipelinePolicy metrics;

  /**
   * @param metrics counts requests (a no-op policy when metrics are off)
   */
  public AzureClients(AzureSettings settings, TokenCredential credential, HttpPipelinePolicy metrics) {
    this.settings = settings;
    this.credential = credential;
    this.metrics = metrics;
    this.httpClient = httpClient(settings);
  }

  public AzureClients(AzureSettings settings, TokenCredential credential) {
    this(settings, credential, (context, next) -> next.process());
  }

  public KeyVaultManager keyVault(String subscriptionId) {
    return keyVaultManagers.computeIfAbsent(key(subscriptionId), sub -> KeyVaultManager.configure()
        .withHttpClient(httpClient)
        .withRetryOptions(retryOptions(settings))
        .withPolicy(metrics)
        .withLogOptions(NO_HTTP_LOGS)
        .authenticate(credential, profile(sub)));
  }

  /** Role assignments (ARM) and, through its Graph client, service principals. */
  public AuthorizationManager authorization(String subscriptionId) {
    return authorizationManagers.computeIfAbsent(key(subscriptionId), sub -> AuthorizationManager.configure()
        .withHttpClient(httpClient)
        .withRetryOptions(retryOptions(settings))
        .withPolicy(metrics)
        .withLogOptions(NO_HTTP_LOGS)
        .authenticate(credential, profile(sub)));
  }

  public MsiManager managedIdentities(String subscriptionId) {
    return msiManagers.computeIfAbsent(key(subscriptionId), sub -> MsiManager.configure()
        .withHttpClient(httpClient)
        .withRetryOptions(retryOptions(settings))
        .withPolicy(metrics)
        .withLogOptions(NO_HTTP_LOGS)
        .authenticate(credential, profile(sub)));
  }

  public NetworkManager network(String subscriptionId) {
    return networkManagers.computeIfAbsent(key(subscriptionId), sub -> NetworkManager.configure()
        .withHttpClient(httpClient)
        .withRetryOptions(retryOptions(settings))
        .withPolicy(metrics)
        .withLogOptions(NO_HTTP_LOGS)
        .authenticate(credential, profile(sub)));
  }

  public PrivateDnsZoneManager privateDns(String subscriptionId) {
    return privateDnsManagers.computeIfAbsent(key(subscriptionId), sub -> PrivateDnsZoneManager.configure()
        .withHttpClient(httpClient)
        .withRetryOptions(retryOptions(settings))
        .withPolicy(metrics)
        .withLogOptions(NO_HTTP_LOGS)
        .authenticate(credential, profile(sub)));
  }

  /**
   * A pipeline for a REST API without a management library, authenticated with the operator's identity for the
   * given scope: the shared HTTP client, retries and (disabled) logging.
   */
  public HttpPipeline pipeline(String scope) {
    return pipeline(new BearerTokenAuthenticationPolicy(credential, scope));
  }

  /** Likewise, with another authentication policy (e.g. a personal access token). */
  public HttpPipeline pipeline(HttpPipelinePolicy authentication) {
    return new HttpPipelineBuilder()
        .httpClient(httpClient)
        .policies(new RetryPolicy(retryOptions(settings)), authentication, metrics)
        .build();
  }

  public AzureSettings settings() {
    return settings;
  }

  /** Request and response logging stays off: headers carry bearer tokens. */
  private static final HttpLogOptions NO_HTTP_LOGS = new HttpLogOptions().setLogLevel(HttpLogDetailLevel.NONE);

  private static String key(String subscriptionId) {
    return subscriptionId.toLowerCase(java.util.Locale.ROOT);
  }

  private AzureProfile profile(String subscriptionId) {
    return new AzureProfile(null, subscriptionId, environment(settings));
  }

  static AzureEnvironment environment(AzureSettings settings) {
    if (AzureSettings.PUBLIC_CLOUD.equals(settings.resourceManagerEndpoint())
        && AzureSettings.PUBLIC_GRAPH.equals(settings.microsoftGraphEndpoint())) {
      return AzureEnvironment.AZURE;
    }
    Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
    endpoints.put("resourceManagerEndpointUrl", settings.resourceManagerEndpoint().toString());
    endpoints.put("microsoftGraphResourceId", settings.microsoftGraphEndpoint().toString());
    return new AzureEnvironment(endpoints);
  }

  /**
   * Exponential backoff that honours Retry-After, except that a 429 asking for a long wait is handed back to the
   * reconciler, which reschedules instead of holding a thread.
   */
  static RetryOptions retryOptions(AzureSettings settings) {
    ExponentialBackoffOptions backoff = new ExponentialBackoffOptions()
        .setMaxRetries(settings.maxRetries())
        .setBaseDelay(settings.retryDelay())
        .setMaxDelay(settings.retryDelay().multipliedBy(16));
    return new RetryOptions(backoff).setShouldRetryCondition(condition -> {
      HttpResponse response = condition.getResponse();
      if (response == null) {
        return AzureErrors.isConnectionFailure(condition.getThrowable());
      }
      return switch (AzureErrors.kindOf(response.getStatusCode())) {
        case THROTTLED -> {
          Duration wait = AzureErrors.retryAfter(response);
          yield wait == null || wait.compareTo(settings.maxInlineRetryAfter()) <= 0;
        }
        case TRANSIENT -> true;
        default -> false;
      };
    });
  }

  static HttpClient httpClient(AzureSettings settings) {
    java.net.http.HttpClient.Builder builder = java.net.http.HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(10));
    settings.trustedCaFile().ifPresent(ca -> builder.sslContext(trustOnly(ca)));
    return new JdkHttpClientBuilder(builder).build();
  }

  /** An SSL context that trusts exactly the certificates in one PEM file, with full verification. */
  static SSLContext trustOnly(java.nio.file.Path pemFile) {
    try (InputStream in = Files.newInputStream(pemFile)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, cert);
      }
      if (i == 0) {
        throw new IllegalArgumentException(pemFile + " holds no certificate");
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build trust for " + pemFile, e);
    }
  }
}
