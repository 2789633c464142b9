package io.cdpwatch.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdpwatch.core.domain.CdpTaskSession;
import io.cdpwatch.core.port.out.CdpSourceException;
import io.cdpwatch.core.port.out.CdpSourceException.Kind;
import io.cdpwatch.core.port.out.TaskSessionQuery;
import io.cdpwatch.emsim.EmSimulator;
import io.cdpwatch.emsim.Fault;
import io.cdpwatch.emsim.RequestRecord;
import io.cdpwatch.emsim.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each simulator fault gives its typed failure with a message an administrator can act on. */
class FaultTest {

  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  private static final TaskSessionQuery LAST_WEEK =
      TaskSessionQuery.since(NOW.minus(Duration.ofDays(7)));

  private static EmSimulator em;

  @BeforeAll
  static void start() {
    Scenario.Builder b = Scenario.builder().now(NOW);
    b.generate(1, 5, 10);
    em = Estates.start(b.build(), false);
  }

  @AfterAll
  static void stop() {
    em.close();
  }

  @AfterEach
  void clear() {
    em.clearFaults();
  }

  static Stream<Arguments> faults() {
    return Stream.of(
        Arguments.of("/api/sessionMngr", Fault.status(401), Kind.AUTHENTICATION, "Portal User"),
        Arguments.of("/api/query", Fault.status(403), Kind.FORBIDDEN, "403"),
        Arguments.of("/api/", Fault.status(404).times(1), Kind.NOT_FOUND, "9419"),
        Arguments.of("/api/query", Fault.status(500), Kind.SERVER, "Simulated fault"),
        Arguments.of("/api/query", Fault.status(503), Kind.SERVER, "503"),
        Arguments.of("/api/query", Fault.html(502), Kind.PROTOCOL, "text/html"),
        Arguments.of("/api/query", Fault.html(200), Kind.PROTOCOL, "text/html"),
        Arguments.of("/api/query", Fault.truncated(), Kind.PROTOCOL, "XML"),
        Arguments.of("/api/query", Fault.externalEntity(), Kind.PROTOCOL, "refused a DTD"),
        Arguments.of("/api/query", Fault.externalDtd(), Kind.PROTOCOL, "refused a DTD"),
        Arguments.of("/api/query", Fault.externalEntityFile(), Kind.PROTOCOL, "refused a DTD"),
        Arguments.of("/api/query", Fault.entityBomb(), Kind.PROTOCOL, "refused a DTD"));
  }

  @ParameterizedTest(name = "{1} on {0} -> {2}")
  @MethodSource("faults")
  void eachFaultGivesItsTypedFailure(String path, Fault fault, Kind kind, String hint) {
    em.addFault(path, fault);
    long canaries = em.counters().canaryHits();

    CdpSourceException failure = readFails(Estates.config(em).build());

    assertEquals(kind, failure.kind(), failure.getMessage());
    assertTrue(failure.getMessage().contains(hint), failure.getMessage());
    assertOneLineWithoutSecrets(failure);
    assertEquals(canaries, em.counters().canaryHits(), "nothing fetched from the canary");
    assertFalse(failure.getMessage().contains(em.canaryFileMarker()), "no file read");
  }

  @Test
  void anElementNested10000DeepIsSkippedLikeAnyUnknownElement() {
    em.addFault("/api/query", Fault.deepNesting());
    try (EmCdpSessionSource source = EmCdpSessionSource.open(Estates.config(em).build())) {
      List<CdpTaskSession> read = new ArrayList<>();
      source.taskSessions(
          new TaskSessionQuery(Instant.EPOCH, Set.of(), Optional.empty()), read::add);
      assertEquals(List.of("virt03-ubuntu01"), read.stream().map(t -> t.vmDisplayName()).toList());
      assertEquals(Optional.of("Simulated deep nesting"), read.get(0).reason());
    }
  }

  private static final TaskSessionQuery EVERYTHING =
      new TaskSessionQuery(Instant.EPOCH, Set.of(), Optional.empty());

  /** Every session, read 2 a page: the estate's 50 sessions are 25 pages. */
  private static List<CdpTaskSession> readAllInPagesOfTwo() {
    try (EmCdpSessionSource source =
        EmCdpSessionSource.open(Estates.config(em).pageSize(2).build())) {
      List<CdpTaskSession> read = new ArrayList<>();
      source.taskSessions(EVERYTHING, read::add);
      return read;
    }
  }

  private static CdpSourceException pagesOfTwoFail() {
    return assertThrows(CdpSourceException.class, FaultTest::readAllInPagesOfTwo);
  }

  @ParameterizedTest(name = "{0} on page 12 of 25")
  @MethodSource("statuses")
  void aFailedPageAmongTwentyFiveFailsTheReadNeverFewerSessions(int status) {
    assertEquals(50, readAllInPagesOfTwo().size(), "25 pages when nothing fails");
    em.addFault("/api/query?type=CdpReplicaTaskSession&page=12", Fault.status(status).times(1));

    CdpSourceException failure = pagesOfTwoFail();

    assertEquals(Kind.SERVER, failure.kind(), failure.getMessage());
    assertTrue(failure.getMessage().contains("(page 12)"), failure.getMessage());
    assertOneLineWithoutSecrets(failure);
  }

  static Stream<Integer> statuses() {
    return Stream.of(500, 503);
  }

  @Test
  void nextLinksThatSkipPagesAreNotFollowedBlindly() {
    em.addFault("/api/query", Fault.nextSkip());
    assertEquals(50, readAllInPagesOfTwo().size(), "every page read, by its number");
  }

  @Test
  void nextLinksThatLoopStopTheReadWithWhy() {
    em.addFault("/api/query", Fault.nextLoop());

    CdpSourceException failure = pagesOfTwoFail();

    assertEquals(Kind.PROTOCOL, failure.kind());
    assertTrue(failure.getMessage().contains("paging loops"), failure.getMessage());
  }

  @Test
  void aResultThatShrinksWhileReadIsNotReportedAsFewerSessions() {
    em.addFault("/api/query", Fault.shrinkingPages());

    CdpSourceException failure = pagesOfTwoFail();

    assertEquals(Kind.PROTOCOL, failure.kind());
    assertTrue(
        failure
            .getMessage()
            .contains("shrank while it was read (PagesCount 25, then 24 on page 2)"),
        failure.getMessage());
  }

  @Test
  void aConnectionClosedWithoutAnswerIsOneLine() {
    em.addFault("/api/query", Fault.reset());

    CdpSourceException failure = readFails(Estates.config(em).build());

    assertEquals(Kind.CONNECTION, failure.kind(), failure.getMessage());
    assertOneLineWithoutSecrets(failure);
  }

  @Test
  void aBodyCutShortOfItsLengthIsOneLine() {
    em.addFault("/api/query", Fault.cut());

    CdpSourceException failure = readFails(Estates.config(em).build());

    assertEquals(Kind.PROTOCOL, failure.kind(), failure.getMessage());
    assertTrue(failure.getMessage().contains("Premature end"), failure.getMessage());
    assertOneLineWithoutSecrets(failure);
  }

  @Test
  void aBodySentByteByByteIsReadWhole() {
    em.addFault("/api/query", Fault.trickle(Duration.ZERO));
    assertEquals(50, readAllInPagesOfTwo().size());
  }

  @Test
  void aGzipCompressedBodyIsReadWhole() {
    em.clearRequestLog();
    em.addFault("/api/query", Fault.gzip());
    assertEquals(50, readAllInPagesOfTwo().size());
    assertTrue(
        em.requestLog().stream()
            .filter(r -> r.target().startsWith("/api/query"))
            .allMatch(r -> r.contentEncoding().equals("gzip")),
        em.requestLog().toString());
  }

  @Test
  void aBodyTooSlowByteByByteEndsAtTheDeadline() {
    em.addFault("/api/query", Fault.trickle(Duration.ofMillis(5)));

    CdpSourceException failure =
        readFails(Estates.config(em).deadline(Duration.ofMillis(1500)).build());

    assertEquals(Kind.TIMEOUT, failure.kind(), failure.getMessage());
    assertTrue(failure.getMessage().contains("1500ms"), failure.getMessage());
  }

  @Test
  void anEndlessBodyStopsAtTheCeiling() {
    em.addFault("/api/query", Fault.hugeBody(0));

    CdpSourceException failure =
        readFails(Estates.config(em).maxBodyBytes(2 * 1024 * 1024).build());

    assertEquals(Kind.PROTOCOL, failure.kind());
    assertTrue(failure.getMessage().contains("larger than"), failure.getMessage());
  }

  @Test
  void aServerThatNeverAnswersEndsAtTheDeadline() {
    em.addFault("/api/query", Fault.hang());

    CdpSourceException failure =
        readFails(Estates.config(em).deadline(Duration.ofMillis(1500)).build());

    // The hang never ends: only the deadline can have ended the read.
    assertEquals(Kind.TIMEOUT, failure.kind(), failure.getMessage());
    assertTrue(failure.getMessage().contains("no answer from EM within 1500ms"));
  }

  @Test
  void anEmThatRefusesToSortIsReadUnsortedAndCompletely() {
    em.addFault("/api/query", Fault.status(400).times(1));
    em.clearRequestLog();

    int read;
    try (EmCdpSessionSource source = EmCdpSessionSource.open(Estates.config(em).build())) {
      List<CdpTaskSession> sessions = new ArrayList<>();
      source.taskSessions(LAST_WEEK, sessions::add);
      read = sessions.size();
    }

    List<String> queries =
        em.requestLog().stream()
            .map(RequestRecord::target)
            .filter(t -> t.startsWith("/api/query"))
            .toList();
    assertTrue(queries.get(0).contains("sortDesc=CreationTimeUTC"), queries.toString());
    assertTrue(queries.stream().skip(1).noneMatch(t -> t.contains("sortDesc")), queries.toString());
    assertEquals(expectedInLastWeek(), read);
  }

  @Test
  void slowAnswersShareOneDeadline() {
    em.addFault("/api/", Fault.latency(Duration.ofMillis(700)));

    CdpSourceException failure =
        readFails(Estates.config(em).deadline(Duration.ofMillis(1500)).build());

    assertEquals(Kind.TIMEOUT, failure.kind(), failure.getMessage());
  }

  @Test
  void unknownEnumsAndElementsAreReadNotRejected() {
    em.addFault("/api/query", Fault.unknownEnums());
    em.addFault("/api/query", Fault.unknownElements());
    try (EmCdpSessionSource source = EmCdpSessionSource.open(Estates.config(em).build())) {
      AtomicInteger count = new AtomicInteger();
      source.taskSessions(LAST_WEEK, s -> count.incrementAndGet());
      assertTrue(count.get() > 0);
    }
  }

  @Test
  void anEmWithoutCdpApiVersionsIsUnsupported() {
    Scenario.Builder b = Scenario.builder().now(NOW).supportedVersions("v1_4", "v1_5");
    try (EmSimulator old = Estates.start(b.build(), false)) {
      CdpSourceException failure = readFails(Estates.config(old).build());
      assertEquals(Kind.UNSUPPORTED, failure.kind());
      assertTrue(failure.getMessage().contains("v1_6"), failure.getMessage());
      assertEquals(0, old.counters().logons(), "no logon on an EM without CDP");
    }
  }

  @Test
  void versionsCompareNumerically() {
    Scenario.Builder b = Scenario.builder().now(NOW).supportedVersions("v1_5", "v1_10");
    try (EmSimulator future = Estates.start(b.build(), false);
        EmCdpSessionSource source = EmCdpSessionSource.open(Estates.config(future).build())) {
      source.taskSessions(LAST_WEEK, s -> {});
      assertEquals(1, future.counters().logons());
    }
  }

  @Test
  void wrongPasswordIsAnAuthenticationFailureWithTheRoleHint() {
    CdpSourceException failure =
        readFails(Estates.config(em).password("wrong".toCharArray()).build());
    assertEquals(Kind.AUTHENTICATION, failure.kind());
    assertTrue(failure.getMessage().contains("Portal Administrator"));
    assertFalse(failure.getMessage().contains("wrong"), "the password never shows");
  }

  @Test
  void connectionRefusedAndUnknownHostAreConnectionFailures() throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    CdpSourceException refused =
        readFails(Estates.config(em).baseUrl("http://127.0.0.1:" + port + "/api").build());
    assertEquals(Kind.CONNECTION, refused.kind(), refused.getMessage());

    CdpSourceException unknown =
        readFails(Estates.config(em).baseUrl("https://em.invalid:9398/api").build());
    assertEquals(Kind.CONNECTION, unknown.kind(), unknown.getMessage());
    assertTrue(unknown.getMessage().contains("unknown host"), unknown.getMessage());
  }

  private static int expectedInLastWeek() {
    return (int)
        em.scenario().taskSessions().stream()
            .filter(t -> !t.created().isBefore(LAST_WEEK.createdSince()))
            .count();
  }

  private static CdpSourceException readFails(EmClientConfig config) {
    try (EmCdpSessionSource source = EmCdpSessionSource.open(config)) {
      return assertThrows(CdpSourceException.class, () -> source.taskSessions(LAST_WEEK, s -> {}));
    }
  }

  static void assertOneLineWithoutSecrets(CdpSourceException failure) {
    String message = failure.getMessage();
    assertFalse(message.contains("\n"), message);
    assertNoClassNames(message);
    assertFalse(message.contains(em.password()), message);
  }

  static void assertNoClassNames(String message) {
    assertFalse(
        message.matches("(?s).*\\b(java|javax|sun|org|jakarta|com)\\.[a-z]+\\..*"), message);
  }
}
