package io.vaultgate.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import io.vaultgate.port.AzureFailure;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** What a REST answer becomes: JSON, empty for 404, an Azure failure for an error, a bug for a broken contract. */
class RestCallsTest {

  /** A pipeline whose one server always answers with this status and body. */
  static RestCalls answering(int status, String contentType, String body) {
    return new RestCalls(new HttpPipelineBuilder().httpClient(request -> Mono.just(response(request, status,
        contentType, body))).build());
  }

  static HttpResponse response(HttpRequest request, int status, String contentType, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return new HttpResponse(request) {
      @Override
      public int getStatusCode() {
        return status;
      }

      @Override
      @Deprecated
      public String getHeaderValue(String name) {
        return getHeaders().getValue(name);
      }

      @Override
      public HttpHeaders getHeaders() {
        return new HttpHeaders().set("Content-Type", contentType);
      }

      @Override
      public Flux<ByteBuffer> getBody() {
        return Flux.just(ByteBuffer.wrap(bytes));
      }

      @Override
      public Mono<byte[]> getBodyAsByteArray() {
        return Mono.just(bytes);
      }

      @Override
      public Mono<String> getBodyAsString() {
        return Mono.just(body);
      }

      @Override
      public Mono<String> getBodyAsString(java.nio.charset.Charset charset) {
        return Mono.just(body);
      }
    };
  }

  static final String URL = "https://dev.azure.com/contoso/_apis/projects/payments?api-version=7.1";

  @Test
  void aJsonAnswerIsParsedAndA404IsEmpty() {
    assertThat(answering(200, "application/json", "{\"id\":\"p1\"}").get(URL).orElseThrow().path("id").asText())
        .isEqualTo("p1");
    assertThat(answering(404, "application/json", "{\"message\":\"gone\"}").get(URL)).isEmpty();
  }

  @Test
  void anErrorAnswerIsAnAzureFailureClassifiedByItsCode() {
    assertThatThrownBy(() -> answering(409, "application/json",
        "{\"error\":{\"code\":\"AnotherOperationInProgress\",\"message\":\"busy\"}}").get(URL))
        .isInstanceOfSatisfying(AzureFailure.class, f -> {
          assertThat(f.kind()).isEqualTo(AzureFailure.Kind.TRANSIENT);
          assertThat(f.code()).isEqualTo("AnotherOperationInProgress");
          assertThat(f.getMessage()).isEqualTo("busy");
        });
  }

  @Test
  void aSuccessWhoseBodyIsNotJsonIsABrokenContractNotATransientAzureError() {
    assertThatThrownBy(() -> answering(200, "text/html", "<html>sign in</html>").get(URL))
        .isInstanceOf(IllegalStateException.class).isNotInstanceOf(AzureFailure.class)
        .hasMessageContaining("answered 200 with a body that is not JSON")
        .hasMessageNotContaining("api-version");
  }
}
