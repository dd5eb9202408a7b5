package io.vaultgate.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.JsonFields;
import io.vaultgate.simulator.http.RouteTable;
import io.vaultgate.simulator.http.SimJson;
import io.vaultgate.simulator.http.SimRequest;
import io.vaultgate.simulator.http.SimResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code <base>/_simulator/faults} of one simulated service, so that black-box suites and demos inject faults over
 * HTTPS: {@code POST} adds a fault for this service from JSON (201 with the fault and its id), {@code GET} lists
 * this service's faults with how often each fired, {@code DELETE} removes them. The JSON, e.g.
 * {@code {"method":"PATCH","path":"/subscriptions/**","kind":"status","status":429,"retryAfterSeconds":1,
 * "probability":0.2,"count":5,"seed":7}}, is checked field by field: a bad one is a 400 naming it. It reads and
 * changes {@link Faults} only, and only this service's rules; it never serves a request of the service itself.
 */
final class FaultControl implements RouteTable.Handler {
  /** The path below {@code /_simulator/}. */
  static final String PATH = "faults";
  private static final Set<String> COMMON = Set.of("method", "path", "kind", "probability", "count", "seed");
  /** The fields each kind takes besides the common ones. */
  private static final Map<String, Set<String>> KINDS = Map.of(
      "status", Set.of("status", "retryAfterSeconds"),
      "reset", Set.of(),
      "delay", Set.of("delayMs"),
      "lostResponse", Set.of());

  private final Faults faults;
  private final String service;
  /**
   * Seeds the rules posted without one; the listing shows the seed drawn, so a run can be repeated. Drawn below
   * 2^31, so that JSON tools reading numbers as doubles (jq) show it exactly.
   */
  private final Random seeds = new Random();

  FaultControl(Faults faults, String service) {
    this.faults = faults;
    this.service = service;
  }

  @Override
  public SimResponse handle(SimRequest request) {
    return switch (request.method()) {
      case "POST" -> SimResponse.json(201, describe(faults.add(rule(SimJson.body(request)))));
      case "GET" -> {
        ObjectNode body = SimJson.object();
        ArrayNode value = body.putArray("value");
        faults.of(service).forEach(active -> value.add(describe(active)));
        yield SimResponse.json(200, body);
      }
      case "DELETE" -> {
        faults.clear(service);
        yield SimResponse.empty(204);
      }
      default -> throw ApiError.unsupportedMethod("MethodNotAllowed", request);
    };
  }

  private FaultRule rule(ObjectNode body) {
    JsonFields json = new JsonFields(body, "");
    String kind = json.text("kind").orElseThrow(() -> json.missing("kind"));
    Set<String> own = KINDS.get(kind);
    if (own == null) {
      throw invalid("kind", "one of " + new TreeSet<>(KINDS.keySet()), "'" + kind + "'");
    }
    body.fieldNames().forEachRemaining(field -> {
      if (!COMMON.contains(field) && !own.contains(field)) {
        throw ApiError.badRequest(KINDS.values().stream().anyMatch(fields -> fields.contains(field))
            ? "The property '" + field + "' does not apply to kind '" + kind + "'."
            : "The property '" + field + "' is not known. Known properties: " + known() + ".");
      }
    });
    String path = json.text("path").orElseThrow(() -> json.missing("path"));
    if (!path.startsWith("/")) {
      throw invalid("path", "a glob starting with '/'", "'" + path + "'");
    }
    String method = json.text("method").orElse("*");
    if (!method.equals("*") && !method.matches("[A-Za-z]+")) {
      throw invalid("method", "an HTTP method or '*'", "'" + method + "'");
    }
    double probability = json.number("probability").orElse(1.0);
    if (probability < 0 || probability > 1) {
      throw invalid("probability", "from 0 to 1", Double.toString(probability));
    }
    int count = json.integer("count").map(c -> (int) atLeast("count", 1, c)).orElse(FaultRule.ALWAYS);
    long seed = json.longInteger("seed").orElseGet(() -> (long) seeds.nextInt(Integer.MAX_VALUE));
    FaultRule rule = FaultRule.next(count, service, action(kind, json)).withPathGlob(path)
        .withProbability(probability, seed);
    return method.equals("*") ? rule : rule.withMethod(method.toUpperCase(Locale.ROOT));
  }

  private static FaultAction action(String kind, JsonFields json) {
    return switch (kind) {
      case "status" -> {
        int status = json.integer("status").orElseThrow(() -> json.missing("status"));
        if (status < 400 || status > 599) {
          throw invalid("status", "an error status from 400 to 599", Integer.toString(status));
        }
        OptionalLong retryAfter = json.longInteger("retryAfterSeconds")
            .map(s -> OptionalLong.of(atLeast("retryAfterSeconds", 0, s))).orElse(OptionalLong.empty());
        yield FaultAction.status(status, retryAfter);
      }
      case "delay" -> FaultAction.latency(Duration.ofMillis(
          atLeast("delayMs", 0, json.longInteger("delayMs").orElseThrow(() -> json.missing("delayMs")))));
      case "reset" -> FaultAction.reset();
      default -> FaultAction.loseResponse();
    };
  }

  /** The fault as posted, with its id, the seed it draws from, and how often it fired ({@code hits}). */
  private static ObjectNode describe(Faults.Active active) {
    FaultRule rule = active.rule();
    ObjectNode fault = SimJson.object().put("id", active.id())
        .put("method", rule.method() == null ? "*" : rule.method());
    if (rule.pathGlob() != null) {
      fault.put("path", rule.pathGlob().toString());
    }
    // rules added in-process may select by route or regular expression instead
    if (rule.route() != null) {
      fault.put("route", rule.route());
    }
    if (rule.pathPattern() != null) {
      fault.put("pathPattern", rule.pathPattern().pattern());
    }
    FaultAction action = rule.action();
    if (action instanceof FaultAction.Respond respond) {
      fault.put("kind", "status").put("status", respond.status());
      if (respond.headers().containsKey("Retry-After")) {
        fault.put("retryAfterSeconds", Long.parseLong(respond.headers().get("Retry-After")));
      }
    } else if (action instanceof FaultAction.Delay delay) {
      fault.put("kind", "delay").put("delayMs", delay.duration().toMillis());
    } else {
      fault.put("kind", action instanceof FaultAction.Reset ? "reset" : "lostResponse");
    }
    fault.put("probability", rule.probability()).put("seed", rule.seed());
    if (rule.times() != FaultRule.ALWAYS) {
      fault.put("count", rule.times());
    }
    return fault.put("hits", active.fired());
  }

  private static long atLeast(String field, long min, long value) {
    if (value < min) {
      throw invalid(field, "at least " + min, Long.toString(value));
    }
    return value;
  }

  private static ApiError invalid(String field, String expected, String value) {
    return ApiError.badRequest("The property '" + field + "' must be " + expected + ", not " + value + ".");
  }

  private static Set<String> known() {
    Set<String> known = new TreeSet<>(COMMON);
    KINDS.values().forEach(known::addAll);
    return known;
  }
}
