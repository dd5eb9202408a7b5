package io.vaultgate.simulator.http;

import java.util.Map;
import java.util.Optional;

/**
 * What the simulated front doors (Azure Resource Manager, Microsoft Graph, Azure DevOps) do alike, done once: the
 * bearer token, the route table, "no such route" and "method not allowed", the headers every response carries, and
 * every failure rendered as an error in the service's own body. A service supplies only what differs: the wording
 * of those errors, its error body and headers, and its own checks before routing. It never words an error for
 * another service: status codes, error codes, messages and headers stay each service's, as Azure sends them.
 */
public abstract class FrontDoor implements SimulatedService {
  private final String name;
  private final BearerToken token;
  private final RouteTable routes = new RouteTable();

  protected FrontDoor(String name, BearerToken token) {
    this.name = name;
    this.token = token;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final RouteTable routes() {
    return routes;
  }

  /** Admission, then the route's handler; a failure on the way is answered by {@link #error}. */
  @Override
  public final SimResponse handle(SimRequest request) {
    try {
      Optional<RouteTable.Match> match = routes.match(request.method(), request.path());
      Optional<SimResponse> refused = admit(request, match);
      if (refused.isPresent()) {
        return refused.get();
      }
      RouteTable.Route route = match.orElseThrow(() -> noSuchRoute(request)).route()
          .orElseThrow(() -> methodNotAllowed(request));
      return route.handler().handle(request).withHeaders(headers(request));
    } catch (ApiError e) {
      return error(request, e);
    }
  }

  /** The service's error body, then the error's own headers, then those of every response. */
  @Override
  public final SimResponse error(SimRequest request, ApiError error) {
    Map<String, String> headers = headers(request);
    return errorBody(request, error, headers).withHeaders(error.headers()).withHeaders(headers);
  }

  /**
   * What is checked before the route is: by default the bearer token. A refusal is thrown as an {@link ApiError},
   * or returned when the service answers it without an error body.
   *
   * @param match the route the path matched; empty when none did (then {@link #noSuchRoute} answers)
   */
  protected Optional<SimResponse> admit(SimRequest request, Optional<RouteTable.Match> match) {
    requireToken(request);
    return Optional.empty();
  }

  /** Throws the 401 of {@link #tokenError} unless the request carries the bearer token. */
  protected final void requireToken(SimRequest request) {
    Optional<ApiError> denied = token.check(request);
    if (denied.isPresent()) {
      throw tokenError(denied.get());
    }
  }

  protected final boolean hasToken(SimRequest request) {
    return token.check(request).isEmpty();
  }

  /** The 401 for a missing or wrong token; by default as ARM words it (see {@link BearerToken#check}). */
  protected ApiError tokenError(ApiError error) {
    return error;
  }

  /** The answer for a path that no route serves. */
  protected abstract ApiError noSuchRoute(SimRequest request);

  /** The answer for a path that some route serves, but not with the request's method. */
  protected abstract ApiError methodNotAllowed(SimRequest request);

  /** The headers the service puts on every response it answers, e.g. correlation ids; fresh for each response. */
  protected abstract Map<String, String> headers(SimRequest request);

  /**
   * The error in the service's body format.
   *
   * @param headers what {@link #headers} gave for this response, for a body that repeats one of them
   */
  protected abstract SimResponse errorBody(SimRequest request, ApiError error, Map<String, String> headers);
}
