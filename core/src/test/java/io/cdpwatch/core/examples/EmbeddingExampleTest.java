package io.cdpwatch.core.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdpwatch.core.check.Status;
import io.cdpwatch.core.port.in.CdpReport;
import io.cdpwatch.core.port.in.Finding;
import io.cdpwatch.core.port.in.VmVerdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EmbeddingExampleTest {

  @Test
  void theExampleGivesWhatItsCommentsPromise() {
    CdpReport report = EmbeddingExample.run();

    VmVerdict db01 = report.vms().get(0);
    assertEquals(Status.CRITICAL, report.status());
    assertEquals("db01", db01.vm());
    assertEquals(Status.CRITICAL, db01.status());
    assertTrue(db01.key().matches("[0-9a-f]{16}"), db01.key());
    assertEquals(List.of(new Finding.TaskFailed(Optional.of("Disk full"))), db01.findings());
    assertEquals(Finding.Kind.FAILED, db01.findings().get(0).kind());
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
