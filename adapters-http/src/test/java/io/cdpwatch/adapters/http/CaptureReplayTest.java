package io.cdpwatch.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdpwatch.adapters.http.Capture.Exchange;
import io.cdpwatch.adapters.http.Capture.Field;
import io.cdpwatch.core.domain.CdpTaskSession;
import io.cdpwatch.core.domain.Uid;
import io.cdpwatch.core.port.out.CdpSourceException;
import io.cdpwatch.core.port.out.CdpSourceException.Kind;
import io.cdpwatch.core.port.out.TaskSessionQuery;
import io.cdpwatch.emsim.CdpPolicy;
import io.cdpwatch.emsim.EmSimulator;
import io.cdpwatch.emsim.Scenario;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Captures replayed through the client's real parsing path: a capture of the simulator gives what
 * the simulator gave, and one whose answers are the excerpts of real EM servers ({@code
 * src/test/resources/real/}) gives their domain values or typed failures, with no network.
 */
class CaptureReplayTest {

  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  private static final TaskSessionQuery LAST_DAY =
      TaskSessionQuery.since(NOW.minus(Duration.ofDays(1)));

  private static EmSimulator em;
  private static Scenario scenario;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    Scenario.Builder b = Scenario.builder().now(NOW);
    CdpPolicy policy = b.policy(b.backupServer("vbr01"), "CDP Tier-1");
    b.dailyPolicySessions(policy, 2, b.ago(Duration.ofHours(10)));
    for (String vm : List.of("erp 01", "web \"02\"")) {
      b.vm(policy, vm, 3, Duration.ofHours(8), b.ago(Duration.ofHours(1)), "", "Success");
    }
    scenario = b.build();
    em = Estates.start(scenario, false);
  }

  @AfterAll
  static void stop() {
    em.close();
  }

  @Test
  void aCaptureOfTheSimulatorReplaysItsSessionsWithoutIt() {
    Path capture = dir.resolve("capture");
    List<CdpTaskSession> live = tasks(recording(capture));
    int requests = em.requestLog().size();

    List<CdpTaskSession> replayed = tasks(replaying(capture));

    assertEquals(6, live.size());
    assertEquals(live, replayed);
    assertEquals(requests, em.requestLog().size(), "the replay sent nothing to EM");
  }

  @Test
  void theRealErrorWithoutAStatusIsATypedFailureWithEmsMessage() throws IOException {
    Path capture = dir.resolve("capture");
    String id = scenario.taskSessions().get(0).id();
    try (EmCdpSessionSource source = EmCdpSessionSource.open(recording(capture))) {
      source.taskSession(Uid.parseOrId(id, CdpTaskSession.TYPE));
    }
    answer(capture, "GET /api/cdpReplicaTaskSessions/", 500, "error-500-no-status.xml");

    CdpSourceException e;
    try (EmCdpSessionSource source = EmCdpSessionSource.open(replaying(capture))) {
      e =
          assertThrows(
              CdpSourceException.class,
              () -> source.taskSession(Uid.parseOrId(id, CdpTaskSession.TYPE)));
    }

    assertEquals(Kind.SERVER, e.kind(), e.getMessage());
    assertTrue(
        e.getMessage().contains("Object reference not set to an instance of an object."),
        e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  @Test
  void aRealQueryResultOfAnotherTypeGivesNoTaskSession() throws IOException {
    Path capture = dir.resolve("capture");
    tasks(recording(capture));
    answer(capture, "GET /api/query?type=CdpReplicaTaskSession", 200, "query-9.5-job-refs.xml");

    assertEquals(List.of(), tasks(replaying(capture)));
  }

  @Test
  void aRequestTheCaptureLacksNamesItselfInOneLine() {
    Path capture = dir.resolve("capture");
    tasks(recording(capture));

    CdpSourceException e =
        assertThrows(
            CdpSourceException.class,
            () -> {
              try (EmCdpSessionSource source = EmCdpSessionSource.open(replaying(capture))) {
                source.taskSessions(TaskSessionQuery.since(NOW.minus(Duration.ofDays(2))), t -> {});
              }
            });

    assertEquals(Kind.CONFIGURATION, e.kind());
    assertTrue(
        e.getMessage().contains(" holds no answer to GET /api/query?type=CdpReplicaTaskSession"),
        e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  @Test
  void aDirectoryInUseIsNoPlaceForACapture() throws IOException {
    Path capture = Files.createDirectories(dir.resolve("busy"));
    Files.writeString(capture.resolve("notes.txt"), "mine");
    int requests = em.requestLog().size();

    CdpSourceException e =
        assertThrows(CdpSourceException.class, () -> EmCdpSessionSource.open(recording(capture)));

    assertEquals(Kind.CONFIGURATION, e.kind());
    assertEquals(
        "cannot write the capture into %s: it is not empty (a capture needs a directory of its own)"
            .formatted(capture),
        e.getMessage());
    assertEquals(requests, em.requestLog().size(), "nothing was sent");
  }

  private static EmClientConfig recording(Path capture) {
    return Estates.config(em).clock(Clock.fixed(NOW, ZoneOffset.UTC)).dump(capture, false).build();
  }

  private static EmClientConfig replaying(Path capture) {
    return EmClientConfig.builder()
        .baseUrl(em.baseUrl())
        .username(em.user())
        .password(new char[0])
        .replay(capture)
        .build();
  }

  private static List<CdpTaskSession> tasks(EmClientConfig config) {
    List<CdpTaskSession> found = new ArrayList<>();
    try (EmCdpSessionSource source = EmCdpSessionSource.open(config)) {
      source.taskSessions(LAST_DAY, found::add);
    }
    return found;
  }

  /** Replaces the answer to the first request starting with {@code request} by a real one. */
  private static void answer(Path capture, String request, int status, String fixture)
      throws IOException {
    byte[] body;
    try (InputStream in = CaptureReplayTest.class.getResourceAsStream("/real/" + fixture)) {
      body = in.readAllBytes();
    }
    for (Path file : Capture.exchangeFiles(capture)) {
      Exchange recorded = Capture.parse(file);
      if (recorded.describe().startsWith(request)) {
        Exchange real =
            new Exchange(
                recorded.method(),
                recorded.target(),
                recorded.requestHeaders(),
                status,
                List.of(new Field("Content-Type", "application/xml; charset=utf-8")),
                body,
                "");
        Capture.write(file, Capture.format(real));
        return;
      }
    }
    throw new AssertionError("no " + request + " in " + capture + ": " + Optional.empty());
  }
}
