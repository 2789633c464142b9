package io.cdpwatch.emsim;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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

  private final Scenario scenario;
  private final HttpServer server;
  private final ExecutorService pool;
  private final Tls tls;
  private final String api;
  private final Canary canary;
  private final Logons logons;
  private final Faults faults;
  private final RequestLog log = new RequestLog();
  private final CountDownLatch stopped = new CountDownLatch(1);

  private EmSimulator(Builder b) throws IOException {
    this.scenario = b.scenario;
    this.faults = new Faults(scenario.faults());
    InetAddress addr = InetAddress.getByName(b.bind);
    this.pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "em-simulator");
              t.setDaemon(true);
              return t;
            });
    this.tls = b.tls ? Tls.of(Optional.ofNullable(b.certificateDays), scenario.now()) : null;
    if (tls != null) {
      HttpsServer s = HttpsServer.create(new InetSocketAddress(addr, b.port), 64);
      s.setHttpsConfigurator(new HttpsConfigurator(tls.context));
      this.server = s;
    } else {
      this.server = HttpServer.create(new InetSocketAddress(addr, b.port), 64);
    }
    server.setExecutor(pool);
    String host = hostFor(addr);
    this.canary = new Canary(addr, host, pool);
    this.api =
        (tls != null ? "https://" : "http://")
            + host
            + ":"
            + server.getAddress().getPort()
            + "/api";
    // The base the Hrefs it writes start with: its own URL, or the one the scenario names.
    String hrefs = scenario.hrefBase().orElse(api);
    this.logons = new Logons(scenario, hrefs, faults);
    server.createContext(
        "/",
        new RequestHandler(
            scenario,
            hrefs,
            log,
            logons,
            new PreAuthFaults(faults, logons, log, stopped),
            new BodyFaults(faults, new HostileBodies(canary, hrefs, stopped)),
            new Router(scenario, hrefs, logons, faults)));
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

  /** The base URL, ending in {@code /api}, e.g. {@code http://127.0.0.1:41234/api}. */
  public String baseUrl() {
    return api;
  }

  /** The SessionIds of every logon so far, live or not: secrets a test looks for in output. */
  public List<String> sessionIdsIssued() {
    return logons.sessionIdsIssued();
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
    return new Counters(
        logons.logons(),
        logons.failedLogons(),
        logons.logoffs(),
        logons.live(),
        log.requests(),
        log.byPath(),
        canary.hits());
  }

  /** The requests seen so far (at most the last 100,000), oldest first. */
  public List<RequestRecord> requestLog() {
    return log.records();
  }

  /** Forgets the request log and resets the request counters (logon counters stay). */
  public void clearRequestLog() {
    log.clear();
  }

  /**
   * Adds a fault for requests whose path starts with {@code pathPrefix}, e.g. {@code /api/query}.
   */
  public void addFault(String pathPrefix, Fault fault) {
    Objects.requireNonNull(pathPrefix, "'pathPrefix' must not be null");
    faults.add(pathPrefix, Objects.requireNonNull(fault, "'fault' == null"));
  }

  /** Removes the faults bound to exactly this prefix. */
  public void removeFaults(String pathPrefix) {
    faults.remove(pathPrefix);
  }

  /** Removes every fault, the scenario's included. */
  public void clearFaults() {
    faults.clear();
  }

  /** Expires every live logon token now: their next request gets 401. */
  public void expireAllTokens() {
    logons.expireAll();
  }

  /** Moves the idle clock of logon sessions forward (simulates idle time without waiting). */
  public void advanceSessionClock(Duration d) {
    logons.advanceClock(d);
  }

  /** The base of the canary URLs that the external entity/DTD faults point at. */
  public String canaryBaseUrl() {
    return canary.baseUrl();
  }

  /** The {@code file://} canary's content: a parser that resolved it would show this text. */
  public String canaryFileMarker() {
    return canary.marker();
  }

  /** Stops serving (hung requests are released) and deletes the temporary files. */
  public void stop() {
    stopped.countDown();
    server.stop(0);
    canary.stop();
    pool.shutdownNow();
    canary.deleteFiles();
  }

  @Override
  public void close() {
    stop();
  }
}
