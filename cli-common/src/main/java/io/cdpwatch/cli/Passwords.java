package io.cdpwatch.cli;

import io.cdpwatch.core.port.out.CdpSourceException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads the EM password: the first line of the password file, else {@code VEEAM_EM_PASSWORD}. */
public final class Passwords {

  private Passwords() {}

  /**
   * The password: the first line of {@code file}, which only its owner may read unless {@code
   * allowReadable}, else {@code VEEAM_EM_PASSWORD}.
   *
   * @throws CdpSourceException of kind CONFIGURATION, with what to do, when there is none
   */
  public static char[] read(
      Optional<Path> file, boolean allowReadable, Map<String, String> environment) {
    if (file.isEmpty()) {
      String fromEnvironment = environment.get("VEEAM_EM_PASSWORD");
      if (fromEnvironment == null || fromEnvironment.isEmpty()) {
        throw failure("VEEAM_EM_PASSWORD is empty");
      }
      return fromEnvironment.toCharArray();
    }
    Path path = file.get();
    if (!allowReadable) {
      refuseReadableByOthers(path);
    }
    try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      String line = reader.readLine();
      if (line == null || line.isEmpty()) {
        throw failure(
            "the password file %s is empty: its first line is the password".formatted(path));
      }
      return line.toCharArray();
    } catch (NoSuchFileException e) {
      throw failure("cannot read the password file %s: no such file".formatted(path));
    } catch (AccessDeniedException e) {
      throw failure(
          "cannot read the password file %s: permission denied (the check runs as user %s)"
              .formatted(path, System.getProperty("user.name")));
    } catch (IOException e) {
      String why =
          Files.isDirectory(path)
              ? "it is a directory"
              : e instanceof java.nio.charset.CharacterCodingException
                  ? "it is not UTF-8 text"
                  : "it is not readable";
      throw failure("cannot read the password file %s: %s".formatted(path, why));
    }
  }

  /**
   * A password file its group or others may read is refused: the monitoring host's other accounts
   * (or the plugin directory's readers) would have EM's password. The message says how to fix it.
   */
  private static void refuseReadableByOthers(Path path) {
    if (!Files.isRegularFile(path)) {
      return; // Reading it says what is wrong.
    }
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(path);
    } catch (UnsupportedOperationException | IOException e) {
      return; // No POSIX modes here, or no file: reading it says what is wrong.
    }
    boolean group =
        permissions.contains(PosixFilePermission.GROUP_READ)
            || permissions.contains(PosixFilePermission.GROUP_WRITE);
    boolean others =
        permissions.contains(PosixFilePermission.OTHERS_READ)
            || permissions.contains(PosixFilePermission.OTHERS_WRITE);
    if (!group && !others) {
      return;
    }
    throw failure(
        ("the password file %s can be read by %s (mode %s): run 'chown %s %s && chmod 600 %s', or"
                + " give --allow-readable-password-file")
            .formatted(
                path,
                others ? "every user" : "its group",
                PosixFilePermissions.toString(permissions),
                System.getProperty("user.name"),
                path,
                path));
  }

  private static CdpSourceException failure(String message) {
    return new CdpSourceException(CdpSourceException.Kind.CONFIGURATION, message);
  }
}
