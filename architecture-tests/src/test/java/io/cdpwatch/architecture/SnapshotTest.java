package io.cdpwatch.architecture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdpwatch.adapters.nagios.CheckVeeamCdp;
import io.cdpwatch.adapters.zabbix.ZbxVeeamCdp;
import io.cdpwatch.cli.EmSources;
import io.cdpwatch.cli.Watchdog;
import io.cdpwatch.emsim.EmSimulator;
import io.cdpwatch.emsim.Fault;
import io.cdpwatch.emsim.PasswordFile;
import io.cdpwatch.emsim.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One fetch, many checks: runs of both commands within {@code --snapshot-max-age} judge from the
 * snapshot the last refresh wrote instead of calling EM; an older, corrupt or foreign snapshot is
 * never judged as current.
 */
class SnapshotTest {

  @TempDir Path dir;

  private Scenario scenario;
  private EmSimulator simulator;
  private Path password;
  private Path cache;

  @BeforeEach
  void start() throws IOException {
    scenario = Scenario.load(Path.of("../em-simulator/scenarios/test/demo.scenario"));
    simulator = EmSimulator.start(scenario);
    password = PasswordFile.write(dir.resolve("pw"), simulator.password() + "\n");
    cache = dir.resolve("cache");
  }

  @AfterEach
  void stop() {
    simulator.stop();
  }

  /** What one run printed and returned. */
  record Run(int exit, String out, String err) {}

  private List<String> connection(Path passwordFile, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--url", simulator.baseUrl(),
                "-u", simulator.user(),
                "--password-file", passwordFile.toString(),
                "--session-cache", cache.toString()));
    args.addAll(List.of(more));
    return args;
  }

  private Run check(Duration later, String... more) {
    return check(password, later, more);
  }

  private Run check(Path passwordFile, Duration later, String... more) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        CheckVeeamCdp.run(
            connection(passwordFile, more),
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            clockAt(later),
            EmSources.opener(Map.of(), Optional.empty()));
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Run zabbix(String mode, Duration later, String... more) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> args = new ArrayList<>(List.of(mode));
    args.addAll(connection(password, more));
    int exit =
        ZbxVeeamCdp.run(
            args,
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            clockAt(later),
            EmSources.opener(Map.of(), Optional.empty()),
            (servers, host, key, value, at, timeout) -> {
              throw new AssertionError(mode + " sends nothing");
            },
            Watchdog.NONE);
    return new Run(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Clock clockAt(Duration later) {
    return Clock.fixed(scenario.now().plus(later), ZoneOffset.UTC);
  }

  private long queries() {
    return simulator.counters().requests("/api/query");
  }

  private List<Path> snapshots() throws IOException {
    try (Stream<Path> files = Files.list(cache)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".bin")).sorted().toList();
    }
  }

  @Test
  void runsOfBothCommandsWithinTheMaxAgeJudgeFromTheSnapshotWithoutCallingEm() {
    Run first = check(Duration.ZERO, "-v");
    assertEquals(2, first.exit(), first.out() + first.err());
    assertTrue(first.err().contains(", refreshed"), first.err());
    long afterRefresh = simulator.counters().requests();
    assertTrue(queries() > 0, "the refresh read EM");

    Run again = check(Duration.ofSeconds(30), "-v");
    Run quiet = check(Duration.ofSeconds(30));
    Run collect = zabbix("collect", Duration.ofSeconds(40), "-v");
    Run discovery = zabbix("discovery", Duration.ofSeconds(50));

    assertEquals(afterRefresh, simulator.counters().requests(), "no request within the max age");
    assertTrue(again.err().contains("snapshot of 30 s ago used"), again.err());
    assertTrue(collect.err().contains("snapshot of 40 s ago used"), collect.err());
    assertEquals(0, collect.exit(), collect.out() + collect.err());
    assertEquals(0, discovery.exit(), discovery.out() + discovery.err());
    // What the snapshot gives is what EM gives: the same verdict as a direct read at that moment.
    Run direct = check(Duration.ofSeconds(30), "--snapshot-max-age", "0");
    assertEquals(direct.exit(), quiet.exit());
    assertEquals(direct.out(), quiet.out());
    assertEquals(
        zabbix("discovery", Duration.ofSeconds(50), "--snapshot-max-age", "0").out(),
        discovery.out());
  }

  @Test
  void aSelectionAndItsThresholdsAreJudgedPerRunFromOneSnapshot() {
    check(Duration.ZERO);
    long afterRefresh = simulator.counters().requests();

    Run oneVm = check(Duration.ofSeconds(5), "--vm", "erp-db01");
    Run strict = check(Duration.ofSeconds(5), "--vm", "erp-db01", "-w", "1s", "-c", "2s");

    assertEquals(afterRefresh, simulator.counters().requests());
    assertEquals(
        check(Duration.ofSeconds(5), "--vm", "erp-db01", "--snapshot-max-age", "0").out(),
        oneVm.out());
    assertEquals(
        check(
                Duration.ofSeconds(5),
                "--vm",
                "erp-db01",
                "-w",
                "1s",
                "-c",
                "2s",
                "--snapshot-max-age",
                "0")
            .out(),
        strict.out());
    assertNotEquals(oneVm.out(), strict.out(), "the thresholds are this run's own");
  }

  @Test
  void aSnapshotOlderThanTheMaxAgeIsRefreshedAndNeverJudgedAsCurrent() {
    check(Duration.ZERO);
    long afterRefresh = queries();
    simulator.addFault("/api/query", Fault.status(500));

    Run within = check(Duration.ofSeconds(60));
    Run stale = check(Duration.ofSeconds(61));
    Run shorter = check(Duration.ofSeconds(20), "--snapshot-max-age", "10s");

    assertEquals(2, within.exit(), "a 60 s old snapshot is still current by default");
    assertEquals(
        3, stale.exit(), "older: EM is read, and its failure is the verdict\n" + stale.out());
    assertTrue(stale.out().startsWith("CDP UNKNOWN"), stale.out());
    assertEquals(3, shorter.exit(), shorter.out());
    assertTrue(queries() > afterRefresh, "the stale runs read EM");
  }

  @Test
  void maxAgeZeroReadsEmEveryTimeAndWritesNoSnapshot() throws IOException {
    check(Duration.ZERO, "--snapshot-max-age", "0");
    long once = queries();
    check(Duration.ofSeconds(1), "--snapshot-max-age", "0");

    assertEquals(2 * once, queries());
    assertEquals(List.of(), snapshots());
  }

  @Test
  void aCorruptSnapshotIsIgnoredAndReplaced() throws IOException {
    check(Duration.ZERO);
    Path file = snapshots().get(0);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(file, bytes);
    long before = queries();

    Run afterDamage = check(Duration.ofSeconds(5));
    long afterRefresh = queries();
    Files.writeString(file, "");
    Run afterEmpty = check(Duration.ofSeconds(5));

    assertTrue(afterRefresh > before, "a damaged snapshot is not used");
    assertTrue(queries() > afterRefresh, "an empty snapshot is not used");
    Run direct = check(Duration.ofSeconds(5), "--snapshot-max-age", "0");
    assertEquals(direct.out(), afterDamage.out());
    assertEquals(direct.out(), afterEmpty.out());
    long fixed = queries();
    check(Duration.ofSeconds(7));
    assertEquals(fixed, queries(), "the refresh replaced it with a good one");
  }

  @Test
  void aSnapshotOthersCanReadOrALinkIsNeverJudgedNorFollowed() throws IOException {
    check(Duration.ZERO);
    Path file = snapshots().get(0);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    long before = queries();
    check(Duration.ofSeconds(5));
    assertTrue(queries() > before, "a snapshot others could change is not judged");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

    Path elsewhere = Files.copy(file, dir.resolve("planted.bin"));
    Files.delete(file);
    Files.createSymbolicLink(file, elsewhere);
    byte[] planted = Files.readAllBytes(elsewhere);
    before = queries();
    check(Duration.ofSeconds(6));
    assertTrue(queries() > before, "a link is not followed");
    assertFalse(Files.isSymbolicLink(file), "the link was replaced by a snapshot of our own");
    assertArrayEquals(planted, Files.readAllBytes(elsewhere), "its target is untouched");
  }

  @Test
  void theSnapshotIsOwnerOnlyAndKeyedByEmAccountPasswordAndLookBack() throws IOException {
    check(Duration.ZERO);
    assertEquals(1, snapshots().size());
    assertEquals(
        "rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(snapshots().get(0))));

    Path wrong = PasswordFile.write(dir.resolve("wrong"), "not-the-password\n");
    Run refused = check(wrong, Duration.ofSeconds(5));
    assertEquals(3, refused.exit(), "a wrong password is never served what the right one read");
    assertTrue(refused.out().contains("refused the logon"), refused.out());

    long before = queries();
    check(Duration.ofSeconds(5), "--lookback", "3d");
    assertTrue(queries() > before, "another look-back is another snapshot");
    assertEquals(2, snapshots().size());
    String secret = simulator.password();
    for (Path file : snapshots()) {
      String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      assertTrue(!text.contains(secret), "no password in " + file);
      for (String id : simulator.sessionIdsIssued()) {
        assertTrue(!text.contains(id), "no SessionId in " + file);
      }
    }
  }

  @Test
  void aHundredChecksOfBothCommandsCauseOneLogonAndOneRefresh() throws Exception {
    check(Duration.ZERO);
    long oneRefresh = queries();
    simulator.stop();
    simulator = EmSimulator.start(scenario);
    password = PasswordFile.write(dir.resolve("pw"), simulator.password() + "\n");
    cache = dir.resolve("fresh-cache");

    List<Run> runs;
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<Future<Run>> started = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        Duration at = Duration.ofSeconds(1);
        int kind = i % 3;
        started.add(
            pool.submit(
                () ->
                    switch (kind) {
                      case 0 -> check(at);
                      case 1 -> zabbix("collect", at);
                      default -> zabbix("discovery", at);
                    }));
      }
      runs = new ArrayList<>();
      for (Future<Run> run : started) {
        runs.add(run.get());
      }
    } finally {
      pool.shutdownNow();
    }

    assertEquals(1, simulator.counters().logons());
    assertEquals(oneRefresh, queries(), "one refresh's queries in all");
    for (Run run : runs) {
      assertTrue(run.exit() == 2 || run.exit() == 0, run.out() + run.err());
    }
    assertTrue(runs.stream().filter(r -> r.exit() == 2).count() > 0);
    assertEquals(1, snapshots().size());
  }

  @Test
  void aHundredChecksInARowLogOnOnce() {
    for (int i = 0; i < 100; i++) {
      Run run = check(Duration.ofSeconds(i), "--snapshot-max-age", i % 2 == 0 ? "0" : "60s");
      assertEquals(2, run.exit(), run.out());
    }
    assertEquals(1, simulator.counters().logons());
  }
}
