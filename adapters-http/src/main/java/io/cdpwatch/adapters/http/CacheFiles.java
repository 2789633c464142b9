package io.cdpwatch.adapters.http;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a file of the cache directory (a logon session, a snapshot) may be believed: one that
 * another user planted, that others could read, or a link to somewhere else never is. JDK only: a
 * snapshot-served run uses it without loading HTTP.
 */
public final class CacheFiles {

  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private static final Set<PosixFilePermission> OPEN =
      EnumSet.complementOf(
          EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));

  private static final Set<PosixFilePermission> WRITABLE_BY_OTHERS =
      EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

  private CacheFiles() {}

  /**
   * Why the cache directory {@code directory} (never followed if a link) cannot be trusted: not a
   * directory, owned by another user, or writable by group or others (who could swap its files
   * between our check and our read); empty when it can, or where files have no owner.
   */
  public static Optional<String> distrustedDirectory(Path directory) throws IOException {
    return distrusted(
        directory,
        true,
        WRITABLE_BY_OTHERS,
        "writable by others",
        ": chmod 700 it, or give --session-cache a directory of this user's own");
  }

  /**
   * Why {@code file} (never followed if a link) cannot be trusted: not a regular file, owned by
   * another user, or open to group or others; empty when it can, or where files have no owner.
   *
   * @throws IOException as reading its attributes does ({@link java.nio.file.NoSuchFileException}
   *     when there is none)
   */
  public static Optional<String> distrusted(Path file) throws IOException {
    return distrusted(file, false, OPEN, "open to others", "");
  }

  private static Optional<String> distrusted(
      Path path,
      boolean directory,
      Set<PosixFilePermission> forbidden,
      String forbiddenWhy,
      String fix)
      throws IOException {
    if (!POSIX) {
      return Optional.empty();
    }
    PosixFileAttributes attributes =
        Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
            .readAttributes();
    if (directory ? !attributes.isDirectory() : !attributes.isRegularFile()) {
      return Optional.of(
          attributes.isSymbolicLink()
              ? "a symbolic link"
              : directory ? "not a directory" : "not a regular file");
    }
    String me = System.getProperty("user.name");
    if (!attributes
        .owner()
        .equals(path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(me))) {
      return Optional.of("owned by " + attributes.owner().getName() + ", not " + me);
    }
    if (attributes.permissions().stream().anyMatch(forbidden::contains)) {
      return Optional.of(
          forbiddenWhy
              + " ("
              + PosixFilePermissions.toString(attributes.permissions())
              + ")"
              + fix);
    }
    return Optional.empty();
  }
}
