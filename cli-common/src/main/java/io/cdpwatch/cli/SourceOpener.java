package io.cdpwatch.cli;

import io.cdpwatch.core.port.out.CdpSessionSource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** Opens a source for a connection; closing it (when it is {@link AutoCloseable}) logs off. */
@FunctionalInterface
public interface SourceOpener {
  CdpSessionSource open(ConnectionOptions connection, char[] password);

  /**
   * As {@link #open(ConnectionOptions, char[])}, for a run judged by {@code clock}: a {@code
   * --dump} capture records its "now", which a replay then judges at ({@link EmSources#opener}).
   */
  default CdpSessionSource open(ConnectionOptions connection, char[] password, Clock clock) {
    return open(connection, password);
  }

  /**
   * The directory where runs of this opener keep what they share between runs (the session cache,
   * the snapshot of what they read); empty, the default, when they share nothing, and every run
   * then reads the source it opens.
   */
  default Optional<Path> cacheDirectory(ConnectionOptions connection) {
    return Optional.empty();
  }
}
