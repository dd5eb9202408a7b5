package io.vaultgate.http;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.policy.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The HTTP stack every Azure, Microsoft Graph and Azure DevOps call goes through, signed in as one identity: one
 * HTTP client (with the trusted CA), one retry policy, the request metrics, and no request logging (headers carry
 * bearer tokens). The management libraries are configured with the same parts; REST clients get a pipeline here.
 * TLS verification is never turned off.
 */
public final class AzureHttp {

  /** Request and response logging stays off: headers carry bearer tokens. */
  public static final HttpLogOptions NO_HTTP_LOGS = new HttpLogOptions().setLogLevel(HttpLogDetailLevel.NONE);

  private final AzureSettings settings;
  private final TokenCredential credential;
  private final HttpClient httpClient;
  private final HttpPipelinePolicy metrics;

  /** @param metrics counts requests (a no-op policy when metrics are off) */
  public AzureHttp(AzureSettings settings, TokenCredential credential, HttpPipelinePolicy metrics) {
    this.settings = settings;
    this.credential = credential;
    this.metrics = metrics;
    this.httpClient = httpClient(settings);
  }

  public AzureSettings settings() {
    return settings;
  }

  public TokenCredential credential() {
    return credential;
  }

  public HttpClient httpClient() {
    return httpClient;
  }

  public HttpPipelinePolicy metrics() {
    return metrics;
  }

  public RetryOptions retryOptions() {
    return retryOptions(settings);
  }

  /** A pipeline authenticated as this identity for a token scope, e.g. {@code https://graph.microsoft.com/.default}. */
  public HttpPipeline pipeline(String scope) {
    return pipeline(new BearerTokenAuthenticationPolicy(credential, scope));
  }

  /** Likewise, with another authentication policy (e.g. a personal access token). */
  public HttpPipeline pipeline(HttpPipelinePolicy authentication) {
    return new HttpPipelineBuilder()
        .httpClient(httpClient)
        .policies(new RetryPolicy(retryOptions()), authentication, metrics)
        .build();
  }

  /**
   * Exponential backoff that honours Retry-After, except that a 429 asking for a long wait is handed back to the
   * reconciler, which reschedules instead of holding a thread. The pipeline decides before reading the body, so by
   * status: {@link ErrorClassifier#kindOf(int)}.
   */
  static RetryOptions retryOptions(AzureSettings settings) {
    ExponentialBackoffOptions backoff = new ExponentialBackoffOptions()
        .setMaxRetries(settings.maxRetries())
        .setBaseDelay(settings.retryDelay())
        .setMaxDelay(settings.retryDelay().multipliedBy(16));
    return new RetryOptions(backoff).setShouldRetryCondition(condition -> {
      HttpResponse response = condition.getResponse();
      if (response == null) {
        return ErrorClassifier.isConnectionFailure(condition.getThrowable());
      }
      return switch (ErrorClassifier.kindOf(response.getStatusCode())) {
        case THROTTLED -> {
          Duration wait = ErrorClassifier.retryAfter(response);
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
  static SSLContext trustOnly(Path pemFile) {
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
