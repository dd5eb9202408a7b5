package io.vaultgate.simulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A JSON value of an ARM request body being read, with its path for error messages; null members count as
 * absent. Type errors are 400 {@code InvalidRequestContent}, missing required members 400 {@code BadRequest}.
 */
public record JsonFields(JsonNode node, String path) {
  public static Optional<JsonFields> of(JsonNode parent, String field) {
    return new JsonFields(parent, "").object(field);
  }

  public Optional<String> text(String field) {
    return get(field).map(v -> v.as(JsonNode::isTextual, "a string").node.asText());
  }

  public Optional<Boolean> bool(String field) {
    return get(field).map(v -> v.as(JsonNode::isBoolean, "a boolean").node.asBoolean());
  }

  public Optional<Integer> integer(String field) {
    return get(field).map(v -> v.as(JsonNode::isInt, "an integer").node.asInt());
  }

  /** A whole number that fits in a long. */
  public Optional<Long> longInteger(String field) {
    return get(field).map(v -> v.as(n -> n.isIntegralNumber() && n.canConvertToLong(), "an integer").node.asLong());
  }

  public Optional<Double> number(String field) {
    return get(field).map(v -> v.as(JsonNode::isNumber, "a number").node.asDouble());
  }

  public Optional<JsonFields> object(String field) {
    return get(field).map(v -> v.as(JsonNode::isObject, "an object"));
  }

  /** An array of objects, each read by {@code item}; absent means empty. */
  public <T> List<T> objects(String field, Function<JsonFields, T> item) {
    return elements(field).stream().map(e -> item.apply(e.as(JsonNode::isObject, "an object"))).toList();
  }

  /** An array of strings; absent means empty. */
  public List<String> strings(String field) {
    return elements(field).stream().map(e -> e.as(JsonNode::isTextual, "a string").node.asText()).toList();
  }

  public ApiError missing(String field) {
    return ApiError.badRequest("The property '" + at(field) + "' is required.");
  }

  public ApiError wrongType(String expected) {
    return ApiError.invalidContent("Unexpected value " + node + " at '" + path + "': expected " + expected);
  }

  private List<JsonFields> elements(String field) {
    List<JsonFields> result = new ArrayList<>();
    get(field).ifPresent(v -> {
      v.as(JsonNode::isArray, "an array");
      for (int i = 0; i < v.node.size(); i++) {
        result.add(new JsonFields(v.node.get(i), v.path + "[" + i + "]"));
      }
    });
    return result;
  }

  private JsonFields as(Predicate<JsonNode> type, String expected) {
    if (!type.test(node)) {
      throw wrongType(expected);
    }
    return this;
  }

  private Optional<JsonFields> get(String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(new JsonFields(value, at(field)));
  }

  private String at(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }
}
