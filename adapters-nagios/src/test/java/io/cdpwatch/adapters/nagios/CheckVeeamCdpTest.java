package io.cdpwatch.adapters.nagios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdpwatch.cli.SourceOpener;
import io.cdpwatch.core.domain.BackupServer;
import io.cdpwatch.core.domain.CdpPolicySession;
import io.cdpwatch.core.port.out.CdpSourceException;
import io.cdpwatch.core.testing.InMemoryCdpSessionSource;
import io.cdpwatch.core.testing.TestEstate;
import io.cdpwatch.emsim.PasswordFile;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every exit path of the plugin, driven in-process with a fake EM behind the port. */
class CheckVeeamCdpTest {

  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

  @TempDir Path dir;
  private TestEstate estate;
  private CdpPolicySession gold;
  private Path passwordFile;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private SourceOpener opener;

  @BeforeEach
  void setUp() throws IOException {
    estate = TestEstate.at(NOW);
    BackupServer server = estate.server("bs01");
    gold = estate.workingSession(estate.policy("Gold", server), Duration.ofHours(10));
    passwordFile = PasswordFile.write(dir.resolve("pw"), "s3cret-Pa55\nsecond line ignored\n");
    opener = (connection, password) -> InMemoryCdpSessionSource.of(estate);
  }

  @Test
  void healthyEstateExitsZero() {
    estate.healthy(gold, "web01", Duration.ofHours(1));

    assertEquals(0, run());
    assertEquals("CDP OK - 1 VM in 1 policy OK", firstLineText());
  }

  @Test
  void aWarningExitsOne() {
    estate.taskSession(gold, "web01", Duration.ofHours(1), "Completed", "Warning", "Slow");

    assertEquals(1, run());
    assertEquals("CDP WARNING - 1 of 1 VM warning: web01 (Warning: Slow)", firstLineText());
  }

  @Test
  void aFailureExitsTwoAndNamesTheVmAndReason() {
    estate.healthy(gold, "web01", Duration.ofHours(1));
    estate.taskSession(gold, "db01", Duration.ofHours(1), "InProgress", "Failed", "Disk full");

    assertEquals(2, run());
    assertEquals("CDP CRITICAL - 1 of 2 VMs failed: db01 (Failed: Disk full)", firstLineText());
    assertTrue(output().contains("\nCRITICAL: db01 (policy Gold, server bs01): Failed: Disk full"));
    assertFalse(output().contains("OK: web01"), "OK items only with -v");
  }

  @Test
  void verboseListsTheOkItemsToo() {
    estate.healthy(gold, "web01", Duration.ofHours(1));

    assertEquals(0, run("-v"));
    assertTrue(
        output().contains("\nOK: web01 (policy Gold, server bs01): Success, InProgress"), output());
  }

  @Test
  void anUndocumentedValueExitsThree() {
    estate.taskSession(gold, "web01", Duration.ofHours(1), "InProgress", "None", null);

    assertEquals(3, run());
    assertEquals(
        "CDP UNKNOWN - 1 of 1 VM unknown: web01 (undocumented result 'None')", firstLineText());
  }

  @Test
  void aStaleVmIsJudgedOnTheDefaultCriticalAge() {
    CdpPolicySession old =
        estate.workingSession(estate.policy("Silver", estate.servers().get(0)), Duration.ofDays(4));
    estate.healthy(old, "stale01", Duration.ofDays(3));

    assertEquals(2, run());
    assertTrue(
        output()
            .contains(
                "newest session 3d old, critical after 2d (default: its policy names no long-term"
                    + " interval)"),
        output());
    assertTrue(output().contains("'stale01 age'=259200s;;172800;0"), output());
  }

  @Test
  void aNamedVmWithoutSessionsIsCritical() {
    estate.healthy(gold, "web01", Duration.ofHours(1));

    assertEquals(2, run("--vm", "ghost"));
    assertEquals(
        "CDP CRITICAL - 1 of 1 VM failed: ghost (no CDP task session in EM's 30 days)",
        firstLineText());
  }

  @Test
  void noCdpDataAtAllIsUnknown() {
    estate = TestEstate.at(NOW);
    estate.server("bs01");

    assertEquals(3, run());
    assertTrue(firstLineText().startsWith("CDP UNKNOWN - no CDP policy is visible to "));
  }

  @Test
  void aPolicyEmListsThatNeverRanIsCriticalNotHidden() {
    estate = TestEstate.at(NOW);
    estate.policy("Never ran", estate.server("bs01"));

    assertEquals(2, run());
    assertEquals(
        "CDP CRITICAL - 1 of 1 policy failed: policy Never ran (no CDP policy session in the last"
            + " 30d)",
        firstLineText());
  }

  @Test
  void badArgumentsExitThreeWithOneReasonAndTheUsage() {
    assertEquals(
        3,
        CheckVeeamCdp.run(List.of("--bogus"), Map.of(), print(out), print(err), clock(), opener));
    assertEquals("CDP UNKNOWN - unknown option '--bogus'\n" + CheckVeeamCdp.USAGE + "\n", output());
  }

  @Test
  void helpExitsThreeAndExplainsOptionsStatesAndExitCodes() {
    assertEquals(
        3, CheckVeeamCdp.run(List.of("--help"), Map.of(), print(out), print(err), clock(), opener));
    for (String expected :
        List.of(
            "--hostname",
            "--password-file",
            "--task-session",
            "--lookback",
            "Exit codes:",
            "Example:",
            "What is judged:")) {
      assertTrue(output().contains(expected), expected);
    }
    assertFalse(output().contains("${project.version}"), "the version is filled in by the build");
  }

  @Test
  void versionExitsThree() {
    assertEquals(
        3, CheckVeeamCdp.run(List.of("-V"), Map.of(), print(out), print(err), clock(), opener));
    assertTrue(
        output().matches("check_veeam_cdp \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(cdpwatch\\)\n"),
        output());
  }

  @Test
  void aMissingPasswordFileIsUnknownAndNamesTheFile() {
    List<String> args =
        new ArrayList<>(
            List.of("-H", "em", "-u", "u", "--password-file", dir.resolve("nope").toString()));

    assertEquals(3, CheckVeeamCdp.run(args, Map.of(), print(out), print(err), clock(), opener));
    assertEquals(
        "CDP UNKNOWN - cannot read the password file " + dir.resolve("nope") + ": no such file\n",
        output());
  }

  @Test
  void anEmptyOrDirectoryPasswordFileIsUnknown() throws IOException {
    Path empty = PasswordFile.write(dir.resolve("empty"), "");

    assertEquals(
        3,
        CheckVeeamCdp.run(
            List.of("-H", "em", "-u", "u", "--password-file", empty.toString()),
            Map.of(),
            print(out),
            print(err),
            clock(),
            opener));
    assertTrue(output().contains("is empty"), output());
    out.reset();
    assertEquals(
        3,
        CheckVeeamCdp.run(
            List.of("-H", "em", "-u", "u", "--password-file", dir.toString()),
            Map.of(),
            print(out),
            print(err),
            clock(),
            opener));
    assertTrue(output().contains("it is a directory"), output());
  }

  @Test
  void thePasswordReachesTheSourceFromTheFileOrTheEnvironment() {
    AtomicReference<String> seen = new AtomicReference<>();
    opener =
        (connection, password) -> {
          seen.set(new String(password));
          return InMemoryCdpSessionSource.of(estate);
        };

    run();
    assertEquals("s3cret-Pa55", seen.get());
    CheckVeeamCdp.run(
        List.of("-H", "em", "-u", "u"),
        Map.of("VEEAM_EM_PASSWORD", "from-env"),
        print(out),
        print(err),
        clock(),
        opener);
    assertEquals("from-env", seen.get());
  }

  @ParameterizedTest
  @EnumSource(CdpSourceException.Kind.class)
  void everySourceFailureIsOneUnknownLineWithItsMessage(CdpSourceException.Kind kind) {
    opener =
        (connection, password) -> {
          throw new CdpSourceException(kind, "EM said no (" + kind + "): do this | that");
        };

    assertEquals(3, run());
    assertEquals("CDP UNKNOWN - EM said no (" + kind + "): do this / that\n", output());
  }

  @Test
  void anInternalErrorIsUnknownWithoutATraceOrClassName() {
    opener =
        (connection, password) -> {
          throw new IllegalStateException("java.lang.NullPointerException at io.cdpwatch.Foo");
        };

    assertEquals(3, run());
    assertEquals(
        "CDP UNKNOWN - internal error in check_veeam_cdp: run it with -vvv to see the trace on stderr and please report it\n",
        output());
    assertFalse(output().contains("Exception"));
  }

  @Test
  void diagnosticsGoToStderrOnlyAndOnlyWhenVerbose() {
    estate.healthy(gold, "web01", Duration.ofHours(1));

    run();
    String quiet = err.toString(StandardCharsets.UTF_8);
    run("-v");
    String verbose = err.toString(StandardCharsets.UTF_8).substring(quiet.length());

    assertEquals("", quiet);
    assertTrue(
        verbose.contains(
            "check_veeam_cdp INFO  Evaluation: EM https://em.example.com:9398/api as CORP\\nagios: judged 1 VMs and 1 policies"),
        verbose);
    assertFalse(output().contains("INFO"), "stdout holds the check result alone");
  }

  @Test
  void theWatchdogIsArmedWithTheTimeoutWhereverTheUserNameComesFrom() {
    AtomicReference<Duration> armed = new AtomicReference<>();

    CheckVeeamCdp.run(
        List.of("-H", "em", "--password-file", passwordFile.toString(), "-t", "7"),
        Map.of("VEEAM_EM_USERNAME", "svc"),
        print(out),
        print(err),
        clock(),
        opener,
        (timeout, outcome) -> armed.set(timeout));

    assertEquals(Duration.ofSeconds(7), armed.get());
  }

  @Test
  void aWatchdogThatFiresFirstIsTheOnlyResult() {
    estate.healthy(gold, "web01", Duration.ofHours(1));

    CheckVeeamCdp.run(
        List.of("-H", "em", "-u", "u", "--password-file", passwordFile.toString()),
        Map.of(),
        print(out),
        print(err),
        clock(),
        opener,
        (timeout, outcome) -> outcome.print("CDP UNKNOWN - no result within the 30s timeout\n"));

    assertEquals("CDP UNKNOWN - no result within the 30s timeout\n", output());
  }

  @Test
  void aTraceOfAnInternalErrorGoesToStderrAfterTheResultWithVvv() {
    opener =
        (connection, password) -> {
          throw new IllegalStateException("boom");
        };

    assertEquals(3, run("-vvv"));
    assertTrue(output().startsWith("CDP UNKNOWN - internal error"), output());
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("IllegalStateException: boom"));
  }

  @Test
  void theSecretNeverReachesStdoutOrStderr() {
    estate.taskSession(gold, "db01", Duration.ofHours(1), "InProgress", "Failed", "x");

    run("-vvv");

    assertFalse(output().contains("s3cret-Pa55"));
    assertFalse(err.toString(StandardCharsets.UTF_8).contains("s3cret-Pa55"));
  }

  private int run(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-H",
                "em.example.com",
                "-u",
                "CORP\\nagios",
                "--password-file",
                passwordFile.toString()));
    args.addAll(Arrays.asList(extra));
    return CheckVeeamCdp.run(args, Map.of(), print(out), print(err), clock(), opener);
  }

  private String output() {
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The first line without perfdata: what a pager shows. */
  private String firstLineText() {
    String first = output().lines().findFirst().orElse("");
    int bar = first.indexOf(" | ");
    return bar < 0 ? first : first.substring(0, bar);
  }

  private static PrintStream print(ByteArrayOutputStream stream) {
    return new PrintStream(stream, true, StandardCharsets.UTF_8);
  }

  private static Clock clock() {
    return Clock.fixed(NOW, ZoneOffset.UTC);
  }
}
