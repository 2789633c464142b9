package io.cdpwatch.emsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class AuthTest {
  EmSimulator sim;
  Http http;

  @BeforeEach
  void start() throws Exception {
    Scenario.Builder b = Scenario.builder().credentials("TECH\\monitor", "s3cr3t:with|colon");
    BackupServer s = b.backupServer("vbr01");
    CdpPolicy p = b.policy(s, "P1");
    b.dailyPolicySessions(p, 2, b.ago(Duration.ofHours(3)));
    b.vm(p, "vm1", 3, Duration.ofHours(8), b.ago(Duration.ofHours(1)), null);
    sim = EmSimulator.start(b.build());
    http = new Http(sim);
  }

  @AfterEach
  void stop() {
    sim.stop();
  }

  @Test
  void logonGives201TokenHeaderCookieAndSessionBody() throws Exception {
    Http.Logon l = http.logon();
    HttpResponse<String> r = l.response();
    assertEquals(201, r.statusCode());
    assertEquals(
        l.sessionId(),
        new String(java.util.Base64.getDecoder().decode(l.token()), StandardCharsets.UTF_8),
        "the token is base64 of the SessionId, as on real EM");
    assertEquals(
        "X-RestSvcSessionId=" + l.token() + "; Path=/api",
        r.headers().firstValue("Set-Cookie").orElseThrow());
    assertNotEquals(l.sessionId(), l.token());
    Element root = Http.parse(r.body()).getDocumentElement();
    assertEquals(
        sim.baseUrl() + "/logonSessions/" + l.sessionId(), Http.link(root, "Delete", null));
    assertEquals(200, http.get("/cdpReplicaTaskSessions", l.token()).statusCode());
    Counters c = sim.counters();
    assertEquals(1, c.logons());
    assertEquals(1, c.liveSessions());
    assertEquals(0, c.failedLogons());
  }

  @Test
  void tokensDifferPerLogonAndEveryVersionLogsOn() throws Exception {
    for (String v : List.of("latest", "v1_7", "v1_6", "v1_5")) {
      assertEquals(201, http.logonResponse(sim.user(), sim.password(), v).statusCode(), v);
    }
    assertEquals(4, sim.counters().logons());
    assertEquals(4, sim.counters().liveSessions());
    HttpResponse<String> unsupported = http.logonResponse(sim.user(), sim.password(), "v1_4");
    assertEquals(401, unsupported.statusCode(), "as real EM answers a version it does not know");
    assertEquals(0, sim.counters().failedLogons(), "not a wrong password");
  }

  @Test
  void wrongCredentialsGive401WithRealmAndError() throws Exception {
    HttpResponse<String> r = http.logonResponse(sim.user(), "wrong", "latest");
    assertEquals(401, r.statusCode());
    assertEquals("Basic Realm=RestSvc", r.headers().firstValue("WWW-Authenticate").orElseThrow());
    Element e = Http.parse(r.body()).getDocumentElement();
    assertEquals("Error", e.getLocalName());
    assertEquals("401", e.getAttribute("StatusCode"));
    assertEquals("Unauthorized", e.getAttribute("Status"));
    assertFalse(e.getAttribute("Message").isBlank());
    HttpResponse<String> none =
        http.send(
            HttpRequest.newBuilder(http.uri("/sessionMngr/?v=latest"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertEquals(401, none.statusCode());
    assertEquals(2, sim.counters().failedLogons());
    assertEquals(0, sim.counters().logons());
  }

  @Test
  void everyOtherCallNeedsALiveToken() throws Exception {
    HttpResponse<String> r = http.get("/query?type=CdpReplicaTaskSession", null);
    assertEquals(401, r.statusCode());
    assertEquals("Basic Realm=RestSvc", r.headers().firstValue("WWW-Authenticate").orElseThrow());
    assertEquals(
        401, http.get("/query?type=CdpReplicaTaskSession", "bm90LWEtdG9rZW4=").statusCode());
  }

  @Test
  void tokenExpiresAfterIdleTimeoutButNotBefore() throws Exception {
    String token = http.logon().token();
    sim.advanceSessionClock(Duration.ofMinutes(14));
    assertEquals(200, http.get("/cdpReplicaSessions", token).statusCode());
    // Use resets the idle clock.
    sim.advanceSessionClock(Duration.ofMinutes(14));
    assertEquals(200, http.get("/cdpReplicaSessions", token).statusCode());
    sim.advanceSessionClock(Duration.ofMinutes(15).plusSeconds(1));
    assertEquals(0, sim.counters().liveSessions());
    HttpResponse<String> r = http.get("/cdpReplicaSessions", token);
    assertEquals(401, r.statusCode());
    assertEquals("Unauthorized", Http.parse(r.body()).getDocumentElement().getAttribute("Status"));
  }

  @Test
  void idleTimeoutIsConfigurable() throws Exception {
    EmSimulator quick =
        EmSimulator.start(Scenario.builder().sessionIdleTimeout(Duration.ofSeconds(30)).build());
    try {
      Http h = new Http(quick);
      String token = h.logon().token();
      quick.advanceSessionClock(Duration.ofSeconds(31));
      assertEquals(401, h.get("/cdpReplicaSessions", token).statusCode());
    } finally {
      quick.stop();
    }
  }

  @Test
  void logoffGives204AndKillsTheToken() throws Exception {
    Http.Logon l = http.logon();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(http.uri("/logonSessions/" + l.sessionId()))
                .header("X-RestSvcSessionId", l.token())
                .DELETE()
                .build());
    assertEquals(204, r.statusCode());
    assertEquals("", r.body());
    assertEquals(401, http.get("/cdpReplicaSessions", l.token()).statusCode());
    Counters c = sim.counters();
    assertEquals(1, c.logons());
    assertEquals(1, c.logoffs());
    assertEquals(0, c.liveSessions());
  }

  @Test
  void cookieWinsOverHeader() throws Exception {
    String good = http.logon().token();
    String other = http.logon().token();
    // valid cookie + bogus header: the cookie is used
    HttpResponse<String> a =
        http.send(
            HttpRequest.newBuilder(http.uri("/cdpReplicaSessions"))
                .header("Cookie", "X-RestSvcSessionId=" + good)
                .header("X-RestSvcSessionId", "Ym9ndXM=")
                .build());
    assertEquals(200, a.statusCode());
    // stale cookie + valid header: the header is ignored
    sim.expireAllTokens();
    String fresh = http.logon().token();
    HttpResponse<String> b =
        http.send(
            HttpRequest.newBuilder(http.uri("/cdpReplicaSessions"))
                .header("Cookie", "lang=en; X-RestSvcSessionId=" + other)
                .header("X-RestSvcSessionId", fresh)
                .build());
    assertEquals(401, b.statusCode());
    RequestRecord last = sim.requestLog().get(sim.requestLog().size() - 1);
    assertTrue(last.tokenCookie());
    assertTrue(last.tokenHeader());
    assertFalse(last.basicAuth());
    assertEquals(401, last.status());
  }

  @Test
  void countersAndRequestLogNeverHoldSecrets() throws Exception {
    Http.Logon l = http.logon();
    http.get("/query?type=CdpReplicaTaskSession&format=Entities", l.token());
    http.get("/query?type=CdpReplicaTaskSession&page=1", l.token());
    Counters c = sim.counters();
    assertEquals(2, c.requests("/api/query"));
    assertEquals(1, c.requests("/api/sessionMngr/"));
    assertEquals(3, c.requests());
    List<RequestRecord> log = sim.requestLog();
    assertEquals(3, log.size());
    RequestRecord logon = log.get(0);
    assertEquals("POST", logon.method());
    assertEquals("/api/sessionMngr/?v=latest", logon.target());
    assertTrue(logon.basicAuth());
    assertEquals(201, logon.status());
    assertEquals("/api/query?type=CdpReplicaTaskSession&format=Entities", log.get(1).target());
    assertTrue(log.get(1).tokenHeader());
    String all = log.toString();
    assertFalse(all.contains(sim.password()));
    assertFalse(all.contains(l.token()));
  }
}
