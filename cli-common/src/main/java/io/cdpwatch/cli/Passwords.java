package io.cdpwatch.cli;

import io.cdpwatch.core.port.out.CdpSourceException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Reads the EM password: the first line of the password file, else {@code VEEAM_EM_PASSWORD}. */
public final class Passwords {

  private Passwords() {}

  public static char[] read(Optional<Path> file, Map<String, String> environment) {
    if (file.isEmpty()) {
      String fromEnvironment = environment.get("VEEAM_EM_PASSWORD");
      if (fromEnvironment == null || fromEnvironment.isEmpty()) {
        throw failure("VEEAM_EM_PASSWORD is empty");
      }
      return fromEnvironment.toCharArray();
    }
    Path path = file.get();
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

  private static CdpSourceException failure(String message) {
    return new CdpSourceException(CdpSourceException.Kind.CONFIGURATION, message);
  }
}
