package io.vaultgate.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.vaultgate.simulator.http.ApiError;
import io.vaultgate.simulator.http.BearerToken;
import io.vaultgate.simulator.http.RouteTable;
import io.vaultgate.simulator.http.SimJson;
import io.vaultgate.simulator.http.SimRequest;
import io.vaultgate.simulator.http.SimResponse;
import io.vaultgate.simulator.http.SimulatedService;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves one {@link SimulatedService} over HTTPS on a free port of 127.0.0.1: applies injected faults, records
 * every request, and answers the {@code /_simulator/} control paths (which are neither faulted nor recorded, and
 * need the same bearer token): {@code requests} and {@code faults} ({@link FaultControl}, for this service) on
 * every host, and the host's own, e.g. ARM's {@code keyvault/secretRead}.
 */
final class ServiceHost implements AutoCloseable {
  static final String CONTROL_PREFIX = "/_simulator/";
  /** The address in base URLs and in the certificate; fixed, as getLoopbackAddress() may be ::1. */
  private static final String LOOPBACK = "127.0.0.1";
  private static final System.Logger LOG = System.getLogger(ServiceHost.class.getName());

  static {
    // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm meets the
    // client's delayed ACK and every response waits ~40 ms. This property is the server's only switch for it
    // and is read once, when the first server of the JVM starts.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final SimulatedService service;
  private final RequestLog log;
  private final Faults faults;
  private final BearerToken token;
  /** The host's own control paths, by path below {@link #CONTROL_PREFIX}. */
  private final Map<String, RouteTable.Handler> controls;
  private final HttpsServer server;
  private final ThreadPoolExecutor executor;

  ServiceHost(SimulatedService service, TlsMaterial tls, RequestLog log, Faults faults, BearerToken token,
              Map<String, RouteTable.Handler> controls) throws IOException {
    this.service = service;
    this.log = log;
    this.faults = faults;
    this.token = token;
    Map<String, RouteTable.Handler> all = new HashMap<>(controls);
    all.put("requests", this::requestsControl);
    all.put(FaultControl.PATH, new FaultControl(faults, service.name()));
    this.controls = Map.copyOf(all);
    this.server = HttpsServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
    // Unbounded, grows on demand and shrinks back to nothing when idle: injected latency parks a thread per
    // request, and the JDK server drops a connection silently if the executor ever rejects its exchange.
    this.executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
        daemonThreads(threadNamePrefix(service.name(), port())));
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  String baseUrl() {
    return "https://" + LOOPBACK + ":" + port() + "/";
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(HttpExchange exchange) {
    // Closing an exchange that sent no headers drops the connection, so a failure here never leaves a client
    // waiting for a response that will not come.
    try (exchange) {
      long nanoTime = System.nanoTime();
      Instant at = Instant.now();
      SimRequest request = read(exchange);
      if (request.path().startsWith(CONTROL_PREFIX)) {
        respond(exchange, control(request));
        return;
      }
      SimResponse response = answer(request);
      // Recorded before the client can see the answer, so a caller that got its response finds it counted.
      log.record(new RecordedRequest(service.name(), request.method(), request.route(), request.path(), request.query(),
          response == null ? RecordedRequest.RESET : response.status(), nanoTime, at));
      if (response != null) {
        respond(exchange, response);
      }
    } catch (IOException e) {
      // The client went away; nothing to answer.
    }
  }

  /** The response after any injected fault, or null to drop the connection without one. */
  private SimResponse answer(SimRequest request) {
    FaultAction fault = faults.take(service.name(), request.method(), request.route(), request.path()).orElse(null);
    if (fault instanceof FaultAction.Reset) {
      return null;
    }
    if (fault instanceof FaultAction.LoseResponse) {
      serve(request);
      return null;
    }
    if (fault instanceof FaultAction.Respond r) {
      return service.error(request, new ApiError(r.status(), r.code(), r.message().apply(request), r.headers()));
    }
    if (fault instanceof FaultAction.Delay delay) {
      try {
        Thread.sleep(delay.duration().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // shutting down
        return null;
      }
    }
    return serve(request);
  }

  private SimResponse serve(SimRequest request) {
    return guarded(request, service::handle);
  }

  /** The handler's answer; an {@link ApiError} or an unexpected failure is answered in the service's error body. */
  private SimResponse guarded(SimRequest request, RouteTable.Handler handler) {
    try {
      return handler.handle(request);
    } catch (ApiError e) {
      return service.error(request, e);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "simulated " + service.name() + " failed on " + request.method()
          + " " + request.path(), e);
      return service.error(request, new ApiError(500, "InternalServerError", "An internal error occurred: " + e));
    }
  }

  private SimRequest read(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    String path = path(exchange.getRequestURI());
    byte[] body = exchange.getRequestBody().readAllBytes();
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
    Optional<RouteTable.Match> match = service.routes().match(method, path);
    return new SimRequest(service.name(), method, path, query(exchange.getRequestURI().getRawQuery()), headers,
        body, match.map(RouteTable.Match::template).orElse(RouteTable.UNMATCHED),
        match.map(RouteTable.Match::params).orElse(List.of()));
  }

  /**
   * The decoded path, with a leading run of slashes taken as one. The Azure SDK joins "/" and a scope that starts
   * with "/" (role assignments: {@code //subscriptions/...}), and ARM serves that as the single-slash path; the
   * URI parser would otherwise read "subscriptions" as an authority.
   */
  static String path(URI uri) {
    String path = uri.getScheme() == null && uri.getAuthority() != null
        ? "//" + uri.getAuthority() + uri.getPath() : uri.getPath();
    return path.replaceFirst("^/+", "/");
  }

  private static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return query;
  }

  /** A control path, with the same bearer token. */
  private SimResponse control(SimRequest request) {
    Optional<ApiError> denied = token.check(request);
    if (denied.isPresent()) {
      return service.error(request, denied.get());
    }
    String path = request.path().substring(CONTROL_PREFIX.length());
    RouteTable.Handler handler = controls.get(path);
    return handler == null
        ? service.error(request, new ApiError(404, "NotFound", "No such simulator path: " + request.path()))
        : guarded(request, handler);
  }

  /** {@code GET /_simulator/requests}: request counts; {@code DELETE} clears them. */
  private SimResponse requestsControl(SimRequest request) {
    return switch (request.method()) {
      case "GET" -> SimResponse.json(200, requestCounts());
      case "DELETE" -> {
        log.clear();
        yield SimResponse.empty(204);
      }
      default -> service.error(request, ApiError.unsupportedMethod("MethodNotAllowed", request));
    };
  }

  private ObjectNode requestCounts() {
    ObjectNode body = SimJson.object();
    body.putObject("totals").put("reads", log.reads()).put("writes", log.writes());
    ArrayNode routes = body.putArray("routes");
    for (RequestLog.RouteCount count : log.byRoute()) {
      routes.addObject().put("service", count.service()).put("method", count.method())
          .put("route", count.route()).put("count", count.count());
    }
    return body;
  }

  private static void respond(HttpExchange exchange, SimResponse response) throws IOException {
    response.headers().forEach(exchange.getResponseHeaders()::set);
    byte[] body = response.body();
    // -1 means "no body"; 0 would mean chunked encoding.
    exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** Worker threads are named after service and port, so one simulator's threads can be told from another's. */
  static String threadNamePrefix(String service, int port) {
    return "vaultgate-sim-" + service + "-" + port + "-";
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
