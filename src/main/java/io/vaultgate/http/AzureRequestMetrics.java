package io.vaultgate.http;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.URL;
import java.util.Locale;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Counts every attempt of every Azure, Microsoft Graph and Azure DevOps request, by service, method and status
 * code, plus retries and throttling. One policy placed after the retry policy sees each attempt, so a retried call
 * counts once per attempt. Only hosts and methods are recorded, never paths, headers or bodies.
 */
public final class AzureRequestMetrics implements HttpPipelinePolicy {

  private static final String ATTEMPT = "vaultgate-attempt";

  private final MeterRegistry registry;
  private final Map<String, String> services;

  /** @param endpoints service name (arm, graph, devops) to its base URL */
  public AzureRequestMetrics(MeterRegistry registry, Map<String, URI> endpoints) {
    this.registry = registry;
    this.services = new java.util.HashMap<>();
    endpoints.forEach((name, uri) -> services.put(authority(uri.getScheme(), uri.getHost(), uri.getPort()), name));
  }

  @Override
  public HttpPipelinePosition getPipelinePosition() {
    return HttpPipelinePosition.PER_RETRY;
  }

  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    String[] tags = start(context);
    return next.process()
        .doOnNext(response -> finish(tags, response.getStatusCode()))
        .doOnError(e -> finish(tags, -1));
  }

  @Override
  public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
    String[] tags = start(context);
    try {
      HttpResponse response = next.processSync();
      finish(tags, response.getStatusCode());
      return response;
    } catch (RuntimeException e) {
      finish(tags, -1);
      throw e;
    }
  }

  private String[] start(HttpPipelineCallContext context) {
    int attempt = (Integer) context.getData(ATTEMPT).orElse(0) + 1;
    context.setData(ATTEMPT, attempt);
    URL url = context.getHttpRequest().getUrl();
    String service = services.getOrDefault(authority(url.getProtocol(), url.getHost(), url.getPort()),
        url.getHost().toLowerCase(Locale.ROOT));
    if (attempt > 1) {
      Counter.builder("vaultgate_azure_retries").description("Azure, Graph and Azure DevOps requests retried")
          .tag("service", service).register(registry).increment();
    }
    return new String[] {service, context.getHttpRequest().getHttpMethod().toString()};
  }

  private void finish(String[] tags, int status) {
    String code = status < 0 ? "error" : Integer.toString(status);
    Counter.builder("vaultgate_azure_requests").description("Azure, Graph and Azure DevOps requests sent")
        .tag("service", tags[0]).tag("method", tags[1]).tag("status", code).register(registry).increment();
    if (status == 429) {
      Counter.builder("vaultgate_azure_throttled").description("Requests answered 429 Too Many Requests")
          .tag("service", tags[0]).register(registry).increment();
    }
  }

  private static String authority(String scheme, String host, int port) {
    int p = port > 0 ? port : "http".equalsIgnoreCase(scheme) ? 80 : 443;
    return host.toLowerCase(Locale.ROOT) + ":" + p;
  }
}
