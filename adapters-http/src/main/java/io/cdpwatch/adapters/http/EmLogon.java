package io.cdpwatch.adapters.http;

import io.cdpwatch.adapters.http.EmHttp.BodyReader;
import io.cdpwatch.adapters.http.EmHttp.StatusException;
import io.cdpwatch.core.port.out.CdpSourceException;
import io.cdpwatch.core.port.out.CdpSourceException.Kind;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.classic.methods.HttpDelete;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logon lifecycle of one run: the logon (and, when EM refuses it, whether for the API version),
 * the reuse of a cached logon session, its renewal on a 401, and the logoff. Every authenticated
 * request goes through {@link #call}.
 */
final class EmLogon {

  private static final Logger LOG = LoggerFactory.getLogger(EmLogon.class);
  private static final Pattern VERSION =
      Pattern.compile("v(\\d+)_(\\d+)", Pattern.CASE_INSENSITIVE);
  private static final String TOKEN_HEADER = "X-RestSvcSessionId";

  /** The REST API version cdpwatch is written for (Enterprise Manager 12 and 13). */
  static final String API_VERSION = "v1_7";

  private final EmClientConfig config;
  private final String base;
  private final EmHttp http;
  private final Optional<SessionCache> cache;
  private SessionCache.Entry session;

  /** The version the logons of this run ask for: ours, unless EM said it offers another. */
  private String version = API_VERSION;

  /** True when the session could not be stored in the cache: close() must log it off. */
  private boolean uncached;

  EmLogon(EmClientConfig config, EmHttp http) {
    this.config = config;
    this.base = config.baseUrl().toString();
    this.http = http;
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

  /** Whether a usable session cache is kept (then state may be kept beside it). */
  boolean cached() {
    return cache.isPresent();
  }

  /**
   * Sends an authenticated request; a 401 replaces the logon session once and retries once. A
   * status that {@code raw} accepts is thrown as the {@link StatusException} itself, for the caller
   * to judge; any other is a {@link CdpSourceException} with advice.
   */
  <T> T call(
      Supplier<HttpUriRequestBase> request, String what, BodyReader<T> reader, IntPredicate raw) {
    SessionCache.Entry current = session();
    try {
      return http.exchange(authorized(request.get(), current), what, reader);
    } catch (StatusException e) {
      if (raw.test(e.status())) {
        throw e;
      }
      if (e.status() != 401) {
        throw failure(e, what);
      }
      LOG.info("EM refused the logon session for {}; logging on again", what);
    }
    SessionCache.Entry renewed = renew(current);
    try {
      return http.exchange(authorized(request.get(), renewed), what, reader);
    } catch (StatusException e) {
      if (raw.test(e.status())) {
        throw e;
      }
      if (e.status() == 401) {
        throw new CdpSourceException(
            Kind.AUTHENTICATION,
            ("EM refused a fresh logon session of user '%s' for %s (401%s): the account may lack"
                    + " an Enterprise Manager role %s")
                .formatted(config.username(), what, EmAdvice.emMessage(e), EmAdvice.ROLES));
      }
      throw failure(e, what);
    }
  }

  CdpSourceException failure(StatusException e, String what) {
    return EmAdvice.failure(e, what, base, config.username());
  }

  /**
   * Logs off when no session cache is kept, or the session could not be stored in it (within the
   * time the run kept in reserve; a failed logoff is only logged, EM drops idle sessions after 15
   * minutes).
   */
  synchronized void close() {
    try {
      if ((cache.isEmpty() || uncached) && session != null) {
        logoff(session);
      }
    } finally {
      session = null;
    }
  }

  private static HttpUriRequestBase authorized(
      HttpUriRequestBase request, SessionCache.Entry session) {
    request.setHeader(TOKEN_HEADER, session.token());
    return request;
  }

  // The session is shared with the thread that prefetches the next query page: it is read, made
  // and replaced under this object's lock.
  private synchronized SessionCache.Entry session() {
    return session != null ? session : obtain(Optional.empty());
  }

  /**
   * Replaces a logon session EM refused, unless another run (or the other thread of this one)
   * already replaced it.
   */
  private synchronized SessionCache.Entry renew(SessionCache.Entry rejected) {
    if (session != null && session != rejected) {
      return session;
    }
    session = null;
    return obtain(Optional.of(rejected));
  }

  /**
   * The logon session to use: the cached one unless it is the {@code rejected} one, else a fresh
   * logon, stored for the next runs.
   */
  private SessionCache.Entry obtain(Optional<SessionCache.Entry> rejected) {
    if (cache.isEmpty()) {
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
              SessionCache.Entry fresh = logon();
              uncached = !store.write(fresh);
              return fresh;
            });
    return session;
  }

  /**
   * Logs on with the API version cdpwatch is written for. EM answers a version it does not support
   * with 401, as it answers a wrong password: after a 401 its entry document ({@code GET /api/})
   * tells the two apart, and a version it offers that has CDP (v1_6 or later) is tried once.
   */
  private SessionCache.Entry logon() {
    try {
      return post(version);
    } catch (StatusException e) {
      if (e.status() != 401) {
        throw logonFailure(e);
      }
      Optional<List<String>> offered = offeredVersions();
      if (offered.isEmpty() || offered.get().stream().anyMatch(v -> v.equalsIgnoreCase(version))) {
        throw refused(e);
      }
      String asked = version;
      version =
          usable(offered.get())
              .orElseThrow(
                  () ->
                      new CdpSourceException(
                          Kind.UNSUPPORTED,
                          ("EM does not support REST API version %s (EM at %s offers %s): CDP"
                                  + " needs v1_6 or later (Enterprise Manager 11 or newer):"
                                  + " upgrade Enterprise Manager")
                              .formatted(
                                  asked,
                                  http.endpoint(),
                                  offered.get().isEmpty()
                                      ? "none"
                                      : String.join(", ", offered.get()))));
      LOG.info("EM does not support API version {}; logging on with {}", asked, version);
    }
    try {
      return post(version);
    } catch (StatusException e) {
      throw e.status() == 401 ? refused(e) : logonFailure(e);
    }
  }

  /**
   * The versions EM's entry document lists; empty when it cannot be read (the 401 is then taken for
   * what it usually is, refused credentials).
   */
  private Optional<List<String>> offeredVersions() {
    String what = "the API root (GET " + config.baseUrl().getPath() + "/)";
    try {
      List<String> versions =
          http.exchange(
              new HttpGet(base + "/"), what, (response, body) -> EmXml.readSupportedVersions(body));
      LOG.debug("EM offers API versions {}", versions);
      return Optional.of(versions);
    } catch (StatusException e) {
      LOG.debug("EM answered {} with HTTP {}", what, e.status());
      return Optional.empty();
    }
  }

  /**
   * The version to log on with among those EM offers: the newest that is not newer than ours and
   * has CDP (v1_6 or later), else the oldest newer one; empty when EM offers none with CDP.
   */
  static Optional<String> usable(List<String> offered) {
    int ours = number(API_VERSION);
    String best = null;
    for (String name : offered) {
      int n = number(name);
      if (n < 10_006) {
        continue;
      }
      if (best == null) {
        best = name;
        continue;
      }
      int b = number(best);
      boolean better = n <= ours ? (b > ours || n > b) : (b > ours && n < b);
      if (better) {
        best = name;
      }
    }
    return Optional.ofNullable(best);
  }

  /** {@code v1_7} as 10007, comparable numerically (v1_10 is newer than v1_9); -1 if no version. */
  private static int number(String name) {
    Matcher m = VERSION.matcher(name.strip());
    if (!m.matches()) {
      return -1;
    }
    return Integer.parseInt(m.group(1)) * 10_000 + Math.min(Integer.parseInt(m.group(2)), 9_999);
  }

  private CdpSourceException refused(StatusException e) {
    return new CdpSourceException(
        Kind.AUTHENTICATION,
        ("EM refused the logon of user '%s' (401%s): check user name and password%s, and"
                + " that the account has an Enterprise Manager role %s")
            .formatted(
                config.username(),
                EmAdvice.emMessage(e),
                otherNameForm(config.username()),
                EmAdvice.ROLES));
  }

  private CdpSourceException logonFailure(StatusException e) {
    if (e.status() == 404) {
      // The logon is the first request of a run: a 404 says there is no EM API at this address.
      return EmAdvice.notFound(
          "EM has no REST API at %s (404%s): is this EM's port? "
              .formatted(base, EmAdvice.emMessage(e)));
    }
    return failure(e, "the logon (POST /api/sessionMngr/)");
  }

  /** {@code POST /api/sessionMngr/?v=VERSION} with Basic authentication. */
  private SessionCache.Entry post(String apiVersion) {
    String what = "the logon (POST /api/sessionMngr/)";
    HttpPost post = new HttpPost(base + "/sessionMngr/?v=" + apiVersion);
    post.setHeader("Authorization", basic());
    post.setEntity(new ByteArrayEntity(new byte[0], null));
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
    LOG.info("logged on to EM as {} (API {})", config.username(), apiVersion);
    return entry;
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
      LOG.info("logged off from EM");
    } catch (StatusException | CdpSourceException e) {
      LOG.warn(
          "could not log off from EM ({}); EM drops the session after 15 minutes idle",
          e instanceof StatusException s ? "HTTP " + s.status() : e.getMessage());
    }
  }

  /**
   * The other way to write the account: a Windows EM takes the form DOMAIN&#92;user, a Linux EM
   * (13) wants the UPN {@code user@domain}.
   */
  static String otherNameForm(String username) {
    int backslash = username.indexOf('\\');
    if (backslash > 0 && backslash < username.length() - 1) {
      return " (a Linux Enterprise Manager wants the UPN form, %s@<domain FQDN>)"
          .formatted(username.substring(backslash + 1));
    }
    int at = username.indexOf('@');
    if (at > 0 && at < username.length() - 1) {
      return " (a Windows Enterprise Manager also takes %s\\%s)"
          .formatted(username.substring(at + 1), username.substring(0, at));
    }
    return "";
  }
}
