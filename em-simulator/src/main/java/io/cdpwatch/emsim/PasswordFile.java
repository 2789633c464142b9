package io.cdpwatch.emsim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A password file as the commands accept it: only its owner may read it (mode 0600). */
public final class PasswordFile {

  private PasswordFile() {}

  /** Writes {@code content} (UTF-8) to {@code file}, replacing it, and makes it owner-only. */
  public static Path write(Path file, String content) throws IOException {
    Files.writeString(file, content, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }
}
