package io.cdpwatch.cli;

import io.cdpwatch.adapters.http.CacheFiles;
import io.cdpwatch.adapters.http.CacheKeys;
import io.cdpwatch.adapters.http.Capture;
import io.cdpwatch.adapters.http.EmCdpSessionSource;
import io.cdpwatch.adapters.http.EmClientConfig;
import io.cdpwatch.core.port.out.CdpSessionSource;
import io.cdpwatch.core.port.out.CdpSourceException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/** Composes the Enterprise Manager client from the command line's connection options. */
public final class EmSources {

  private EmSources() {}

  /**
   * The opener both commands' {@code main} use: {@code runStarted} starts the deadline, and the
   * run's clock dates a {@code --dump} capture.
   */
  public static SourceOpener opener(Map<String, String> environment, Optional<Instant> runStarted) {
    return new SourceOpener() {
      @Override
      public CdpSessionSource open(ConnectionOptions connection, char[] password) {
        return EmSources.open(connection, password, environment, runStarted);
      }

      @Override
      public CdpSessionSource open(ConnectionOptions connection, char[] password, Clock clock) {
        return EmSources.open(connection, password, environment, runStarted, clock);
      }

      @Override
      public Optional<Path> cacheDirectory(ConnectionOptions connection) {
        return EmSources.cacheDirectory(connection, environment);
      }
    };
  }

  public static CdpSessionSource open(ConnectionOptions connection, char[] password) {
    return open(connection, password, System.getenv(), Optional.empty());
  }

  public static CdpSessionSource open(
      ConnectionOptions connection,
      char[] password,
      Map<String, String> environment,
      Optional<Instant> runStarted) {
    return open(connection, password, environment, runStarted, Clock.systemUTC());
  }

  /** As above, with the clock whose "now" a {@code --dump} capture records for its replay. */
  public static CdpSessionSource open(
      ConnectionOptions connection,
      char[] password,
      Map<String, String> environment,
      Optional<Instant> runStarted,
      Clock clock) {
    EmClientConfig.Builder config =
        EmClientConfig.builder()
            .baseUrl(connection.baseUrl())
            .username(connection.username())
            .password(password)
            .deadline(connection.timeout())
            .clock(clock);
    runStarted.ifPresent(config::runStarted);
    connection.dump().ifPresent(dir -> config.dump(dir, connection.redact()));
    connection.replay().ifPresent(config::replay);
    try {
      if (connection.insecure()) {
        config.insecure();
      } else if (!connection.fingerprints().isEmpty()) {
        connection.fingerprints().forEach(config::pinFingerprint);
      } else if (connection.caFile().isPresent()) {
        config.trustCaFile(connection.caFile().get());
      }
    } catch (IllegalArgumentException e) {
      throw new CdpSourceException(CdpSourceException.Kind.CONFIGURATION, e.getMessage());
    }
    cacheDirectory(connection, environment).ifPresent(config::sessionCache);
    return EmCdpSessionSource.open(config.build());
  }

  /**
   * The session cache directory: {@code --session-cache}, else {@link #defaultCacheDirectory}; none
   * with {@code --no-session-cache}.
   */
  public static Optional<Path> cacheDirectory(
      ConnectionOptions connection, Map<String, String> environment) {
    if (connection.noSessionCache()) {
      return Optional.empty();
    }
    return connection.sessionCache().or(() -> defaultCacheDirectory(environment));
  }

  /**
   * The key of this run's EM, user and password among what {@code directory} keeps per account
   * (sessions, snapshots); creates the directory owner-only when it does not exist.
   */
  public static String accountKey(Path directory, ConnectionOptions connection, char[] password)
      throws IOException {
    return CacheKeys.of(
        directory, connection.baseUrl().toString(), connection.username(), password);
  }

  /**
   * Why a file of the cache directory cannot be believed (a link, another user's, open to others);
   * empty when it can.
   */
  public static Optional<String> distrusted(Path file) throws IOException {
    return CacheFiles.distrusted(file);
  }

  /** Where a capture says its run went, for a replay that names no EM or user of its own. */
  public record Captured(URI baseUrl, String username) {}

  /**
   * What the capture in {@code directory} recorded.
   *
   * @throws CdpSourceException when it is not a capture
   */
  public static Captured captured(Path directory) {
    Capture.Summary summary = Capture.summary(directory);
    return new Captured(summary.baseUrl(), summary.username());
  }

  /**
   * The clock a run judges by: {@code clock}; for a {@code --dump} run {@code clock} stopped at its
   * start, the "now" its capture records; for a replay that moment, so that it sends the requests
   * and reaches the verdicts the recorded run did (an unreadable capture keeps {@code clock};
   * opening the source then says what is wrong with it).
   */
  public static Clock clock(ConnectionOptions connection, Clock clock) {
    if (connection.dump().isPresent()) {
      return Clock.fixed(clock.instant(), ZoneOffset.UTC);
    }
    if (connection.replay().isEmpty()) {
      return clock;
    }
    try {
      return Clock.fixed(Capture.summary(connection.replay().get()).recordedAt(), ZoneOffset.UTC);
    } catch (CdpSourceException e) {
      return clock;
    }
  }

  /** Where the package makes each monitoring user's cache directory, owned by that user. */
  static final Path SYSTEM_CACHE = Path.of("/var/cache/cdpwatch");

  /**
   * {@code /var/cache/cdpwatch/USER} when the package made it for the user the check runs as, else
   * {@code $XDG_CACHE_HOME/cdpwatch}, else {@code ~/.cache/cdpwatch}, when that can be used by that
   * user (Nagios may run it with root's HOME); empty otherwise, and the check then logs off after
   * each run.
   */
  public static Optional<Path> defaultCacheDirectory(Map<String, String> environment) {
    String user = System.getProperty("user.name", "");
    if (!user.isBlank() && !user.contains("/")) {
      Path system = SYSTEM_CACHE.resolve(user);
      if (Files.isDirectory(system) && Files.isWritable(system)) {
        return Optional.of(system);
      }
    }
    Optional<Path> base =
        Optional.ofNullable(environment.get("XDG_CACHE_HOME"))
            .filter(dir -> !dir.isBlank())
            .map(Path::of)
            .or(
                () ->
                    Optional.ofNullable(System.getProperty("user.home"))
                        .filter(home -> !home.isBlank() && !home.equals("?"))
                        .map(home -> Path.of(home, ".cache")));
    return base.map(dir -> dir.resolve("cdpwatch")).filter(EmSources::usable);
  }

  private static boolean usable(Path directory) {
    if (Files.isDirectory(directory)) {
      return Files.isWritable(directory);
    }
    Path parent = directory.getParent();
    while (parent != null && !Files.exists(parent)) {
      parent = parent.getParent();
    }
    return parent != null && Files.isWritable(parent);
  }
}
