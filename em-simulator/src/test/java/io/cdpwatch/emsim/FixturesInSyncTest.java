package io.cdpwatch.emsim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The representations are pinned against copies of the team's {@code shared/fixtures}; where that
 * folder sits beside the checkout (developers' machines and CI), the copies must not drift.
 */
class FixturesInSyncTest {

  @Test
  void testResourceFixturesEqualTheSharedOnes() throws IOException {
    Path shared = Path.of("..", "..", "shared", "fixtures");
    assumeTrue(Files.isDirectory(shared), "shared/fixtures is not beside this checkout");
    try (Stream<Path> files = Files.list(shared)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".xml")).toList()) {
        try (InputStream copy = getClass().getResourceAsStream("/fixtures/" + file.getFileName())) {
          assertArrayEquals(
              Files.readAllBytes(file),
              copy == null ? null : copy.readAllBytes(),
              file.getFileName() + " differs from its copy in em-simulator/src/test/resources");
        }
      }
    }
  }
}
