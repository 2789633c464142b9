package io.cdpwatch.core.examples;

import io.cdpwatch.core.check.Durations;
import io.cdpwatch.core.check.Thresholds;
import io.cdpwatch.core.domain.BackupServer;
import io.cdpwatch.core.domain.CdpPolicy;
import io.cdpwatch.core.domain.CdpPolicySession;
import io.cdpwatch.core.port.in.CdpReport;
import io.cdpwatch.core.port.in.EvaluateCdpHealth;
import io.cdpwatch.core.port.in.Finding;
import io.cdpwatch.core.port.in.Selection;
import io.cdpwatch.core.port.in.VmVerdict;
import io.cdpwatch.core.port.out.CdpSessionSource;
import io.cdpwatch.core.service.CdpHealthService;
import io.cdpwatch.core.testing.InMemoryCdpSessionSource;
import io.cdpwatch.core.testing.TestEstate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** The README's example of embedding core, kept here so that the build compiles and runs it. */
final class EmbeddingExample {

  private EmbeddingExample() {}

  static CdpReport run() {
    // README example start
    // A fake estate; in production the source is the adapters-http client.
    TestEstate estate = TestEstate.at(Instant.parse("2026-11-29T12:00:00Z"));
    BackupServer server = estate.server("bs01.example.com");
    CdpPolicy gold = estate.policy("CDP Gold", server);
    CdpPolicySession today = estate.workingSession(gold, Duration.ofHours(6));
    estate.healthy(today, "web01", Duration.ofHours(1));
    estate.taskSession(today, "db01", Duration.ofHours(2), "InProgress", "Failed", "Disk full");
    CdpSessionSource source = InMemoryCdpSessionSource.of(estate);

    EvaluateCdpHealth health =
        new CdpHealthService(source, Clock.fixed(estate.now(), ZoneOffset.UTC));
    CdpReport report =
        health.evaluate(
            Selection.builder().policy("CDP Gold").lookback(Durations.parse("1d")).build(),
            Thresholds.of(Durations.parseRange("26h"), Durations.parseRange("2d")));
    VmVerdict db01 = report.vms().get(0); // worst first
    Finding why = db01.findings().get(0);
    // report.status() and db01.status() are CRITICAL, db01.key() is a stable 16-hex-digit key,
    // why is Finding.TaskFailed with reason "Disk full", why.kind() is Finding.Kind.FAILED
    // README example end
    return report;
  }
}
