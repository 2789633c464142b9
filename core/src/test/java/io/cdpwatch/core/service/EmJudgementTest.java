package io.cdpwatch.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cdpwatch.core.check.Durations;
import io.cdpwatch.core.check.Status;
import io.cdpwatch.core.check.Thresholds;
import io.cdpwatch.core.domain.CdpPolicy;
import io.cdpwatch.core.domain.CdpPolicySession;
import io.cdpwatch.core.domain.CdpTaskSession;
import io.cdpwatch.core.domain.Link;
import io.cdpwatch.core.domain.Resource;
import io.cdpwatch.core.domain.Uid;
import io.cdpwatch.core.port.in.CdpReport;
import io.cdpwatch.core.port.in.EmVerdict;
import io.cdpwatch.core.port.in.Finding;
import io.cdpwatch.core.port.in.Selection;
import io.cdpwatch.core.port.out.CdpSessionSource;
import io.cdpwatch.core.port.out.PolicyQuery;
import io.cdpwatch.core.port.out.PolicySessionQuery;
import io.cdpwatch.core.port.out.TaskSessionQuery;
import io.cdpwatch.core.testing.InMemoryCdpSessionSource;
import io.cdpwatch.core.testing.TestEstate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** EM's certificate and clock, as the source saw them, in the judgement beside the VMs. */
class EmJudgementTest {

  private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
  private static final Thresholds DEFAULT = Thresholds.of(null, Durations.parseRange("2d"));
  private static final Duration FOURTEEN_DAYS = Duration.ofDays(14);

  private final TestEstate estate = TestEstate.at(NOW);

  @Test
  void aCertificateExpiringWithinThePeriodIsAWarningWithItsDate() {
    healthyEstate();
    Instant notAfter = NOW.plus(Duration.ofDays(9)).plusSeconds(3600);

    CdpReport report = evaluate(Optional.of(notAfter), FOURTEEN_DAYS, estate);

    assertEquals(Status.WARNING, report.status());
    assertEquals(
        List.of(new Finding.CertificateExpiring(Duration.ofDays(9).plusSeconds(3600), notAfter)),
        report.em().findings());
    assertEquals(Optional.of(9L), report.em().certificateDaysLeft(NOW));
    assertEquals(Status.OK, report.vms().get(0).status(), "the VMs stay as they are");
  }

  @Test
  void aCertificateValidLongerThanThePeriodIsFineAndStillReported() {
    healthyEstate();
    Instant notAfter = NOW.plus(Duration.ofDays(15));

    CdpReport report = evaluate(Optional.of(notAfter), FOURTEEN_DAYS, estate);

    assertEquals(Status.OK, report.status());
    assertEquals(List.of(), report.em().findings());
    assertEquals(Optional.of(notAfter), report.em().certificateExpiry());
  }

  @Test
  void anExpiredCertificateThatWasAcceptedIsAWarning() {
    healthyEstate();
    Instant notAfter = NOW.minus(Duration.ofDays(3));

    CdpReport report = evaluate(Optional.of(notAfter), FOURTEEN_DAYS, estate);

    assertEquals(Status.WARNING, report.status());
    assertEquals(List.of(new Finding.CertificateExpired(notAfter)), report.em().findings());
    assertEquals(Optional.of(-3L), report.em().certificateDaysLeft(NOW));
  }

  @Test
  void aCriticalIsNeverLoweredByTheCertificate() {
    estate.taskSession(
        estate.workingSession(estate.policy("Gold", estate.server("bs01")), Duration.ofHours(20)),
        "db01",
        Duration.ofHours(1),
        "InProgress",
        "Failed",
        "Disk full");

    CdpReport report = evaluate(Optional.of(NOW.plus(Duration.ofDays(2))), FOURTEEN_DAYS, estate);

    assertEquals(Status.CRITICAL, report.status());
    assertEquals(Status.WARNING, report.em().status());
  }

  @Test
  void anEmptyEstateThatIsAllowedStillWarnsOfTheCertificate() {
    Selection allowEmpty = Selection.builder().allowEmpty(true).build();
    CdpSessionSource source = withCertificate(Optional.of(NOW.plus(Duration.ofDays(1))), estate);

    CdpReport report =
        new CdpHealthService(source, Clock.fixed(NOW, ZoneOffset.UTC), FOURTEEN_DAYS)
            .evaluate(allowEmpty, DEFAULT);

    assertEquals(Status.WARNING, report.status());
  }

  @Test
  void zeroJudgesNoCertificateNotEvenAnExpiredOne() {
    healthyEstate();

    CdpReport report = evaluate(Optional.of(NOW.minus(Duration.ofDays(3))), Duration.ZERO, estate);

    assertEquals(Status.OK, report.status());
    assertEquals(List.of(), report.em().findings());
  }

  @Test
  void withoutACertificateThereIsNothingToJudge() {
    healthyEstate();

    CdpReport report = evaluate(Optional.empty(), FOURTEEN_DAYS, estate);

    assertEquals(EmVerdict.none(), report.em());
    assertEquals(Optional.empty(), report.em().certificateDaysLeft(NOW));
  }

  @Test
  void aNegativePeriodIsRefused() {
    CdpSessionSource source = new InMemoryCdpSessionSource(List.of());
    assertThrows(
        IllegalArgumentException.class,
        () -> new CdpHealthService(source, Clock.systemUTC(), Duration.ofDays(-1)));
  }

  @Test
  void anEmClockTwoHoursAheadIsAWarningAndAgesAreMeasuredOnIt() {
    healthyEstate();

    CdpReport report = evaluateWithClock(Duration.ofHours(2));

    assertEquals(Status.WARNING, report.status());
    assertEquals(List.of(new Finding.ClockSkew(Duration.ofHours(2))), report.em().findings());
    assertEquals(Optional.of(Duration.ofHours(3)), report.vms().get(0).age(), "1 h + 2 h");
    assertEquals(Status.OK, report.vms().get(0).status());
    assertEquals(NOW, report.evaluatedAt(), "the report is dated by our clock");
  }

  @Test
  void anEmClockBehindMakesAgesShorterNeverNegative() {
    healthyEstate();

    CdpReport report = evaluateWithClock(Duration.ofHours(-3));

    assertEquals(List.of(new Finding.ClockSkew(Duration.ofHours(-3))), report.em().findings());
    assertEquals(Optional.of(Duration.ZERO), report.vms().get(0).age());
  }

  @Test
  void anOffsetWithinTheToleranceIsNoFindingAndChangesNoAge() {
    healthyEstate();

    for (Duration offset :
        List.of(Duration.ZERO, EmVerdict.CLOCK_SKEW_TOLERANCE, Duration.ofMinutes(-5))) {
      CdpReport report = evaluateWithClock(offset);
      assertEquals(Status.OK, report.status(), offset.toString());
      assertEquals(List.of(), report.em().findings());
      assertEquals(Optional.of(offset), report.em().clockOffset());
      assertEquals(Optional.of(Duration.ofHours(1)), report.vms().get(0).age());
    }
  }

  @Test
  void aCriticalStaysCriticalWhateverTheClock() {
    estate.healthy(
        estate.workingSession(estate.policy("Gold", estate.server("bs01")), Duration.ofHours(20)),
        "db01",
        Duration.ofDays(3));

    CdpReport report = evaluateWithClock(Duration.ofHours(2));

    assertEquals(Status.CRITICAL, report.status());
  }

  private CdpReport evaluateWithClock(Duration offset) {
    return new CdpHealthService(
            behind(Optional.empty(), Optional.of(offset), estate), Clock.fixed(NOW, ZoneOffset.UTC))
        .evaluate(Selection.all(), DEFAULT);
  }

  private void healthyEstate() {
    estate.healthy(
        estate.workingSession(estate.policy("Gold", estate.server("bs01")), Duration.ofHours(20)),
        "db01",
        Duration.ofHours(1));
  }

  private static CdpReport evaluate(
      Optional<Instant> notAfter, Duration warning, TestEstate estate) {
    return new CdpHealthService(
            withCertificate(notAfter, estate), Clock.fixed(NOW, ZoneOffset.UTC), warning)
        .evaluate(Selection.all(), DEFAULT);
  }

  /** The in-memory estate, behind a certificate that expires at {@code notAfter}. */
  private static CdpSessionSource withCertificate(Optional<Instant> notAfter, TestEstate estate) {
    return behind(notAfter, Optional.empty(), estate);
  }

  /** The in-memory estate, behind that certificate and a clock {@code offset} ahead of ours. */
  private static CdpSessionSource behind(
      Optional<Instant> notAfter, Optional<Duration> offset, TestEstate estate) {
    CdpSessionSource sessions = InMemoryCdpSessionSource.of(estate);
    return new CdpSessionSource() {
      @Override
      public void taskSessions(TaskSessionQuery query, Consumer<? super CdpTaskSession> sink) {
        sessions.taskSessions(query, sink);
      }

      @Override
      public void policySessions(
          PolicySessionQuery query, Consumer<? super CdpPolicySession> sink) {
        sessions.policySessions(query, sink);
      }

      @Override
      public void policies(PolicyQuery query, Consumer<? super CdpPolicy> sink) {
        sessions.policies(query, sink);
      }

      @Override
      public Optional<CdpTaskSession> taskSession(Uid id) {
        return sessions.taskSession(id);
      }

      @Override
      public Optional<Resource> follow(Link link) {
        return sessions.follow(link);
      }

      @Override
      public Optional<Instant> certificateExpiry() {
        return notAfter;
      }

      @Override
      public Optional<Duration> clockOffset() {
        return offset;
      }
    };
  }
}
