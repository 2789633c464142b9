package io.cdpwatch.core.service;

import static io.cdpwatch.core.testing.TestEstate.includedFolder;
import static io.cdpwatch.core.testing.TestEstate.includedVm;
import static io.cdpwatch.core.testing.TestEstate.longTermEvery;
import static io.cdpwatch.core.testing.Verdicts.policy;
import static io.cdpwatch.core.testing.Verdicts.vm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdpwatch.core.check.AgeThresholds;
import io.cdpwatch.core.check.Durations;
import io.cdpwatch.core.check.Range;
import io.cdpwatch.core.check.Status;
import io.cdpwatch.core.check.Thresholds;
import io.cdpwatch.core.domain.BackupServer;
import io.cdpwatch.core.domain.CdpPolicy;
import io.cdpwatch.core.domain.CdpPolicySession;
import io.cdpwatch.core.domain.CdpReplicaSettings;
import io.cdpwatch.core.domain.CdpTaskSession;
import io.cdpwatch.core.domain.Link;
import io.cdpwatch.core.domain.Resource;
import io.cdpwatch.core.domain.Uid;
import io.cdpwatch.core.port.in.CdpReport;
import io.cdpwatch.core.port.in.Finding;
import io.cdpwatch.core.port.in.PolicyVerdict;
import io.cdpwatch.core.port.in.Selection;
import io.cdpwatch.core.port.in.VmVerdict;
import io.cdpwatch.core.port.out.CdpSessionSource;
import io.cdpwatch.core.port.out.CdpSourceException;
import io.cdpwatch.core.port.out.PolicyQuery;
import io.cdpwatch.core.port.out.PolicySessionQuery;
import io.cdpwatch.core.port.out.TaskSessionQuery;
import io.cdpwatch.core.testing.InMemoryCdpSessionSource;
import io.cdpwatch.core.testing.TestEstate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a policy promises: its included VMs, and age thresholds from its long-term interval. */
class PolicyPromisesTest {

  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

  private TestEstate estate;
  private BackupServer server;

  @BeforeEach
  void estate() {
    estate = TestEstate.at(NOW);
    server = estate.server("bs01");
  }

  @Test
  void anIncludedVmNotReplicatedForTwentyDaysIsCriticalWithItsLastSessionAndPolicy() {
    CdpPolicy erp =
        estate.policy(
            "ERP",
            server,
            longTermEvery(Duration.ofHours(8)),
            List.of(includedVm("erp-db01"), includedVm("erp-report01")));
    CdpPolicySession today = estate.workingSession(erp, Duration.ofHours(10));
    CdpPolicySession old = estate.workingSession(erp, Duration.ofDays(21));
    estate.healthy(today, "erp-db01", Duration.ofHours(2));
    CdpTaskSession last = estate.healthy(old, "erp-report01", Duration.ofDays(20));

    CdpReport report = evaluate(Selection.all());

    assertEquals(Status.CRITICAL, report.status());
    VmVerdict report01 = vm(report, "erp-report01");
    assertEquals(Status.CRITICAL, report01.status());
    assertEquals(Optional.of("ERP"), report01.policy());
    assertEquals(Optional.of("bs01"), report01.backupServer());
    assertEquals(
        List.of(new Finding.NoTaskSession(Duration.ofDays(30), Optional.of(last.creationTime()))),
        report01.findings());
    assertEquals(Optional.of(Duration.ofDays(20)), report01.age());
    assertEquals(Status.OK, vm(report, "erp-db01").status());
    assertEquals(2, report.vms().size(), "every included VM is reported");
  }

  @Test
  void anIncludedVmWithNoSessionInEmsThirtyDaysIsCriticalWithoutADate() {
    CdpPolicy erp =
        estate.policy("ERP", server, CdpReplicaSettings.NONE, List.of(includedVm("never")));
    estate.healthy(estate.workingSession(erp, Duration.ofHours(3)), "other", Duration.ofHours(1));

    VmVerdict never = vm(evaluate(Selection.all()), "never");

    assertEquals(Status.CRITICAL, never.status());
    assertEquals(
        List.of(new Finding.NoTaskSession(Duration.ofDays(30), Optional.empty())),
        never.findings());
    assertEquals(Optional.empty(), never.newest());
    assertEquals(Optional.of("ERP"), never.policy());
  }

  @Test
  void theNewestSessionOfAMissingVmIsReadOverEmsWholeWindowWhateverTheLookback() {
    CdpPolicy erp =
        estate.policy("ERP", server, CdpReplicaSettings.NONE, List.of(includedVm("late")));
    CdpTaskSession last =
        estate.healthy(estate.workingSession(erp, Duration.ofDays(3)), "late", Duration.ofDays(2));

    CdpReport report = evaluate(Selection.builder().lookback(Duration.ofHours(1)).build());

    assertEquals(
        List.of(new Finding.NoTaskSession(Duration.ofDays(30), Optional.of(last.creationTime()))),
        vm(report, "late").findings());
  }

  @Test
  void containersAreNotExpandedAndNotMissingButStayOnThePolicy() {
    CdpPolicy erp =
        estate.policy(
            "ERP",
            server,
            CdpReplicaSettings.NONE,
            List.of(includedFolder("Prod"), includedVm("db")));
    estate.healthy(estate.workingSession(erp, Duration.ofHours(3)), "db", Duration.ofHours(1));

    CdpReport report = evaluate(Selection.all());

    assertEquals(Status.OK, report.status());
    assertEquals(1, report.vms().size());
    CdpPolicy configuration = policy(report, "ERP").configuration().orElseThrow();
    assertEquals(2, configuration.includes().size());
    assertEquals("Folder", configuration.includes().get(0).kind());
  }

  @Test
  void includedVmsOutsideTheSelectionAreNotExpected() {
    CdpPolicy erp =
        estate.policy(
            "ERP", server, CdpReplicaSettings.NONE, List.of(includedVm("web-x"), includedVm("db")));
    CdpPolicy other =
        estate.policy("Other", server, CdpReplicaSettings.NONE, List.of(includedVm("gone")));
    estate.healthy(estate.workingSession(erp, Duration.ofHours(3)), "db", Duration.ofHours(1));
    estate.workingSession(other, Duration.ofHours(3));

    CdpReport excluded =
        evaluate(Selection.builder().vmExclude(Pattern.compile("^web")).policy("ERP").build());

    assertEquals(Status.OK, excluded.status());
    assertEquals(List.of("db"), excluded.vms().stream().map(VmVerdict::vm).toList());
  }

  @Test
  void aVmWhoseNewestSessionIsInAnotherPolicyIsJudgedThereNotMissing() {
    CdpPolicy erp =
        estate.policy("ERP", server, CdpReplicaSettings.NONE, List.of(includedVm("moved")));
    CdpPolicy web = estate.policy("Web", server);
    estate.workingSession(erp, Duration.ofHours(3));
    estate.healthy(estate.workingSession(web, Duration.ofHours(3)), "moved", Duration.ofHours(1));

    VmVerdict moved = vm(evaluate(Selection.all()), "moved");

    assertEquals(Status.OK, moved.status());
    assertEquals(Optional.of("Web"), moved.policy());
  }

  @Test
  void withoutThresholdsTheAgeLimitsComeFromThePolicysLongTermInterval() {
    CdpPolicy erp = estate.policy("ERP", server, longTermEvery(Duration.ofHours(8)), List.of());
    CdpPolicySession session = estate.workingSession(erp, Duration.ofDays(2));
    estate.healthy(session, "fresh", Duration.ofHours(11));
    estate.healthy(session, "late", Duration.ofHours(13));
    estate.healthy(session, "stale", Duration.ofHours(25));

    CdpReport report = evaluate(Selection.all());

    AgeThresholds fromPolicy = AgeThresholds.fromPolicy(Optional.of(Duration.ofHours(8)));
    assertEquals(AgeThresholds.Origin.POLICY, fromPolicy.origin());
    assertEquals(Range.parse("43200"), fromPolicy.thresholds().warning().orElseThrow());
    assertEquals(Range.parse("86400"), fromPolicy.thresholds().critical().orElseThrow());
    assertEquals(Status.OK, vm(report, "fresh").status());
    assertEquals(fromPolicy, vm(report, "fresh").ageThresholds());
    assertEquals(
        List.of(
            new Finding.Stale(
                Duration.ofHours(13), Status.WARNING, Range.parse("43200"), fromPolicy)),
        vm(report, "late").findings());
    assertEquals(Status.CRITICAL, vm(report, "stale").status());
  }

  @Test
  void shortIntervalsAreHeldToFloorsAndAPolicyWithoutAnIntervalToTwoDays() {
    AgeThresholds hourly = AgeThresholds.fromPolicy(Optional.of(Duration.ofHours(1)));
    assertEquals(Range.parse("7200"), hourly.thresholds().warning().orElseThrow());
    assertEquals(Range.parse("14400"), hourly.thresholds().critical().orElseThrow());

    CdpPolicy silent = estate.policy("Silent", server);
    CdpPolicySession session = estate.workingSession(silent, Duration.ofDays(4));
    estate.healthy(session, "one-day", Duration.ofHours(30));
    estate.healthy(session, "three-days", Duration.ofDays(3));

    CdpReport report = evaluate(Selection.all());

    assertEquals(AgeThresholds.DEFAULT, vm(report, "one-day").ageThresholds());
    assertEquals(Status.OK, vm(report, "one-day").status());
    assertEquals(Status.CRITICAL, vm(report, "three-days").status());
    assertEquals(Range.parse("172800"), AgeThresholds.DEFAULT.thresholds().critical().get());
  }

  @Test
  void givenThresholdsWinForEveryPolicy() {
    CdpPolicy erp = estate.policy("ERP", server, longTermEvery(Duration.ofHours(8)), List.of());
    estate.healthy(estate.workingSession(erp, Duration.ofDays(2)), "db", Duration.ofHours(25));
    Thresholds given = Thresholds.of(null, Durations.parseRange("3d"));

    CdpReport report =
        new CdpHealthService(InMemoryCdpSessionSource.of(estate), clock())
            .evaluate(Selection.all(), given);

    assertEquals(Status.OK, vm(report, "db").status());
    assertEquals(AgeThresholds.given(given), vm(report, "db").ageThresholds());
  }

  @Test
  void aListedPolicyWithoutSessionsIsCriticalOrWhenDisabledAWarning() {
    estate.policy("Idle", server);
    CdpPolicy base = estate.policy("Off", server);
    CdpPolicy off =
        new CdpPolicy(
            base.id(),
            base.href(),
            base.name(),
            base.policyType(),
            base.platform(),
            base.description(),
            base.scheduleConfigured(),
            Optional.of(false),
            base.nextRun(),
            base.settings(),
            base.includes(),
            base.links());
    List<Resource> resources = new ArrayList<>(estate.resources());
    resources.remove(base);
    resources.add(off);

    CdpReport report =
        new CdpHealthService(new InMemoryCdpSessionSource(resources), clock())
            .evaluate(Selection.all());

    assertEquals(
        List.of(new Finding.NoPolicySession(Duration.ofDays(30))),
        policy(report, "Idle").findings());
    assertEquals(Status.CRITICAL, policy(report, "Idle").status());
    assertEquals(List.of(new Finding.PolicyDisabled()), policy(report, "Off").findings());
    assertEquals(Status.WARNING, policy(report, "Off").status());
  }

  @Test
  void policiesEmWillNotListAreUnknownAndTheirVmsGetTheDefaultThresholds() {
    CdpPolicy erp =
        estate.policy("ERP", server, longTermEvery(Duration.ofHours(8)), List.of(includedVm("x")));
    estate.healthy(estate.workingSession(erp, Duration.ofDays(2)), "db", Duration.ofHours(25));
    CdpSessionSource refusing =
        new RefusingPolicies(
            InMemoryCdpSessionSource.of(estate),
            new CdpSourceException(CdpSourceException.Kind.SERVER, "EM answered 500: no"));

    CdpReport report = new CdpHealthService(refusing, clock()).evaluate(Selection.all());

    PolicyVerdict verdict = policy(report, "ERP");
    assertEquals(Status.UNKNOWN, verdict.status());
    assertEquals(
        List.of(new Finding.SettingsUnavailable("EM answered 500: no")), verdict.findings());
    assertEquals(AgeThresholds.DEFAULT, vm(report, "db").ageThresholds());
    assertEquals(Status.OK, vm(report, "db").status());
    assertTrue(report.vms().stream().noneMatch(v -> v.vm().equals("x")));
  }

  @Test
  void aFailureThatStopsEverythingIsNotHiddenAsUnavailableSettings() {
    estate.healthy(
        estate.workingSession(estate.policy("ERP", server), Duration.ofHours(2)),
        "db",
        Duration.ofHours(1));
    CdpSessionSource refusing =
        new RefusingPolicies(
            InMemoryCdpSessionSource.of(estate),
            new CdpSourceException(CdpSourceException.Kind.TIMEOUT, "timed out"));

    CdpSourceException e =
        assertThrows(
            CdpSourceException.class,
            () -> new CdpHealthService(refusing, clock()).evaluate(Selection.all()));
    assertEquals(CdpSourceException.Kind.TIMEOUT, e.kind());
  }

  /** A source whose policy list fails; everything else answers from {@code delegate}. */
  private record RefusingPolicies(CdpSessionSource delegate, CdpSourceException failure)
      implements CdpSessionSource {
    @Override
    public void taskSessions(TaskSessionQuery query, Consumer<? super CdpTaskSession> sink) {
      delegate.taskSessions(query, sink);
    }

    @Override
    public void policySessions(PolicySessionQuery query, Consumer<? super CdpPolicySession> sink) {
      delegate.policySessions(query, sink);
    }

    @Override
    public void policies(PolicyQuery query, Consumer<? super CdpPolicy> sink) {
      throw failure;
    }

    @Override
    public Optional<CdpTaskSession> taskSession(Uid id) {
      return delegate.taskSession(id);
    }

    @Override
    public Optional<Resource> follow(Link link) {
      return delegate.follow(link);
    }
  }

  private CdpReport evaluate(Selection selection) {
    return new CdpHealthService(InMemoryCdpSessionSource.of(estate), clock()).evaluate(selection);
  }

  private static Clock clock() {
    return Clock.fixed(NOW, ZoneOffset.UTC);
  }
}
