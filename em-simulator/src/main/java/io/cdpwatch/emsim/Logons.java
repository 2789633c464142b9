package io.cdpwatch.emsim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * EM's logon sessions: logon with Basic credentials ({@code POST /api/sessionMngr/}), the token
 * that authenticates later requests, idle expiry on a clock tests can move, and {@code
 * /api/logonSessions}.
 */
final class Logons {

  /** A live logon session. */
  static final class Logon {
    final String sessionId;
    final String user;
    volatile long lastUsed;

    Logon(String sessionId, String user, long now) {
      this.sessionId = sessionId;
      this.user = user;
      this.lastUsed = now;
    }
  }

  private final Scenario scenario;
  private final String hrefs;
  private final Faults faults;
  // By token.
  private final Map<String, Logon> logons = new ConcurrentHashMap<>();
  private final List<String> issuedSessionIds = new CopyOnWriteArrayList<>();
  private final AtomicLong logonCount = new AtomicLong();
  private final AtomicLong failedLogonCount = new AtomicLong();
  private final AtomicLong logoffCount = new AtomicLong();
  private final AtomicLong clockOffset = new AtomicLong();

  Logons(Scenario scenario, String hrefs, Faults faults) {
    this.faults = faults;
    this.scenario = scenario;
    this.hrefs = hrefs;
  }

  List<String> sessionIdsIssued() {
    return List.copyOf(issuedSessionIds);
  }

  long logons() {
    return logonCount.get();
  }

  long failedLogons() {
    return failedLogonCount.get();
  }

  long logoffs() {
    return logoffCount.get();
  }

  int live() {
    long now = clock();
    return (int) logons.values().stream().filter(l -> !expired(l, now)).count();
  }

  void expireAll() {
    logons.clear();
  }

  void advanceClock(Duration d) {
    clockOffset.addAndGet(d.toNanos());
  }

  /**
   * The live logon of the request, its idle clock reset; null (after answering 401) when it has
   * none. The cookie wins over the header, as on EM.
   */
  Logon authenticate(Request r) throws IOException {
    String token = r.cookieToken != null ? r.cookieToken : r.headerToken;
    Logon logon = token == null ? null : logons.get(token);
    long now = clock();
    if (logon == null || expired(logon, now)) {
      if (logon != null) {
        logons.remove(token);
      }
      Responses.error(
          r, 401, "Authentication failed: the logon session has expired or the header is missing.");
      return null;
    }
    logon.lastUsed = now;
    return logon;
  }

  /** {@code POST /api/sessionMngr/?v=...}. */
  void logon(Request r) throws IOException {
    String v = r.param("v");
    if (v != null && !v.equalsIgnoreCase("latest")) {
      boolean known =
          faults.supportedVersions(scenario, r).stream().anyMatch(s -> s.equalsIgnoreCase(v));
      if (!known) {
        // Real EM answers an unsupported ?v= with 401, not 400 (em-api.md, section 12).
        Responses.error(
            r, 401, "Authentication failed: the requested API version is not supported.");
        return;
      }
    }
    String user = null;
    String pass = null;
    if (r.basic) {
      try {
        String decoded =
            new String(
                Base64.getDecoder().decode(r.authorization.substring(6).trim()),
                StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon >= 0) {
          user = decoded.substring(0, colon);
          pass = decoded.substring(colon + 1);
        }
      } catch (IllegalArgumentException e) {
        // malformed: treated as wrong credentials
      }
    }
    if (user == null
        || !user.equalsIgnoreCase(scenario.user())
        || !pass.equals(scenario.password())) {
      failedLogonCount.incrementAndGet();
      Responses.error(r, 401, "Authentication failed: the user name or password is incorrect.");
      return;
    }
    // As real EM does: the token is base64 of the SessionId text, so a leaked SessionId is a leaked
    // session, and the secrecy tests see either.
    String sessionId = UUID.randomUUID().toString();
    String token = Base64.getEncoder().encodeToString(sessionId.getBytes(StandardCharsets.UTF_8));
    String userName = scenario.user();
    logons.put(token, new Logon(sessionId, userName, clock()));
    issuedSessionIds.add(sessionId);
    logonCount.incrementAndGet();
    r.ex.getResponseHeaders().set("X-RestSvcSessionId", token);
    r.ex.getResponseHeaders().set("Set-Cookie", "X-RestSvcSessionId=" + token + "; Path=/api");
    r.ex.getResponseHeaders().set("Location", hrefs + "/logonSessions/" + sessionId);
    Responses.send(r, 201, false, x -> logonSession(x, sessionId, userName, true));
  }

  /** {@code /api/logonSessions[/{id}]}, split into {@code seg}, for the logon {@code self}. */
  void logonSessions(Request r, String[] seg, Logon self) throws IOException {
    if (seg.length == 1) {
      if (!r.method.equals("GET")) {
        Responses.methodNotAllowed(r, r.path);
        return;
      }
      Responses.send(
          r,
          200,
          false,
          x -> {
            x.open("LogonSessions").attr("xmlns", Xml.NS).close();
            x.nl();
            logonSession(x, self.sessionId, self.user, false);
            x.nl().end("LogonSessions");
          });
      return;
    }
    if (seg.length != 2) {
      Responses.notFound(r);
      return;
    }
    String id = seg[1].toLowerCase(Locale.ROOT);
    Map.Entry<String, Logon> found = null;
    for (Map.Entry<String, Logon> e : logons.entrySet()) {
      if (e.getValue().sessionId.equals(id)) {
        found = e;
        break;
      }
    }
    if (found == null) {
      Responses.error(r, 404, "Logon session " + seg[1] + " not found");
      return;
    }
    switch (r.method) {
      case "DELETE" -> {
        if (logons.remove(found.getKey()) != null) {
          logoffCount.incrementAndGet();
        }
        r.status = 204;
        r.ex.sendResponseHeaders(204, -1);
      }
      case "GET" -> {
        Logon l = found.getValue();
        Responses.send(r, 200, false, x -> logonSession(x, l.sessionId, l.user, true));
      }
      default -> Responses.methodNotAllowed(r, r.path);
    }
  }

  private void logonSession(Xml x, String sessionId, String userName, boolean ns)
      throws IOException {
    String href = hrefs + "/logonSessions/" + sessionId;
    x.open("LogonSession");
    if (ns) {
      x.attr("xmlns", Xml.NS);
    }
    x.attr("Type", "LogonSession").attr("Href", href).close().raw("\n  <Links>");
    x.raw("\n    ").open("Link").attr("Rel", "Up").attr("Type", "EnterpriseManager");
    x.attr("Href", hrefs + "/").empty();
    String[][] downs = {
      {"BackupServerReferenceList", "/backupServers"},
      {"ReplicaTaskSessionReferenceList", "/replicaTaskSessions"},
      {"QueryService", "/querySvc"}
    };
    for (String[] d : downs) {
      x.raw("\n    ").open("Link").attr("Rel", "Down").attr("Type", d[0]);
      x.attr("Href", hrefs + d[1]).empty();
    }
    x.raw("\n    ").open("Link").attr("Rel", "Delete").attr("Href", href).empty();
    x.raw("\n  </Links>\n  ").element("UserName", userName);
    x.raw("\n  ").element("SessionId", sessionId).nl().end("LogonSession");
  }

  private long clock() {
    return System.nanoTime() + clockOffset.get();
  }

  private boolean expired(Logon l, long now) {
    return now - l.lastUsed > scenario.idleTimeout().toNanos();
  }
}
