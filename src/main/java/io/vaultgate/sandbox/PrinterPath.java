package io.vaultgate.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSONPath subset that CRD printer columns and {@code kubectl} field paths use: {@code .a.b}, {@code ['a.b']},
 * {@code [0]}, {@code [*]} and equality filters such as {@code [?(@.type=="Ready")]}. Enough to render the
 * columns of any CRD the way the API server does, without a general JSONPath engine.
 */
final class PrinterPath {

  private sealed interface Step permits Field, Index, Wildcard, Filter {
  }

  private record Field(String name) implements Step {
  }

  private record Index(int index) implements Step {
  }

  private record Wildcard() implements Step {
  }

  private record Filter(List<String> fields, boolean equal, String literal) implements Step {
  }

  private static final Pattern FILTER =
      Pattern.compile("\\?\\(@((?:\\.[^.=!\\s]+)+)\\s*(==|!=)\\s*(?:\"([^\"]*)\"|'([^']*)'|([^)\\s]+))\\s*\\)");

  private final String expression;
  private final List<Step> steps;

  private PrinterPath(String expression, List<Step> steps) {
    this.expression = expression;
    this.steps = steps;
  }

  /** @throws IllegalArgumentException for syntax outside the subset */
  static PrinterPath parse(String expression) {
    String e = expression.trim();
    if (e.startsWith("{") && e.endsWith("}")) {
      e = e.substring(1, e.length() - 1);
    }
    List<Step> steps = new ArrayList<>();
    int i = 0;
    while (i < e.length()) {
      char c = e.charAt(i);
      if (c == '.') {
        int end = i + 1;
        while (end < e.length() && e.charAt(end) != '.' && e.charAt(end) != '[') {
          end++;
        }
        if (end > i + 1) {
          steps.add(new Field(e.substring(i + 1, end)));
        }
        i = end;
      } else if (c == '[') {
        int end = e.indexOf(']', i);
        if (end < 0) {
          throw new IllegalArgumentException("unclosed [ in " + expression);
        }
        steps.add(bracket(e.substring(i + 1, end), expression));
        i = end + 1;
      } else {
        throw new IllegalArgumentException("unexpected '" + c + "' in " + expression);
      }
    }
    return new PrinterPath(expression, List.copyOf(steps));
  }

  private static Step bracket(String inside, String expression) {
    if (inside.equals("*")) {
      return new Wildcard();
    }
    if (inside.matches("-?\\d+")) {
      return new Index(Integer.parseInt(inside));
    }
    if (inside.length() >= 2 && (inside.startsWith("'") && inside.endsWith("'")
        || inside.startsWith("\"") && inside.endsWith("\""))) {
      return new Field(inside.substring(1, inside.length() - 1));
    }
    Matcher m = FILTER.matcher(inside);
    if (m.matches()) {
      List<String> fields = List.of(m.group(1).substring(1).split("\\."));
      String literal = m.group(3) != null ? m.group(3) : m.group(4) != null ? m.group(4) : m.group(5);
      return new Filter(fields, m.group(2).equals("=="), literal);
    }
    throw new IllegalArgumentException("unsupported [" + inside + "] in " + expression);
  }

  /** The nodes the path selects, in document order; empty when nothing matches. */
  List<JsonNode> evaluate(JsonNode root) {
    List<JsonNode> current = List.of(root);
    for (Step step : steps) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode node : current) {
        apply(step, node, next);
      }
      current = next;
    }
    return current;
  }

  private static void apply(Step step, JsonNode node, List<JsonNode> out) {
    if (step instanceof Field f) {
      if (node.isObject() && node.has(f.name())) {
        out.add(node.get(f.name()));
      }
    } else if (step instanceof Index ix) {
      if (node.isArray()) {
        int i = ix.index() < 0 ? node.size() + ix.index() : ix.index();
        if (i >= 0 && i < node.size()) {
          out.add(node.get(i));
        }
      }
    } else if (step instanceof Wildcard) {
      node.elements().forEachRemaining(out::add);
    } else if (step instanceof Filter f && node.isArray()) {
      for (JsonNode element : node) {
        JsonNode value = element;
        for (String field : f.fields()) {
          value = value.path(field);
        }
        boolean same = value.isValueNode() && Objects.equals(value.asText(), f.literal());
        if (same == f.equal()) {
          out.add(element);
        }
      }
    }
  }

  @Override
  public String toString() {
    return expression;
  }
}
