package io.cdpwatch.adapters.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EM logon sessions kept between runs: one file per {@link CacheKeys key} (base URL, user,
 * password) in an owner-only directory, guarded by a file lock (between processes) and a lock per
 * file (between threads of one JVM, which file locks do not separate), so that many checks started
 * at once share one logon. The file holds the token and the logon session's id, never the password.
 * A file that cannot be read or parsed is discarded, never fatal.
 */
final class SessionCache {

  private static final Logger LOG = LoggerFactory.getLogger(SessionCache.class);
  private static final String MAGIC = "cdpwatch-em-session 1";
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS =
      new ConcurrentHashMap<>();
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  /** A logon session: the token for the header, the id for the logoff. */
  record Entry(String token, String sessionId) {
    @Override
    public String toString() {
      return "Entry[token=(hidden), sessionId=" + sessionId + "]";
    }
  }

  private final Path directory;
  private final Path file;
  private final Path lockFile;

  private SessionCache(Path directory, String key) {
    this.directory = directory;
    this.file = directory.resolve("em-" + key + ".session");
    this.lockFile = directory.resolve("em-" + key + ".lock");
  }

  /**
   * The cache for this EM, account and password in {@code directory} (created owner-only), or empty
   * when the directory cannot be used (logged as a warning: the run goes on uncached).
   */
  static Optional<SessionCache> in(Path directory, String baseUrl, String user, char[] password) {
    try {
      return Optional.of(
          new SessionCache(directory, CacheKeys.of(directory, baseUrl, user, password)));
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "session cache directory {} is not usable ({}); going on without a cache",
          directory,
          Errors.plain(e.toString()));
      return Optional.empty();
    }
  }

  Path file() {
    return file;
  }

  /** The cached session, or empty (no file, or a file that is unreadable or corrupt). */
  Optional<Entry> read() {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      Optional<String> distrusted = CacheFiles.distrusted(file);
      if (distrusted.isPresent()) {
        // A token others could read, or one planted by someone else, is never used.
        LOG.warn(
            "session cache file {} is {}: not used, a new logon replaces it",
            file,
            distrusted.get());
        discard();
        return Optional.empty();
      }
      List<String> lines;
      try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
        lines = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8).lines().toList();
      }
      String token = null;
      String sessionId = null;
      if (lines.isEmpty() || !lines.get(0).equals(MAGIC)) {
        throw new IOException("not a session cache file");
      }
      for (String line : lines.subList(1, lines.size())) {
        if (line.startsWith("token=")) {
          token = line.substring("token=".length()).strip();
        } else if (line.startsWith("sessionId=")) {
          sessionId = line.substring("sessionId=".length()).strip();
        }
      }
      if (token == null || token.isEmpty() || sessionId == null) {
        throw new IOException("incomplete session cache file");
      }
      return Optional.of(new Entry(token, sessionId));
    } catch (IOException | RuntimeException e) {
      LOG.debug("discarding the session cache file {}: {}", file, Errors.plain(e.toString()));
      discard();
      return Optional.empty();
    }
  }

  /**
   * Stores {@code entry} (owner-only file, replaced atomically). A failure is logged, and said by
   * the answer: false, so that the caller logs the session off instead of leaking it.
   */
  boolean write(Entry entry) {
    Path temp = null;
    try {
      temp =
          POSIX
              ? Files.createTempFile(directory, "em-", ".tmp", CacheKeys.ownerOnly("rw-------"))
              : Files.createTempFile(directory, "em-", ".tmp");
      String text = MAGIC + "\ntoken=" + entry.token() + "\nsessionId=" + entry.sessionId() + "\n";
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot write the session cache file {}: {}", file, Errors.plain(e.toString()));
      return false;
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

  void discard() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debug("cannot delete {}: {}", file, Errors.plain(e.toString()));
    }
  }

  /**
   * Runs {@code action} holding this cache's lock, against this JVM's other threads and other
   * processes; waits no longer than the deadline. If the lock file cannot be used at all, runs
   * {@code action} with the in-process lock alone.
   */
  <T> T locked(Deadline deadline, Supplier<T> action) {
    ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile, k -> new ReentrantLock());
    try {
      if (!local.tryLock(deadline.leftMillis(), TimeUnit.MILLISECONDS)) {
        throw deadline.timeout("waiting for the session cache lock");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw deadline.timeout("interrupted while waiting for the session cache lock");
    }
    try {
      FileChannel channel = openLockFile();
      if (channel == null) {
        return action.get();
      }
      try (channel) {
        FileLock lock = acquire(channel, deadline);
        try {
          return action.get();
        } finally {
          try {
            lock.release();
          } catch (IOException ignored) {
            // Closing the channel releases it too.
          }
        }
      }
    } catch (IOException e) {
      LOG.debug("session cache lock {}: {}", lockFile, Errors.plain(e.toString()));
      return action.get();
    } finally {
      local.unlock();
    }
  }

  private FileChannel openLockFile() {
    try {
      if (POSIX && !Files.exists(lockFile)) {
        try {
          Files.createFile(lockFile, CacheKeys.ownerOnly("rw-------"));
        } catch (java.nio.file.FileAlreadyExistsException raced) {
          // Another process made it first.
        }
      }
      return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "cannot use the session cache lock {} ({}); checks started at once may each log on",
          lockFile,
          Errors.plain(e.toString()));
      return null;
    }
  }

  private static FileLock acquire(FileChannel channel, Deadline deadline) throws IOException {
    while (true) {
      try {
        FileLock lock = channel.tryLock();
        if (lock != null) {
          return lock;
        }
      } catch (OverlappingFileLockException e) {
        // Held by this JVM through another channel; the in-process lock should prevent it.
      }
      if (deadline.passed()) {
        throw deadline.timeout("waiting for the session cache lock");
      }
      try {
        Thread.sleep(Math.min(20, deadline.leftMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw deadline.timeout("interrupted while waiting for the session cache lock");
      }
    }
  }
}
