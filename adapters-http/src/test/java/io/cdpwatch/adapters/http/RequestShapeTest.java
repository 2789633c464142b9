package io.cdpwatch.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.cdpwatch.core.port.out.CdpSourceException;
import io.cdpwatch.core.port.out.TaskSessionQuery;
import io.cdpwatch.emsim.EmSimulator;
import io.cdpwatch.emsim.RequestRecord;
import io.cdpwatch.emsim.Scenario;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** What goes over the wire: headers, cookies, the filter's encoding. */
class RequestShapeTest {

  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

  @Test
  void tokensTravelInTheHeaderNeverAsCookiesAndTheFilterIsEncoded() {
    Scenario.Builder b = Scenario.builder().now(NOW);
    b.generate(1, 5, 5);
    try (EmSimulator em = Estates.start(b.build(), false);
        EmCdpSessionSource source = EmCdpSessionSource.open(Estates.config(em).build())) {
      source.taskSessions(
          new TaskSessionQuery(
              NOW.minus(Duration.ofDays(2)), Set.of("p1 \"db\"|0002", "a;b,c"), Optional.empty()),
          s -> {});
      source.taskSessions(TaskSessionQuery.since(NOW.minus(Duration.ofDays(2))), s -> {});

      List<RequestRecord> log = em.requestLog();
      assertTrue(log.stream().noneMatch(RequestRecord::tokenCookie), "no cookie ever: " + log);
      RequestRecord logon =
          log.stream().filter(r -> r.method().equals("POST")).findFirst().orElseThrow();
      assertTrue(logon.basicAuth());
      assertEquals("/api/sessionMngr/?v=v1_7", logon.target(), "the version we are written for");
      List<RequestRecord> queries =
          log.stream().filter(r -> r.target().startsWith("/api/query")).toList();
      assertTrue(queries.stream().allMatch(r -> r.tokenHeader() && !r.basicAuth()));
      String target = queries.get(0).target();
      assertFalse(target.contains("\""), "quotes are percent-encoded: " + target);
      String filter =
          URLDecoder.decode(
              target.replaceAll(".*[?&]filter=([^&]*).*", "$1"), StandardCharsets.UTF_8);
      assertEquals(
          "CreationTimeUTC>=\"2026-11-27T12:00:00Z\";"
              + "(VmDisplayName==\"a;b,c\",VmDisplayName==\"p1 \"\"db\"\"|0002\")",
          filter);
      assertTrue(target.contains("pageSize=1000") && target.contains("format=Entities"));
    }
  }

  @Test
  void theLogonPostCarriesContentLengthZeroAndAcceptsGzip() throws Exception {
    Map<String, String> seen = new ConcurrentHashMap<>();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/api/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          byte[] body;
          int status;
          if (path.equals("/api/")) {
            status = 200;
            body =
                ("<EnterpriseManager xmlns=\"http://www.veeam.com/ent/v1.0\"><SupportedVersions>"
                        + "<SupportedVersion Name=\"v1_7\"/></SupportedVersions></EnterpriseManager>")
                    .getBytes(StandardCharsets.UTF_8);
          } else {
            exchange.getRequestHeaders().forEach((k, v) -> seen.put(k.toLowerCase(), v.get(0)));
            status = 401;
            body =
                "<Error xmlns=\"http://www.veeam.com/ent/v1.0\" Message=\"Login failed.\" StatusCode=\"401\" Status=\"Unauthorized\"/>"
                    .getBytes(StandardCharsets.UTF_8);
          }
          exchange.getResponseHeaders().set("Content-Type", "application/xml; charset=utf-8");
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try (EmCdpSessionSource source =
        EmCdpSessionSource.open(
            EmClientConfig.builder()
                .baseUrl("http://127.0.0.1:" + server.getAddress().getPort())
                .username("TECH\\monitor")
                .password("s3cret:\"x\"".toCharArray())
                .build())) {
      CdpSourceException failure =
          assertThrows(
              CdpSourceException.class,
              () -> source.taskSessions(TaskSessionQuery.since(NOW), s -> {}));
      assertEquals(CdpSourceException.Kind.AUTHENTICATION, failure.kind());
      assertTrue(failure.getMessage().contains("Login failed."), failure.getMessage());
      assertFalse(failure.getMessage().contains("s3cret"));
    } finally {
      server.stop(0);
    }
    assertEquals("0", seen.get("content-length"));
    assertTrue(seen.get("accept-encoding").contains("gzip"), seen.toString());
    assertTrue(seen.get("accept").contains("application/xml"));
    assertFalse(seen.containsKey("cookie"));
    String basic =
        new String(
            java.util.Base64.getDecoder().decode(seen.get("authorization").substring(6)),
            StandardCharsets.UTF_8);
    assertEquals("TECH\\monitor:s3cret:\"x\"", basic);
  }

  @Test
  void theConfigNeverShowsThePassword() {
    EmClientConfig config =
        EmClientConfig.builder()
            .baseUrl("https://em.example.com:9398")
            .username("monitor")
            .password("hunter2".toCharArray())
            .build();
    assertFalse(config.toString().contains("hunter2"));
    assertEquals("https://em.example.com:9398/api", config.baseUrl().toString());
  }
}
