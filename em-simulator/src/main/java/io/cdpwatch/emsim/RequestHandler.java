package io.cdpwatch.emsim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;

/**
 * Every request to the simulator, in EM's order: counted, the faults that act before
 * authentication, the open resources ({@code /api/}, logon), authentication, the faults that shape
 * the body, then the resource itself; logged with the status it got.
 */
final class RequestHandler implements HttpHandler {
  private final Scenario scenario;
  private final String hrefs;
  private final RequestLog log;
  private final Logons logons;
  private final PreAuthFaults preAuth;
  private final BodyFaults bodyFaults;
  private final Router router;

  RequestHandler(
      Scenario scenario,
      String hrefs,
      RequestLog log,
      Logons logons,
      PreAuthFaults preAuth,
      BodyFaults bodyFaults,
      Router router) {
    this.scenario = scenario;
    this.hrefs = hrefs;
    this.log = log;
    this.logons = logons;
    this.preAuth = preAuth;
    this.bodyFaults = bodyFaults;
    this.router = router;
  }

  @Override
  public void handle(HttpExchange ex) {
    Request r;
    try {
      r = new Request(ex);
    } catch (RuntimeException e) {
      ex.close();
      return;
    }
    log.count(r);
    boolean logged = false;
    try {
      logged = serve(r);
    } catch (IOException e) {
      // the client went away mid-response
    } catch (Query.BadQuery e) {
      Responses.errorQuietly(r, 400, e.getMessage());
    } catch (RuntimeException e) {
      System.err.println("em-simulator: " + r.method + " " + r.path + ": " + e);
      Responses.errorQuietly(r, 500, "Internal server error: " + e.getMessage());
    } finally {
      if (!logged) {
        log.record(r);
      }
      ex.close();
    }
  }

  /** Returns true when it wrote the request-log entry itself (hung requests). */
  private boolean serve(Request r) throws IOException {
    switch (preAuth.apply(r)) {
      case HUNG -> {
        return true;
      }
      case ANSWERED -> {
        return false;
      }
      case PASS -> {
        // served below
      }
    }
    String p = r.path;
    if (p.equals("/api") || p.equals("/api/")) {
      if (!r.method.equals("GET")) {
        Responses.methodNotAllowed(r, "/api/");
        return false;
      }
      router.enterpriseManager(r);
      return false;
    }
    if (p.equalsIgnoreCase("/api/sessionMngr") || p.equalsIgnoreCase("/api/sessionMngr/")) {
      if (!r.method.equals("POST")) {
        Responses.methodNotAllowed(r, "/api/sessionMngr/");
        return false;
      }
      logons.logon(r);
      return false;
    }
    if (!p.startsWith("/api/")) {
      Responses.notFound(r);
      return false;
    }
    Logons.Logon self = logons.authenticate(r);
    if (self == null) {
      return false;
    }
    BodyFaults.Shape shape = bodyFaults.apply(r);
    if (shape == null) {
      return false;
    }
    Render render = new Render(scenario, hrefs, shape.unknownEnums(), shape.unknownElements());
    router.route(r, render, shape.truncated(), self);
    return false;
  }
}
