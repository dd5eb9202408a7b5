package io.vaultgate.devops;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import io.vaultgate.http.AzureHttp;
import io.vaultgate.http.RestCalls;
import io.vaultgate.port.DevOpsPort;
import io.vaultgate.port.DevOpsPorts;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import reactor.core.publisher.Mono;

/**
 * Azure DevOps clients: with the operator's Entra identity (a token for the Azure DevOps resource) or with a
 * personal access token a resource supplies. Tokens only ever travel in the Authorization header, over HTTPS.
 */
public final class DevOpsClients implements DevOpsPorts {

  /** The Azure DevOps resource (application) id; tokens are requested for it, never for a URL. */
  public static final String AZURE_DEVOPS_SCOPE = "499b84ac-1321-427f-aa17-267ca6975798/.default";

  private final AzureHttp azure;
  private final DevOpsPort operatorIdentity;

  public DevOpsClients(AzureHttp azure) {
    this.azure = azure;
    this.operatorIdentity = new DevOpsRestClient(new RestCalls(azure.pipeline(AZURE_DEVOPS_SCOPE)),
        azure.settings().devOpsEndpoint());
  }

  @Override
  public DevOpsPort operatorIdentity() {
    return operatorIdentity;
  }

  @Override
  public DevOpsPort withPersonalAccessToken(String token) {
    return new DevOpsRestClient(new RestCalls(azure.pipeline(new PersonalAccessTokenPolicy(token))),
        azure.settings().devOpsEndpoint());
  }

  /** Basic authentication with an empty user name, as Azure DevOps expects for personal access tokens. */
  static final class PersonalAccessTokenPolicy implements HttpPipelinePolicy {
    private final String header;

    PersonalAccessTokenPolicy(String token) {
      this.header = "Basic " + Base64.getEncoder().encodeToString((":" + token).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
      return Mono.fromCallable(() -> authorize(context)).flatMap(c -> next.process());
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
      authorize(context);
      return next.processSync();
    }

    private HttpPipelineCallContext authorize(HttpPipelineCallContext context) {
      if (!"https".equalsIgnoreCase(context.getHttpRequest().getUrl().getProtocol())) {
        throw new IllegalStateException("a personal access token is only sent over HTTPS");
      }
      context.getHttpRequest().setHeader(com.azure.core.http.HttpHeaderName.AUTHORIZATION, header);
      return context;
    }

    @Override
    public String toString() {
      return "PersonalAccessTokenPolicy";
    }
  }
}
