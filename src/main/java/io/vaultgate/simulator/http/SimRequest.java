package io.vaultgate.simulator.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as a simulated service sees it.
 *
 * @param service     name of the service that received it ("arm", ...)
 * @param method      upper-case HTTP method
 * @param path        decoded path, original casing
 * @param query       decoded query parameters
 * @param headers     request headers; look them up with {@link #header(String)} (names are case-insensitive)
 * @param body        raw body, empty when none
 * @param route       the route template it matched, or "unmatched"
 * @param pathParams  values of the template's {@code {}} segments, in order
 */
public record SimRequest(String service, String method, String path, Map<String, List<String>> query,
             Map<String, List<String>> headers, byte[] body, String route, List<String> pathParams) {

  public Optional<String> header(String name) {
    return headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
        .map(e -> e.getValue().get(0))
        .findFirst();
  }

  public Optional<String> queryParam(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  public String pathParam(int index) {
    return pathParams.get(index);
  }
}
