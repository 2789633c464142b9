package io.cdpwatch.adapters.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to reach Enterprise Manager: base URL, credentials, whom to trust, the run's deadline and
 * where to keep logon sessions between runs. Immutable; build one with {@link #builder()}.
 *
 * <p>The password is held as a copy of the {@code char[]} given and never appears in {@link
 * #toString()}, in log lines or in exception messages.
 */
public final class EmClientConfig {

  /** Whom the client trusts for EM's TLS certificate. */
  public enum TlsMode {
    /** The JVM's trust store (the default; {@code javax.net.ssl.trustStore} is honoured). */
    SYSTEM_TRUST_STORE,
    /** The CA certificates in a PEM file, with host name verification. */
    CA_FILE,
    /**
     * Exactly the server certificate whose SHA-256 fingerprint is pinned; its host name is not
     * checked (the pin identifies the server).
     */
    PINNED_FINGERPRINT,
    /** No verification at all. Only for labs, and only when asked for explicitly. */
    INSECURE
  }

  /** The run's default deadline: every request of a run shares it. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(30);

  /** Items per query page; EM's own default is 100. */
  static final int DEFAULT_PAGE_SIZE = 1000;

  /** The largest answer body accepted (counted while streaming, after decompression). */
  static final long DEFAULT_MAX_BODY_BYTES = 256L * 1024 * 1024;

  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  private final URI baseUrl;
  private final String username;
  private final char[] password;
  private final TlsMode tlsMode;
  private final Optional<Path> caFile;
  private final List<String> fingerprints;
  private final Duration deadline;
  private final Optional<Instant> runStarted;
  private final Optional<Path> sessionCache;
  private final int pageSize;
  private final long maxBodyBytes;
  private final Clock clock;
  private final Optional<Path> dump;
  private final boolean redact;
  private final Optional<Path> replay;

  private EmClientConfig(Builder b) {
    if (b.baseUrl == null) {
      throw new IllegalArgumentException("the EM base URL is required, e.g. https://em:9398/api");
    }
    if (b.username == null || b.username.isBlank()) {
      throw new IllegalArgumentException("the EM user name is required");
    }
    if (b.password == null) {
      throw new IllegalArgumentException("the EM password is required");
    }
    this.baseUrl = b.baseUrl;
    this.username = b.username;
    this.password = b.password.clone();
    this.tlsMode = b.tlsMode;
    this.caFile = Optional.ofNullable(b.caFile);
    this.fingerprints = List.copyOf(b.fingerprints);
    this.deadline = b.deadline;
    this.runStarted = Optional.ofNullable(b.runStarted);
    if (b.dump != null && b.replay != null) {
      throw new IllegalArgumentException("a run either records a capture or replays one");
    }
    this.dump = Optional.ofNullable(b.dump);
    this.redact = b.redact;
    this.replay = Optional.ofNullable(b.replay);
    // A capture holds a whole run, logon and logoff included, and a replay leaves nothing behind.
    this.sessionCache =
        dump.isPresent() || replay.isPresent()
            ? Optional.empty()
            : Optional.ofNullable(b.sessionCache);
    this.pageSize = b.pageSize;
    this.clock = b.clock;
    this.maxBodyBytes = b.maxBodyBytes;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The API root without a trailing slash, e.g. {@code https://em.example.com:9398/api}. */
  public URI baseUrl() {
    return baseUrl;
  }

  public String username() {
    return username;
  }

  /** A copy of the password; the caller should wipe it after use. */
  char[] password() {
    return password.clone();
  }

  public TlsMode tlsMode() {
    return tlsMode;
  }

  /** The PEM file of CA certificates, for {@link TlsMode#CA_FILE}. */
  public Optional<Path> caFile() {
    return caFile;
  }

  /**
   * The pinned SHA-256 fingerprints as 64 lower-case hex digits: the certificate must match one
   * (two during a certificate rotation).
   */
  public List<String> fingerprints() {
    return fingerprints;
  }

  /** The whole run's time budget, shared by every request. */
  /**
   * When the run whose deadline this is began (e.g. the process start), so that time spent before
   * the source opened counts too; absent means when the source opens.
   */
  public Optional<Instant> runStarted() {
    return runStarted;
  }

  public Duration deadline() {
    return deadline;
  }

  /**
   * The directory that keeps logon sessions between runs; absent means every source logs on once
   * and logs off when closed.
   */
  public Optional<Path> sessionCache() {
    return sessionCache;
  }

  int pageSize() {
    return pageSize;
  }

  /** The directory this run records every exchange into ({@code --dump}); see {@link Capture}. */
  public Optional<Path> dump() {
    return dump;
  }

  /** Whether the capture also replaces names by placeholders ({@code --redact}). */
  public boolean redact() {
    return redact;
  }

  /** The capture this run replays instead of calling EM ({@code --replay}). */
  public Optional<Path> replay() {
    return replay;
  }

  /** The clock that times the retry of the narrowest query form and dates a capture. */
  Clock clock() {
    return clock;
  }

  long maxBodyBytes() {
    return maxBodyBytes;
  }

  @Override
  public String toString() {
    return "EmClientConfig[baseUrl=%s, username=%s, password=(hidden), tls=%s%s, deadline=%s, sessionCache=%s]"
        .formatted(
            baseUrl,
            username,
            tlsMode,
            caFile.map(f -> " " + f).orElse(fingerprints.isEmpty() ? "" : " " + fingerprints),
            deadline,
            sessionCache.map(Path::toString).orElse("none"));
  }

  /** Builds an {@link EmClientConfig}. Base URL, user name and password are required. */
  public static final class Builder {
    private URI baseUrl;
    private String username;
    private char[] password;
    private TlsMode tlsMode = TlsMode.SYSTEM_TRUST_STORE;
    private Path caFile;
    private final List<String> fingerprints = new ArrayList<>();
    private Duration deadline = DEFAULT_DEADLINE;
    private Instant runStarted;
    private Path sessionCache;
    private int pageSize = DEFAULT_PAGE_SIZE;
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private Clock clock = Clock.systemUTC();
    private Path dump;
    private boolean redact;
    private Path replay;

    private Builder() {}

    /**
     * EM's REST API root: {@code https://host:9398/api} ({@code http://} only for labs). A URL
     * without a path gets {@code /api}; a trailing slash is dropped.
     *
     * @throws IllegalArgumentException when the text is not an http(s) URL with a host
     */
    public Builder baseUrl(String url) {
      Objects.requireNonNull(url, "'url' must not be null");
      try {
        return baseUrl(new URI(url.strip()));
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("'%s' is not a URL".formatted(url));
      }
    }

    /** As {@link #baseUrl(String)}. */
    public Builder baseUrl(URI url) {
      Objects.requireNonNull(url, "'url' must not be null");
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("https") && !scheme.equals("http")) {
        throw new IllegalArgumentException(
            "the EM base URL must start with https:// (or http:// for labs), got '%s'"
                .formatted(url));
      }
      if (url.getHost() == null) {
        throw new IllegalArgumentException("the EM base URL '%s' names no host".formatted(url));
      }
      if (url.getRawQuery() != null || url.getRawFragment() != null || url.getUserInfo() != null) {
        throw new IllegalArgumentException(
            "the EM base URL must not carry a query, fragment or user: '%s'".formatted(url));
      }
      String path = url.getRawPath() == null ? "" : url.getRawPath();
      while (path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      if (path.isEmpty()) {
        path = "/api";
      }
      try {
        this.baseUrl = new URI(scheme + "://" + url.getRawAuthority() + path);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("'%s' is not a URL".formatted(url));
      }
      return this;
    }

    /** The EM account, e.g. {@code DOMAIN\monitor}; it needs an EM role. */
    public Builder username(String username) {
      this.username = Objects.requireNonNull(username, "'username' must not be null");
      return this;
    }

    /** The password; copied, so the caller may wipe its array afterwards. */
    public Builder password(char[] password) {
      Objects.requireNonNull(password, "'password' must not be null");
      this.password = password.clone();
      return this;
    }

    /** Trust the JVM's trust store (the default). */
    public Builder trustSystemStore() {
      return tls(TlsMode.SYSTEM_TRUST_STORE, null, null);
    }

    /** Trust the CA certificates in a PEM file (one or more {@code BEGIN CERTIFICATE} blocks). */
    public Builder trustCaFile(Path pemFile) {
      return tls(
          TlsMode.CA_FILE, Objects.requireNonNull(pemFile, "'pemFile' must not be null"), null);
    }

    /**
     * Trust exactly the certificate with this SHA-256 fingerprint: 64 hex digits, colons and spaces
     * allowed ({@code AB:CD:...} as browsers and openssl print it). Called again, it adds a pin: a
     * certificate matching any of them passes (the old and the new one during a rotation).
     *
     * @throws IllegalArgumentException when it is not 32 bytes of hex
     */
    public Builder pinFingerprint(String sha256) {
      Objects.requireNonNull(sha256, "'sha256' must not be null");
      String hex = sha256.replaceAll("[:\\s]", "").toLowerCase(Locale.ROOT);
      if (hex.regionMatches(true, 0, "sha256", 0, 6)) {
        hex = hex.substring(6).replaceFirst("^[=/]", "");
      }
      if (!HEX64.matcher(hex).matches()) {
        throw new IllegalArgumentException(
            "a SHA-256 fingerprint is 64 hex digits (colons allowed), got '%s'".formatted(sha256));
      }
      List<String> pins =
          tlsMode == TlsMode.PINNED_FINGERPRINT ? new ArrayList<>(fingerprints) : new ArrayList<>();
      pins.add(hex);
      tls(TlsMode.PINNED_FINGERPRINT, null, null);
      fingerprints.addAll(pins);
      return this;
    }

    /** Verify nothing: any certificate, any host name. Never the default. */
    public Builder insecure() {
      return tls(TlsMode.INSECURE, null, null);
    }

    /** The whole run's time budget (default 30 s). */
    public Builder deadline(Duration deadline) {
      Objects.requireNonNull(deadline, "'deadline' must not be null");
      if (deadline.isNegative() || deadline.isZero()) {
        throw new IllegalArgumentException("the deadline must be positive, got " + deadline);
      }
      this.deadline = deadline;
      return this;
    }

    /** The deadline counts from this instant instead of from the source's opening. */
    public Builder runStarted(Instant started) {
      this.runStarted = Objects.requireNonNull(started, "'started' must not be null");
      return this;
    }

    /**
     * Keep logon sessions in this directory between runs (created owner-only), so that checks
     * started often share one EM logon session.
     */
    public Builder sessionCache(Path directory) {
      this.sessionCache = Objects.requireNonNull(directory, "'directory' must not be null");
      return this;
    }

    /** Keep no session between runs: log on once per source and log off on close (default). */
    public Builder noSessionCache() {
      this.sessionCache = null;
      return this;
    }

    /**
     * Record every request and answer of the run into {@code directory} (created owner-only; it
     * must be empty), secrets removed; with {@code redact} names too. Such a run keeps no session
     * cache: it logs on and off, so that the capture replays on its own.
     */
    public Builder dump(Path directory, boolean redact) {
      this.dump = Objects.requireNonNull(directory, "'directory' must not be null");
      this.redact = redact;
      return this;
    }

    /**
     * Answer every request from the capture in {@code directory} instead of EM: no network, no
     * session cache, and the password is not needed (an empty one will do).
     */
    public Builder replay(Path directory) {
      this.replay = Objects.requireNonNull(directory, "'directory' must not be null");
      return this;
    }

    /** The run's clock: it times the retry of the narrowest query form and dates a capture. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
      return this;
    }

    /** Items per query page (default 1000). */
    Builder pageSize(int pageSize) {
      if (pageSize < 1) {
        throw new IllegalArgumentException("pageSize must be positive");
      }
      this.pageSize = pageSize;
      return this;
    }

    /** The body size ceiling (default 256 MB). */
    Builder maxBodyBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxBodyBytes must be positive");
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    public EmClientConfig build() {
      return new EmClientConfig(this);
    }

    private Builder tls(TlsMode mode, Path caFile, String fingerprint) {
      this.tlsMode = mode;
      this.caFile = caFile;
      this.fingerprints.clear();
      if (fingerprint != null) {
        this.fingerprints.add(fingerprint);
      }
      return this;
    }
  }

  /** Wipes a password copy. */
  static void wipe(char[] secret) {
    Arrays.fill(secret, '\0');
  }
}
