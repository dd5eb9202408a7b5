package io.vaultgate.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/** {@code /metrics} (Prometheus text format), {@code /healthz} and {@code /readyz}, on one port. */
final class OperatorHttp implements AutoCloseable {

  private final HttpServer server;

  private OperatorHttp(HttpServer server) {
    this.server = server;
  }

  static OperatorHttp start(int port, PrometheusMeterRegistry registry, ResourceGauges gauges,
      OperatorHealth health) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "vaultgate-http");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/metrics", exchange -> {
      gauges.refresh();
      respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
    });
    server.createContext("/healthz", exchange -> respond(exchange, health.live() ? 200 : 503, "text/plain",
        health.live() ? "ok\n" : "not live\n"));
    server.createContext("/readyz", exchange -> respond(exchange, health.ready() ? 200 : 503, "text/plain",
        health.ready() ? "ok\n" : "not ready\n"));
    server.start();
    return new OperatorHttp(server);
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
