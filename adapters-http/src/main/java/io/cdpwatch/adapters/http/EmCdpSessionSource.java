package io.cdpwatch.adapters.http;

import io.cdpwatch.adapters.http.EmHttp.StatusException;
import io.cdpwatch.adapters.http.XmlTypes.XPolicy;
import io.cdpwatch.adapters.http.XmlTypes.XPolicySession;
import io.cdpwatch.adapters.http.XmlTypes.XResource;
import io.cdpwatch.adapters.http.XmlTypes.XTaskSession;
import io.cdpwatch.core.domain.BackupServer;
import io.cdpwatch.core.domain.CdpPolicy;
import io.cdpwatch.core.domain.CdpPolicySession;
import io.cdpwatch.core.domain.CdpTaskSession;
import io.cdpwatch.core.domain.Link;
import io.cdpwatch.core.domain.Resource;
import io.cdpwatch.core.domain.Uid;
import io.cdpwatch.core.port.out.CdpSessionSource;
import io.cdpwatch.core.port.out.CdpSourceException;
import io.cdpwatch.core.port.out.CdpSourceException.Kind;
import io.cdpwatch.core.port.out.PolicyQuery;
import io.cdpwatch.core.port.out.PolicySessionQuery;
import io.cdpwatch.core.port.out.TaskSessionQuery;
import jakarta.xml.bind.JAXBException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.xml.stream.XMLStreamException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.net.URIBuilder;

/**
 * {@link CdpSessionSource} over Enterprise Manager's REST API (XML, port 9398).
 *
 * <p>A source is one run: its deadline starts when it is opened and every request shares it. It
 * logs on lazily, at the first read ({@link EmLogon}). With a session cache it reuses a logon
 * session other runs left (and leaves its own for the next run); without one it logs off when
 * closed. Sessions are read from the query service page by page ({@link QueryPages}) and streamed
 * to the caller's consumer, so memory stays flat; EM's filter narrows the answer, in the narrowest
 * form EM takes ({@link QueryLadder}), and an exact client-side filter decides. Each resource
 * reached through {@link #follow} is fetched at most once per source.
 *
 * <p>Methods are synchronized: a source serves one caller at a time (a consumer may call {@link
 * #follow} or {@link #taskSession} while sessions stream). Failures are {@link CdpSourceException}s
 * whose one-line message says what to do; none holds a secret.
 */
public final class EmCdpSessionSource implements CdpSessionSource, AutoCloseable {

  /** The most a run keeps back for its logoff: a tenth of its deadline, at most this. */
  private static final Duration LOGOFF_RESERVE = Duration.ofSeconds(2);

  private final EmClientConfig config;
  private final String base;
  private final EmHttp http;
  private final EmLogon logon;
  private final QueryLadder ladder;
  private final Map<String, Optional<Resource>> followed = new HashMap<>();
  private boolean closed;

  private EmCdpSessionSource(EmClientConfig config) {
    this.config = config;
    this.base = config.baseUrl().toString();
    // Without a cache the run ends with a logoff: keep time for it inside the run's deadline.
    Duration spent =
        config
            .runStarted()
            .map(started -> Duration.between(started, Instant.now()))
            .filter(d -> !d.isNegative())
            .orElse(Duration.ZERO);
    Deadline deadline =
        Deadline.in(
            config.deadline(),
            config.sessionCache().isPresent() ? Duration.ZERO : logoffReserve(config.deadline()),
            spent);
    this.http = new EmHttp(config, deadline);
    this.logon = new EmLogon(config, http);
    QueryFormMemory memory =
        logon.cached()
            ? QueryFormMemory.in(config.sessionCache().orElseThrow(), base)
            : QueryFormMemory.inRun(base);
    // A capture is recorded and replayed in the run's order: no page is fetched ahead there.
    boolean prefetch = config.dump().isEmpty() && config.replay().isEmpty();
    this.ladder =
        new QueryLadder(
            new QueryPages(base, config.pageSize(), logon, deadline, prefetch),
            memory,
            config.clock());
  }

  /**
   * A source for one run against the EM {@code config} names; its deadline starts now. Nothing is
   * sent until the first read.
   *
   * @throws CdpSourceException of kind CONFIGURATION when the TLS trust cannot be set up (e.g. an
   *     unreadable CA file)
   */
  public static EmCdpSessionSource open(EmClientConfig config) {
    return new EmCdpSessionSource(config);
  }

  private static Duration logoffReserve(Duration deadline) {
    Duration tenth = deadline.dividedBy(10);
    return tenth.compareTo(LOGOFF_RESERVE) < 0 ? tenth : LOGOFF_RESERVE;
  }

  @Override
  public synchronized void taskSessions(
      TaskSessionQuery query, Consumer<? super CdpTaskSession> sink) {
    ensureOpen();
    Interner shared = new Interner();
    readEach(
        QuerySpec.of(query),
        item -> EmMapper.taskSession((XTaskSession) item, shared),
        s -> matches(query, s),
        sink);
  }

  @Override
  public synchronized void policySessions(
      PolicySessionQuery query, Consumer<? super CdpPolicySession> sink) {
    ensureOpen();
    readEach(
        QuerySpec.of(query),
        item -> EmMapper.policySession((XPolicySession) item),
        s -> matches(query, s),
        sink);
  }

  @Override
  public synchronized void policies(PolicyQuery query, Consumer<? super CdpPolicy> sink) {
    ensureOpen();
    // Policies are few, and a consumer lists them: one a shifting page repeats is passed over.
    Set<Object> seen = new HashSet<>();
    readEach(
        QuerySpec.of(query),
        item -> EmMapper.policy((XPolicy) item),
        p -> matches(query, p) && seen.add(key(p.id())),
        sink);
  }

  @Override
  public synchronized Optional<CdpTaskSession> taskSession(Uid id) {
    ensureOpen();
    String url = base + "/cdpReplicaTaskSessions/" + id.id() + "?format=Entity";
    String what = "the task session " + id.id();
    Optional<Resource> found =
        get(() -> new HttpGet(url), what, body -> EmMapper.resource(EmXml.readEntity(body), url));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    if (found.get() instanceof CdpTaskSession task) {
      return Optional.of(task);
    }
    throw new CdpSourceException(
        Kind.PROTOCOL,
        "EM answered %s with a %s, not a CdpReplicaTaskSession"
            .formatted(what, found.get().type()));
  }

  @Override
  public synchronized Optional<Resource> follow(Link link) {
    ensureOpen();
    URI target = entityUrl(link.href());
    String key = normalize(target);
    Optional<Resource> known = followed.get(key);
    if (known != null) {
      return known;
    }
    String what =
        "the %s at %s"
            .formatted(link.type().map(EmMapper::kind).orElse("resource"), target.getPath());
    Optional<Resource> found =
        get(
            () -> new HttpGet(target),
            what,
            body -> EmMapper.resource(EmXml.readEntity(body), link.href()));
    followed.put(key, found);
    return found;
  }

  @Override
  public synchronized Optional<Instant> certificateExpiry() {
    return http.certificateExpiry();
  }

  @Override
  public Optional<Duration> clockOffset() {
    return http.clockOffset();
  }

  /**
   * Logs off when no session cache is kept, or the session could not be stored in it, then closes
   * the connections.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      logon.close();
    } finally {
      http.close();
    }
  }

  /** One resource; empty on 404. */
  private Optional<Resource> get(
      Supplier<HttpUriRequestBase> request, String what, EntityReader reader) {
    try {
      return Optional.of(
          logon.call(
              request, what, (response, body) -> reader.read(body), status -> status == 404));
    } catch (StatusException e) {
      return Optional.empty();
    }
  }

  private interface EntityReader {
    Resource read(InputStream body) throws IOException, XMLStreamException, JAXBException;
  }

  /**
   * Reads a query through the ladder and hands each mapped item that {@code wanted} keeps to {@code
   * sink}. The filter here is exact whatever EM filtered, so an EM that ignores the filter still
   * gives the right answer. Sessions are not de-duplicated (a set of every id read would cost more
   * than the sessions kept): one a shifting page repeats is handed over again, which the newest per
   * VM and per policy, as judged, does not notice.
   */
  private <T> void readEach(
      QuerySpec spec, Function<XResource, T> map, Predicate<T> wanted, Consumer<? super T> sink) {
    ladder.read(
        spec,
        item -> {
          T value = map.apply(item);
          if (wanted.test(value)) {
            sink.accept(value);
          }
        });
  }

  private static boolean matches(TaskSessionQuery query, CdpTaskSession s) {
    return !s.creationTime().isBefore(query.createdSince())
        && (query.vmNames().isEmpty() || query.vmNames().contains(s.vmDisplayName()))
        && serverMatches(query.backupServer(), s.backupServerLink());
  }

  private static boolean matches(PolicySessionQuery query, CdpPolicySession s) {
    return !s.creationTime().isBefore(query.createdSince())
        && (query.policyNames().isEmpty() || query.policyNames().contains(s.policyName()))
        && serverMatches(query.backupServer(), s.backupServerLink());
  }

  private static boolean matches(PolicyQuery query, CdpPolicy p) {
    return (query.policyNames().isEmpty() || query.policyNames().contains(p.name()))
        && serverMatches(query.backupServer(), p.link(Link.Rel.UP, BackupServer.TYPE));
  }

  /** EM filtered by server name already; an entity whose link names another server is dropped. */
  private static boolean serverMatches(Optional<String> wanted, Optional<Link> link) {
    if (wanted.isEmpty()) {
      return true;
    }
    Optional<String> name = link.flatMap(Link::name);
    return name.isEmpty() || name.get().equals(wanted.get());
  }

  private static Object key(Uid id) {
    try {
      return UUID.fromString(id.id());
    } catch (IllegalArgumentException e) {
      return id.id();
    }
  }

  /**
   * {@code href} with {@code format=Entity}, re-rooted on the configured base URL: EM writes its
   * own idea of its host into links ({@code localhost} in its samples), and the token must not go
   * anywhere else.
   */
  private URI entityUrl(String href) {
    try {
      URI link = new URI(href.strip());
      String path = link.getRawPath() == null ? "" : link.getRawPath();
      int api = path.toLowerCase(Locale.ROOT).indexOf("/api/");
      URI target;
      if (api >= 0) {
        String query = link.getRawQuery() == null ? "" : "?" + link.getRawQuery();
        target = new URI(base + path.substring(api + "/api".length()) + query);
      } else {
        target = new URI(base + "/").resolve(link);
        if (!sameOrigin(target, config.baseUrl())) {
          throw new CdpSourceException(
              Kind.PROTOCOL, "EM linked to %s, outside EM's API; not followed".formatted(href));
        }
      }
      return new URIBuilder(target).setParameter("format", "Entity").build();
    } catch (URISyntaxException e) {
      throw new CdpSourceException(
          Kind.PROTOCOL, "EM sent a link that is not a URL: '%s'".formatted(href));
    }
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null
        && a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost())
        && a.getPort() == b.getPort();
  }

  private static String normalize(URI uri) {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return path.toLowerCase(Locale.ROOT);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("this EmCdpSessionSource is closed");
    }
  }

  @Override
  public String toString() {
    return "EmCdpSessionSource[" + base + ", user " + config.username() + "]";
  }
}
