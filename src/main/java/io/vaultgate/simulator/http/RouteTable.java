package io.vaultgate.simulator.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The routes of one service. In a template, a {@code {}} segment matches any one non-empty segment, a segment
 * with {@code {}} inside literal text (Graph's {@code servicePrincipals(appId='{}')}) captures the text between
 * them, and one {@code {*}} segment matches one or more whole segments (an ARM scope such as a subscription, a
 * resource group or a vault). Literal text matches ignoring case (ARM and Graph paths are case-insensitive). The
 * template string doubles as the route's name in the request log.
 */
public final class RouteTable {
  public static final String UNMATCHED = "unmatched";
  /** Matches a run of whole non-empty segments; its value is that part of the path, e.g. "subscriptions/{id}". */
  public static final String SEGMENTS = "{*}";
  private static final String ONE = "{}";

  @FunctionalInterface
  public interface Handler {
    SimResponse handle(SimRequest request);
  }

  public record Route(String method, String template, Handler handler) {
  }

  /** A path match; {@code route} is empty when the path exists but not for this method. */
  public record Match(String template, Optional<Route> route, List<String> params) {
  }

  private final List<Route> routes = new CopyOnWriteArrayList<>();

  public void add(String method, String template, Handler handler) {
    routes.add(new Route(method, template, handler));
  }

  public Optional<Match> match(String method, String path) {
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

  /** The values of the template's wildcards, or null when the path does not fit the template. */
  private static List<String> params(String template, String path) {
    String[] want = template.split("/", -1);
    String[] have = path.split("/", -1);
    List<String> params = new ArrayList<>();
    int run = Arrays.asList(want).indexOf(SEGMENTS);
    if (run < 0) {
      return want.length == have.length && segments(want, have, 0, 0, want.length, params)
          ? List.copyOf(params) : null;
    }
    int after = want.length - run - 1;
    int runEnd = have.length - after;
    if (runEnd <= run || !segments(want, have, 0, 0, run, params)) {
      return null;
    }
    List<String> scope = Arrays.asList(have).subList(run, runEnd);
    if (scope.contains("")) {
      return null;
    }
    params.add(String.join("/", scope));
    return segments(want, have, run + 1, runEnd, after, params) ? List.copyOf(params) : null;
  }

  /** Matches {@code count} segments from the given offsets, adding captured values to {@code params}. */
  private static boolean segments(String[] want, String[] have, int w, int h, int count, List<String> params) {
    for (int i = 0; i < count; i++) {
      String pattern = want[w + i];
      String segment = have[h + i];
      int hole = pattern.indexOf(ONE);
      if (hole < 0) {
        if (!pattern.equalsIgnoreCase(segment)) {
          return false;
        }
        continue;
      }
      String prefix = pattern.substring(0, hole);
      String suffix = pattern.substring(hole + ONE.length());
      int end = segment.length() - suffix.length();
      if (end <= prefix.length() || !segment.regionMatches(true, 0, prefix, 0, prefix.length())
          || !segment.regionMatches(true, end, suffix, 0, suffix.length())) {
        return false;
      }
      params.add(segment.substring(prefix.length(), end));
    }
    return true;
  }
}
