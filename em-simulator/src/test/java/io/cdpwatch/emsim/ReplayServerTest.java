package io.cdpwatch.emsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code em-simulator --replay}: a capture's answers, in order, for the request each answered. */
class ReplayServerTest {

  @TempDir Path capture;

  @Test
  void eachRequestGetsItsRecordedAnswersInOrderThenTheLastAgain() throws Exception {
    Files.writeString(
        capture.resolve("index"),
        """
        cdpwatch-capture 1
        recorded-at 2026-11-29T12:00:00Z
        base-url https://em.example.com:9398/api
        user CORP\\nagios
        redacted no
        0001.http GET /api/query?type=Job&filter=Name%3D%3D%22a+b%22 -> 200
        0002.http GET /api/query?type=Job&filter=Name%3D%3D%22a+b%22 -> 500
        0003.http DELETE /api/logonSessions/removed-session-id -> 204
        0004.http GET /api/query?type=Job&filter=CreationTime%3E%3D%222026-11-22T12%3A00%3A00Z%22 -> 200
        """);
    exchange("0001.http", "GET /api/query?type=Job&filter=Name%3D%3D%22a+b%22", "200", "<first/>");
    exchange("0002.http", "GET /api/query?type=Job&filter=Name%3D%3D%22a+b%22", "500", "<second/>");
    exchange("0003.http", "DELETE /api/logonSessions/removed-session-id", "204 no-body", "");
    exchange(
        "0004.http",
        "GET /api/query?type=Job&filter=CreationTime%3E%3D%222026-11-22T12%3A00%3A00Z%22",
        "200",
        "<since/>");

    try (ReplayServer server = ReplayServer.start(capture, "127.0.0.1", 0, false)) {
      String query = "/query?type=Job&filter=Name%3d%3d%22a%20b%22";

      HttpResponse<String> first = get(server, query);
      HttpResponse<String> second = get(server, query);
      HttpResponse<String> third = get(server, query);
      HttpResponse<String> unknown = get(server, "/query?type=Other");

      assertEquals("CORP\\nagios", server.user());
      assertEquals(200, first.statusCode());
      assertEquals("<first/>", first.body(), "an encoding that differs is the same request");
      assertEquals("application/xml", first.headers().firstValue("Content-Type").orElseThrow());
      assertEquals(500, second.statusCode());
      assertEquals("<second/>", third.body(), "the last answer serves again");
      assertEquals(
          "<since/>",
          get(server, "/query?type=Job&filter=CreationTime%3E%3D%222026-12-02T15%3A01%3A02.5Z%22")
              .body(),
          "a client judging at its own now asks since another moment");
      assertEquals(404, unknown.statusCode());
      assertTrue(
          unknown.body().contains("the capture holds no answer to GET /api/query?type=Other"),
          unknown.body());
    }
  }

  private void exchange(String file, String request, String status, String body)
      throws IOException {
    Files.writeString(
        capture.resolve(file),
        request
            + "\nAccept: application/xml\n\n"
            + status
            + "\nContent-Type: application/xml\n\n"
            + body,
        StandardCharsets.UTF_8);
  }

  private static HttpResponse<String> get(ReplayServer server, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
