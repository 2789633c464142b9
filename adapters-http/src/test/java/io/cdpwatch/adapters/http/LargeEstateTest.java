package io.cdpwatch.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdpwatch.core.domain.CdpTaskSession;
import io.cdpwatch.core.domain.Uid;
import io.cdpwatch.core.port.out.TaskSessionQuery;
import io.cdpwatch.emsim.EmSimulator;
import io.cdpwatch.emsim.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Large estates: read completely across pages, and in a small heap. */
class LargeEstateTest {

  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

  @Test
  void aTwentyFiveHundredSessionEstateIsReadCompletelyAcrossPages() {
    Scenario.Builder b = Scenario.builder().now(NOW);
    b.generate(1, 125, 20);
    Scenario scenario = b.build();
    assertEquals(2500, scenario.taskSessions().size());
    TaskSessionQuery all = TaskSessionQuery.since(NOW.minus(Duration.ofDays(29)));

    try (EmSimulator em = Estates.start(scenario, false);
        EmCdpSessionSource source = EmCdpSessionSource.open(Estates.config(em).build())) {
      Set<Uid> ids = new HashSet<>();
      source.taskSessions(all, (CdpTaskSession s) -> assertTrue(ids.add(s.id()), "once"));

      assertEquals(2500, ids.size());
      assertEquals(3, em.counters().requests("/api/query"), "pages of 1000, 1000 and 500");
    }
  }

  @Test
  void aHundredThousandSessionsAreCountedInSixtyFourMegabytesOfHeap() throws Exception {
    Scenario.Builder b = Scenario.builder().now(NOW);
    b.generate(5, 250, 80);
    Scenario scenario = b.build();
    Instant since = NOW.minus(Duration.ofDays(30));
    long expected =
        scenario.taskSessions().stream().filter(t -> !t.created().isBefore(since)).count();
    assertEquals(100_000, expected);

    try (EmSimulator em = Estates.start(scenario, false)) {
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Process process =
          new ProcessBuilder(
                  java.toString(),
                  "-Xmx64m",
                  "-XX:+UseSerialGC",
                  "-cp",
                  System.getProperty("java.class.path"),
                  CountTaskSessions.class.getName(),
                  em.baseUrl(),
                  em.user(),
                  since.toString())
              .redirectErrorStream(true)
              .start();
      process.getOutputStream().write((em.password() + "\n").getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().close();
      String output = readAll(process.getInputStream());
      assertTrue(process.waitFor(100, TimeUnit.SECONDS), "the forked count took too long");
      assertEquals(0, process.exitValue(), output);
      List<String> lines = output.lines().toList();
      assertEquals("count=100000", lines.get(lines.size() - 1), output);
    }
  }

  private static String readAll(InputStream in) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
