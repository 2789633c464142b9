package io.cdpwatch.adapters.nagios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdpwatch.cli.EmSources;
import io.cdpwatch.emsim.EmSimulator;
import io.cdpwatch.emsim.Fault;
import io.cdpwatch.emsim.PasswordFile;
import io.cdpwatch.emsim.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * check_veeam_cdp against EMs that refuse our filter field, refuse filters and sorts, or ignore
 * filters: the same output and exit status as against an EM that takes the documented query.
 */
class QueryDialectsTest {

  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

  @TempDir static Path dir;
  private static EmSimulator em;
  private static Path passwordFile;
  private static Run normal;

  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void start() throws IOException {
    Scenario.Builder b = Scenario.builder().now(NOW).credentials("monitor", "right-password");
    var server = b.backupServer("bs01");
    var gold = b.policy(server, "Gold");
    var silver = b.policy(server, "Silver");
    b.dailyPolicySessions(gold, 3, b.ago(Duration.ofHours(3)));
    b.dailyPolicySessions(silver, 3, b.ago(Duration.ofHours(5)));
    b.vm(gold, "db01", 9, Duration.ofHours(8), b.ago(Duration.ofHours(1)), "", "Success");
    b.vm(gold, "db02", 9, Duration.ofHours(8), b.ago(Duration.ofHours(2)), "Error: disk", "Failed");
    b.vm(silver, "web 01", 9, Duration.ofHours(8), b.ago(Duration.ofHours(1)), "", "Success");
    b.vm(silver, "old app", 6, Duration.ofHours(8), b.ago(Duration.ofDays(3)), "", "Success");
    em = EmSimulator.start(b.build());
    passwordFile = PasswordFile.write(dir.resolve("pw"), "right-password\n");
    normal = check(dir.resolve("cache-normal"));
  }

  @AfterEach
  void clearFaults() {
    em.clearFaults();
  }

  @AfterAll
  static void stop() {
    em.stop();
  }

  @Test
  void theNormalRunFindsTheFailedAndTheStaleVm() {
    assertEquals(2, normal.exit(), normal.out());
    assertTrue(normal.out().contains("db02"), normal.out());
    assertTrue(normal.out().contains("old app"), normal.out());
  }

  @Test
  void anEmRefusingCreationTimeUtcGivesTheSameOutput() {
    em.addFault("/api/query", Fault.refuseFilterField("CreationTimeUTC"));
    Run run = check(dir.resolve("cache-utc"));

    assertEquals(normal.exit(), run.exit());
    assertEquals(normal.out(), run.out());
    assertTrue(
        run.err().contains("CdpReplicaTaskSession query as 'filter on CreationTime, sorted'"),
        run.err());
    assertTrue(run.err().contains("entities read in"), run.err());
  }

  @Test
  void anEmRefusingAllFiltersAndSortsGivesTheSameOutput() {
    em.addFault("/api/query", Fault.refuseFilters());
    Run run = check(dir.resolve("cache-none"));

    assertEquals(normal.out(), run.out());
    assertTrue(run.err().contains("query as 'paging only'"), run.err());
  }

  @Test
  void anEmIgnoringFiltersGivesTheSameOutput() {
    em.addFault("/api/query", Fault.ignoreFilters());

    assertEquals(normal.out(), check(dir.resolve("cache-ignore")).out());
  }

  @Test
  void theVerboseLogNamesNoSessionIdNorToken() {
    em.addFault("/api/query", Fault.refuseFilterField("CreationTimeUTC"));
    Run run = check(dir.resolve("cache-secret"));

    assertFalse(run.err().matches("(?s).*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-.*"), run.err());
  }

  private static Run check(Path cache) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--url",
                em.baseUrl(),
                "-u",
                "monitor",
                "--password-file",
                passwordFile.toString(),
                "--session-cache",
                cache.toString(),
                "-v"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        CheckVeeamCdp.run(
            args,
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Clock.fixed(NOW, ZoneOffset.UTC),
            EmSources::open);
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
