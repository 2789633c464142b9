package io.cdpwatch.cli.snapshot;

import io.cdpwatch.cli.EmSources;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where the snapshot of one {@link Snapshot.Key} lives: {@code snapshot-<hash>.bin} in the cache
 * directory, with {@code snapshot-<hash>.lock} beside it, {@code <hash>} 16 hex digits of a 64-bit
 * FNV-1a hash of the key (the file stores the whole key and a reader compares it). Files are
 * created owner-only (0600, in a 0700 directory when it makes one) and replaced by an atomic
 * rename; a file that is not a regular file owned by this user, or that its group or others may
 * read or write, is not trusted.
 */
public final class SnapshotStore {

  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  /** A larger file is not one we wrote (a 100,000-session estate is a few MB). */
  private static final long MAX_BYTES = 256L * 1024 * 1024;

  /** One refresher per lock file in this JVM too: a file lock is held per process. */
  private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

  private final Path directory;
  private final Snapshot.Key key;
  private final Path file;
  private final Path lockFile;

  private SnapshotStore(Path directory, Snapshot.Key key) {
    this.directory = directory;
    this.key = key;
    String name = "snapshot-" + hash(key.text());
    this.file = directory.resolve(name + ".bin");
    this.lockFile = directory.resolve(name + ".lock");
  }

  /**
   * The store of {@code key} in {@code directory}, made owner-only when it does not exist.
   *
   * @throws IOException when the directory cannot be made
   */
  public static SnapshotStore in(Path directory, Snapshot.Key key) throws IOException {
    if (!Files.isDirectory(directory)) {
      if (POSIX) {
        Files.createDirectories(directory, ownerOnly("rwx------"));
      } else {
        Files.createDirectories(directory);
      }
    }
    return new SnapshotStore(directory, key);
  }

  public Path file() {
    return file;
  }

  public Snapshot.Key key() {
    return key;
  }

  /** What reading the snapshot found. */
  public sealed interface Found {
    /** There is no snapshot file. */
    record Nothing() implements Found {}

    /** There is one, but it is not to be trusted: {@code why}. */
    record Refused(String why) implements Found {}

    /** A snapshot of this key. */
    record Read(Snapshot snapshot) implements Found {}
  }

  /** The snapshot file's content, or why there is none to use; never an exception. */
  public Found read() {
    try {
      Optional<String> distrusted = EmSources.distrusted(file);
      if (distrusted.isPresent()) {
        return new Found.Refused(distrusted.get());
      }
      if (Files.size(file) > MAX_BYTES) {
        return new Found.Refused("too large");
      }
      byte[] bytes;
      try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
        bytes = in.readNBytes((int) MAX_BYTES);
      }
      return new Found.Read(SnapshotCodec.decode(bytes, key));
    } catch (NoSuchFileException e) {
      return new Found.Nothing();
    } catch (IOException | RuntimeException e) {
      return new Found.Refused(String.valueOf(e.getMessage()));
    }
  }

  /**
   * Stores {@code snapshot}: written to an owner-only temporary file in the directory, then renamed
   * over the old one, so that a reader sees the old snapshot or the new one, never part of one.
   */
  public void write(Snapshot snapshot) throws IOException {
    byte[] bytes = SnapshotCodec.encode(snapshot);
    Path temp =
        POSIX
            ? Files.createTempFile(directory, "snapshot-", ".tmp", ownerOnly("rw-------"))
            : Files.createTempFile(directory, "snapshot-", ".tmp");
    try {
      Files.write(temp, bytes);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** The right to refresh this snapshot, held until closed. */
  public interface Lock extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Takes the refresh lock, against this JVM's other threads and other processes, waiting at most
   * {@code wait}; empty when another run held it all that time.
   *
   * @throws IOException when the lock file cannot be used
   */
  public Optional<Lock> lock(Duration wait) throws IOException {
    long until = System.nanoTime() + wait.toNanos();
    ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile, k -> new ReentrantLock());
    try {
      if (!local.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS)) {
        return Optional.empty();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
    FileChannel channel = null;
    try {
      if (POSIX && !Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS)) {
        try {
          Files.createFile(lockFile, ownerOnly("rw-------"));
        } catch (FileAlreadyExistsException raced) {
          // Another run made it first.
        }
      }
      channel =
          FileChannel.open(
              lockFile,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              LinkOption.NOFOLLOW_LINKS);
      FileLock held = acquire(channel, until);
      if (held == null) {
        channel.close();
        local.unlock();
        return Optional.empty();
      }
      FileChannel open = channel;
      return Optional.of(
          () -> {
            try {
              open.close();
            } catch (IOException ignored) {
              // Closing releases the lock; the process exit would too.
            } finally {
              local.unlock();
            }
          });
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        channel.close();
      }
      local.unlock();
      throw e;
    }
  }

  private static FileLock acquire(FileChannel channel, long until) throws IOException {
    while (true) {
      try {
        FileLock lock = channel.tryLock();
        if (lock != null) {
          return lock;
        }
      } catch (OverlappingFileLockException e) {
        // Held through another channel of this JVM; the in-process lock makes that rare.
      }
      long left = until - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      try {
        Thread.sleep(Math.max(1, Math.min(20, TimeUnit.NANOSECONDS.toMillis(left))));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }

  /** 64-bit FNV-1a of the key's UTF-8 bytes, as 16 hex digits: a file name, not a secret. */
  static String hash(String text) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    String hex = Long.toHexString(hash);
    return "0".repeat(16 - hex.length()) + hex;
  }

  private static FileAttribute<?> ownerOnly(String permissions) {
    return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
  }
}
