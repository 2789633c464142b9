package io.cdpwatch.adapters.http;

import io.cdpwatch.core.domain.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which {@link QueryForm} worked, per query type, for one EM: kept for the run and, with a session
 * cache, in a small owner-only file beside it ({@code query-forms-<hash of the base URL>}), so
 * later runs start there. The file holds the base URL, form names and times, no secret. A missing
 * or damaged file is as good as none.
 *
 * <pre>
 * cdpwatch-em-query-forms 1
 * base=https://em.example.com:9398/api
 * CdpReplicaTaskSession=filter-sorted 2026-12-02T05:30:00Z
 * </pre>
 *
 * The time is when the narrowest form was last tried, so that it is tried again after a while.
 */
final class QueryFormMemory {

  private static final Logger LOG = LoggerFactory.getLogger(QueryFormMemory.class);
  private static final String MAGIC = "cdpwatch-em-query-forms 1";
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  /** A form that worked, and when the narrowest form was last tried. */
  record Entry(QueryForm form, Instant narrowestTried) {}

  private final String base;
  private final Optional<Path> file;
  private final Map<String, Entry> entries = new TreeMap<>();
  private boolean loaded;

  private QueryFormMemory(String base, Optional<Path> file) {
    this.base = base;
    this.file = file;
  }

  /** A memory for this run only. */
  static QueryFormMemory inRun(String base) {
    return new QueryFormMemory(base, Optional.empty());
  }

  /** A memory kept in {@code directory} (the session cache's), which must exist. */
  static QueryFormMemory in(Path directory, String base) {
    return new QueryFormMemory(base, Optional.of(directory.resolve("query-forms-" + hash(base))));
  }

  Optional<Path> file() {
    return file;
  }

  Optional<Entry> get(String type) {
    load();
    return Optional.ofNullable(entries.get(type));
  }

  /** Remembers {@code entry} for {@code type}; the narrowest form is remembered by forgetting. */
  void put(String type, Entry entry) {
    load();
    Entry old = entries.get(type);
    boolean forget = entry.form() == QueryForm.narrowest();
    if (forget ? old == null : entry.equals(old)) {
      return;
    }
    if (forget) {
      entries.remove(type);
    } else {
      entries.put(type, entry);
    }
    file.ifPresent(this::write);
  }

  private void load() {
    if (loaded) {
      return;
    }
    loaded = true;
    if (file.isEmpty() || !Files.exists(file.get())) {
      return;
    }
    try {
      List<String> lines = Files.readAllLines(file.get(), StandardCharsets.UTF_8);
      if (lines.isEmpty() || !lines.get(0).equals(MAGIC) || !lines.contains("base=" + base)) {
        throw new IOException("not a query-forms file of " + base);
      }
      for (String line : lines.subList(1, lines.size())) {
        int equals = line.indexOf('=');
        String[] value = equals < 0 ? new String[0] : line.substring(equals + 1).split(" ");
        if (equals > 0 && value.length == 2 && !line.startsWith("base=")) {
          Optional<QueryForm> form = QueryForm.ofId(value[0]);
          if (form.isPresent()) {
            entries.put(line.substring(0, equals), new Entry(form.get(), Instant.parse(value[1])));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("ignoring the query-forms file {}: {}", file.get(), Errors.plain(e.toString()));
      entries.clear();
    }
  }

  private void write(Path target) {
    StringBuilder text = new StringBuilder(MAGIC).append("\nbase=").append(base).append('\n');
    entries.forEach(
        (type, e) ->
            text.append(type)
                .append('=')
                .append(e.form().id())
                .append(' ')
                .append(e.narrowestTried())
                .append('\n'));
    Path temp = null;
    try {
      Path directory = target.getParent();
      temp =
          POSIX
              ? Files.createTempFile(
                  directory,
                  "query-forms-",
                  ".tmp",
                  PosixFilePermissions.asFileAttribute(
                      PosixFilePermissions.fromString("rw-------")))
              : Files.createTempFile(directory, "query-forms-", ".tmp");
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot write the query-forms file {}: {}", target, Errors.plain(e.toString()));
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // Best effort.
        }
      }
    }
  }

  private static String hash(String base) {
    byte[] digest = Sha256.of(base.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest, 0, 8);
  }
}
