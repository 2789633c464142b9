package io.cdpwatch.benchmarks;

import io.cdpwatch.adapters.http.EmCdpSessionSource;
import io.cdpwatch.adapters.http.EmClientConfig;
import io.cdpwatch.core.port.out.TaskSessionQuery;
import io.cdpwatch.emsim.EmSimulator;
import io.cdpwatch.emsim.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Reading task sessions through the HTTP adapter's public seam, with no network: the simulator
 * renders the estate once and a {@code --dump} capture of one {@link
 * EmCdpSessionSource#taskSessions} run is recorded; each operation then opens an {@link
 * EmCdpSessionSource} on that capture ({@link EmClientConfig.Builder#replay}) and reads every task
 * session again: the capture read from disk (page cache), logon, the query pages parsed and mapped
 * to domain sessions, logoff. {@code taskSessions=1000} is one full query page.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ParsingBenchmark {

  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  private static final TaskSessionQuery QUERY =
      TaskSessionQuery.since(NOW.minus(Duration.ofDays(7)));

  /** Task sessions in the capture: 4 per VM, 250 VMs per policy (1000 is one query page). */
  @Param({"1000"})
  public int taskSessions;

  private Path capture;
  private EmClientConfig replay;

  @Setup
  public void record() throws IOException {
    int vms = taskSessions / 4;
    int policies = Math.max(1, vms / 250);
    Scenario scenario = Scenario.builder().now(NOW).generate(policies, vms / policies, 4).build();
    Path parent = Files.createTempDirectory("cdpwatch-jmh");
    capture = parent.resolve("capture");
    try (EmSimulator em = EmSimulator.start(scenario)) {
      EmClientConfig dump =
          EmClientConfig.builder()
              .baseUrl(em.baseUrl())
              .username(em.user())
              .password(em.password().toCharArray())
              .clock(Clock.fixed(NOW, ZoneOffset.UTC))
              .dump(capture, false)
              .build();
      try (EmCdpSessionSource source = EmCdpSessionSource.open(dump)) {
        int read = count(source);
        if (read != vms / policies * policies * 4) {
          throw new IllegalStateException("the simulator served " + read + " task sessions");
        }
      }
    }
    replay =
        EmClientConfig.builder()
            .baseUrl("http://127.0.0.1:1/api")
            .username("replay")
            .password(new char[0])
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .replay(capture)
            .build();
  }

  @TearDown
  public void removeCapture() throws IOException {
    try (Stream<Path> files = Files.walk(capture.getParent())) {
      files.sorted(Comparator.reverseOrder()).forEach(ParsingBenchmark::delete);
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int count(EmCdpSessionSource source) {
    int[] n = {0};
    source.taskSessions(QUERY, s -> n[0]++);
    return n[0];
  }

  @Benchmark
  public int readTaskSessions() {
    try (EmCdpSessionSource source = EmCdpSessionSource.open(replay)) {
      return count(source);
    }
  }
}
