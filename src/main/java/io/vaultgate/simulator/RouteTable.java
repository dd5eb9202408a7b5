package io.vaultgate.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The routes of one service. A template is a path whose {@code {}} segments match any one non-empty segment;
 * literal segments match ignoring case (ARM paths are case-insensitive). The template string doubles as the
 * route's name in the request log.
 */
final class RouteTable {
  static final String UNMATCHED = "unmatched";

  @FunctionalInterface
  interface Handler {
    SimResponse handle(SimRequest request);
  }

  record Route(String method, String template, Handler handler) {
  }

  /** A path match; {@code route} is empty when the path exists but not for this method. */
  record Match(String template, Optional<Route> route, List<String> params) {
  }

  private final List<Route> routes = new CopyOnWriteArrayList<>();

  void add(String method, String template, Handler handler) {
    routes.add(new Route(method, template, handler));
  }

  Optional<Match> match(String method, String path) {
    Match pathOnly = null;
    for (Route route : routes) {
      List<String> params = params(route.template(), path);
      if (params == null) {
        continue;
      }
      if (route.method().equals(method)) {
        return Optional.of(new Match(route.template(), Optional.of(route), params));
      }
      if (pathOnly == null) {
        pathOnly = new Match(route.template(), Optional.empty(), params);
      }
    }
    return Optional.ofNullable(pathOnly);
  }

  /** The values of the wildcard segments, or null when the path does not fit the template. */
  private static List<String> params(String template, String path) {
    String[] want = template.split("/", -1);
    String[] have = path.split("/", -1);
    if (want.length != have.length) {
      return null;
    }
    List<String> params = new ArrayList<>();
    for (int i = 0; i < want.length; i++) {
      if (want[i].equals("{}")) {
        if (have[i].isEmpty()) {
          return null;
        }
        params.add(have[i]);
      } else if (!want[i].equalsIgnoreCase(have[i])) {
        return null;
      }
    }
    return List.copyOf(params);
  }
}
