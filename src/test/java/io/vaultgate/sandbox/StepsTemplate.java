package io.vaultgate.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Azure Pipelines steps template ({@code parameters:} and {@code steps:}), expanded as Azure Pipelines expands
 * it when a pipeline uses it: parameters checked against their types and defaulted, {@code ${{ parameters.x }}}
 * replaced, {@code ${{ each x in parameters.y }}} unrolled. Only that part of the template expression language is
 * emulated; anything else fails, so a template cannot silently rely on what the tests do not run.
 */
final class StepsTemplate {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final Pattern WHOLE = Pattern.compile("^\\$\\{\\{\\s*(.+?)\\s*}}$");
  private static final Pattern INSIDE = Pattern.compile("\\$\\{\\{\\s*(.+?)\\s*}}");
  private static final Pattern EACH = Pattern.compile("^\\$\\{\\{\\s*each\\s+(\\w+)\\s+in\\s+(.+?)\\s*}}$");
  private static final Pattern REFERENCE = Pattern.compile("^(\\w+)(?:\\.(\\w+))?$");

  /** A step once the template is expanded: a task, or a script run by bash. */
  record Step(String displayName, Optional<String> task, JsonNode inputs, Optional<String> bash,
              Map<String, String> env, Optional<String> condition) {
  }

  /** One of the template's parameters; {@code defaultValue} empty when the pipeline must give it. */
  record Parameter(String name, String type, Optional<JsonNode> defaultValue) {
  }

  private final JsonNode document;

  private StepsTemplate(JsonNode document) {
    this.document = document;
  }

  static StepsTemplate read(Path file) {
    try {
      return new StepsTemplate(YAML.readTree(file.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<Parameter> parameters() {
    List<Parameter> parameters = new ArrayList<>();
    for (JsonNode p : document.path("parameters")) {
      parameters.add(new Parameter(p.path("name").asText(), p.path("type").asText("string"),
          Optional.ofNullable(p.get("default"))));
    }
    return parameters;
  }

  /** The steps as Azure Pipelines would run them with these parameter values (strings, or lists of steps). */
  List<Step> expand(Map<String, ?> given) {
    ObjectNode parameters = JsonNodeFactory.instance.objectNode();
    List<String> names = new ArrayList<>();
    for (Parameter p : parameters()) {
      names.add(p.name());
      Object value = given.get(p.name());
      JsonNode node = value == null ? p.defaultValue()
          .orElseThrow(() -> new IllegalArgumentException("a value for required parameter '" + p.name()
              + "' was not provided")) : YAML.valueToTree(value);
      checkType(p, node);
      parameters.set(p.name(), node);
    }
    for (String name : given.keySet()) {
      if (!names.contains(name)) {
        throw new IllegalArgumentException("unexpected parameter '" + name + "'");
      }
    }
    Map<String, JsonNode> scope = new HashMap<>();
    scope.put("parameters", parameters);
    JsonNode steps = expandNode(document.path("steps"), scope);
    List<Step> result = new ArrayList<>();
    for (JsonNode step : steps) {
      result.add(step(step));
    }
    return result;
  }

  private static void checkType(Parameter p, JsonNode value) {
    boolean ok = switch (p.type()) {
      case "string" -> value.isTextual();
      case "stepList" -> value.isArray();
      default -> throw new UnsupportedOperationException("parameter type " + p.type() + " is not emulated");
    };
    if (!ok) {
      throw new IllegalArgumentException("parameter '" + p.name() + "' is not a " + p.type() + ": " + value);
    }
  }

  private static JsonNode expandNode(JsonNode node, Map<String, JsonNode> scope) {
    if (node.isTextual()) {
      return expandText(node.asText(), scope);
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      for (JsonNode element : node) {
        Optional<Matcher> each = eachOf(element);
        if (each.isPresent()) {
          JsonNode collection = evaluate(each.get().group(2), scope);
          JsonNode body = element.elements().next();
          for (JsonNode item : collection) {
            Map<String, JsonNode> inner = new HashMap<>(scope);
            inner.put(each.get().group(1), item);
            expandNode(body, inner).forEach(out::add);
          }
        } else {
          out.add(expandNode(element, scope));
        }
      }
      return out;
    }
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (field.getKey().contains("${{")) {
          throw new UnsupportedOperationException("template expression not emulated: " + field.getKey());
        }
        out.set(field.getKey(), expandNode(field.getValue(), scope));
      }
      return out;
    }
    return node;
  }

  private static Optional<Matcher> eachOf(JsonNode element) {
    if (!element.isObject() || element.size() != 1) {
      return Optional.empty();
    }
    Matcher m = EACH.matcher(element.fieldNames().next());
    return m.matches() ? Optional.of(m) : Optional.empty();
  }

  private static JsonNode expandText(String text, Map<String, JsonNode> scope) {
    Matcher whole = WHOLE.matcher(text);
    if (whole.matches()) {
      return evaluate(whole.group(1), scope);
    }
    Matcher inside = INSIDE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (inside.find()) {
      JsonNode value = evaluate(inside.group(1), scope);
      if (!value.isValueNode()) {
        throw new IllegalArgumentException("'" + inside.group() + "' is not a scalar inside '" + text + "'");
      }
      inside.appendReplacement(out, Matcher.quoteReplacement(value.asText()));
    }
    inside.appendTail(out);
    return TextNode.valueOf(out.toString());
  }

  /** {@code parameters.name}, or a loop variable of {@code each}. */
  private static JsonNode evaluate(String expression, Map<String, JsonNode> scope) {
    Matcher m = REFERENCE.matcher(expression.trim());
    if (!m.matches() || !scope.containsKey(m.group(1))) {
      throw new UnsupportedOperationException("template expression not emulated: ${{ " + expression + " }}");
    }
    JsonNode value = scope.get(m.group(1));
    if (m.group(2) != null) {
      value = value.get(m.group(2));
      if (value == null) {
        throw new IllegalArgumentException("unknown " + expression);
      }
    }
    return value;
  }

  private static Step step(JsonNode step) {
    Optional<String> task = Optional.ofNullable(step.get("task")).map(JsonNode::asText);
    Optional<String> bash = Optional.ofNullable(step.get("bash")).map(JsonNode::asText);
    if (task.isPresent() == bash.isPresent()) {
      throw new UnsupportedOperationException("only task and bash steps are emulated: " + step);
    }
    for (Iterator<String> keys = step.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!List.of("task", "bash", "inputs", "displayName", "env", "condition").contains(key)) {
        throw new UnsupportedOperationException("step property '" + key + "' is not emulated: " + step);
      }
    }
    Map<String, String> env = new LinkedHashMap<>();
    step.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    return new Step(step.path("displayName").asText(task.orElse("Bash")), task, step.path("inputs"), bash, env,
        Optional.ofNullable(step.get("condition")).map(JsonNode::asText));
  }
}
