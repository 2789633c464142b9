package io.cdpwatch.emsim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the external entity/DTD faults point at: a small HTTP server and a temporary file. A hit on
 * either shows that the client's XML parser resolved what it must not.
 */
final class Canary {
  private final HttpServer server;
  private final Path dir;
  private final Path file;
  private final String marker;
  private final String baseUrl;
  private final AtomicLong hits = new AtomicLong();

  Canary(InetAddress addr, String host, Executor executor) throws IOException {
    this.dir = Files.createTempDirectory("em-simulator-canary");
    this.file = dir.resolve("canary.txt");
    this.marker = "EMSIM-CANARY-FILE-" + UUID.randomUUID();
    Files.writeString(file, marker, StandardCharsets.UTF_8);
    this.server = HttpServer.create(new InetSocketAddress(addr, 0), 16);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    this.baseUrl = "http://" + host + ":" + server.getAddress().getPort();
  }

  void start() {
    server.start();
  }

  String baseUrl() {
    return baseUrl;
  }

  Path file() {
    return file;
  }

  String marker() {
    return marker;
  }

  long hits() {
    return hits.get();
  }

  void stop() {
    server.stop(0);
  }

  void deleteFiles() {
    try {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      System.err.println("em-simulator: cannot delete " + dir + ": " + e.getMessage());
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    hits.incrementAndGet();
    try (ex) {
      boolean dtd = ex.getRequestURI().getPath().endsWith("dtd");
      byte[] b =
          (dtd ? "<!ENTITY canary \"fetched-from-canary-dtd\">\n" : "fetched-from-canary")
              .getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders()
          .set("Content-Type", dtd ? "application/xml-dtd" : "text/plain; charset=utf-8");
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
    }
  }
}
