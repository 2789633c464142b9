package io.cdpwatch.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdpwatch.core.domain.BackupServer;
import io.cdpwatch.core.domain.CdpPolicy;
import io.cdpwatch.core.domain.CdpPolicySession;
import io.cdpwatch.core.domain.CdpTaskSession;
import io.cdpwatch.core.domain.Link;
import io.cdpwatch.core.domain.Resource;
import io.cdpwatch.core.domain.SessionResult;
import io.cdpwatch.core.domain.TaskState;
import io.cdpwatch.core.domain.Uid;
import io.cdpwatch.core.port.out.CdpSessionSource;
import io.cdpwatch.core.port.out.PolicyQuery;
import io.cdpwatch.core.port.out.PolicySessionQuery;
import io.cdpwatch.core.port.out.TaskSessionQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link CdpSessionSource} must have. The in-memory fake and the HTTP adapter
 * (against the EM simulator) both extend this class, so the use case can trust either.
 */
public abstract class CdpSessionSourceContract {

  protected static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

  protected TestEstate estate;
  protected CdpSessionSource source;
  protected BackupServer london;
  protected BackupServer paris;
  protected CdpPolicy gold;
  protected CdpPolicy silver;
  protected CdpPolicySession goldToday;
  protected CdpPolicySession goldYesterday;
  protected CdpPolicySession silverToday;
  protected CdpTaskSession failedDb;
  protected CdpTaskSession quirkyName;

  /** A source that serves exactly {@code estate}, whose "now" is {@link #NOW}. */
  protected abstract CdpSessionSource sourceFor(TestEstate estate);

  @BeforeEach
  void buildEstate() {
    estate = TestEstate.at(NOW);
    london = estate.server("london-bs01.example.com");
    paris = estate.server("paris-bs02.example.com");
    gold =
        estate.policy(
            "CDP Gold",
            london,
            TestEstate.longTermEvery(Duration.ofHours(8)),
            List.of(
                TestEstate.includedVm("db01"),
                TestEstate.includedVm("web 01"),
                TestEstate.includedFolder("Gold canaries")));
    silver = estate.policy("CDP \"Silver\" Paris", paris);
    goldYesterday =
        estate.policySession(gold, Duration.ofHours(30), "Stopped", "Failed", "Proxy lost");
    goldToday = estate.workingSession(gold, Duration.ofHours(6));
    silverToday =
        estate.policySession(silver, Duration.ofHours(5), "Working", "Postprocessing", null);
    estate.healthy(goldYesterday, "db01", Duration.ofHours(29));
    failedDb =
        estate.taskSession(
            goldToday,
            "db01",
            Duration.ofHours(5),
            "InProgress",
            "Failed",
            "Disk full on target datastore");
    estate.healthy(goldToday, "web 01", Duration.ofHours(4));
    quirkyName =
        estate.taskSession(
            silverToday, "app \"x\" | Zürich", Duration.ofHours(3), "Completed", "Warning", "Slow");
    estate.taskSession(silverToday, "mail01", Duration.ofHours(2), "Pending", "None", null);
    source = sourceFor(estate);
  }

  @Test
  void taskSessionsSinceAnInstantAreAllReturnedOnceAndNoOlderOne() {
    List<CdpTaskSession> read =
        taskSessions(TaskSessionQuery.since(NOW.minus(Duration.ofHours(5))));

    assertEquals(
        Set.of("db01", "web 01", "app \"x\" | Zürich", "mail01"),
        read.stream().map(CdpTaskSession::vmDisplayName).collect(Collectors.toSet()));
    assertEquals(4, read.size(), "each session exactly once");
  }

  @Test
  void theCreationInstantItselfIsIncluded() {
    List<CdpTaskSession> read = taskSessions(TaskSessionQuery.since(failedDb.creationTime()));

    assertTrue(read.stream().anyMatch(s -> s.id().equals(failedDb.id())));
  }

  @Test
  void taskSessionsNarrowByExactVmNamesEvenWithQuotesPipesAndSpaces() {
    List<CdpTaskSession> read =
        taskSessions(
            new TaskSessionQuery(
                NOW.minus(Duration.ofDays(7)),
                Set.of("app \"x\" | Zürich", "web 01"),
                Optional.empty()));

    assertEquals(
        Set.of("app \"x\" | Zürich", "web 01"),
        read.stream().map(CdpTaskSession::vmDisplayName).collect(Collectors.toSet()));
  }

  @Test
  void namesKeepTheirSpacesSoThatExactSelectionFindsThem() {
    estate.healthy(goldToday, " padded vm ", Duration.ofHours(1));
    source = sourceFor(estate);

    List<CdpTaskSession> read =
        taskSessions(
            new TaskSessionQuery(
                NOW.minus(Duration.ofDays(7)), Set.of(" padded vm "), Optional.empty()));

    assertEquals(List.of(" padded vm "), read.stream().map(CdpTaskSession::vmDisplayName).toList());
  }

  @Test
  void taskSessionsNarrowByBackupServer() {
    List<CdpTaskSession> read =
        taskSessions(
            new TaskSessionQuery(
                NOW.minus(Duration.ofDays(7)), Set.of(), Optional.of("paris-bs02.example.com")));

    assertEquals(
        Set.of("app \"x\" | Zürich", "mail01"),
        read.stream().map(CdpTaskSession::vmDisplayName).collect(Collectors.toSet()));
  }

  @Test
  void taskSessionFieldsSurviveTheTripIncludingUndocumentedValues() {
    CdpTaskSession read =
        taskSessions(TaskSessionQuery.since(NOW.minus(Duration.ofDays(7)))).stream()
            .filter(s -> s.vmDisplayName().equals("mail01"))
            .findFirst()
            .orElseThrow();

    assertEquals(TaskState.PENDING, read.state().known().orElseThrow());
    assertTrue(read.result().known().isEmpty(), "None is not a documented task result");
    assertEquals("None", read.result().raw());
    assertEquals(Optional.empty(), read.reason());
    assertEquals(Optional.empty(), read.endTime());
    assertEquals(silverToday.id(), read.policySessionUid());
    assertEquals(
        Optional.of("paris-bs02.example.com"), read.backupServerLink().flatMap(Link::name));
  }

  @Test
  void aFailedSessionKeepsItsReasonAndTimes() {
    CdpTaskSession read = source.taskSession(failedDb.id()).orElseThrow();

    assertEquals(SessionResult.FAILED, read.result().known().orElseThrow());
    assertEquals(Optional.of("Disk full on target datastore"), read.reason());
    assertEquals(failedDb.creationTime(), read.creationTime());
    assertEquals("db01", read.vmDisplayName());
  }

  @Test
  void anUnknownTaskSessionIsEmpty() {
    assertEquals(
        Optional.empty(),
        source.taskSession(new Uid(CdpTaskSession.TYPE, "00000000-0000-0000-0000-00000000dead")));
  }

  @Test
  void policySessionsSinceAnInstantNarrowByPolicyAndServer() {
    List<CdpPolicySession> all =
        policySessions(PolicySessionQuery.since(NOW.minus(Duration.ofDays(7))));
    List<CdpPolicySession> gold =
        policySessions(
            new PolicySessionQuery(
                NOW.minus(Duration.ofDays(7)), Set.of("CDP Gold"), Optional.empty()));
    List<CdpPolicySession> paris =
        policySessions(
            new PolicySessionQuery(
                NOW.minus(Duration.ofDays(7)), Set.of(), Optional.of("paris-bs02.example.com")));
    List<CdpPolicySession> recent =
        policySessions(PolicySessionQuery.since(NOW.minus(Duration.ofHours(10))));

    assertEquals(3, all.size());
    assertEquals(Set.of(goldToday.id(), goldYesterday.id()), ids(gold));
    assertEquals(Set.of(silverToday.id()), ids(paris));
    assertEquals(Set.of(goldToday.id(), silverToday.id()), ids(recent));
  }

  @Test
  void policySessionFieldsSurviveTheTrip() {
    CdpPolicySession stopped =
        policySessions(PolicySessionQuery.since(NOW.minus(Duration.ofDays(7)))).stream()
            .filter(s -> s.id().equals(goldYesterday.id()))
            .findFirst()
            .orElseThrow();

    assertEquals("CDP Gold", stopped.policyName());
    assertEquals(gold.id(), stopped.policyUid());
    assertEquals("Stopped", stopped.state().raw());
    assertEquals(SessionResult.FAILED, stopped.result().known().orElseThrow());
    assertEquals(Optional.of("Proxy lost"), stopped.failureMessage());
    assertEquals(goldYesterday.creationTime(), stopped.creationTime());
  }

  @Test
  void followingUpLinksReachesPolicySessionPolicyAndBackupServer() {
    CdpTaskSession task = source.taskSession(quirkyName.id()).orElseThrow();

    Resource parent = source.follow(task.policySessionLink().orElseThrow()).orElseThrow();
    CdpPolicySession session = assertInstanceOf(CdpPolicySession.class, parent);
    Resource policy = source.follow(session.policyLink().orElseThrow()).orElseThrow();
    Resource server = source.follow(task.backupServerLink().orElseThrow()).orElseThrow();

    assertEquals(silverToday.id(), session.id());
    CdpPolicy silverPolicy = assertInstanceOf(CdpPolicy.class, policy);
    assertEquals("CDP \"Silver\" Paris", silverPolicy.name());
    assertEquals(Optional.of("VMware"), silverPolicy.platform());
    assertEquals(Optional.of(true), silverPolicy.scheduleEnabled());
    BackupServer parisServer = assertInstanceOf(BackupServer.class, server);
    assertEquals("paris-bs02.example.com", parisServer.name());
    assertEquals(Optional.of("13.0.1.1071"), parisServer.version());
    assertEquals(OptionalInt.of(9392), parisServer.port());
  }

  @Test
  void aLargeEstateIsReadCompletely() {
    for (int i = 0; i < 250; i++) {
      estate.healthy(goldToday, "bulk-vm-%03d".formatted(i), Duration.ofMinutes(i + 1));
    }
    source = sourceFor(estate);

    List<CdpTaskSession> read =
        taskSessions(TaskSessionQuery.since(NOW.minus(Duration.ofHours(6))));

    assertEquals(254, read.size(), "250 added and 4 from the base estate");
    assertEquals(254, read.stream().map(CdpTaskSession::id).distinct().count());
  }

  protected final List<CdpTaskSession> taskSessions(TaskSessionQuery query) {
    List<CdpTaskSession> read = new ArrayList<>();
    source.taskSessions(query, read::add);
    return read;
  }

  protected final List<CdpPolicySession> policySessions(PolicySessionQuery query) {
    List<CdpPolicySession> read = new ArrayList<>();
    source.policySessions(query, read::add);
    return read;
  }

  private static Set<Uid> ids(List<CdpPolicySession> sessions) {
    return sessions.stream().map(CdpPolicySession::id).collect(Collectors.toSet());
  }

  @Test
  void policiesComeWithWhatTheyPromiseAndWhatTheyInclude() {
    List<CdpPolicy> read = new ArrayList<>();
    source.policies(PolicyQuery.all(), read::add);

    assertEquals(
        Set.of("CDP Gold", "CDP \"Silver\" Paris"),
        read.stream().map(CdpPolicy::name).collect(Collectors.toSet()));
    CdpPolicy readGold = read.stream().filter(p -> p.id().equals(gold.id())).findFirst().get();
    assertEquals(gold.settings(), readGold.settings());
    assertEquals(Optional.of("london-bs01.example.com"), readGold.backupServerName());
    assertEquals(
        List.of("db01:true", "web 01:true", "Gold canaries:false"),
        readGold.includes().stream().map(o -> o.label() + ":" + o.isVm()).toList());
    CdpPolicy readSilver = read.stream().filter(p -> p.id().equals(silver.id())).findFirst().get();
    assertEquals(List.of(), readSilver.includes());
  }

  @Test
  void policiesAreNarrowedByNameAndBackupServer() {
    List<String> byName = new ArrayList<>();
    source.policies(
        new PolicyQuery(Set.of("CDP Gold"), Optional.empty()), p -> byName.add(p.name()));
    assertEquals(List.of("CDP Gold"), byName);

    List<String> byServer = new ArrayList<>();
    source.policies(
        new PolicyQuery(Set.of(), Optional.of("paris-bs02.example.com")),
        p -> byServer.add(p.name()));
    assertEquals(List.of("CDP \"Silver\" Paris"), byServer);
  }
}
