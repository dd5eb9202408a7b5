package io.vaultgate.simulator.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.SimJson;
import io.vaultgate.simulator.http.SimRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OData query options of a Graph list, applied to entities as JSON: {@code $filter} with {@code eq} and
 * {@code any()} clauses joined by {@code and} (Graph compares these strings ignoring case), {@code $select},
 * {@code $top} with paging by {@code $skiptoken}, and {@code $count}. {@code $orderby}, {@code $search} and
 * {@code $expand} are accepted and have no effect.
 *
 * @param skip how many matching entities earlier pages held
 */
record ODataQuery(List<Clause> filter, List<String> select, int top, int skip, boolean count) {
  static final int DEFAULT_PAGE_SIZE = 100;
  private static final String VALUE = "'((?:[^']|'')*)'";
  private static final Pattern EQ = Pattern.compile("\\s*(\\w+)\\s+eq\\s+" + VALUE + "\\s*");
  private static final Pattern ANY = Pattern.compile(
      "\\s*(\\w+)/any\\(\\s*(\\w+)\\s*:\\s*\\2\\s+eq\\s+" + VALUE + "\\s*\\)\\s*");
  private static final Pattern AND = Pattern.compile("and(?=\\s)");

  /** {@code property eq 'value'}, or with {@code any} a collection property holding the value. */
  record Clause(String property, boolean any, String value) {
    boolean matches(JsonNode entity) {
      JsonNode field = fieldName(entity, property).map(entity::get).orElse(null);
      if (field == null) {
        return false;
      }
      if (!any) {
        return field.isTextual() && field.asText().equalsIgnoreCase(value);
      }
      for (JsonNode item : field) {
        if (item.asText().equalsIgnoreCase(value)) {
          return true;
        }
      }
      return false;
    }
  }

  ODataQuery {
    filter = List.copyOf(filter);
    select = List.copyOf(select);
  }

  /**
   * @param resource   the entity type for messages, e.g. "ServicePrincipal"
   * @param filterable the properties {@code $filter} may name (ignoring case)
   */
  static ODataQuery parse(SimRequest request, String resource, Set<String> filterable) {
    List<Clause> filter = request.queryParam("$filter").map(ODataQuery::parseFilter).orElse(List.of());
    for (Clause clause : filter) {
      if (filterable.stream().noneMatch(clause.property()::equalsIgnoreCase)) {
        throw new ApiError(400, "Request_UnsupportedQuery", "Unsupported or invalid query filter clause specified"
            + " for property '" + clause.property() + "' of resource '" + resource + "'.");
      }
    }
    List<String> select = request.queryParam("$select")
        .map(s -> Arrays.stream(s.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList())
        .orElse(List.of());
    int top = request.queryParam("$top").map(ODataQuery::pageSize).orElse(DEFAULT_PAGE_SIZE);
    int skip = request.queryParam("$skiptoken").map(ODataQuery::skipToken).orElse(0);
    boolean count = request.queryParam("$count").map(c -> c.equalsIgnoreCase("true")).orElse(false);
    return new ODataQuery(filter, select, top, skip, count);
  }

  boolean matches(JsonNode entity) {
    return filter.stream().allMatch(clause -> clause.matches(entity));
  }

  /** The entity with only the selected properties (all of them without {@code $select}). */
  ObjectNode project(ObjectNode entity) {
    if (select.isEmpty()) {
      return entity;
    }
    ObjectNode projected = SimJson.object();
    // Properties the simulated entities lack are left out rather than refused.
    select.forEach(property -> fieldName(entity, property).ifPresent(name -> projected.set(name, entity.get(name))));
    return projected;
  }

  private static List<Clause> parseFilter(String filter) {
    List<Clause> clauses = new ArrayList<>();
    int at = 0;
    while (true) {
      Matcher eq = EQ.matcher(filter).region(at, filter.length());
      Matcher any = ANY.matcher(filter).region(at, filter.length());
      if (eq.lookingAt()) {
        clauses.add(new Clause(eq.group(1), false, eq.group(2).replace("''", "'")));
        at = eq.end();
      } else if (any.lookingAt()) {
        clauses.add(new Clause(any.group(1), true, any.group(3).replace("''", "'")));
        at = any.end();
      } else {
        throw new ApiError(400, "BadRequest", "Invalid filter clause: '" + filter + "'.");
      }
      if (at == filter.length()) {
        return clauses;
      }
      Matcher and = AND.matcher(filter).region(at, filter.length());
      if (!and.lookingAt()) {
        throw new ApiError(400, "BadRequest", "Invalid filter clause: '" + filter + "'.");
      }
      at = and.end();
    }
  }

  private static int pageSize(String top) {
    try {
      int size = Integer.parseInt(top);
      if (size >= 1 && size <= 999) {
        return size;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ApiError(400, "Request_BadRequest", "Invalid page size specified: '" + top
        + "'. Must be between 1 and 999 inclusive.");
  }

  private static int skipToken(String token) {
    try {
      int skip = Integer.parseInt(token);
      if (skip >= 0) {
        return skip;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ApiError(400, "Request_BadRequest", "The specified page token value has expired or is invalid.");
  }

  /** The entity's name for a property, compared ignoring case. */
  private static Optional<String> fieldName(JsonNode entity, String property) {
    Iterator<String> names = entity.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (name.equalsIgnoreCase(property)) {
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }
}
