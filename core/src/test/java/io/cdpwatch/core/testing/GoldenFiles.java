package io.cdpwatch.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Golden files: {@code NAME.case} in, {@code NAME.expected} out, one pair per case in a folder.
 * {@code CDPWATCH_GOLDEN_UPDATE=1} rewrites the expected files instead of comparing (review the
 * diff!), and skips the test.
 */
public final class GoldenFiles {

  private GoldenFiles() {}

  /** The names of the cases in {@code folder}, sorted. */
  public static Stream<String> cases(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(name -> name.endsWith(".case"))
          .map(name -> name.substring(0, name.length() - ".case".length()))
          .sorted()
          .toList()
          .stream();
    }
  }

  /** Asserts that {@code actual} is exactly {@code expected}'s content (or rewrites it). */
  public static void assertMatches(Path expected, String actual) throws IOException {
    if ("1".equals(System.getenv("CDPWATCH_GOLDEN_UPDATE"))) {
      Files.writeString(expected, actual, StandardCharsets.UTF_8);
      assumeFalse(true, "rewrote " + expected);
    }
    assertEquals(Files.readString(expected, StandardCharsets.UTF_8), actual);
  }
}
