package io.cdpwatch.benchmarks;

import io.cdpwatch.core.domain.BackupServer;
import io.cdpwatch.core.domain.CdpPolicy;
import io.cdpwatch.core.domain.CdpPolicySession;
import io.cdpwatch.core.domain.IncludedObject;
import io.cdpwatch.core.port.in.CdpReport;
import io.cdpwatch.core.port.in.EvaluateCdpHealth;
import io.cdpwatch.core.port.in.Selection;
import io.cdpwatch.core.service.CdpHealthService;
import io.cdpwatch.core.testing.InMemoryCdpSessionSource;
import io.cdpwatch.core.testing.TestEstate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The judgement alone: {@link CdpHealthService#evaluate} over core's in-memory source, on an estate
 * shaped like the simulator's {@code generate}: 4 policies, each VM included by its policy, 4 task
 * sessions per VM (one every 8 h, the newest under 8 h old), one VM in 50 failed and one in 50
 * warning, daily policy sessions. Every VM is judged: no selection, the default look-back, the
 * thresholds derived from each policy's 8 h long-term interval.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class JudgingBenchmark {

  private static final int POLICIES = 4;
  private static final int SESSIONS_PER_VM = 4;
  private static final Duration EVERY = Duration.ofHours(8);

  @Param({"1000", "25000"})
  public int vms;

  private EvaluateCdpHealth health;

  @Setup
  public void estate() {
    TestEstate estate = TestEstate.at(Instant.parse("2026-11-29T12:00:00Z"));
    BackupServer server = estate.server("backupsrv01.tech.local");
    int perPolicy = vms / POLICIES;
    for (int p = 0; p < POLICIES; p++) {
      List<IncludedObject> includes = new ArrayList<>();
      for (int v = 0; v < perPolicy; v++) {
        includes.add(TestEstate.includedVm(vmName(p, v)));
      }
      CdpPolicy policy =
          estate.policy(
              "Generated CDP Policy " + (p + 1), server, TestEstate.longTermEvery(EVERY), includes);
      // Daily policy sessions; the newest started 5 h ago and is still working.
      List<CdpPolicySession> daily = new ArrayList<>();
      for (int d = 0; d < 3; d++) {
        daily.add(estate.workingSession(policy, Duration.ofHours(5 + 24L * d)));
      }
      for (int v = 0; v < perPolicy; v++) {
        String vm = vmName(p, v);
        Duration newest = Duration.ofMinutes((v * 37L) % (8 * 60));
        String newestResult = v % 50 == 7 ? "Failed" : v % 50 == 13 ? "Warning" : "Success";
        for (int i = 0; i < SESSIONS_PER_VM; i++) {
          Duration age = newest.plus(EVERY.multipliedBy(SESSIONS_PER_VM - 1L - i));
          boolean last = i == SESSIONS_PER_VM - 1;
          String result = last ? newestResult : "Success";
          CdpPolicySession parent = daily.get((int) Math.min(2, age.plusHours(19).toDays()));
          estate.taskSession(
              parent,
              vm,
              age,
              last && result.equals("Success") ? "InProgress" : "Completed",
              result,
              result.equals("Success") ? null : "Error: CDP proxy is unavailable for VM " + vm);
        }
      }
    }
    health =
        new CdpHealthService(
            InMemoryCdpSessionSource.of(estate), Clock.fixed(estate.now(), ZoneOffset.UTC));
  }

  private static String vmName(int p, int v) {
    return "p%d-srv-%05d".formatted(p + 1, v);
  }

  @Benchmark
  public CdpReport evaluateAll() {
    return health.evaluate(Selection.all());
  }
}
