package io.vaultgate.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local stand-in for an address echo service such as the one the pipeline template asks by default: answers
 * every GET with the text it is told to (an agent's public address), as plain text, on 127.0.0.1.
 */
final class AddressEcho implements AutoCloseable {

  private final HttpServer server;
  private final AtomicReference<String> answer;
  private final AtomicInteger asked = new AtomicInteger();

  AddressEcho(String answer) {
    this.answer = new AtomicReference<>(answer);
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", exchange -> {
      asked.incrementAndGet();
      byte[] body = this.answer.get().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  void answer(String text) {
    answer.set(text);
  }

  /** How many requests it has answered. */
  int asked() {
    return asked.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
