package io.vaultgate.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin layer in front of fabric8's CRUD mock API server that real kubectl needs: version and discovery
 * documents, server-side Tables for {@code kubectl get}, field selectors the mock ignores (kubectl describe's
 * events), watches over chunked HTTP (the mock speaks WebSocket only) and strategic merge patches of core
 * objects (the mock takes JSON and merge patches only). Everything else is passed to the mock unchanged.
 * Plain HTTP on the loopback address, without authentication: a sandbox for one user's machine.
 */
final class ApiFront implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApiFront.class);
  /** Kubernetes' own default when a watch names no timeout. */
  private static final Duration DEFAULT_WATCH_TIMEOUT = Duration.ofMinutes(30);
  private static final String JSON = "application/json";
  private static final String PROTOBUF = "application/vnd.kubernetes.protobuf";
  private static final String MERGE_PATCH = "application/merge-patch+json";
  private static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
  private static final String OPENAPI_V2_PROTOBUF = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

  private final HttpServer server;
  private final ExecutorService workers;
  private final URI upstream;
  private final HttpClient http;
  private final ApiCatalog catalog;
  private final WatchBridge watches;
  private final Clock clock;

  private ApiFront(HttpServer server, ExecutorService workers, URI upstream, ApiCatalog catalog, Clock clock) {
    this.server = server;
    this.workers = workers;
    this.upstream = upstream;
    this.catalog = catalog;
    this.clock = clock;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(workers).build();
    this.watches = new WatchBridge(http);
  }

  /**
   * Serves on a free port of the loopback address.
   *
   * @param upstream the mock API server's base URL ({@code http://127.0.0.1:PORT})
   */
  static ApiFront start(URI upstream, ApiCatalog catalog, Clock clock) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      AtomicInteger threads = new AtomicInteger();
      // Watches hold a thread each for as long as they run: an unbounded pool of daemon threads.
      ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "vaultgate-sandbox-api-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      ApiFront front = new ApiFront(server, workers, upstream, catalog, clock);
      server.setExecutor(workers);
      server.createContext("/", front::handle);
      server.start();
      return front;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the sandbox's API server", e);
    }
  }

  /** {@code http://127.0.0.1:PORT}, for a kubeconfig. */
  URI url() {
    return URI.create("http://" + address());
  }

  int port() {
    return server.getAddress().getPort();
  }

  private String address() {
    return server.getAddress().getAddress().getHostAddress() + ":" + port();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      route(exchange);
    } catch (RuntimeException | IOException e) {
      LOG.warn("{} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
      try {
        send(exchange, 500, JSON, status(500, "InternalError", e.toString(), null));
      } catch (IOException ignored) {
        // headers were sent already: the client sees the stream end
      }
    }
  }

  /** One request, with the objects it names if it names any. */
  private record Call(HttpExchange exchange, String method, String path, Query query,
                      Optional<ResourcePath> target, Optional<ApiResource> resource) {

    ResourcePath targetOrNull() {
      return target.orElse(null);
    }

    /** A create, or a replace of a custom resource (not of its status), which the CRD's schema admits. */
    boolean writesCustomResource() {
      boolean write = method.equals("POST") && target.get().isList()
          || method.equals("PUT") && target.get().name() != null;
      return write && target.get().subresource() == null && resource.flatMap(ApiResource::schema).isPresent();
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    Optional<ResourcePath> target = ResourcePath.parse(path);
    Call call = new Call(exchange, exchange.getRequestMethod(), path, Query.parse(exchange.getRequestURI()
        .getRawQuery()), target, target.flatMap(t -> catalog.find(t.group(), t.version(), t.plural())));
    if (call.method().equals("GET") && serveDocument(exchange, path)) {
      return;
    }
    if (call.method().equals("GET") && call.resource().isPresent() && target.get().subresource() == null) {
      boolean table = Tables.wanted(exchange.getRequestHeaders().getFirst("Accept"));
      if (isWatch(call.query())) {
        watch(exchange, path, call.query(), call.resource().get(), table);
      } else {
        get(exchange, path, call.query(), target.get(), call.resource().get(), table);
      }
      return;
    }
    write(call);
  }

  /** Version, discovery and OpenAPI documents: false for any other path. */
  private boolean serveDocument(HttpExchange exchange, String path) throws IOException {
    if (path.equals("/openapi/v2")) {
      // An empty OpenAPI v2 document (protobuf, as kubectl asks): kubectl validates nothing on the client and
      // falls back to JSON merge patches for custom resources, as with a CRD without a published schema.
      sendBytes(exchange, 200, OPENAPI_V2_PROTOBUF, new byte[0]);
      return true;
    }
    List<String> segments = List.of(path.replaceAll("^/+|/+$", "").split("/"));
    if (!isDocument(segments)) {
      return false;
    }
    Optional<JsonNode> document = document(segments);
    if (document.isPresent()) {
      send(exchange, 200, JSON, document.get());
    } else {
      send(exchange, 404, JSON, status(404, "NotFound", "the server could not find the requested resource", null));
    }
    return true;
  }

  /** Everything but reads: checked and translated where the mock differs from the API server, then passed on. */
  private void write(Call call) throws IOException {
    HttpExchange exchange = call.exchange();
    if (call.query().get("dryRun") != null) {
      // The mock would store the object: refuse rather than make a change that was only to be tried.
      send(exchange, 400, JSON, status(400, "BadRequest", "this sandbox does not support server-side dry runs",
          call.targetOrNull()));
      return;
    }
    byte[] body = exchange.getRequestBody().readAllBytes();
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType != null && contentType.startsWith(PROTOBUF)) {
      // The mock reads JSON (and YAML) only; given protobuf it never answers.
      send(exchange, 415, JSON, status(415, "UnsupportedMediaType", "this sandbox accepts JSON only",
          call.targetOrNull()));
      return;
    }
    if (call.method().equals("PATCH") && contentType != null && contentType.startsWith(STRATEGIC_MERGE_PATCH)) {
      Optional<byte[]> merge = StrategicMergePatch.asMergePatch(body);
      if (merge.isEmpty()) {
        send(exchange, 415, JSON, status(415, "UnsupportedMediaType", "this sandbox applies strategic merge"
            + " patches only when they are plain merge patches (no $patch, $retainKeys or list directives)", null));
        return;
      }
      body = merge.get();
      contentType = MERGE_PATCH;
    }
    if (call.method().equals("PATCH") && contentType != null && contentType.startsWith(MERGE_PATCH)
        && call.target().isPresent() && call.target().get().name() != null) {
      mergePatch(exchange, call.path(), call.query(), body, call.target().get(), call.resource().orElse(null));
      return;
    }
    if (call.target().isPresent() && call.writesCustomResource()) {
      Optional<byte[]> admitted = admit(exchange, body, call.query(), call.resource().get());
      if (admitted.isEmpty()) {
        return;
      }
      body = admitted.get();
    }
    // The mock takes a write to /status that carries a query string for a write of the main resource.
    boolean status = call.target().isPresent() && call.target().get().subresource() != null;
    Upstream response = forward(call.method(), call.path() + (status ? "" : call.query().encoded()), contentType,
        body);
    sendUpstream(exchange, response, call.targetOrNull(), call.resource().orElse(null));
  }

  /**
   * Applies a merge patch as the API server does (RFC 7386) and stores the result with a PUT conditional on the
   * version it was computed from, retrying if the object changed meanwhile. A resourceVersion in the patch
   * itself is the client's precondition, and is not retried.
   */
  private void mergePatch(HttpExchange exchange, String path, Query query, byte[] body, ResourcePath target,
                          ApiResource resource) throws IOException {
    JsonNode patch = Json.MAPPER.readTree(body);
    boolean clientPrecondition = patch.path("metadata").hasNonNull("resourceVersion");
    String objectPath = target.subresource() == null ? path : path.substring(0, path.lastIndexOf('/'));
    Upstream response = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      Upstream current = forward("GET", objectPath, null, new byte[0]);
      if (current.status() != 200) {
        sendUpstream(exchange, current, target, resource);
        return;
      }
      JsonNode merged = MergePatch.apply(Json.MAPPER.readTree(current.body()), patch);
      if (!clientPrecondition) {
        ((ObjectNode) merged.path("metadata")).set("resourceVersion",
            Json.MAPPER.readTree(current.body()).path("metadata").path("resourceVersion"));
      }
      byte[] stored = Json.MAPPER.writeValueAsBytes(merged);
      if (target.subresource() == null && resource != null && resource.schema().isPresent()) {
        Optional<byte[]> admitted = admit(exchange, stored, query, resource);
        if (admitted.isEmpty()) {
          return;
        }
        stored = admitted.get();
      }
      response = forward("PUT", path, JSON, stored);
      if (response.status() != 409 || clientPrecondition) {
        break;
      }
    }
    sendUpstream(exchange, response, target, resource);
  }

  /**
   * A custom resource as the API server stores it: fields its schema does not declare are dropped, or refused
   * when the client asked for strict validation (kubectl does by default), or dropped with a warning; defaults
   * are filled in. Empty when refused (the response is sent).
   */
  private Optional<byte[]> admit(HttpExchange exchange, byte[] body, Query query, ApiResource resource)
      throws IOException {
    JsonNode object = Json.MAPPER.readTree(body);
    if (!object.isObject()) {
      return Optional.of(body);
    }
    JsonNode schema = resource.schema().orElseThrow();
    List<String> unknown = StructuralSchema.prune((ObjectNode) object, schema);
    String validation = Optional.ofNullable(query.get("fieldValidation")).orElse("Ignore");
    List<String> problems = unknown.stream().map(f -> "unknown field \"" + f + "\"").toList();
    if (!problems.isEmpty() && validation.equals("Strict")) {
      send(exchange, 400, JSON, status(400, "BadRequest", resource.kind() + " in version \"" + resource.version()
          + "\" cannot be handled as a " + resource.kind() + ": strict decoding error: "
          + String.join(", ", problems), null));
      return Optional.empty();
    }
    if (validation.equals("Warn")) {
      problems.forEach(p -> exchange.getResponseHeaders().add("Warning", "299 - \"" + p.replace("\"", "\\\"")
          + "\""));
    }
    StructuralSchema.applyDefaults(object, schema);
    return Optional.of(Json.MAPPER.writeValueAsBytes(object));
  }

  /** Paths this layer answers itself: version, discovery and OpenAPI documents. */
  private static boolean isDocument(List<String> segments) {
    return switch (segments.get(0)) {
      case "version", "openapi" -> true;
      case "api" -> segments.size() <= 2;
      case "apis" -> segments.size() <= 3;
      default -> false;
    };
  }

  /** The document at such a path; empty if there is none (an unknown group or version). */
  private Optional<JsonNode> document(List<String> segments) {
    return switch (segments.get(0)) {
      case "version" -> segments.size() == 1 ? Optional.of(version()) : Optional.empty();
      case "openapi" -> segments.equals(List.of("openapi", "v3"))
          ? Optional.of(Json.MAPPER.createObjectNode().set("paths", Json.MAPPER.createObjectNode()))
          : Optional.empty();
      case "api" -> switch (segments.size()) {
        case 1 -> Optional.of(Discovery.coreVersions(address()));
        case 2 -> Discovery.resourceList(catalog.all(), "", segments.get(1)).map(JsonNode.class::cast);
        default -> Optional.empty();
      };
      case "apis" -> switch (segments.size()) {
        case 1 -> Optional.of(Discovery.groupList(catalog.all()));
        case 2 -> Discovery.group(catalog.all(), segments.get(1)).map(JsonNode.class::cast);
        case 3 -> Discovery.resourceList(catalog.all(), segments.get(1), segments.get(2)).map(JsonNode.class::cast);
        default -> Optional.empty();
      };
      default -> Optional.empty();
    };
  }

  private static JsonNode version() {
    return Json.MAPPER.createObjectNode().put("major", "1").put("minor", "33")
        .put("gitVersion", "v1.33.0+vaultgate.sandbox").put("gitCommit", "").put("gitTreeState", "clean")
        .put("buildDate", "1970-01-01T00:00:00Z").put("goVersion", "").put("compiler", "")
        .put("platform", "vaultgate/sandbox");
  }

  private static boolean isWatch(Query query) {
    String watch = query.get("watch");
    return "true".equals(watch) || "1".equals(watch);
  }

  /**
   * A GET of objects: lists typed as the API server types them ({@code EventList}: kubectl's typed clients
   * decode nothing from the mock's plain {@code List}), filtered by the field selector, as a Table if asked.
   */
  private void get(HttpExchange exchange, String path, Query query, ResourcePath target, ApiResource resource,
                   boolean table) throws IOException {
    Upstream response = forward("GET", path + query.with("fieldSelector", null).with("includeObject", null)
        .encoded(), null, new byte[0]);
    if (response.status() != 200) {
      sendUpstream(exchange, response, target, resource);
      return;
    }
    JsonNode body = Json.MAPPER.readTree(response.body());
    List<JsonNode> objects = new ArrayList<>();
    if (target.isList()) {
      FieldSelector selector = FieldSelector.parse(query.get("fieldSelector"));
      ((ObjectNode) body).put("kind", resource.kind() + "List").put("apiVersion", resource.groupVersion());
      for (Iterator<JsonNode> it = body.path("items").iterator(); it.hasNext(); ) {
        JsonNode item = it.next();
        if (selector.matches(item)) {
          objects.add(item);
        } else {
          it.remove();
        }
      }
    } else {
      objects.add(body);
    }
    if (table) {
      String resourceVersion = target.isList() ? body.path("metadata").path("resourceVersion").asText(null) : null;
      send(exchange, 200, Tables.MEDIA_TYPE, Tables.table(resource, objects, resourceVersion,
          Tables.Include.parse(query.get("includeObject")), true, clock.instant()));
    } else {
      send(exchange, 200, JSON, body);
    }
  }

  private void watch(HttpExchange exchange, String path, Query query, ApiResource resource, boolean table)
      throws IOException {
    FieldSelector selector = FieldSelector.parse(query.get("fieldSelector"));
    // The mock evaluates metadata.name itself (scoping its watch); everything else is filtered here.
    String name = selector.requirements().stream().filter(r -> r.path().equals("metadata.name") && r.equal())
        .map(FieldSelector.Requirement::value).findFirst().orElse(null);
    Query upstreamQuery = query.with("fieldSelector", name == null ? null : "metadata.name=" + name)
        .with("includeObject", null);
    URI socket = URI.create("ws://" + upstream.getAuthority() + path + upstreamQuery.encoded());
    long since = parseVersion(query.get("resourceVersion"));
    Duration timeout = query.get("timeoutSeconds") == null ? DEFAULT_WATCH_TIMEOUT
        : Duration.ofSeconds(Long.parseLong(query.get("timeoutSeconds")));
    Tables.Include include = Tables.Include.parse(query.get("includeObject"));
    boolean[] first = {true};
    UnaryOperator<JsonNode> shape = !table ? UnaryOperator.identity() : object -> {
      ObjectNode t = Tables.table(resource, List.of(object), null, include, first[0], clock.instant());
      first[0] = false;
      return t;
    };
    watches.serve(exchange, new WatchBridge.Request(socket, since, selector, timeout, shape));
  }

  private static long parseVersion(String resourceVersion) {
    try {
      return resourceVersion == null ? 0 : Long.parseLong(resourceVersion);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private record Upstream(int status, String contentType, byte[] body) {
  }

  private Upstream forward(String method, String pathAndQuery, String contentType, byte[] body) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + pathAndQuery))
        .timeout(Duration.ofSeconds(30))
        .header("Accept", JSON)
        .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    try {
      HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Upstream(response.statusCode(), response.headers().firstValue("Content-Type").orElse(JSON),
          response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** Passes a mock response on; its bodiless 404 becomes the Status object kubectl prints "not found" from. */
  private void sendUpstream(HttpExchange exchange, Upstream response, ResourcePath target, ApiResource resource)
      throws IOException {
    if (response.status() == 404 && response.body().length == 0 && target != null) {
      String what = resource == null ? target.plural() : resource.qualifiedName();
      String message = target.name() == null ? "the server could not find the requested resource"
          : what + " \"" + target.name() + "\" not found";
      send(exchange, 404, JSON, status(404, "NotFound", message, target));
      return;
    }
    // The mock answers PATCH with 202; the API server with 200.
    int code = response.status() == 202 && exchange.getRequestMethod().equals("PATCH") ? 200 : response.status();
    sendBytes(exchange, code, response.contentType(), response.body());
  }

  static ObjectNode status(int code, String reason, String message, ResourcePath target) {
    ObjectNode status = Json.MAPPER.createObjectNode().put("kind", "Status").put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
    if (target != null && target.name() != null) {
      status.putObject("details").put("name", target.name()).put("group", target.group())
          .put("kind", target.plural());
    }
    return status;
  }

  private static void send(HttpExchange exchange, int code, String contentType, JsonNode body) throws IOException {
    sendBytes(exchange, code, contentType, Json.MAPPER.writeValueAsBytes(body));
  }

  private static void sendBytes(HttpExchange exchange, int code, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    watches.closeAll();
    server.stop(0);
    workers.shutdownNow();
  }
}
