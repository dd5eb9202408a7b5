package io.vaultgate.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response to write back; an empty body is sent with no body at all (no chunked zero-length body). */
record SimResponse(int status, Map<String, String> headers, byte[] body) {
  static final String JSON = "application/json; charset=utf-8";

  SimResponse {
    headers = Map.copyOf(headers);
  }

  static SimResponse json(int status, JsonNode body) {
    return new SimResponse(status, Map.of("Content-Type", JSON), Json.bytes(body));
  }

  static SimResponse empty(int status) {
    return new SimResponse(status, Map.of(), new byte[0]);
  }

  SimResponse withHeaders(Map<String, String> extra) {
    Map<String, String> merged = new LinkedHashMap<>(headers);
    merged.putAll(extra);
    return new SimResponse(status, merged, body);
  }
}
