package io.vaultgate.simulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response to write back; an empty body is sent with no body at all (no chunked zero-length body). */
public record SimResponse(int status, Map<String, String> headers, byte[] body) {
  public static final String JSON = "application/json; charset=utf-8";

  public SimResponse {
    headers = Map.copyOf(headers);
  }

  public static SimResponse json(int status, JsonNode body) {
    return new SimResponse(status, Map.of("Content-Type", JSON), SimJson.bytes(body));
  }

  public static SimResponse empty(int status) {
    return new SimResponse(status, Map.of(), new byte[0]);
  }

  public SimResponse withHeaders(Map<String, String> extra) {
    Map<String, String> merged = new LinkedHashMap<>(headers);
    merged.putAll(extra);
    return new SimResponse(status, merged, body);
  }
}
