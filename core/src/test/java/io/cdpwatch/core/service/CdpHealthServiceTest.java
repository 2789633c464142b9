package io.cdpwatch.core.service;

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
import io.cdpwatch.core.domain.CdpTaskSession;
import io.cdpwatch.core.domain.Link;
import io.cdpwatch.core.domain.Resource;
import io.cdpwatch.core.domain.Uid;
import io.cdpwatch.core.port.in.CdpReport;
import io.cdpwatch.core.port.in.Finding;
import io.cdpwatch.core.port.in.PolicyVerdict;
import io.cdpwatch.core.port.in.Selection;
import io.cdpwatch.core.port.in.VmVerdict;
import io.cdpwatch.core.port.out.CdpSourceException;
import io.cdpwatch.core.testing.InMemoryCdpSessionSource;
import io.cdpwatch.core.testing.TestEstate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CdpHealthServiceTest {

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
  void theNewestSessionWinsSoALaterSuccessClearsAnEarlierFailure() {
    estate.taskSession(
        goldSession, "db01", Duration.ofHours(10), "Completed", "Failed", "Disk full");
    estate.healthy(goldSession, "db01", Duration.ofHours(2));

    CdpReport report = evaluate(Selection.all());

    assertEquals(Status.OK, report.status());
    VmVerdict db01 = vm(report, "db01");
    assertEquals(Status.OK, db01.status());
    assertEquals(List.of(), db01.findings());
    assertEquals(Duration.ofHours(2), db01.age().orElseThrow());
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
  }

  @Test
  void reasonsLoseTheErrorOrWarningPrefixEmStartsThemWith() {
    estate.taskSession(
        goldSession, "db01", Duration.ofHours(2), "InProgress", "Failed", "Error: Disk full");
    estate.taskSession(
        goldSession, "db02", Duration.ofHours(2), "Completed", "Warning", "warning:  Slow");
    estate.taskSession(goldSession, "db03", Duration.ofHours(2), "Completed", "Failed", "Error:");

    CdpReport report = evaluate(Selection.all());

    assertEquals(
        List.of(new Finding.TaskFailed(Optional.of("Disk full"))), vm(report, "db01").findings());
    assertEquals(
        List.of(new Finding.TaskWarning(Optional.of("Slow"))), vm(report, "db02").findings());
    assertEquals(List.of(new Finding.TaskFailed(Optional.empty())), vm(report, "db03").findings());
  }

  @Test
  void warningResultIsWarning() {
    estate.taskSession(
        goldSession, "db01", Duration.ofHours(2), "Completed", "Warning", "Slow network");

    CdpReport report = evaluate(Selection.all());

    assertEquals(Status.WARNING, report.status());
    assertEquals(
        List.of(new Finding.TaskWarning(Optional.of("Slow network"))),
        vm(report, "db01").findings());
  }

  @Test
  void resultsAreJudgedWhateverTheStateSoARunningSessionCountsAsSuccess() {
    estate.taskSession(goldSession, "db01", Duration.ofHours(2), "InProgress", "Success", null);
    estate.taskSession(goldSession, "db02", Duration.ofHours(2), "Pending", "Success", null);

    assertEquals(Status.OK, evaluate(Selection.all()).status());
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
  }

  @Test
  void aNamedVmWithoutAnySessionIsCritical() {
    estate.healthy(goldSession, "db01", Duration.ofHours(2));

    CdpReport report = evaluate(Selection.builder().vm("db01").vm("ghost vm").build());

    assertEquals(Status.CRITICAL, report.status());
    VmVerdict ghost = vm(report, "ghost vm");
    assertEquals(
        List.of(new Finding.NoTaskSession(Duration.ofDays(30), Optional.empty())),
        ghost.findings());
    assertEquals(Optional.empty(), ghost.newest());
    assertEquals(Status.OK, vm(report, "db01").status());
  }

  @Test
  void aVmWhoseSessionsAreOlderThanTheLookbackIsMissingWhenNamed() {
    estate.healthy(goldSession, "db01", Duration.ofHours(13));

    CdpReport report =
        evaluate(Selection.builder().vm("db01").lookback(Duration.ofHours(12)).build());

    assertEquals(
        List.of(
            new Finding.NoTaskSession(
                Duration.ofDays(30), Optional.of(NOW.minus(Duration.ofHours(13))))),
        vm(report, "db01").findings());
    assertEquals(Duration.ofHours(13), vm(report, "db01").age().orElseThrow());
  }

  @Test
  void ageIsJudgedCriticalBeforeWarning() {
    estate.healthy(goldSession, "fresh", Duration.ofMinutes(30));
    estate.healthy(goldSession, "late", Duration.ofMinutes(90));
    estate.healthy(goldSession, "stale", Duration.ofHours(3));
    Thresholds thresholds = Thresholds.of(Durations.parseRange("1h"), Durations.parseRange("2h"));

    CdpReport report =
        new CdpHealthService(InMemoryCdpSessionSource.of(estate), clock())
            .evaluate(Selection.all(), thresholds);

    assertEquals(Status.OK, vm(report, "fresh").status());
    assertEquals(Status.WARNING, vm(report, "late").status());
    assertEquals(
        List.of(
            new Finding.Stale(
                Duration.ofMinutes(90),
                Status.WARNING,
                Range.parse("3600"),
                AgeThresholds.given(thresholds))),
        vm(report, "late").findings());
    assertEquals(Status.CRITICAL, vm(report, "stale").status());
    assertEquals(
        List.of(
            new Finding.Stale(
                Duration.ofHours(3),
                Status.CRITICAL,
                Range.parse("7200"),
                AgeThresholds.given(thresholds))),
        vm(report, "stale").findings());
  }

  @Test
  void theDefaultCriticalAgeIsTwoDaysAndSkewedClocksDoNotTripIt() {
    CdpPolicySession old = estate.workingSession(gold, Duration.ofDays(4));
    estate.healthy(old, "stale", Duration.ofDays(3));
    estate.healthy(goldSession, "future", Duration.ofMinutes(-3));

    CdpReport report = evaluate(Selection.all());

    assertEquals(Status.CRITICAL, vm(report, "stale").status());
    assertEquals(Status.OK, vm(report, "future").status());
    assertEquals(Duration.ZERO, vm(report, "future").age().orElseThrow());
  }

  @Test
  void anAgeRangeOfAnotherShapeIsNamedInTheProblem() {
    estate.healthy(goldSession, "db01", Duration.ofHours(3));
    Thresholds thresholds = Thresholds.of(null, Range.parse("@3600:20000"));

    CdpReport report =
        new CdpHealthService(InMemoryCdpSessionSource.of(estate), clock())
            .evaluate(Selection.all(), thresholds);

    assertEquals(
        List.of(
            new Finding.Stale(
                Duration.ofHours(3),
                Status.CRITICAL,
                Range.parse("@3600:20000"),
                AgeThresholds.given(thresholds))),
        vm(report, "db01").findings());
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
  }

  @Test
  void aStoppedPolicyWithoutResultOrMessageIsStillCritical() {
    CdpPolicy silver = estate.policy("Silver", server);
    estate.policySession(silver, Duration.ofHours(5), "Stopped", "None", null);

    assertEquals(
        List.of(new Finding.PolicyStopped(false, Optional.empty())),
        policy(evaluate(Selection.all()), "Silver").findings());
  }

  @Test
  void policyResultIsNotJudgedWhileTheSessionRuns() {
    CdpPolicy silver = estate.policy("Silver", server);
    estate.policySession(silver, Duration.ofHours(5), "Working", "Failed", null);
    estate.policySession(
        estate.policy("Bronze", server), Duration.ofHours(5), "Resuming", "None", null);

    CdpReport report = evaluate(Selection.all());

    assertEquals(Status.OK, policy(report, "Silver").status());
    assertEquals(Status.OK, policy(report, "Bronze").status());
  }

  @Test
  void anUndocumentedPolicyStateIsUnknown() {
    estate.policySession(
        estate.policy("Silver", server), Duration.ofHours(5), "Hibernating", "None", null);

    PolicyVerdict verdict = policy(evaluate(Selection.all()), "Silver");

    assertEquals(Status.UNKNOWN, verdict.status());
    assertEquals(List.of(new Finding.UndocumentedState("Hibernating")), verdict.findings());
  }

  @Test
  void selectingAPolicyKeepsOnlyItsVmsAndANamedMissingPolicyIsCritical() {
    CdpPolicy silver = estate.policy("Silver", server);
    CdpPolicySession silverSession = estate.workingSession(silver, Duration.ofHours(20));
    estate.healthy(goldSession, "gold-vm", Duration.ofHours(1));
    estate.taskSession(
        silverSession, "silver-vm", Duration.ofHours(1), "InProgress", "Failed", "x");

    CdpReport report = evaluate(Selection.builder().policy("Gold").policy("Platinum").build());

    assertEquals(List.of("gold-vm"), report.vms().stream().map(VmVerdict::vm).toList());
    assertEquals(Status.OK, policy(report, "Gold").status());
    assertEquals(Status.CRITICAL, policy(report, "Platinum").status());
    assertEquals(
        List.of(new Finding.NoPolicySession(Duration.ofDays(30))),
        policy(report, "Platinum").findings());
    assertEquals(2, report.policies().size());
  }

  @Test
  void aNamedVmInAnotherPolicyThanTheSelectedOneIsCriticalAndThatPolicyIsStillJudged() {
    CdpPolicy silver = estate.policy("Silver", server);
    estate.workingSession(silver, Duration.ofHours(20));
    estate.healthy(goldSession, "db01", Duration.ofHours(1));

    CdpReport report = evaluate(Selection.builder().vm("db01").policy("Silver").build());

    assertEquals(List.of(new Finding.InOtherPolicy("Gold")), vm(report, "db01").findings());
    assertEquals(Status.CRITICAL, vm(report, "db01").status());
    assertEquals(Status.OK, policy(report, "Silver").status(), "Silver has sessions: not missing");
    assertEquals(1, report.policies().size());
  }

  @Test
  void aSelectedPolicyWhoseVmsAreAllFilteredOutIsStillJudgedNotMissing() {
    estate.healthy(goldSession, "db01", Duration.ofHours(1));

    CdpReport report =
        evaluate(Selection.builder().policy("Gold").vmExclude(Pattern.compile(".")).build());

    assertEquals(List.of(), report.vms());
    assertEquals(Status.OK, policy(report, "Gold").status());
    assertEquals(Status.OK, report.status());
  }

  @Test
  void aNamedVmThatAPatternExcludesIsUnknownNotMissing() {
    estate.healthy(goldSession, "db01", Duration.ofHours(1));

    CdpReport report =
        evaluate(Selection.builder().vm("db01").vmInclude(Pattern.compile("^web")).build());

    assertEquals(Status.UNKNOWN, vm(report, "db01").status());
    assertEquals(List.of(new Finding.ExcludedByPattern()), vm(report, "db01").findings());
  }

  @Test
  void aRenamedPolicyIsOnePolicyJudgedByItsNewestSession() {
    CdpPolicy renamed =
        new CdpPolicy(
            gold.id(),
            gold.href(),
            "Gold (old name)",
            gold.policyType(),
            gold.platform(),
            gold.description(),
            gold.scheduleConfigured(),
            gold.scheduleEnabled(),
            gold.nextRun(),
            gold.settings(),
            gold.includes(),
            gold.links());
    estate.policySession(renamed, Duration.ofDays(3), "Stopped", "Failed", "old trouble");

    CdpReport report = evaluate(Selection.all());

    assertEquals(List.of("Gold"), report.policies().stream().map(PolicyVerdict::policy).toList());
    assertEquals(Status.OK, report.policies().get(0).status());
  }

  @Test
  void vmPatternsIncludeAndExcludeAndNarrowThePolicies() {
    CdpPolicy silver = estate.policy("Silver", server);
    CdpPolicySession silverSession = estate.workingSession(silver, Duration.ofHours(20));
    estate.healthy(goldSession, "sql-01", Duration.ofHours(1));
    estate.healthy(goldSession, "sql-02-test", Duration.ofHours(1));
    estate.healthy(silverSession, "web-01", Duration.ofHours(1));

    CdpReport report =
        evaluate(
            Selection.builder()
                .vmInclude(Pattern.compile("^sql"))
                .vmExclude(Pattern.compile("test"))
                .build());

    assertEquals(List.of("sql-01"), report.vms().stream().map(VmVerdict::vm).toList());
    assertEquals(List.of("Gold"), report.policies().stream().map(PolicyVerdict::policy).toList());
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
  }

  @Test
  void aParentPolicySessionOutsideTheWindowIsFollowedOnceAndNamesThePolicy() {
    CdpPolicySession ancient = estate.workingSession(gold, Duration.ofDays(40));
    estate.healthy(ancient, "db01", Duration.ofHours(3));
    estate.healthy(ancient, "db02", Duration.ofHours(2));
    InMemoryCdpSessionSource source = InMemoryCdpSessionSource.of(estate);

    CdpReport report =
        new CdpHealthService(source, clock())
            .evaluate(Selection.builder().policy("Gold").build(), DEFAULT);

    assertEquals(Optional.of("Gold"), vm(report, "db01").policy());
    assertEquals(Optional.of("Gold"), vm(report, "db02").policy());
    assertEquals(1, source.follows());
  }

  @Test
  void aMissingParentIsNamedFromItsLinkWhenItCannotBeFollowed() {
    CdpPolicySession lostParent = estate.workingSession(gold, Duration.ofHours(1));
    estate.healthy(lostParent, "orphan", Duration.ofMinutes(30));
    InMemoryCdpSessionSource source =
        new InMemoryCdpSessionSource(
            estate.resources().stream().filter(r -> !r.equals(lostParent)).toList());

    CdpReport report =
        new CdpHealthService(source, clock())
            .evaluate(Selection.builder().policy("Gold").build(), DEFAULT);

    assertEquals(Optional.of("Gold"), vm(report, "orphan").policy());
  }

  @Test
  void aVmWhosePolicyCannotBeToldIsUnknownWhenPoliciesAreSelectedNeverDropped() {
    CdpPolicySession lostParent = estate.workingSession(gold, Duration.ofHours(1));
    CdpTaskSession orphan = estate.healthy(lostParent, "orphan", Duration.ofMinutes(30));
    CdpTaskSession nameless =
        new CdpTaskSession(
            orphan.id(),
            orphan.href(),
            orphan.name(),
            orphan.vmDisplayName(),
            orphan.policySessionUid(),
            orphan.creationTime(),
            orphan.endTime(),
            orphan.state(),
            orphan.result(),
            orphan.reason(),
            orphan.totalSize(),
            orphan.links().stream()
                .map(l -> new Link(l.rel(), l.type(), l.href(), Optional.empty()))
                .toList());
    List<Resource> resources = new ArrayList<>(estate.resources());
    resources.removeAll(List.of(lostParent, orphan));
    resources.add(nameless);

    CdpReport report =
        new CdpHealthService(new InMemoryCdpSessionSource(resources), clock())
            .evaluate(Selection.builder().policy("Silver").build(), DEFAULT);

    VmVerdict verdict = vm(report, "orphan");
    assertEquals(Status.UNKNOWN, verdict.status());
    assertEquals(Finding.Kind.POLICY_UNKNOWN, verdict.findings().get(0).kind());
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
  }

  @Test
  void oneTaskSessionOfAStoppedPolicySaysSo() {
    CdpPolicySession stopped =
        estate.policySession(gold, Duration.ofHours(3), "Stopped", "Failed", "Proxy gone");
    CdpTaskSession session = estate.healthy(stopped, "db01", Duration.ofHours(2));

    CdpReport report = evaluate(Selection.builder().taskSession(session.id()).build());

    assertEquals(Status.CRITICAL, report.status());
  }

  @Test
  void oneTaskSessionIsNotHeldToTheAgeRuleMeantForAVmsNewestSession() {
    CdpPolicySession old = estate.workingSession(gold, Duration.ofDays(4));
    CdpTaskSession session = estate.healthy(old, "db01", Duration.ofDays(3));

    CdpReport report = evaluate(Selection.builder().taskSession(session.id()).build());

    assertEquals(Status.OK, report.vms().get(0).status());
    assertEquals(Thresholds.NONE, report.vms().get(0).ageThresholds().thresholds());
  }

  @Test
  void anUnknownTaskSessionIsReportedAsNotFound() {
    Uid missing = new Uid(CdpTaskSession.TYPE, "00000000-0000-0000-0000-000000000bad");

    CdpSourceException error =
        assertThrows(
            CdpSourceException.class,
            () -> evaluate(Selection.builder().taskSession(missing).build()));

    assertEquals(CdpSourceException.Kind.NOT_FOUND, error.kind());
    assertTrue(error.getMessage().contains("00000000-0000-0000-0000-000000000bad"));
  }

  @Test
  void nothingToJudgeIsOkOnlyWhereTheSelectionAllowsAnEmptyEstate() {
    Selection allowing = Selection.builder().backupServer("nowhere").allowEmpty(true).build();

    assertEquals(Status.OK, evaluate(allowing).status());
  }

  @Test
  void nothingToJudgeIsUnknownNotOk() {
    CdpReport report = evaluate(Selection.builder().backupServer("nowhere").build());

    assertEquals(Status.UNKNOWN, report.status());
  }

  @Test
  void verdictsCarryStableKeysThatTieAVmToItsPolicy() {
    estate.healthy(goldSession, "db01", Duration.ofHours(2));

    CdpReport report = evaluate(Selection.all());

    VmVerdict db01 = vm(report, "db01");
    assertTrue(db01.key().matches("[0-9a-f]{16}"), db01.key());
    assertEquals(Optional.of(policy(report, "Gold").key()), db01.policyKey());
    assertEquals(db01.key(), evaluate(Selection.all()).vms().get(0).key(), "stable across runs");
    assertTrue(!db01.key().equals(policy(report, "Gold").key()));
  }

  private CdpReport evaluate(Selection selection) {
    return new CdpHealthService(InMemoryCdpSessionSource.of(estate), clock())
        .evaluate(selection, DEFAULT);
  }

  private static Clock clock() {
    return Clock.fixed(NOW, ZoneOffset.UTC);
  }
}
