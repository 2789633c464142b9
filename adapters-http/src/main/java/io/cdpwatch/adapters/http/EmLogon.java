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
 * The logon lifecycle of one run: the API version check, the logon, the reuse of a cached logon
 * session, its renewal on a 401, and the logoff. Every authenticated request goes through {@link
 * #call}.
 */
final class EmLogon {

  private static final Logger LOG = LoggerFactory.getLogger(EmLogon.class);
  private static final Pattern VERSION =
      Pattern.compile("v(\\d+)_(\\d+)", Pattern.CASE_INSENSITIVE);
  private static final String TOKEN_HEADER = "X-RestSvcSessionId";

  private final EmClientConfig config;
  private final String base;
  private final EmHttp http;
  private final Optional<SessionCache> cache;
  private SessionCache.Entry session;

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
  void close() {
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
        throw EmAdvice.notFound(
            "EM has no REST API at %s (404%s): is this EM's port? "
                .formatted(base, EmAdvice.emMessage(e)));
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
            ("EM refused the logon of user '%s' (401%s): check user name and password%s, and"
                    + " that the account has an Enterprise Manager role %s")
                .formatted(
                    config.username(),
                    EmAdvice.emMessage(e),
                    otherNameForm(config.username()),
                    EmAdvice.ROLES));
      }
      if (e.status() == 404) {
        throw EmAdvice.notFound(
            "EM has no logon service at %s/sessionMngr/ (404%s): is this EM's port? "
                .formatted(base, EmAdvice.emMessage(e)));
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
