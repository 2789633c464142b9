package io.cdpwatch.adapters.nagios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdpwatch.core.check.Durations;
import io.cdpwatch.core.check.Range;
import io.cdpwatch.core.check.Status;
import io.cdpwatch.core.check.Thresholds;
import io.cdpwatch.core.domain.BackupServer;
import io.cdpwatch.core.domain.CdpPolicy;
import io.cdpwatch.core.domain.CdpPolicySession;
import io.cdpwatch.core.domain.CdpTaskSession;
import io.cdpwatch.core.port.in.CdpReport;
import io.cdpwatch.core.port.in.Finding;
import io.cdpwatch.core.port.in.PolicyVerdict;
import io.cdpwatch.core.port.in.Selection;
import io.cdpwatch.core.port.in.VmVerdict;
import io.cdpwatch.core.service.CdpHealthService;
import io.cdpwatch.core.testing.InMemoryCdpSessionSource;
import io.cdpwatch.core.testing.TestEstate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Nagios wording of what the judgement found: summaries, detail lines and metrics. */
class NagiosReportTest {

  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  private static final Thresholds DEFAULT = Thresholds.of(null, Durations.parseRange("2d"));

  private TestEstate estate;
  private BackupServer server;
  private CdpPolicy gold;
  private CdpPolicySession goldSession;

  @BeforeEach
  void estate() {
    estate = TestEstate.at(NOW);
    server = estate.server("bs01");
    gold = estate.policy("Gold", server);
    goldSession = estate.workingSession(gold, Duration.ofHours(20));
  }

  @Test
  void aNewerFailureAfterAnEarlierSuccessIsCriticalWithItsReason() {
    estate.healthy(goldSession, "db01", Duration.ofHours(10));
    estate.taskSession(
        goldSession, "db01", Duration.ofHours(2), "InProgress", "Failed", "Disk full");
    estate.healthy(goldSession, "web01", Duration.ofHours(1));

    CdpReport report = evaluate(Selection.all());

    assertEquals(Status.CRITICAL, report.status());
    assertEquals(
        List.of(new Finding.TaskFailed(Optional.of("Disk full"))), vm(report, "db01").findings());
    assertEquals(Status.OK, vm(report, "web01").status());
    CheckResult result = NagiosReport.toCheckResult(report);
    assertEquals("1 of 2 VMs failed: db01 (Failed: Disk full)", result.summary());
    assertEquals(Status.CRITICAL, result.details().get(0).status());
    assertTrue(
        result
            .details()
            .get(0)
            .text()
            .startsWith("db01 (policy Gold, server bs01): Failed: Disk full"));
  }

  @Test
  void anEmClockOffIsSaidInWholeMinutesAheadOrBehind() {
    assertEquals(
        "EM's clock is 2h ahead of this host's: ages measured on EM's clock (set both by NTP)",
        NagiosReport.describe(new Finding.ClockSkew(Duration.ofSeconds(7199))));
    assertEquals(
        "EM's clock is 3h 10m behind this host's: ages measured on EM's clock (set both by NTP)",
        NagiosReport.describe(new Finding.ClockSkew(Duration.ofMinutes(-190))));
  }

  @Test
  void anUndocumentedResultOrStateIsUnknownAndNamed() {
    estate.taskSession(goldSession, "db01", Duration.ofHours(2), "InProgress", "None", null);
    estate.taskSession(goldSession, "db02", Duration.ofHours(2), "Postprocessing", "Success", null);
    estate.taskSession(
        goldSession, "db03", Duration.ofHours(2), "Postprocessing", "Failed", "Boom");

    CdpReport report = evaluate(Selection.all());

    assertEquals(Status.UNKNOWN, vm(report, "db01").status());
    assertEquals(List.of(new Finding.UndocumentedResult("None")), vm(report, "db01").findings());
    assertEquals(Status.UNKNOWN, vm(report, "db02").status());
    assertEquals(
        List.of(new Finding.UndocumentedState("Postprocessing")), vm(report, "db02").findings());
    assertEquals(
        Status.CRITICAL, vm(report, "db03").status(), "a failure is not hidden by UNKNOWN");
    assertEquals(Status.CRITICAL, report.status());
    assertTrue(
        NagiosReport.toCheckResult(report)
            .summary()
            .startsWith("1 of 3 VMs failed, 2 unknown: db03 (Failed: Boom)"));
  }

  @Test
  void aPolicyWhoseNewestSessionIsStoppedIsCriticalWithItsFailureMessage() {
    CdpPolicy silver = estate.policy("Silver", server);
    estate.policySession(
        silver, Duration.ofHours(5), "Stopped", "Failed", "Target host unreachable");
    estate.policySession(gold, Duration.ofDays(3), "Stopped", "Failed", "old trouble");
    estate.healthy(goldSession, "db01", Duration.ofHours(2));

    CdpReport report = evaluate(Selection.all());

    assertEquals(Status.CRITICAL, report.status());
    assertEquals(
        Status.OK,
        policy(report, "Gold").status(),
        "the newer working session clears the old stop");
    PolicyVerdict silverVerdict = policy(report, "Silver");
    assertEquals(Status.CRITICAL, silverVerdict.status());
    assertEquals(
        List.of(new Finding.PolicyStopped(true, Optional.of("Target host unreachable"))),
        silverVerdict.findings());
    assertEquals(
        "1 of 2 policies failed: policy Silver (Stopped, Failed: Target host unreachable)",
        NagiosReport.toCheckResult(report).summary());
  }

  @Test
  void aBackupServerSelectionKeepsOnlyItsSessionsAndSameNamedVmsStayApart() {
    BackupServer other = estate.server("bs02");
    CdpPolicySession otherSession =
        estate.workingSession(estate.policy("Other", other), Duration.ofHours(20));
    estate.healthy(goldSession, "db01", Duration.ofHours(1));
    estate.taskSession(
        otherSession, "db01", Duration.ofHours(1), "InProgress", "Failed", "elsewhere");

    CdpReport all = evaluate(Selection.all());
    CdpReport bs01 = evaluate(Selection.builder().backupServer("bs01").build());

    assertEquals(2, all.vms().size(), "the same VM name on two servers is two VMs");
    assertEquals(Status.CRITICAL, all.status());
    assertEquals(Status.OK, bs01.status());
    assertEquals(
        List.of(Optional.of("bs01")), bs01.vms().stream().map(VmVerdict::backupServer).toList());
    List<String> labels =
        NagiosReport.toCheckResult(all).metrics().stream().map(Metric::label).toList();
    assertTrue(
        labels.contains("db01@bs01 age") && labels.contains("db01@bs02 age"), labels.toString());
  }

  @Test
  void oneTaskSessionIsJudgedAndNamedThroughTheLinkGraph() {
    CdpTaskSession session =
        estate.taskSession(
            goldSession, "db01", Duration.ofHours(2), "Completed", "Warning", "Slow");
    estate.healthy(goldSession, "db01", Duration.ofHours(1));

    CdpReport report = evaluate(Selection.builder().taskSession(session.id()).build());

    assertEquals(1, report.vms().size());
    VmVerdict verdict = report.vms().get(0);
    assertEquals(Status.WARNING, verdict.status(), "exactly that session, not the VM's newest");
    assertEquals(Optional.of("Gold"), verdict.policy());
    assertEquals(Optional.of("bs01"), verdict.backupServer());
    assertEquals(List.of("Gold"), report.policies().stream().map(PolicyVerdict::policy).toList());
    assertEquals(
        "db01: Warning: Slow in policy session " + goldSession.name() + " on bs01",
        NagiosReport.toCheckResult(report).summary());
  }

  @Test
  void oneTaskSessionOfAStoppedPolicySaysSo() {
    CdpPolicySession stopped =
        estate.policySession(gold, Duration.ofHours(3), "Stopped", "Failed", "Proxy gone");
    CdpTaskSession session = estate.healthy(stopped, "db01", Duration.ofHours(2));

    CdpReport report = evaluate(Selection.builder().taskSession(session.id()).build());

    assertEquals(Status.CRITICAL, report.status());
    assertEquals(
        "db01: Success, InProgress in policy session "
            + stopped.name()
            + " on bs01 (Stopped, Failed: Proxy gone)",
        NagiosReport.toCheckResult(report).summary());
  }

  @Test
  void nothingToJudgeWhereThatIsAllowedSaysWhatWasLookedFor() {
    CdpReport report =
        evaluate(Selection.builder().backupServer("nowhere").allowEmpty(true).build());

    assertEquals(Status.OK, report.status());
    assertEquals(
        "no CDP policy or task session in the last 7d for backup server nowhere"
            + " (fine with --allow-empty)",
        NagiosReport.toCheckResult(report).summary());
  }

  @Test
  void anAllHealthyEstateSaysSoAndCarriesTheMetrics() {
    estate.healthy(goldSession, "db01", Duration.ofHours(2));
    estate.healthy(goldSession, "web 01", Duration.ofHours(1));

    CheckResult result = NagiosReport.toCheckResult(evaluate(Selection.all()));

    assertEquals(Status.OK, result.status());
    assertEquals("2 VMs in 1 policy OK", result.summary());
    List<String> labels = result.metrics().stream().map(Metric::label).toList();
    assertEquals(
        List.of(
            "vms",
            "vms_ok",
            "vms_warning",
            "vms_failed",
            "vms_unknown",
            "policies",
            "policies_warning",
            "policies_failed",
            "policies_unknown",
            "db01 age",
            "db01 size",
            "web 01 age",
            "web 01 size"),
        labels);
    Metric age = result.metrics().get(9);
    assertEquals(7200, age.value());
    assertEquals(Metric.Unit.SECONDS, age.unit());
    assertEquals(Optional.of(Range.parse("172800")), age.critical());
  }

  @Test
  void theSummaryNamesTheWorstThreeAndCountsTheRest() {
    for (int i = 1; i <= 5; i++) {
      estate.taskSession(
          goldSession, "vm" + i, Duration.ofHours(1), "InProgress", "Failed", "reason " + i);
    }
    estate.taskSession(goldSession, "vm6", Duration.ofHours(1), "InProgress", "Warning", "w");

    String summary = NagiosReport.toCheckResult(evaluate(Selection.all())).summary();

    assertEquals(
        "5 of 6 VMs failed, 1 warning: vm1 (Failed: reason 1), vm2 (Failed: reason 2), vm3 (Failed: reason 3), +3 more",
        summary);
  }

  private CdpReport evaluate(Selection selection) {
    return new CdpHealthService(
            InMemoryCdpSessionSource.of(estate), Clock.fixed(NOW, ZoneOffset.UTC))
        .evaluate(selection, DEFAULT);
  }

  private static VmVerdict vm(CdpReport report, String name) {
    return report.vms().stream().filter(v -> v.vm().equals(name)).findFirst().orElseThrow();
  }

  private static PolicyVerdict policy(CdpReport report, String name) {
    return report.policies().stream()
        .filter(p -> p.policy().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
