package io.cdpwatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Help texts: each command's own, around the options both commands share, written once. */
public final class Help {

  private Help() {}

  /**
   * The resource {@code name} of {@code owner}'s module, with {@code {options}} replaced by the
   * shared connection, selection and threshold options.
   */
  public static String of(Class<?> owner, String name) {
    return read(owner, name).replace("{options}", read(Help.class, "/cdpwatch-options.help"));
  }

  private static String read(Class<?> owner, String name) {
    try (InputStream in = owner.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the help text " + name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
