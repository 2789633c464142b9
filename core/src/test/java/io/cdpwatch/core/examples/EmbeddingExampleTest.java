package io.cdpwatch.core.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdpwatch.core.check.CheckResult;
import io.cdpwatch.core.check.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EmbeddingExampleTest {

  @Test
  void theExampleGivesWhatItsCommentsPromise() {
    CheckResult result = EmbeddingExample.run();

    assertEquals(Status.CRITICAL, result.status());
    assertEquals("1 of 2 VMs failed: db01 (Failed: Disk full)", result.summary());
  }

  @Test
  void theReadmeShowsExactlyTheCompiledExample() throws IOException {
    String source =
        Files.readString(
            Path.of("src/test/java/io/cdpwatch/core/examples/EmbeddingExample.java"),
            StandardCharsets.UTF_8);
    String example =
        source.substring(
            source.indexOf('\n', source.indexOf("// README example start")) + 1,
            source.lastIndexOf('\n', source.indexOf("// README example end")) + 1);
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);

    String deindented = example.replaceAll("(?m)^    ", "");

    assertTrue(
        readme.contains(deindented),
        "README.md must hold the example of EmbeddingExample.java verbatim (de-indented):\n"
            + deindented);
  }
}
