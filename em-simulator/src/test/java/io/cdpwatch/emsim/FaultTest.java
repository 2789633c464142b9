package io.cdpwatch.emsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Each fault, switched at run time per path prefix (and one from a scenario). */
class FaultTest {
  static EmSimulator sim;
  static Http http;
  static final String Q = "/query?type=CdpReplicaTaskSession&format=Entities";

  @BeforeAll
  static void start() throws Exception {
    sim = EmSimulator.start(Scenario.builder().generate(1, 5, 3).build());
    http = new Http(sim);
  }

  @AfterAll
  static void stop() {
    sim.stop();
  }

  @AfterEach
  void clear() {
    sim.clearFaults();
  }

  String token() throws Exception {
    return http.logon().token();
  }

  /** A naive parser, as a careless client would use: resolves entities and DTDs. */
  static Document naiveParse(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void latencyStillAnswers() throws Exception {
    String t = token();
    sim.addFault("/api/query", Fault.latency(Duration.ofMillis(300)));
    HttpResponse<String> r = http.get(Q, t);
    assertEquals(200, r.statusCode());
    assertEquals(15, Http.items(Http.parse(r.body())).size());
  }

  @Test
  void statusCodesWithErrorBodies() throws Exception {
    String t = token();
    for (int code : List.of(401, 403, 404, 500, 503)) {
      sim.addFault("/api/query", Fault.status(code));
      HttpResponse<String> r = http.get(Q, t);
      assertEquals(code, r.statusCode());
      Element e = Http.parse(r.body()).getDocumentElement();
      assertEquals("Error", e.getLocalName());
      assertEquals(Integer.toString(code), e.getAttribute("StatusCode"));
      assertEquals(code == 401, r.headers().firstValue("WWW-Authenticate").isPresent());
      sim.clearFaults();
    }
    // Other paths are untouched; a fault on the logon path hits the logon.
    sim.addFault("/api/query", Fault.status(500));
    assertEquals(200, http.get("/cdpReplicaTaskSessions", t).statusCode());
    sim.addFault("/api/sessionMngr", Fault.status(503));
    assertEquals(503, http.logonResponse(sim.user(), sim.password(), "latest").statusCode());
  }

  @Test
  void anUnsupportedVersionIsLeftOutOfTheEntryDocumentAndItsLogonGets401() throws Exception {
    sim.addFault("/api/", Fault.unsupportedVersion("v1_7"));

    HttpResponse<String> root = http.get("/", null);
    assertEquals(200, root.statusCode());
    assertFalse(root.body().contains("\"v1_7\""), root.body());
    assertTrue(root.body().contains("SupportedVersion Name=\"v1_6\""), root.body());
    HttpResponse<String> refused = http.logonResponse(sim.user(), sim.password(), "v1_7");
    assertEquals(401, refused.statusCode());
    assertEquals(
        "Unauthorized", Http.parse(refused.body()).getDocumentElement().getAttribute("Status"));
    assertEquals(201, http.logonResponse(sim.user(), sim.password(), "v1_6").statusCode());
    assertEquals(201, http.logonResponse(sim.user(), sim.password(), "latest").statusCode());

    sim.clearFaults();
    assertEquals(201, http.logonResponse(sim.user(), sim.password(), "v1_7").statusCode());
    assertEquals(
        Fault.unsupportedVersion("v1_7").toString(),
        Fault.parse("unsupported-version", Map.of("version", "v1_7")).toString());
    assertThrows(IllegalArgumentException.class, () -> Fault.unsupportedVersion("1.7"));
  }

  @Test
  void timesLimitsAFault() throws Exception {
    String t = token();
    sim.addFault("/api/query", Fault.status(500).times(2));
    assertEquals(500, http.get(Q, t).statusCode());
    assertEquals(500, http.get(Q, t).statusCode());
    assertEquals(200, http.get(Q, t).statusCode());
  }

  @Test
  void forcedTokenExpiry() throws Exception {
    String t = token();
    sim.addFault("/api/query", Fault.expireTokens().times(1));
    assertEquals(401, http.get(Q, t).statusCode());
    assertEquals(0, sim.counters().liveSessions());
    String again = token();
    assertEquals(200, http.get(Q, again).statusCode());
  }

  @Test
  void truncatedXmlIsNotWellFormed() throws Exception {
    String t = token();
    String full = http.get(Q, t).body();
    sim.addFault("/api/query", Fault.truncated());
    HttpResponse<String> r = http.get(Q, t);
    assertEquals(200, r.statusCode());
    assertTrue(r.body().length() < full.length());
    assertTrue(full.startsWith(r.body()));
    assertThrows(AssertionError.class, () -> Http.parse(r.body()));
  }

  @Test
  void htmlErrorPage() throws Exception {
    String t = token();
    sim.addFault("/api/", Fault.html(502));
    HttpResponse<String> r = http.get(Q, t);
    assertEquals(502, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
    assertTrue(r.body().contains("<html>"));
  }

  @Test
  void externalEntityAndDtdHitTheCanaryOnlyWhenResolved() throws Exception {
    String t = token();
    long before = sim.counters().canaryHits();
    sim.addFault("/api/query", Fault.externalEntity());
    String body = http.get(Q, t).body();
    assertTrue(
        body.contains("<!ENTITY canary SYSTEM \"" + sim.canaryBaseUrl() + "/canary/entity\">"));
    // A hardened parser refuses it and fetches nothing.
    assertThrows(AssertionError.class, () -> Http.parse(body));
    assertEquals(before, sim.counters().canaryHits());
    // A naive parser fetches the canary: the trap works.
    Document d = naiveParse(body);
    assertTrue(d.getDocumentElement().getTextContent().contains("fetched-from-canary"));
    assertEquals(before + 1, sim.counters().canaryHits());

    sim.clearFaults();
    sim.addFault("/api/query", Fault.externalDtd());
    String dtd = http.get(Q, t).body();
    assertTrue(
        dtd.contains("<!DOCTYPE QueryResult SYSTEM \"" + sim.canaryBaseUrl() + "/canary/dtd\">"));
    naiveParse(dtd);
    assertEquals(before + 2, sim.counters().canaryHits());
  }

  @Test
  void externalEntityFileCanary() throws Exception {
    sim.addFault("/api/query", Fault.externalEntityFile());
    String body = http.get(Q, token()).body();
    assertTrue(body.contains("SYSTEM \"file:"));
    assertFalse(body.contains(sim.canaryFileMarker()));
    assertTrue(
        naiveParse(body).getDocumentElement().getTextContent().contains(sim.canaryFileMarker()));
  }

  @Test
  void billionLaughs() throws Exception {
    sim.addFault("/api/query", Fault.entityBomb());
    String body = http.get(Q, token()).body();
    assertTrue(body.contains("<!ENTITY lol9 \"&lol8;&lol8;"));
    assertTrue(body.length() < 10_000, "the bomb itself is small");
    // The JDK's default entity-expansion limit stops it; a hardened parser refuses the DOCTYPE.
    assertThrows(Exception.class, () -> naiveParse(body));
    assertThrows(AssertionError.class, () -> Http.parse(body));
  }

  @Test
  void hugeBodyStreamsUntilTheClientHangsUp() throws Exception {
    sim.addFault("/api/query", Fault.hugeBody(0));
    HttpRequest req =
        HttpRequest.newBuilder(http.uri(Q)).header("X-RestSvcSessionId", token()).build();
    HttpResponse<InputStream> r = http.client.send(req, HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, r.statusCode());
    long read = 0;
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = r.body()) {
      int n;
      while (read < 20L * 1024 * 1024 && (n = in.read(buf)) > 0) {
        read += n;
      }
    }
    assertTrue(read >= 20L * 1024 * 1024, "read " + read);
    // The simulator still serves others.
    sim.clearFaults();
    assertEquals(200, http.get(Q, token()).statusCode());
  }

  @Test
  void finiteHugeBodyIsWellFormed() throws Exception {
    sim.addFault("/api/query", Fault.hugeBody(3L * 1024 * 1024));
    HttpResponse<String> r = http.get(Q, token());
    assertTrue(r.body().length() >= 3 * 1024 * 1024);
    assertTrue(Http.items(Http.parse(r.body())).size() > 1000);
  }

  @Test
  void hangAcceptsAndNeverAnswers() throws Exception {
    sim.addFault("/api/query", Fault.hang());
    HttpRequest req =
        HttpRequest.newBuilder(http.uri(Q))
            .header("X-RestSvcSessionId", token())
            .timeout(Duration.ofMillis(700))
            .build();
    assertThrows(
        HttpTimeoutException.class,
        () -> http.client.send(req, HttpResponse.BodyHandlers.ofString()));
    RequestRecord last = sim.requestLog().get(sim.requestLog().size() - 1);
    assertEquals(0, last.status());
    assertTrue(last.target().startsWith("/api/query"));
  }

  @Test
  void unknownEnumsAndElements() throws Exception {
    String t = token();
    sim.addFault("/api/query", Fault.unknownEnums());
    sim.addFault("/api/query", Fault.unknownElements());
    Document d = Http.parse(http.get(Q, t).body());
    Element e = Http.items(d).get(0);
    assertEquals("Postprocessing", Http.text(e, "State"));
    assertEquals("None", Http.text(e, "Result"));
    assertEquals("preview", e.getAttribute("FutureAttribute"));
    assertEquals(1, Http.children(e, "FutureElement").size());
    assertEquals(1, Http.children(d.getDocumentElement(), "FutureSummary").size());
    // other resources stay clean
    String id = sim.scenario().taskSessions().get(0).id();
    Element clean =
        Http.parse(http.get("/cdpReplicaTaskSessions/" + id + "?format=Entity", t).body())
            .getDocumentElement();
    assertTrue(Http.children(clean, "FutureElement").isEmpty());
  }

  @Test
  void faultsFromAScenario() throws Exception {
    try (EmSimulator s =
        EmSimulator.start(
            Scenario.builder().fault("/api/query", Fault.status(503).times(1)).build())) {
      Http h = new Http(s);
      String t = h.logon().token();
      assertEquals(503, h.get("/query?type=BackupServer", t).statusCode());
      assertEquals(200, h.get("/query?type=BackupServer", t).statusCode());
    }
  }
}
