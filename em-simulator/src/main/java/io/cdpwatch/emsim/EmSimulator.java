package io.cdpwatch.emsim;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A Veeam Enterprise Manager REST simulator (API v1_7) serving a {@link Scenario} over HTTP or
 * HTTPS. Start it in-process with {@link #start(Scenario)} or {@link #builder(Scenario)}; it
 * listens on {@code 127.0.0.1} and an ephemeral port unless told otherwise.
 *
 * <pre>{@code
 * try (EmSimulator em = EmSimulator.builder(scenario).tls(true).start()) {
 *   String api = em.baseUrl();            // https://127.0.0.1:41234/api
 *   String sha = em.certificateSha256();  // pin it in the client
 *   ...
 *   assertEquals(1, em.counters().logoffs());
 * }
 * }</pre>
 */
public final class EmSimulator implements AutoCloseable {

  /** Options for {@link EmSimulator}: port (0 = ephemeral), TLS, bind address. */
  public static final class Builder {
    private final Scenario scenario;
    private int port;
    private boolean tls;
    private Integer certificateDays;
    private String bind = "127.0.0.1";

    private Builder(Scenario scenario) {
      this.scenario = Objects.requireNonNull(scenario, "'scenario' must not be null");
    }

    /** The port to listen on; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** HTTPS with a self-signed certificate made at start (SAN localhost, 127.0.0.1). */
    public Builder tls(boolean tls) {
      this.tls = tls;
      return this;
    }

    /**
     * HTTPS with a certificate of its own that stops being valid {@code days} after the scenario's
     * now (negative: expired that many days ago); made at start, which takes a second or two.
     */
    public Builder certificateValidDays(int days) {
      this.tls = true;
      this.certificateDays = days;
      return this;
    }

    /** The address to bind, {@code 127.0.0.1} by default. */
    public Builder bind(String address) {
      this.bind = Objects.requireNonNull(address, "'address' must not be null");
      return this;
    }

    public EmSimulator start() throws IOException {
      return new EmSimulator(this);
    }
  }

  private static final class Logon {
    final String sessionId;
    final String user;
    volatile long lastUsed;

    Logon(String sessionId, String user, long now) {
      this.sessionId = sessionId;
      this.user = user;
      this.lastUsed = now;
    }
  }

  private static final class ActiveFault {
    final String prefix;
    final Fault fault;
    final AtomicInteger left;

    ActiveFault(String prefix, Fault fault) {
      this.prefix = prefix;
      this.fault = fault;
      this.left = new AtomicInteger(fault.limit() == 0 ? Integer.MAX_VALUE : fault.limit());
    }

    boolean consume() {
      if (fault.limit() == 0) {
        return true;
      }
      return left.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }
  }

  /** One request in flight. */
  private final class Req {
    final HttpExchange ex;
    final String method;
    final String path;
    final String rawQuery;
    final Map<String, String> params;
    int status;
    // The query dialect faults that apply to this request.
    String refusedField;
    boolean refuseFilters;
    boolean ignoreFilters;

    Req(HttpExchange ex) {
      this.ex = ex;
      this.method = ex.getRequestMethod();
      URI uri = ex.getRequestURI();
      this.path = uri.getPath() == null ? "/" : uri.getPath();
      this.rawQuery = uri.getRawQuery();
      this.params = parseQuery(rawQuery);
    }

    String param(String name) {
      return params.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private interface Body {
    void write(Xml x) throws IOException;
  }

  private static final int LOG_CAP = 100_000;
  private static final Map<Integer, String> STATUS_NAMES =
      Map.of(
          400, "BadRequest",
          401, "Unauthorized",
          403, "Forbidden",
          404, "NotFound",
          405, "MethodNotAllowed",
          500, "InternalServerError",
          501, "NotImplemented",
          502, "BadGateway",
          503, "ServiceUnavailable");
  private static final Set<Fault.Kind> REPLACING =
      EnumSet.of(
          Fault.Kind.EXTERNAL_ENTITY,
          Fault.Kind.EXTERNAL_DTD,
          Fault.Kind.EXTERNAL_ENTITY_FILE,
          Fault.Kind.ENTITY_BOMB,
          Fault.Kind.HUGE_BODY);

  private final Scenario scenario;
  private final HttpServer server;
  private final HttpServer canary;
  private final ExecutorService pool;
  private final Tls tls;
  private final String api;

  /** The base the Hrefs it writes start with: its own URL, or the one the scenario names. */
  private final String hrefs;

  private final String canaryBase;
  private final Path canaryDir;
  private final Path canaryFile;
  private final String canaryMarker;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Logon> logons = new ConcurrentHashMap<>();
  private final List<String> issuedSessionIds = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final AtomicLong logonCount = new AtomicLong();
  private final AtomicLong failedLogonCount = new AtomicLong();
  private final AtomicLong logoffCount = new AtomicLong();
  private final AtomicLong requestCount = new AtomicLong();
  private final AtomicLong canaryCount = new AtomicLong();
  private final Map<String, AtomicLong> byPath = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<RequestRecord> log = new ConcurrentLinkedQueue<>();
  private final AtomicInteger logSize = new AtomicInteger();
  private final List<ActiveFault> faults = new CopyOnWriteArrayList<>();
  private final AtomicLong clockOffset = new AtomicLong();
  private final CountDownLatch stopped = new CountDownLatch(1);

  private EmSimulator(Builder b) throws IOException {
    this.scenario = b.scenario;
    for (Scenario.FaultRule r : scenario.faults()) {
      faults.add(new ActiveFault(r.pathPrefix(), r.fault()));
    }
    InetAddress addr = InetAddress.getByName(b.bind);
    this.pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "em-simulator");
              t.setDaemon(true);
              return t;
            });
    this.canaryDir = Files.createTempDirectory("em-simulator-canary");
    this.canaryFile = canaryDir.resolve("canary.txt");
    this.canaryMarker = "EMSIM-CANARY-FILE-" + UUID.randomUUID();
    Files.writeString(canaryFile, canaryMarker, StandardCharsets.UTF_8);
    this.tls = b.tls ? Tls.of(Optional.ofNullable(b.certificateDays), scenario.now()) : null;
    if (tls != null) {
      HttpsServer s = HttpsServer.create(new InetSocketAddress(addr, b.port), 64);
      s.setHttpsConfigurator(new HttpsConfigurator(tls.context));
      this.server = s;
    } else {
      this.server = HttpServer.create(new InetSocketAddress(addr, b.port), 64);
    }
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    this.canary = HttpServer.create(new InetSocketAddress(addr, 0), 16);
    canary.setExecutor(pool);
    canary.createContext("/", this::handleCanary);
    String host = hostFor(addr);
    this.api =
        (tls != null ? "https://" : "http://")
            + host
            + ":"
            + server.getAddress().getPort()
            + "/api";
    this.hrefs = scenario.hrefBase().orElse(api);
    this.canaryBase = "http://" + host + ":" + canary.getAddress().getPort();
    server.start();
    canary.start();
  }

  private static String hostFor(InetAddress addr) {
    if (addr.isAnyLocalAddress()) {
      return "127.0.0.1";
    }
    String h = addr.getHostAddress();
    return h.contains(":") ? "[" + h + "]" : h;
  }

  public static Builder builder(Scenario scenario) {
    return new Builder(scenario);
  }

  /** Plain HTTP on 127.0.0.1 and a free port. */
  public static EmSimulator start(Scenario scenario) throws IOException {
    return builder(scenario).start();
  }

  /** HTTPS on 127.0.0.1 and a free port, with a fresh self-signed certificate. */
  public static EmSimulator startTls(Scenario scenario) throws IOException {
    return builder(scenario).tls(true).start();
  }

  // ------------------------------------------------------------------ public API

  /** The base URL, ending in {@code /api}, e.g. {@code http://127.0.0.1:41234/api}. */
  public String baseUrl() {
    return api;
  }

  /** The SessionIds of every logon so far, live or not: secrets a test looks for in output. */
  public List<String> sessionIdsIssued() {
    return List.copyOf(issuedSessionIds);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public boolean tls() {
    return tls != null;
  }

  /** The SHA-256 fingerprint of the certificate (64 lower-case hex digits), or null without TLS. */
  public String certificateSha256() {
    return tls == null ? null : Tls.sha256(tls.certificate());
  }

  /** The server certificate, or null without TLS. */
  public X509Certificate certificate() {
    return tls == null ? null : tls.certificate();
  }

  /**
   * Replaces the certificate (and key) for new connections, valid as the first one was: a
   * certificate rotation. {@link #certificateSha256()} names the new one from now on.
   */
  public void rotateCertificate() throws IOException {
    if (tls == null) {
      throw new IllegalStateException("a simulator without TLS has no certificate to rotate");
    }
    tls.rotate();
  }

  /** A trust store holding the server certificate (alias {@code em-simulator}), or null. */
  public KeyStore trustStore() {
    if (tls == null) {
      return null;
    }
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setCertificateEntry("em-simulator", tls.certificate());
      return ks;
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public Scenario scenario() {
    return scenario;
  }

  public String user() {
    return scenario.user();
  }

  public String password() {
    return scenario.password();
  }

  public Counters counters() {
    Map<String, Long> paths = new HashMap<>();
    byPath.forEach((k, v) -> paths.put(k, v.get()));
    long now = clock();
    long live = logons.values().stream().filter(l -> !expired(l, now)).count();
    return new Counters(
        logonCount.get(),
        failedLogonCount.get(),
        logoffCount.get(),
        (int) live,
        requestCount.get(),
        paths,
        canaryCount.get());
  }

  /** The requests seen so far (at most the last 100,000), oldest first. */
  public List<RequestRecord> requestLog() {
    return List.copyOf(log);
  }

  /** Forgets the request log and resets the request counters (logon counters stay). */
  public void clearRequestLog() {
    log.clear();
    logSize.set(0);
    byPath.clear();
    requestCount.set(0);
  }

  /**
   * Adds a fault for requests whose path starts with {@code pathPrefix}, e.g. {@code /api/query}.
   */
  public void addFault(String pathPrefix, Fault fault) {
    Objects.requireNonNull(pathPrefix, "'pathPrefix' must not be null");
    faults.add(new ActiveFault(pathPrefix, Objects.requireNonNull(fault, "'fault' == null")));
  }

  /** Removes the faults bound to exactly this prefix. */
  public void removeFaults(String pathPrefix) {
    faults.removeIf(f -> f.prefix.equals(pathPrefix));
  }

  /** Removes every fault, the scenario's included. */
  public void clearFaults() {
    faults.clear();
  }

  /** Expires every live logon token now: their next request gets 401. */
  public void expireAllTokens() {
    logons.clear();
  }

  /** Moves the idle clock of logon sessions forward (simulates idle time without waiting). */
  public void advanceSessionClock(Duration d) {
    clockOffset.addAndGet(d.toNanos());
  }

  /** The base of the canary URLs that the external entity/DTD faults point at. */
  public String canaryBaseUrl() {
    return canaryBase;
  }

  /** The {@code file://} canary's content: a parser that resolved it would show this text. */
  public String canaryFileMarker() {
    return canaryMarker;
  }

  /** Stops serving (hung requests are released) and deletes the temporary files. */
  public void stop() {
    stopped.countDown();
    server.stop(0);
    canary.stop(0);
    pool.shutdownNow();
    try {
      Files.deleteIfExists(canaryFile);
      Files.deleteIfExists(canaryDir);
    } catch (IOException e) {
      System.err.println("em-simulator: cannot delete " + canaryDir + ": " + e.getMessage());
    }
  }

  @Override
  public void close() {
    stop();
  }

  // ------------------------------------------------------------------ request handling

  private long clock() {
    return System.nanoTime() + clockOffset.get();
  }

  private boolean expired(Logon l, long now) {
    return now - l.lastUsed > scenario.idleTimeout().toNanos();
  }

  private void handleCanary(HttpExchange ex) throws IOException {
    canaryCount.incrementAndGet();
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

  private void handle(HttpExchange ex) {
    Req r;
    try {
      r = new Req(ex);
    } catch (RuntimeException e) {
      ex.close();
      return;
    }
    Headers h = ex.getRequestHeaders();
    String authz = h.getFirst("Authorization");
    boolean basic = authz != null && authz.regionMatches(true, 0, "Basic ", 0, 6);
    String headerToken = h.getFirst("X-RestSvcSessionId");
    String cookieToken = cookieToken(h);
    requestCount.incrementAndGet();
    byPath.computeIfAbsent(r.path, k -> new AtomicLong()).incrementAndGet();
    boolean logged = false;
    try {
      logged = serve(r, authz, headerToken, cookieToken, basic);
    } catch (IOException e) {
      // the client went away mid-response
    } catch (Query.BadQuery e) {
      sendQuietly(r, 400, e.getMessage());
    } catch (RuntimeException e) {
      System.err.println("em-simulator: " + r.method + " " + r.path + ": " + e);
      sendQuietly(r, 500, "Internal server error: " + e.getMessage());
    } finally {
      if (!logged) {
        record(r, basic, headerToken != null, cookieToken != null);
      }
      ex.close();
    }
  }

  private void record(Req r, boolean basic, boolean header, boolean cookie) {
    String target =
        r.ex.getRequestURI().getRawPath() + (r.rawQuery == null ? "" : "?" + r.rawQuery);
    String accept = r.ex.getRequestHeaders().getFirst("Accept");
    log.add(
        new RequestRecord(
            r.method, target, basic, header, cookie, accept == null ? "" : accept, r.status));
    if (logSize.incrementAndGet() > LOG_CAP && log.poll() != null) {
      logSize.decrementAndGet();
    }
  }

  private void sendQuietly(Req r, int code, String message) {
    try {
      error(r, code, message);
    } catch (IOException | RuntimeException ignored) {
      // headers may already be out; nothing more to do
    }
  }

  /** Returns true when it wrote the request-log entry itself (hung requests). */
  private boolean serve(Req r, String authz, String headerToken, String cookieToken, boolean basic)
      throws IOException {
    // Faults that act before authentication.
    for (ActiveFault f : faults) {
      if (!r.path.startsWith(f.prefix) || !Fault.BEFORE_AUTH.contains(f.fault.kind())) {
        continue;
      }
      if (f.fault.kind() == Fault.Kind.REQUEST_LINE_LIMIT && requestLine(r) <= f.fault.amount()) {
        continue;
      }
      if (!f.consume()) {
        continue;
      }
      switch (f.fault.kind()) {
        case LATENCY -> sleep(f.fault.amount());
        case EXPIRE_TOKENS -> expireAllTokens();
        case HANG -> {
          record(r, basic, headerToken != null, cookieToken != null);
          try {
            stopped.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return true;
        }
        case STATUS -> {
          error(
              r,
              f.fault.status(),
              "Simulated fault: " + STATUS_NAMES.getOrDefault(f.fault.status(), "Error"));
          return false;
        }
        case HTML -> {
          html(r, f.fault.status());
          return false;
        }
        case REQUEST_LINE_LIMIT -> {
          html(r, 414);
          return false;
        }
        default -> throw new IllegalStateException(f.fault.toString());
      }
    }

    String p = r.path;
    if (p.equals("/api") || p.equals("/api/")) {
      if (!r.method.equals("GET")) {
        error(r, 405, "Method " + r.method + " is not allowed on /api/");
        return false;
      }
      Set<String> withdrawn = withdrawnVersions(r);
      send(r, 200, false, x -> enterpriseManager(x, withdrawn));
      return false;
    }
    if (p.equalsIgnoreCase("/api/sessionMngr") || p.equalsIgnoreCase("/api/sessionMngr/")) {
      if (!r.method.equals("POST")) {
        error(r, 405, "Method " + r.method + " is not allowed on /api/sessionMngr/");
        return false;
      }
      logon(r, authz);
      return false;
    }
    if (!p.startsWith("/api/")) {
      error(r, 404, "Resource not found: " + p);
      return false;
    }

    // Authentication: the cookie wins over the header, as on EM.
    String token = cookieToken != null ? cookieToken : headerToken;
    Logon logon = token == null ? null : logons.get(token);
    long now = clock();
    if (logon == null || expired(logon, now)) {
      if (logon != null) {
        logons.remove(token);
      }
      error(
          r, 401, "Authentication failed: the logon session has expired or the header is missing.");
      return false;
    }
    logon.lastUsed = now;

    // Faults that shape the body of an authenticated answer.
    boolean truncated = false;
    boolean unknownEnums = false;
    boolean unknownElements = false;
    for (ActiveFault f : faults) {
      Fault.Kind k = f.fault.kind();
      if (!r.path.startsWith(f.prefix)
          || Fault.BEFORE_AUTH.contains(k)
          || k == Fault.Kind.UNSUPPORTED_VERSION
          || !f.consume()) {
        continue;
      }
      if (REPLACING.contains(k)) {
        hostile(r, f.fault);
        return false;
      }
      truncated |= k == Fault.Kind.TRUNCATED;
      unknownEnums |= k == Fault.Kind.UNKNOWN_ENUMS;
      unknownElements |= k == Fault.Kind.UNKNOWN_ELEMENTS;
      r.refuseFilters |= k == Fault.Kind.REFUSE_FILTERS;
      r.ignoreFilters |= k == Fault.Kind.IGNORE_FILTERS;
      if (k == Fault.Kind.REFUSE_FILTER_FIELD) {
        r.refusedField = f.fault.field();
      }
    }
    Render render = new Render(scenario, hrefs, unknownEnums, unknownElements);
    route(r, render, truncated, logon);
    return false;
  }

  private void route(Req r, Render render, boolean truncated, Logon self) throws IOException {
    String rest = r.path.substring("/api/".length());
    while (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    String[] seg = rest.split("/");
    String head = seg[0].toLowerCase(Locale.ROOT);
    if (head.equals("logonsessions")) {
      logonSessions(r, seg, self);
      return;
    }
    if (!r.method.equals("GET")) {
      error(r, 405, "Method " + r.method + " is not allowed on " + r.path);
      return;
    }
    boolean entity = "entity".equalsIgnoreCase(r.param("format"));
    Instant cutoff = scenario.now().minus(Duration.ofDays(30));
    Predicate<Instant> recent = t -> !t.isBefore(cutoff);
    switch (head) {
      case "query" -> {
        if (seg.length != 1) {
          notFound(r);
          return;
        }
        query(r, render, truncated);
      }
      case "cdpreplicatasksessions" -> {
        if (seg.length == 1) {
          List<TaskSession> list =
              scenario.taskSessions().stream().filter(t -> recent.test(t.created())).toList();
          collection(r, render, truncated, entity, Query.TASK, list);
        } else if (seg.length == 2) {
          TaskSession t = scenario.taskSession(Ids.guidPart(seg[1]));
          if (t == null) {
            notFound(r);
            return;
          }
          single(r, render, truncated, entity, t);
        } else {
          notFound(r);
        }
      }
      case "cdpreplicasessions" -> {
        if (seg.length == 1) {
          List<PolicySession> list =
              scenario.policySessions().stream().filter(s -> recent.test(s.created())).toList();
          collection(r, render, truncated, entity, Query.SESSION, list);
          return;
        }
        PolicySession ps = scenario.policySession(Ids.guidPart(seg[1]));
        if (ps == null) {
          notFound(r);
        } else if (seg.length == 2) {
          single(r, render, truncated, entity, ps);
        } else if (seg.length == 3 && seg[2].equalsIgnoreCase("cdpReplicaTaskSessions")) {
          List<TaskSession> list =
              scenario.taskSessionsOf(ps.id()).stream()
                  .filter(t -> recent.test(t.created()))
                  .toList();
          collection(r, render, truncated, entity, Query.TASK, list);
        } else {
          notFound(r);
        }
      }
      case "cdppolicies" -> {
        if (seg.length == 1) {
          collection(r, render, truncated, entity, Query.POLICY, scenario.policies());
          return;
        }
        CdpPolicy pol = scenario.policy(Ids.guidPart(seg[1]));
        if (pol == null) {
          notFound(r);
        } else if (seg.length == 2) {
          single(r, render, truncated, entity, pol);
        } else if (seg.length == 3 && seg[2].equalsIgnoreCase("cdpReplicaSessions")) {
          List<PolicySession> list =
              scenario.policySessionsOf(pol.id()).stream()
                  .filter(s -> recent.test(s.created()))
                  .toList();
          collection(r, render, truncated, entity, Query.SESSION, list);
        } else {
          notFound(r);
        }
      }
      case "backupservers" -> {
        if (seg.length == 1) {
          collection(r, render, truncated, entity, Query.SERVER, scenario.backupServers());
          return;
        }
        BackupServer b = scenario.server(Ids.guidPart(seg[1]));
        if (b == null || seg.length > 2) {
          notFound(r);
        } else {
          single(r, render, truncated, entity, b);
        }
      }
      default -> notFound(r);
    }
  }

  private void notFound(Req r) throws IOException {
    error(r, 404, "Resource not found: " + r.path);
  }

  private void single(Req r, Render render, boolean truncated, boolean entity, Object o)
      throws IOException {
    send(
        r,
        200,
        truncated,
        x -> {
          if (entity) {
            render.entity(x, o, false, true);
          } else {
            render.ref(x, o, "EntityRef", true);
          }
        });
  }

  private void collection(
      Req r, Render render, boolean truncated, boolean entity, Query.Type type, List<?> items)
      throws IOException {
    send(
        r,
        200,
        truncated,
        x -> {
          String root = entity ? Render.listElement(type) : "EntityReferences";
          x.open(root).attr("xmlns", Xml.NS);
          if (items.isEmpty()) {
            x.empty();
            return;
          }
          x.close();
          for (Object o : items) {
            x.nl();
            if (entity) {
              render.entity(x, o, false, false);
            } else {
              render.ref(x, o, "Ref", false);
            }
          }
          x.nl().end(root);
        });
  }

  private void query(Req r, Render render, boolean truncated) throws IOException {
    String typeName = r.param("type");
    if (typeName == null || typeName.isBlank()) {
      throw new Query.BadQuery("The 'type' query parameter is required");
    }
    Query.Type type = Query.type(typeName);
    String format = r.param("format");
    boolean entities;
    if (format == null || format.equalsIgnoreCase("References")) {
      entities = false;
    } else if (format.equalsIgnoreCase("Entities")) {
      entities = true;
    } else {
      throw new Query.BadQuery("Unknown format '" + format + "': use References or Entities");
    }
    String filter = r.param("filter");
    String sortAsc = r.param("sortAsc");
    String sortDesc = r.param("sortDesc");
    if (r.ignoreFilters) {
      filter = null;
      sortAsc = null;
      sortDesc = null;
    }
    if (r.refuseFilters && (filter != null || sortAsc != null || sortDesc != null)) {
      throw new Query.BadQuery(
          "Filtering and sorting are not supported for query type " + typeName);
    }
    if (r.refusedField != null
        && (names(filter, r.refusedField)
            || r.refusedField.equalsIgnoreCase(sortAsc)
            || r.refusedField.equalsIgnoreCase(sortDesc))) {
      throw new Query.BadQuery(
          "Unknown filter parameter '%s' for query type %s".formatted(r.refusedField, typeName));
    }
    if (sortAsc != null && sortDesc != null) {
      throw new Query.BadQuery("Use either sortAsc or sortDesc, not both");
    }
    int pageSize = positive(r.param("pageSize"), 100, "pageSize");
    int page = positive(r.param("page"), 1, "page");
    List<Object> all =
        Query.run(
            scenario,
            type,
            filter,
            sortAsc != null ? sortAsc : sortDesc,
            sortAsc != null,
            scenario.taskResultFilter());
    int pages = Math.max(1, (all.size() + pageSize - 1) / pageSize);
    int from = (int) Math.min((long) (page - 1) * pageSize, all.size());
    int to = Math.min(from + pageSize, all.size());
    List<Object> slice = all.subList(from, to);
    String linkBase = pagingLinkBase(r.rawQuery);
    send(
        r,
        200,
        truncated,
        x -> {
          x.open("QueryResult").attr("xmlns", Xml.NS).close();
          if (entities) {
            String list = Render.listElement(type);
            x.raw("\n  <Entities>\n    ").open(list);
            if (slice.isEmpty()) {
              x.empty();
            } else {
              x.close();
              for (Object o : slice) {
                x.nl();
                render.entity(x, o, true, false);
              }
              x.nl().end(list);
            }
            x.raw("\n  </Entities>");
          } else if (slice.isEmpty()) {
            x.raw("\n  <Refs />");
          } else {
            x.raw("\n  <Refs>");
            for (Object o : slice) {
              x.nl();
              render.ref(x, o, "Ref", false);
            }
            x.raw("\n  </Refs>");
          }
          if (render.unknownElements) {
            x.raw("\n  <FutureSummary Count=\"" + all.size() + "\" />");
          }
          x.raw("\n  ")
              .open("PagingInfo")
              .attr("PagesCount", Integer.toString(pages))
              .attr("PageSize", Integer.toString(pageSize))
              .attr("PageNum", Integer.toString(page))
              .close()
              .raw("\n    <Links>");
          pagingLink(x, "First", linkBase, pageSize, 1);
          if (page > 1) {
            pagingLink(x, "Previous", linkBase, pageSize, Math.min(page - 1, pages));
          }
          if (page < pages) {
            pagingLink(x, "Next", linkBase, pageSize, page + 1);
          }
          pagingLink(x, "Last", linkBase, pageSize, pages);
          x.raw("\n    </Links>\n  </PagingInfo>\n</QueryResult>\n");
        });
  }

  /** Whether {@code filter} compares {@code field} (a name followed by an operator). */
  private static boolean names(String filter, String field) {
    return filter != null
        && java.util.regex.Pattern.compile(
                "(^|[;,(])\\s*" + java.util.regex.Pattern.quote(field) + "\\s*[=!<>]",
                java.util.regex.Pattern.CASE_INSENSITIVE)
            .matcher(filter)
            .find();
  }

  /** The length in bytes of the request line as it came: method, target, version. */
  private static long requestLine(Req r) {
    String target =
        r.ex.getRequestURI().getRawPath() + (r.rawQuery == null ? "" : "?" + r.rawQuery);
    return r.method.length() + 1 + target.length() + 1 + r.ex.getProtocol().length();
  }

  private void pagingLink(Xml x, String rel, String base, int size, int page) throws IOException {
    x.raw("\n      ")
        .open("Link")
        .attr("Rel", rel)
        .attr("Href", base + "&pageSize=" + size + "&page=" + page)
        .empty();
  }

  /** The query as the client sent it, minus pageSize and page: EM appends its own. */
  private String pagingLinkBase(String rawQuery) {
    StringBuilder sb = new StringBuilder(hrefs).append("/query?");
    boolean first = true;
    for (String part : rawQuery == null ? new String[0] : rawQuery.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      String name = decode(part.contains("=") ? part.substring(0, part.indexOf('=')) : part);
      if (name.equalsIgnoreCase("pageSize") || name.equalsIgnoreCase("page")) {
        continue;
      }
      if (!first) {
        sb.append('&');
      }
      sb.append(part);
      first = false;
    }
    return sb.toString();
  }

  private static int positive(String v, int dflt, String name) {
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new Query.BadQuery("Invalid " + name + " '" + v + "': a positive integer is expected");
  }

  // ------------------------------------------------------------------ logon

  private void logon(Req r, String authz) throws IOException {
    String v = r.param("v");
    if (v != null && !v.equalsIgnoreCase("latest")) {
      boolean known =
          supportedVersions(withdrawnVersions(r)).stream().anyMatch(s -> s.equalsIgnoreCase(v));
      if (!known) {
        // Real EM answers an unsupported ?v= with 401, not 400 (em-api.md, section 12).
        error(r, 401, "Authentication failed: the requested API version is not supported.");
        return;
      }
    }
    String user = null;
    String pass = null;
    if (authz != null && authz.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String decoded =
            new String(
                Base64.getDecoder().decode(authz.substring(6).trim()), StandardCharsets.UTF_8);
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
      error(r, 401, "Authentication failed: the user name or password is incorrect.");
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
    send(r, 201, false, x -> logonSession(x, sessionId, userName, true));
  }

  /** The API versions the UNSUPPORTED_VERSION faults on this path take away (lower case). */
  private Set<String> withdrawnVersions(Req r) {
    Set<String> withdrawn = new java.util.HashSet<>();
    for (ActiveFault f : faults) {
      if (f.fault.kind() == Fault.Kind.UNSUPPORTED_VERSION
          && r.path.startsWith(f.prefix)
          && f.consume()) {
        withdrawn.add(f.fault.field().toLowerCase(Locale.ROOT));
      }
    }
    return withdrawn;
  }

  /** The scenario's API versions less those a fault withdrew. */
  private List<String> supportedVersions(Set<String> withdrawn) {
    return scenario.supportedVersions().stream()
        .filter(v -> !withdrawn.contains(v.toLowerCase(Locale.ROOT)))
        .toList();
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

  private void logonSessions(Req r, String[] seg, Logon self) throws IOException {
    if (seg.length == 1) {
      if (!r.method.equals("GET")) {
        error(r, 405, "Method " + r.method + " is not allowed on " + r.path);
        return;
      }
      send(
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
      notFound(r);
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
      error(r, 404, "Logon session " + seg[1] + " not found");
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
        send(r, 200, false, x -> logonSession(x, l.sessionId, l.user, true));
      }
      default -> error(r, 405, "Method " + r.method + " is not allowed on " + r.path);
    }
  }

  private void enterpriseManager(Xml x, Set<String> withdrawn) throws IOException {
    x.open("EnterpriseManager")
        .attr("xmlns:xsd", "http://www.w3.org/2001/XMLSchema")
        .attr("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance")
        .attr("xmlns", Xml.NS)
        .close()
        .raw("\n  <Links>\n    ");
    x.open("Link").attr("Href", hrefs + "/logonSessions").attr("Type", "LogonSessionList");
    x.attr("Rel", "Down").empty().raw("\n    ");
    x.open("Link").attr("Href", hrefs + "/sessionMngr/?v=latest").attr("Type", "LogonSession");
    x.attr("Rel", "Create").empty().raw("\n  </Links>\n  <SupportedVersions>");
    for (String v : supportedVersions(withdrawn)) {
      x.raw("\n    ").open("SupportedVersion").attr("Name", v).close().raw("<Links>");
      x.open("Link").attr("Href", hrefs + "/sessionMngr/?v=" + v).attr("Type", "LogonSession");
      x.attr("Rel", "Create").empty().raw("</Links>").end("SupportedVersion");
    }
    x.raw("\n  </SupportedVersions>\n</EnterpriseManager>\n");
  }

  // ------------------------------------------------------------------ responses

  private void error(Req r, int code, String message) throws IOException {
    if (code == 401) {
      r.ex.getResponseHeaders().set("WWW-Authenticate", "Basic Realm=RestSvc");
    }
    String status = STATUS_NAMES.getOrDefault(code, "Error");
    send(
        r,
        code,
        false,
        x ->
            x.open("Error")
                .attr("xmlns", Xml.NS)
                .attr("Message", message)
                .attr("StatusCode", Integer.toString(code))
                .attr("Status", status)
                .empty()
                .nl());
  }

  private void html(Req r, int code) throws IOException {
    String title =
        switch (code) {
          case 502 -> "502 Bad Gateway";
          case 503 -> "503 Service Unavailable";
          case 504 -> "504 Gateway Timeout";
          case 414 -> "414 Request-URI Too Long";
          default -> code + " Error";
        };
    String text =
        code == 414
            ? "The request line is too long."
            : "The server cannot handle the request right now. Please try again later.";
    String page =
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>"
            + title
            + "</title></head>\n<body><h1>"
            + title
            + "</h1><p>"
            + text
            + "</p>"
            + "<hr><address>nginx</address></body></html>\n";
    byte[] b = page.getBytes(StandardCharsets.UTF_8);
    r.status = code;
    r.ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    r.ex.sendResponseHeaders(code, b.length);
    r.ex.getResponseBody().write(b);
  }

  /** Bodies that attack the client's XML parser, or never end. */
  private void hostile(Req r, Fault f) throws IOException {
    r.status = 200;
    r.ex.getResponseHeaders().set("Content-Type", "application/xml; charset=utf-8");
    String open =
        "<QueryResult xmlns=\"" + Xml.NS + "\">\n  <Entities>\n    <CdpReplicaTaskSessions>\n";
    String close =
        "    </CdpReplicaTaskSessions>\n  </Entities>\n"
            + "  <PagingInfo PagesCount=\"1\" PageSize=\"100\" PageNum=\"1\" />\n</QueryResult>\n";
    String doc;
    switch (f.kind()) {
      case EXTERNAL_ENTITY ->
          doc =
              Xml.DECLARATION
                  + "<!DOCTYPE QueryResult [\n  <!ENTITY canary SYSTEM \""
                  + canaryBase
                  + "/canary/entity\">\n]>\n"
                  + open
                  + sampleTask("&canary;")
                  + close;
      case EXTERNAL_DTD ->
          doc =
              Xml.DECLARATION
                  + "<!DOCTYPE QueryResult SYSTEM \""
                  + canaryBase
                  + "/canary/dtd\">\n"
                  + open
                  + sampleTask("Simulated external DTD")
                  + close;
      case EXTERNAL_ENTITY_FILE ->
          doc =
              Xml.DECLARATION
                  + "<!DOCTYPE QueryResult [\n  <!ENTITY canary SYSTEM \""
                  + canaryFile.toUri()
                  + "\">\n]>\n"
                  + open
                  + sampleTask("&canary;")
                  + close;
      case ENTITY_BOMB -> {
        StringBuilder sb = new StringBuilder(Xml.DECLARATION);
        sb.append("<!DOCTYPE QueryResult [\n  <!ENTITY lol0 \"lol\">\n");
        for (int i = 1; i <= 9; i++) {
          sb.append("  <!ENTITY lol").append(i).append(" \"");
          for (int j = 0; j < 10; j++) {
            sb.append("&lol").append(i - 1).append(';');
          }
          sb.append("\">\n");
        }
        sb.append("]>\n").append(open).append(sampleTask("&lol9;")).append(close);
        doc = sb.toString();
      }
      case HUGE_BODY -> {
        huge(r, open, f.amount());
        return;
      }
      default -> throw new IllegalStateException(f.toString());
    }
    byte[] b = doc.getBytes(StandardCharsets.UTF_8);
    r.ex.sendResponseHeaders(200, b.length);
    r.ex.getResponseBody().write(b);
  }

  private String sampleTask(String reasonXml) {
    String id = "2ec4d35f-b5d8-4cb3-9d11-12e1d5792625";
    return "      <CdpReplicaTaskSession Type=\"CdpReplicaTaskSession\" Href=\""
        + hrefs
        + "/replicaTaskSessions/"
        + id
        + "?format=Entity\" Name=\"virt03-ubuntu01@2021-02-12 00:00:10\""
        + " UID=\"urn:veeam:CdpReplicaTaskSession:"
        + id
        + "\" VmDisplayName=\"virt03-ubuntu01\">\n"
        + "        <PolicySessionUid>urn:veeam:CdpReplicaSession:"
        + "6b872a71-51e8-437a-8d45-5c6494b92f3f</PolicySessionUid>\n"
        + "        <CreationTimeUTC>2021-02-12T00:00:10.457Z</CreationTimeUTC>\n"
        + "        <EndTimeUTC>2021-02-12T08:00:11.3Z</EndTimeUTC>\n"
        + "        <State>Completed</State>\n"
        + "        <Result>Failed</Result>\n"
        + "        <Reason>"
        + reasonXml
        + "</Reason>\n"
        + "        <TotalSize>17179869184</TotalSize>\n"
        + "      </CdpReplicaTaskSession>\n";
  }

  private void huge(Req r, String open, long limit) throws IOException {
    r.ex.sendResponseHeaders(200, 0);
    OutputStream out = r.ex.getResponseBody();
    byte[] head = (Xml.DECLARATION + open).getBytes(StandardCharsets.UTF_8);
    byte[] item =
        sampleTask("Error: simulated huge body. " + "x".repeat(2000))
            .getBytes(StandardCharsets.UTF_8);
    out.write(head);
    long sent = head.length;
    while (limit == 0 || sent < limit) {
      if (stopped.getCount() == 0) {
        return;
      }
      out.write(item);
      sent += item.length;
    }
    out.write(
        ("    </CdpReplicaTaskSessions>\n  </Entities>\n"
                + "  <PagingInfo PagesCount=\"1\" PageSize=\"100\" PageNum=\"1\" />\n"
                + "</QueryResult>\n")
            .getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Sends an XML body. Small bodies go out with a Content-Length; once a body passes 256 KiB it is
   * streamed chunked as it is written, so huge pages never sit in memory. A truncated body is cut
   * in the middle of an element.
   */
  private void send(Req r, int code, boolean truncate, Body body) throws IOException {
    r.status = code;
    r.ex.getResponseHeaders().set("Content-Type", "application/xml; charset=utf-8");
    SpillingStream spill = new SpillingStream(r.ex, code, truncate ? Long.MAX_VALUE : 256 * 1024);
    Writer w = new BufferedWriter(new OutputStreamWriter(spill, StandardCharsets.UTF_8), 32 * 1024);
    Xml x = new Xml(w);
    x.raw(Xml.DECLARATION);
    body.write(x);
    w.flush();
    if (truncate) {
      spill.truncate();
    }
    spill.finish();
  }

  private static final class SpillingStream extends OutputStream {
    private final HttpExchange ex;
    private final int code;
    private final long limit;
    private ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private OutputStream out;

    SpillingStream(HttpExchange ex, int code, long limit) {
      this.ex = ex;
      this.code = code;
      this.limit = limit;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (out != null) {
        out.write(b, off, len);
        return;
      }
      buffer.write(b, off, len);
      if (buffer.size() > limit) {
        ex.sendResponseHeaders(code, 0);
        out = ex.getResponseBody();
        buffer.writeTo(out);
        buffer = null;
      }
    }

    void truncate() {
      byte[] all = buffer.toByteArray();
      int cut = all.length / 2;
      while (cut < all.length - 1 && all[cut] != '<') {
        cut++;
      }
      cut = Math.min(all.length - 1, cut + 4);
      buffer = new ByteArrayOutputStream();
      buffer.write(all, 0, Math.max(1, cut));
    }

    void finish() throws IOException {
      if (out != null) {
        out.flush();
        return;
      }
      byte[] b = buffer.toByteArray();
      ex.sendResponseHeaders(code, b.length == 0 ? -1 : b.length);
      if (b.length > 0) {
        ex.getResponseBody().write(b);
      }
    }
  }

  // ------------------------------------------------------------------ helpers

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String cookieToken(Headers h) {
    List<String> cookies = h.get("Cookie");
    if (cookies == null) {
      return null;
    }
    for (String header : cookies) {
      for (String part : header.split(";")) {
        String p = part.trim();
        int eq = p.indexOf('=');
        if (eq > 0 && p.substring(0, eq).trim().equals("X-RestSvcSessionId")) {
          String v = p.substring(eq + 1).trim();
          if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
          }
          return v;
        }
      }
    }
    return null;
  }

  private static Map<String, String> parseQuery(String raw) {
    Map<String, String> m = new LinkedHashMap<>();
    if (raw == null) {
      return m;
    }
    for (String part : raw.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String k = decode(eq < 0 ? part : part.substring(0, eq));
      String v = eq < 0 ? "" : decode(part.substring(eq + 1));
      m.putIfAbsent(k.toLowerCase(Locale.ROOT), v);
    }
    return m;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new Query.BadQuery("Malformed percent-encoding in the query string");
    }
  }
}
