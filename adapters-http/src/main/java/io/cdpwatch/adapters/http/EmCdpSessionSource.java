package io.cdpwatch.adapters.http;

import io.cdpwatch.adapters.http.EmHttp.BodyReader;
import io.cdpwatch.adapters.http.EmHttp.StatusException;
import io.cdpwatch.adapters.http.XmlTypes.XPolicySession;
import io.cdpwatch.adapters.http.XmlTypes.XResource;
import io.cdpwatch.adapters.http.XmlTypes.XTaskSession;
import io.cdpwatch.core.domain.CdpPolicySession;
import io.cdpwatch.core.domain.CdpTaskSession;
import io.cdpwatch.core.domain.Link;
import io.cdpwatch.core.domain.Resource;
import io.cdpwatch.core.domain.Uid;
import io.cdpwatch.core.port.out.CdpSessionSource;
import io.cdpwatch.core.port.out.CdpSourceException;
import io.cdpwatch.core.port.out.CdpSourceException.Kind;
import io.cdpwatch.core.port.out.PolicySessionQuery;
import io.cdpwatch.core.port.out.TaskSessionQuery;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.classic.methods.HttpDelete;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.net.URIBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CdpSessionSource} over Enterprise Manager's REST API (XML, port 9398).
 *
 * <p>A source is one run: its deadline starts when it is opened and every request shares it. It
 * logs on lazily, at the first read. With a session cache it reuses a logon session other runs left
 * (and leaves its own for the next run); without one it logs off when closed. Sessions are read
 * from the query service page by page and streamed to the caller's consumer, so memory stays flat;
 * EM's filter narrows the answer and an exact client-side filter decides. Each resource reached
 * through {@link #follow} is fetched at most once per source.
 *
 * <p>Methods are synchronized: a source serves one caller at a time (a consumer may call {@link
 * #follow} or {@link #taskSession} while sessions stream). Failures are {@link CdpSourceException}s
 * whose one-line message says what to do; none holds a secret.
 */
public final class EmCdpSessionSource implements CdpSessionSource, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmCdpSessionSource.class);

  /** A hard stop for paging, whatever EM says. */
  static final int MAX_PAGES = 10_000;

  /** Above this many names, or this filter length, names are filtered client-side only. */
  private static final int MAX_NAMES_IN_FILTER = 50;

  private static final int MAX_FILTER_CHARS = 4000;
  private static final Pattern VERSION =
      Pattern.compile("v(\\d+)_(\\d+)", Pattern.CASE_INSENSITIVE);
  private static final String TOKEN_HEADER = "X-RestSvcSessionId";

  /** The most a run keeps back for its logoff: a tenth of its deadline, at most this. */
  private static final Duration LOGOFF_RESERVE = Duration.ofSeconds(2);

  private final EmClientConfig config;
  private final String base;
  private final EmHttp http;
  private final Optional<SessionCache> cache;
  private final Map<String, Optional<Resource>> followed = new HashMap<>();
  private SessionCache.Entry session;

  /** False once EM refused to sort a query: the rest of the run reads unsorted. */
  private boolean sorted = true;

  /** True when the session could not be stored in the cache: close() must log it off. */
  private boolean uncached;

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
    char[] password = config.password();
    try {
      this.cache =
          config
              .sessionCache()
              .flatMap(dir -> SessionCache.in(dir, base, config.username(), password));
    } finally {
      EmClientConfig.wipe(password);
    }
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
    readEach(
        EmXml.TASK_SESSION,
        taskFilter(query),
        item -> EmMapper.taskSession((XTaskSession) item),
        s -> matches(query, s),
        CdpTaskSession::id,
        sink);
  }

  @Override
  public synchronized void policySessions(
      PolicySessionQuery query, Consumer<? super CdpPolicySession> sink) {
    ensureOpen();
    readEach(
        EmXml.POLICY_SESSION,
        policyFilter(query),
        item -> EmMapper.policySession((XPolicySession) item),
        s -> matches(query, s),
        CdpPolicySession::id,
        sink);
  }

  @Override
  public synchronized Optional<CdpTaskSession> taskSession(Uid id) {
    ensureOpen();
    String url = base + "/cdpReplicaTaskSessions/" + id.id() + "?format=Entity";
    String what = "the task session " + id.id();
    Optional<Resource> found =
        call(
            () -> new HttpGet(url),
            what,
            (response, body) -> EmMapper.resource(EmXml.readEntity(body), url),
            status -> status == 404);
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
        call(
            () -> new HttpGet(target),
            what,
            (response, body) -> EmMapper.resource(EmXml.readEntity(body), link.href()),
            status -> status == 404);
    followed.put(key, found);
    return found;
  }

  /**
   * Logs off when no session cache is kept, or the session could not be stored in it (within the
   * time the run kept in reserve; a failed logoff is only logged, EM drops idle sessions after 15
   * minutes), then closes the connections.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if ((cache.isEmpty() || uncached) && session != null) {
        logoff(session);
      }
    } finally {
      session = null;
      http.close();
    }
  }

  // ------------------------------------------------------------------ reading

  /**
   * Reads every page of a query and hands each mapped item that {@code wanted} keeps to {@code
   * sink}, once: an item a shifting page repeats is passed over the second time.
   */
  private <T> void readEach(
      String type,
      String filter,
      Function<XResource, T> map,
      Predicate<T> wanted,
      Function<T, Uid> id,
      Consumer<? super T> sink) {
    Set<Object> seen = new HashSet<>();
    readAll(
        type,
        filter,
        item -> {
          T value = map.apply(item);
          if (wanted.test(value) && seen.add(key(id.apply(value)))) {
            sink.accept(value);
          }
        });
  }

  private void readAll(String type, String filter, Consumer<XResource> onItem) {
    Set<String> nextLinks = new HashSet<>();
    int pagesCount = 0;
    for (int page = 1; ; page++) {
      URI uri = queryUrl(type, filter, page);
      String what = "the %s query (page %d)".formatted(type, page);
      // Newest first keeps pages steady while EM adds sessions (a repeat is passed over; none is
      // skipped). Whether EM sorts CDP queries is undocumented: on a 400, read unsorted.
      boolean mayRefuseSort = sorted && page == 1;
      Optional<EmXml.Page> answer =
          call(
              () -> new HttpGet(uri),
              what,
              (response, body) -> EmXml.readQueryPage(body, type, onItem),
              status -> mayRefuseSort && status == 400);
      if (answer.isEmpty()) {
        LOG.info("EM refused sortDesc=CreationTimeUTC on the {} query; reading it unsorted", type);
        sorted = false;
        page = 0;
        continue;
      }
      EmXml.Page result = answer.get();
      LOG.debug("{}: {} items, paging {}", what, result.items(), result);
      if (result.pagesCount().isPresent()) {
        pagesCount = Math.max(pagesCount, result.pagesCount().getAsInt());
      }
      if (result.next().isEmpty()) {
        return;
      }
      if (!nextLinks.add(result.next().get())) {
        throw new CdpSourceException(
            Kind.PROTOCOL,
            "EM's paging loops: page %d of the %s query links to a page already read; stopped"
                .formatted(page, type));
      }
      if (pagesCount > 0 && page >= pagesCount + 1) {
        throw new CdpSourceException(
            Kind.PROTOCOL,
            "EM keeps sending Next links past its own PagesCount=%d for the %s query; stopped"
                .formatted(pagesCount, type));
      }
      if (page >= MAX_PAGES) {
        throw new CdpSourceException(
            Kind.PROTOCOL,
            "EM's %s query has more than %d pages; stopped (narrow the look-back window)"
                .formatted(type, MAX_PAGES));
      }
    }
  }

  /**
   * Page {@code page} of a query, built anew rather than copied from EM's Next link: EM echoes the
   * filter into its links with partial escaping (its own samples show {@code >=} turned into {@code
   * <=}), and its links may name a host this client cannot reach.
   */
  private URI queryUrl(String type, String filter, int page) {
    try {
      URIBuilder uri =
          new URIBuilder(base + "/query")
              .addParameter("type", type)
              .addParameter("format", "Entities")
              .addParameter("filter", filter)
              .addParameter("pageSize", Integer.toString(config.pageSize()))
              .addParameter("page", Integer.toString(page));
      if (sorted) {
        uri.addParameter("sortDesc", "CreationTimeUTC");
      }
      return uri.build();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot build a query URL", e);
    }
  }

  static String taskFilter(TaskSessionQuery query) {
    return filter(query.createdSince(), "VmDisplayName", query.vmNames(), query.backupServer());
  }

  static String policyFilter(PolicySessionQuery query) {
    return filter(query.createdSince(), "PolicyName", query.policyNames(), query.backupServer());
  }

  private static String filter(
      Instant since, String nameField, Set<String> names, Optional<String> server) {
    // Whole seconds, rounded down: EM's parser surely takes them, and the client filter is exact.
    StringBuilder filter =
        new StringBuilder("CreationTimeUTC>=")
            .append(quote(since.truncatedTo(ChronoUnit.SECONDS).toString()));
    if (!names.isEmpty() && names.size() <= MAX_NAMES_IN_FILTER) {
      StringBuilder or = new StringBuilder(";(");
      String separator = "";
      for (String name : new TreeSet<>(names)) {
        or.append(separator).append(nameField).append("==").append(quote(name));
        separator = ",";
      }
      or.append(')');
      if (filter.length() + or.length() <= MAX_FILTER_CHARS) {
        filter.append(or);
      }
    }
    server.ifPresent(name -> filter.append(";BackupServerName==").append(quote(name)));
    return filter.toString();
  }

  /** A filter value in double quotes, an embedded quote doubled. */
  static String quote(String value) {
    return '"' + value.replace("\"", "\"\"") + '"';
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

  // ------------------------------------------------------------------ requests and sessions

  /**
   * Sends an authenticated request; a 401 replaces the logon session once and retries once. Returns
   * empty on 404 when {@code notFoundIsEmpty}.
   */
  private <T> Optional<T> call(
      Supplier<HttpUriRequestBase> request,
      String what,
      BodyReader<T> reader,
      IntPredicate emptyOn) {
    SessionCache.Entry current = session();
    try {
      return Optional.of(http.exchange(authorized(request.get(), current), what, reader));
    } catch (StatusException e) {
      if (emptyOn.test(e.status())) {
        return Optional.empty();
      }
      if (e.status() != 401) {
        throw failure(e, what);
      }
      LOG.info("EM refused the logon session for {}; logging on again", what);
    }
    SessionCache.Entry renewed = renew(current);
    try {
      return Optional.of(http.exchange(authorized(request.get(), renewed), what, reader));
    } catch (StatusException e) {
      if (emptyOn.test(e.status())) {
        return Optional.empty();
      }
      if (e.status() == 401) {
        throw new CdpSourceException(
            Kind.AUTHENTICATION,
            ("EM refused a fresh logon session of user '%s' for %s (401%s): the account may lack"
                    + " an Enterprise Manager role (Portal Administrator, Portal User or Restore"
                    + " Operator)")
                .formatted(config.username(), what, emMessage(e)));
      }
      throw failure(e, what);
    }
  }

  private static HttpUriRequestBase authorized(
      HttpUriRequestBase request, SessionCache.Entry session) {
    request.setHeader(TOKEN_HEADER, session.token());
    return request;
  }

  private SessionCache.Entry session() {
    return session != null ? session : obtain(Optional.empty());
  }

  /** Replaces a logon session EM refused, unless another run already replaced it. */
  private SessionCache.Entry renew(SessionCache.Entry rejected) {
    session = null;
    return obtain(Optional.of(rejected));
  }

  /**
   * The logon session to use: the cached one unless it is the {@code rejected} one, else a fresh
   * logon (after checking EM's API versions, the first time), stored for the next runs.
   */
  private SessionCache.Entry obtain(Optional<SessionCache.Entry> rejected) {
    if (cache.isEmpty()) {
      if (rejected.isEmpty()) {
        checkVersion();
      }
      session = logon();
      return session;
    }
    SessionCache store = cache.get();
    session =
        store.locked(
            http.deadline(),
            () -> {
              Optional<SessionCache.Entry> cached =
                  store
                      .read()
                      .filter(c -> rejected.map(r -> !c.token().equals(r.token())).orElse(true));
              if (cached.isPresent()) {
                LOG.info("reusing the cached EM logon session");
                return cached.get();
              }
              if (rejected.isEmpty()) {
                checkVersion();
              }
              SessionCache.Entry fresh = logon();
              uncached = !store.write(fresh);
              return fresh;
            });
    return session;
  }

  /** {@code GET /api/}: fails with UNSUPPORTED unless EM offers v1_6 or later (CDP). */
  private void checkVersion() {
    String what = "the API root (GET " + config.baseUrl().getPath() + "/)";
    List<String> versions;
    try {
      versions =
          http.exchange(
              new HttpGet(base + "/"), what, (response, body) -> EmXml.readSupportedVersions(body));
    } catch (StatusException e) {
      if (e.status() == 404) {
        throw new CdpSourceException(
            Kind.NOT_FOUND,
            ("EM has no REST API at %s (404%s): is this EM's port? 9398 is Enterprise Manager,"
                    + " 9419 is the VBR REST API")
                .formatted(base, emMessage(e)));
      }
      throw failure(e, what);
    }
    int best = -1;
    for (String name : versions) {
      Matcher m = VERSION.matcher(name);
      if (m.matches()) {
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        best = Math.max(best, major * 10_000 + Math.min(minor, 9_999));
      }
    }
    if (best < 10_006) {
      throw new CdpSourceException(
          Kind.UNSUPPORTED,
          ("EM at %s offers API versions %s; CDP needs v1_6 or later (Enterprise Manager 11 or"
                  + " newer): upgrade Enterprise Manager")
              .formatted(
                  http.endpoint(), versions.isEmpty() ? "(none)" : String.join(", ", versions)));
    }
    LOG.debug("EM offers API versions {}", versions);
  }

  /** {@code POST /api/sessionMngr/?v=latest} with Basic authentication. */
  private SessionCache.Entry logon() {
    String what = "the logon (POST /api/sessionMngr/)";
    HttpPost post = new HttpPost(base + "/sessionMngr/?v=latest");
    post.setHeader("Authorization", basic());
    post.setEntity(new ByteArrayEntity(new byte[0], null));
    try {
      SessionCache.Entry entry =
          http.exchange(
              post,
              what,
              (response, body) -> {
                Header token = response.getFirstHeader(TOKEN_HEADER);
                if (token == null || token.getValue().isBlank()) {
                  throw new CdpSourceException(
                      Kind.PROTOCOL,
                      "EM's logon answer carries no %s header: is this Enterprise Manager?"
                          .formatted(TOKEN_HEADER));
                }
                Optional<String> id = EmXml.readLogonSessionId(body);
                if (id.isEmpty()) {
                  LOG.warn("EM's logon answer names no SessionId; cannot log off this session");
                }
                return new SessionCache.Entry(token.getValue().strip(), id.orElse(""));
              });
      LOG.info("logged on to EM as {}", config.username());
      return entry;
    } catch (StatusException e) {
      if (e.status() == 401) {
        throw new CdpSourceException(
            Kind.AUTHENTICATION,
            ("EM refused the logon of user '%s' (401%s): check user name and password, and that"
                    + " the account has an Enterprise Manager role (Portal Administrator, Portal"
                    + " User or Restore Operator)")
                .formatted(config.username(), emMessage(e)));
      }
      if (e.status() == 404) {
        throw new CdpSourceException(
            Kind.NOT_FOUND,
            ("EM has no logon service at %s/sessionMngr/ (404%s): is this EM's port? 9398 is"
                    + " Enterprise Manager, 9419 is the VBR REST API")
                .formatted(base, emMessage(e)));
      }
      throw failure(e, what);
    }
  }

  private String basic() {
    char[] password = config.password();
    char[] user = config.username().toCharArray();
    char[] pair = new char[user.length + 1 + password.length];
    System.arraycopy(user, 0, pair, 0, user.length);
    pair[user.length] = ':';
    System.arraycopy(password, 0, pair, user.length + 1, password.length);
    ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(pair));
    byte[] raw = new byte[bytes.remaining()];
    bytes.get(raw);
    try {
      return "Basic " + Base64.getEncoder().encodeToString(raw);
    } finally {
      EmClientConfig.wipe(password);
      EmClientConfig.wipe(pair);
      Arrays.fill(raw, (byte) 0);
      if (bytes.hasArray()) {
        Arrays.fill(bytes.array(), (byte) 0);
      }
    }
  }

  private void logoff(SessionCache.Entry entry) {
    if (entry.sessionId().isEmpty()) {
      return;
    }
    HttpDelete delete = new HttpDelete(base + "/logonSessions/" + entry.sessionId());
    delete.setHeader(TOKEN_HEADER, entry.token());
    try {
      http.exchangeInReserve(
          delete, "the logoff (DELETE /api/logonSessions/)", (response, body) -> null);
      LOG.info("logged off the EM session");
    } catch (StatusException | CdpSourceException e) {
      LOG.warn(
          "could not log off from EM ({}); EM drops the session after 15 minutes idle",
          e instanceof StatusException s ? "HTTP " + s.status() : e.getMessage());
    }
  }

  private CdpSourceException failure(StatusException e, String what) {
    int status = e.status();
    if (status == 401) {
      return new CdpSourceException(
          Kind.AUTHENTICATION,
          "EM refused %s (401%s): check the account's Enterprise Manager role"
              .formatted(what, emMessage(e)));
    }
    if (status == 403) {
      return new CdpSourceException(
          Kind.FORBIDDEN,
          ("EM forbids %s to user '%s' (403%s): give the account an Enterprise Manager role that"
                  + " sees CDP policies (Portal Administrator)")
              .formatted(what, config.username(), emMessage(e)));
    }
    if (status == 404) {
      return new CdpSourceException(
          Kind.NOT_FOUND,
          ("EM has no %s (404%s): is %s Enterprise Manager's REST API? 9398 is Enterprise"
                  + " Manager, 9419 is the VBR REST API")
              .formatted(what, emMessage(e), base));
    }
    if (status >= 500) {
      return new CdpSourceException(
          Kind.SERVER,
          "EM failed on %s (%d%s); see EM's logs or retry later"
              .formatted(what, status, emMessage(e)));
    }
    return new CdpSourceException(
        Kind.PROTOCOL, "EM rejected %s (%d%s)".formatted(what, status, emMessage(e)));
  }

  private static String emMessage(StatusException e) {
    return e.emMessage()
        .map(m -> ": " + (m.length() > 300 ? m.substring(0, 300) + "..." : m))
        .map(m -> m.replaceAll("\\s+", " "))
        .orElse("");
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
