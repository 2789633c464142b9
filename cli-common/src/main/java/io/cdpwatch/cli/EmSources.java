package io.cdpwatch.cli;

import io.cdpwatch.adapters.http.EmCdpSessionSource;
import io.cdpwatch.adapters.http.EmClientConfig;
import io.cdpwatch.core.port.out.CdpSessionSource;
import io.cdpwatch.core.port.out.CdpSourceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Composes the Enterprise Manager client from the command line's connection options. */
public final class EmSources {

  private EmSources() {}

  public static CdpSessionSource open(ConnectionOptions connection, char[] password) {
    return open(connection, password, System.getenv(), Optional.empty());
  }

  public static CdpSessionSource open(
      ConnectionOptions connection,
      char[] password,
      Map<String, String> environment,
      Optional<Instant> runStarted) {
    EmClientConfig.Builder config =
        EmClientConfig.builder()
            .baseUrl(connection.baseUrl())
            .username(connection.username())
            .password(password)
            .deadline(connection.timeout());
    runStarted.ifPresent(config::runStarted);
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
    if (!connection.noSessionCache()) {
      connection
          .sessionCache()
          .or(() -> defaultCacheDirectory(environment))
          .ifPresent(config::sessionCache);
    }
    return EmCdpSessionSource.open(config.build());
  }

  /**
   * {@code $XDG_CACHE_HOME/cdpwatch}, else {@code ~/.cache/cdpwatch}, when that can be used by the
   * user the check runs as (Nagios may run it with root's HOME); empty otherwise, and the check
   * then logs off after each run.
   */
  public static Optional<Path> defaultCacheDirectory(Map<String, String> environment) {
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
