package io.cdpwatch.cli.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the launcher needs to pick a class-data archive for the next run. {@code
 * bin/cdpwatch-launcher} keeps two per command: one trained on a run that read EM, one trained on a
 * run that a snapshot answered (half the classes, so cheaper to start). It starts a run with the
 * snapshot one while a snapshot is expected to be fresh: until the moment written in the file that
 * the system property {@value #HINT} names, as {@code snapshot SECONDS}, seconds since boot (the
 * first field of {@code /proc/uptime}, which the shell reads without starting a process). A
 * training run also says which way it went in the file {@value #WENT} names, so that its archive is
 * kept only for the way it was trained for. Without the properties nothing is written.
 */
public final class ArchiveHint {

  static final String HINT = "cdpwatch.archive.hint";
  static final String PREDICTED = "cdpwatch.archive.predicted";
  static final String WENT = "cdpwatch.archive.went";

  private static final Path UPTIME = Path.of("/proc/uptime");

  private static final Logger LOG = LoggerFactory.getLogger(ArchiveHint.class);

  private ArchiveHint() {}

  /**
   * A snapshot is fresh until {@code until}: written after a refresh, and after a run that a
   * snapshot answered although the launcher did not expect one.
   */
  public static void snapshotFresh(Instant until, Instant now, boolean refreshed) {
    String file = System.getProperty(HINT);
    if (file == null || (!refreshed && "snapshot".equals(System.getProperty(PREDICTED)))) {
      return;
    }
    long left = Duration.between(now, until).toSeconds();
    OptionalLong uptime = uptimeSeconds();
    if (left > 0 && uptime.isPresent()) {
      write(file, "snapshot " + (uptime.getAsLong() + left));
    }
  }

  /**
   * For a training run: the scheme of the EM it read ({@code https}, {@code http}), or {@code
   * snapshot} when a snapshot answered it.
   */
  public static void went(Optional<String> emScheme) {
    String file = System.getProperty(WENT);
    if (file != null) {
      write(file, emScheme.orElse("snapshot"));
    }
  }

  private static OptionalLong uptimeSeconds() {
    try {
      String text = Files.readString(UPTIME, StandardCharsets.US_ASCII);
      int end = text.indexOf('.');
      return OptionalLong.of(Long.parseLong(text.substring(0, end < 0 ? text.length() : end)));
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  private static void write(String file, String line) {
    try {
      Files.write(
          Path.of(file),
          (line + "\n").getBytes(StandardCharsets.US_ASCII),
          StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS);
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot write the launcher's archive hint {}: {}", file, e.toString());
    }
  }
}
