package io.vaultgate.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A Kubernetes field selector ({@code involvedObject.name=x,type!=Normal}) applied to JSON objects. The mock API
 * server only understands {@code metadata.name}; kubectl describe selects events by {@code involvedObject.*}.
 */
record FieldSelector(List<Requirement> requirements) {

  record Requirement(String path, boolean equal, String value) {
    boolean matches(JsonNode object) {
      JsonNode node = object;
      for (String field : path.split("\\.")) {
        node = node.path(field);
      }
      String actual = node.isValueNode() ? node.asText() : "";
      return actual.equals(value) == equal;
    }
  }

  FieldSelector {
    requirements = List.copyOf(requirements);
  }

  /** @param selector as in {@code ?fieldSelector=}; null or blank selects everything */
  static FieldSelector parse(String selector) {
    List<Requirement> requirements = new ArrayList<>();
    if (selector != null) {
      for (String term : selector.split(",")) {
        String t = term.trim();
        if (t.isEmpty()) {
          continue;
        }
        int ne = t.indexOf("!=");
        int eq = t.indexOf('=');
        if (ne >= 0) {
          requirements.add(new Requirement(t.substring(0, ne), false, t.substring(ne + 2)));
        } else if (eq >= 0) {
          String value = t.substring(eq + 1);
          // a==b means a=b
          requirements.add(new Requirement(t.substring(0, eq), true,
              value.startsWith("=") ? value.substring(1) : value));
        } else {
          throw new IllegalArgumentException("invalid field selector term '" + t + "'");
        }
      }
    }
    return new FieldSelector(requirements);
  }

  boolean matches(JsonNode object) {
    return requirements.stream().allMatch(r -> r.matches(object));
  }

  boolean isEmpty() {
    return requirements.isEmpty();
  }
}
