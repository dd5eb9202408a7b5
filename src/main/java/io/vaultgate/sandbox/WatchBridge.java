package io.vaultgate.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * Serves a watch the way kubectl reads it (one JSON event per line of a chunked HTTP response) from the mock API
 * server's watch, which only speaks WebSocket. Events of objects the client already has (ADDED at or below the
 * requested resourceVersion: the mock replays every object when a watch opens) are dropped, as the API server
 * would never send them.
 */
final class WatchBridge {

  /** What to stream: which events, and how each is shaped (plain, or a Table row for kubectl get -w). */
  record Request(URI upstream, long sinceVersion, FieldSelector selector, Duration timeout,
                 UnaryOperator<JsonNode> shape) {
  }

  private static final Optional<String> END = Optional.empty();

  private final HttpClient http;
  private final Set<WebSocket> open = ConcurrentHashMap.newKeySet();

  WatchBridge(HttpClient http) {
    this.http = http;
  }

  void serve(HttpExchange exchange, Request request) throws IOException {
    BlockingQueue<Optional<String>> messages = new LinkedBlockingQueue<>();
    WebSocket socket;
    try {
      socket = http.newWebSocketBuilder().buildAsync(request.upstream(), new Collector(messages))
          .get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted opening the watch", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("cannot open the watch upstream: " + e.getMessage(), e);
    }
    open.add(socket);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      long deadline = System.nanoTime() + request.timeout().toNanos();
      while (true) {
        Optional<String> message = messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (message == null || message.isEmpty()) {
          break;
        }
        Optional<JsonNode> event = relevant(message.get(), request);
        if (event.isPresent()) {
          out.write(Json.MAPPER.writeValueAsBytes(event.get()));
          out.write('\n');
          out.flush();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the client went away: nothing to tell anyone
    } finally {
      open.remove(socket);
      socket.abort();
    }
  }

  private static Optional<JsonNode> relevant(String message, Request request) throws IOException {
    JsonNode event = Json.MAPPER.readTree(message);
    JsonNode object = event.path("object");
    if ("ADDED".equals(event.path("type").asText())
        && versionOf(object) <= request.sinceVersion()) {
      return Optional.empty();
    }
    if (!request.selector().matches(object)) {
      return Optional.empty();
    }
    ((ObjectNode) event).set("object", request.shape().apply(object));
    return Optional.of(event);
  }

  private static long versionOf(JsonNode object) {
    try {
      return Long.parseLong(object.path("metadata").path("resourceVersion").asText());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Ends every open watch (kubectl then sees its stream end, as when an API server restarts). */
  void closeAll() {
    open.forEach(WebSocket::abort);
    open.clear();
  }

  private record Collector(BlockingQueue<Optional<String>> messages, StringBuilder partial)
      implements WebSocket.Listener {

    Collector(BlockingQueue<Optional<String>> messages) {
      this(messages, new StringBuilder());
    }

    @Override
    public void onOpen(WebSocket socket) {
      socket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        messages.add(Optional.of(partial.toString()));
        partial.setLength(0);
      }
      socket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
      return onText(socket, StandardCharsets.UTF_8.decode(data), last);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
      messages.add(END);
      return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
      messages.add(END);
    }
  }
}
