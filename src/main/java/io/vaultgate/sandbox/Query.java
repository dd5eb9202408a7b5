package io.vaultgate.sandbox;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** A request's query parameters, in order, decoded; re-encoded when a request is passed on changed. */
record Query(Map<String, List<String>> parameters) {

  static Query parse(String raw) {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    if (raw != null && !raw.isEmpty()) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        parameters.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      }
    }
    return new Query(parameters);
  }

  /** The first value, or null. */
  String get(String name) {
    List<String> values = parameters.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  Query with(String name, String value) {
    Map<String, List<String>> copy = new LinkedHashMap<>(parameters);
    if (value == null) {
      copy.remove(name);
    } else {
      copy.put(name, List.of(value));
    }
    return new Query(copy);
  }

  /** {@code ?a=b&c=d}, or empty. */
  String encoded() {
    StringJoiner joined = new StringJoiner("&", "?", "").setEmptyValue("");
    parameters.forEach((name, values) -> values.forEach(v -> joined.add(
        URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8))));
    return joined.toString();
  }
}
