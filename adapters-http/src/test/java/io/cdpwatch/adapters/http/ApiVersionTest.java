package io.cdpwatch.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdpwatch.core.port.out.CdpSourceException;
import io.cdpwatch.core.port.out.CdpSourceException.Kind;
import io.cdpwatch.core.port.out.TaskSessionQuery;
import io.cdpwatch.emsim.EmSimulator;
import io.cdpwatch.emsim.Fault;
import io.cdpwatch.emsim.RequestRecord;
import io.cdpwatch.emsim.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The logon's API version: EM answers a version it does not support with 401, as it answers a wrong
 * password, and its entry document tells the two apart.
 */
class ApiVersionTest {

  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  private static final TaskSessionQuery LAST_WEEK =
      TaskSessionQuery.since(NOW.minus(Duration.ofDays(7)));

  @TempDir Path cache;

  private static EmSimulator start(String... versions) {
    Scenario.Builder b = Scenario.builder().now(NOW).supportedVersions(versions);
    b.generate(1, 2, 3);
    return Estates.start(b.build(), false);
  }

  @Test
  void anEmThatTakesOurVersionIsLoggedOnToWithItAlone() {
    try (EmSimulator em = start("v1_5", "v1_6", "v1_7")) {
      read(Estates.config(em).build());

      assertEquals(List.of("POST /api/sessionMngr/?v=v1_7"), logons(em));
      assertEquals(0, em.counters().requests("/api/"), "no entry document needed");
    }
  }

  @Test
  void anEmWithoutOurVersionButWithAnotherOneWithCdpIsLoggedOnToWithThat() {
    try (EmSimulator em = start("v1_5", "v1_6", "v1_7")) {
      em.addFault("/api/", Fault.unsupportedVersion("v1_7"));

      assertTrue(read(Estates.config(em).build()) > 0);

      assertTrue(
          exchanges(em)
              .containsAll(
                  List.of(
                      "POST /api/sessionMngr/?v=v1_7 -> 401",
                      "GET /api/ -> 200",
                      "POST /api/sessionMngr/?v=v1_6 -> 201")),
          exchanges(em).toString());
      assertEquals(2, logons(em).size());
      assertEquals(1, em.counters().logons());
      assertEquals(0, em.counters().failedLogons(), "never taken for a wrong password");
    }
  }

  @Test
  void anEmWithoutAnyVersionWithCdpIsUnsupportedNotAWrongPassword() {
    try (EmSimulator em = start("v1_5", "v1_7")) {
      em.addFault("/api/", Fault.unsupportedVersion("v1_7"));

      CdpSourceException failure = fails(Estates.config(em).build());

      assertEquals(Kind.UNSUPPORTED, failure.kind());
      assertEquals(
          ("EM does not support REST API version v1_7 (EM at 127.0.0.1:%d offers v1_5): CDP"
                  + " needs v1_6 or later (Enterprise Manager 11 or newer): upgrade Enterprise"
                  + " Manager")
              .formatted(em.port()),
          failure.getMessage());
      assertEquals(0, em.counters().logons());
    }
  }

  @Test
  void aWrongPasswordOnAnEmThatListsOurVersionIsAWrongPassword() {
    try (EmSimulator em = start("v1_5", "v1_6", "v1_7")) {
      CdpSourceException failure =
          fails(Estates.config(em).password("wrong".toCharArray()).build());

      assertEquals(Kind.AUTHENTICATION, failure.kind());
      assertTrue(failure.getMessage().contains("check user name and password"));
      assertFalse(failure.getMessage().contains("version"), failure.getMessage());
      assertEquals(1, em.counters().failedLogons(), "one try of the password, not two");
    }
  }

  @Test
  void aWrongPasswordOnAnEmWithoutOurVersionIsStillAWrongPassword() {
    try (EmSimulator em = start("v1_5", "v1_6", "v1_7")) {
      em.addFault("/api/", Fault.unsupportedVersion("v1_7"));

      CdpSourceException failure =
          fails(Estates.config(em).password("wrong".toCharArray()).build());

      assertEquals(Kind.AUTHENTICATION, failure.kind());
      assertEquals(1, em.counters().failedLogons());
      assertEquals(2, logons(em).size(), "ours, then the one EM offers; no more");
    }
  }

  @Test
  void aCachedSessionRenewedAfterEmDroppedOurVersionLogsOnWithTheOneItOffers() {
    try (EmSimulator em = start("v1_5", "v1_6", "v1_7")) {
      read(Estates.config(em, cache).build());
      em.addFault("/api/", Fault.unsupportedVersion("v1_7"));
      em.expireAllTokens();

      assertTrue(read(Estates.config(em, cache).build()) > 0);

      assertEquals(2, em.counters().logons());
      assertEquals(
          List.of(
              "POST /api/sessionMngr/?v=v1_6",
              "POST /api/sessionMngr/?v=v1_7",
              "POST /api/sessionMngr/?v=v1_7"),
          logons(em).stream().sorted().toList(),
          "ours twice (the first run, the renewal), then the one EM still offers");
    }
  }

  private static int read(EmClientConfig config) {
    AtomicInteger count = new AtomicInteger();
    try (EmCdpSessionSource source = EmCdpSessionSource.open(config)) {
      source.taskSessions(LAST_WEEK, s -> count.incrementAndGet());
    }
    return count.get();
  }

  private static CdpSourceException fails(EmClientConfig config) {
    try (EmCdpSessionSource source = EmCdpSessionSource.open(config)) {
      CdpSourceException failure =
          assertThrows(CdpSourceException.class, () -> source.taskSessions(LAST_WEEK, s -> {}));
      FaultTest.assertNoClassNames(failure.getMessage());
      assertFalse(failure.getMessage().contains("wrong"), "the password never shows");
      return failure;
    }
  }

  private static List<String> logons(EmSimulator em) {
    return em.requestLog().stream()
        .filter(r -> r.method().equals("POST"))
        .map(r -> r.method() + " " + r.target())
        .toList();
  }

  /** Every request with its status, in the order the simulator logged them (not always sent). */
  private static List<String> exchanges(EmSimulator em) {
    return em.requestLog().stream().map(ApiVersionTest::exchange).toList();
  }

  private static String exchange(RequestRecord r) {
    return r.method() + " " + r.target() + " -> " + r.status();
  }
}
