package io.cdpwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdpwatch.core.check.Durations;
import io.cdpwatch.core.check.Range;
import io.cdpwatch.core.check.Thresholds;
import io.cdpwatch.core.domain.Uid;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandLineTest {

  private static final Map<String, String> NO_ENV = Map.of();

  @Test
  void aWarningAloneKeepsTheDefaultCriticalAgeForEveryPolicy() throws UsageException {
    CommandLine.Parsed parsed =
        CommandLine.parse(
            List.of("-H", "em", "-u", "u", "-w", "26h"), Map.of("VEEAM_EM_PASSWORD", "p"));

    Thresholds given = parsed.thresholds().orElseThrow();
    assertEquals(Optional.of(Durations.parseRange("26h")), given.warning());
    assertEquals(Optional.of(Durations.parseRange("2d")), given.critical());
  }

  @Test
  void fingerprintIsRepeatableForACertificateRotation() throws UsageException {
    CommandLine.Parsed parsed =
        withConnection("--fingerprint", "AA".repeat(32), "--fingerprint", "bb:".repeat(31) + "bb");

    assertEquals(List.of("aa".repeat(32), "bb".repeat(32)), parsed.connection().fingerprints());
  }

  @Test
  void anEmptyInlineValueCountsAsNotGiven() throws UsageException {
    CommandLine.Parsed parsed = withConnection("--fingerprint=", "--ca-file=", "--policy=");

    assertEquals(List.of(), parsed.connection().fingerprints());
    assertEquals(Optional.empty(), parsed.connection().caFile());
    assertEquals(Set.of(), parsed.selection().policies());
  }

  @Test
  void theMinimalCommandLineTakesTheContractsDefaults() throws UsageException {
    CommandLine.Parsed parsed =
        parse("-H", "em.example.com", "-u", "CORP\\nagios", "--password-file", "/etc/pw");

    assertEquals(CommandLine.Action.CHECK, parsed.action());
    ConnectionOptions connection = parsed.connection();
    assertEquals(URI.create("https://em.example.com:9398/api"), connection.baseUrl());
    assertEquals("CORP\\nagios", connection.username());
    assertEquals(Optional.of(Path.of("/etc/pw")), connection.passwordFile());
    assertEquals(Duration.ofSeconds(30), connection.timeout());
    assertFalse(connection.insecure());
    assertFalse(connection.noSessionCache());
    assertEquals(Duration.ofDays(7), parsed.selection().lookback());
    assertEquals(Optional.empty(), parsed.thresholds(), "each policy's own thresholds apply");
    assertEquals(0, parsed.verbosity());
  }

  @Test
  void everyOptionOfTheContractIsRead() throws UsageException {
    CommandLine.Parsed parsed =
        parse(
            "--hostname=em",
            "-P",
            "9443",
            "--username",
            "u",
            "--password-file",
            "pw",
            "--fingerprint",
            "AB:" + "cd".repeat(30) + ":EF",
            "-t",
            "12",
            "--session-cache",
            "/var/cache/x",
            "-vvv",
            "--policy",
            "CDP Gold",
            "--policy",
            "CDP Silver",
            "--vm",
            "db 01",
            "--vm-regex",
            "^db",
            "--exclude-vm-regex",
            "test$",
            "--backup-server",
            "bs01",
            "--lookback",
            "26h",
            "-w",
            "26h",
            "-c",
            "~:2d");

    assertEquals(URI.create("https://em:9443/api"), parsed.connection().baseUrl());
    assertEquals(List.of("ab" + "cd".repeat(30) + "ef"), parsed.connection().fingerprints());
    assertEquals(Duration.ofSeconds(12), parsed.connection().timeout());
    assertEquals(Optional.of(Path.of("/var/cache/x")), parsed.connection().sessionCache());
    assertEquals(3, parsed.verbosity());
    assertEquals(Set.of("CDP Gold", "CDP Silver"), parsed.selection().policies());
    assertEquals(Set.of("db 01"), parsed.selection().vms());
    assertEquals("^db", parsed.selection().vmInclude().orElseThrow().pattern());
    assertEquals("test$", parsed.selection().vmExclude().orElseThrow().pattern());
    assertEquals(Optional.of("bs01"), parsed.selection().backupServer());
    assertEquals(Duration.ofHours(26), parsed.selection().lookback());
    assertEquals(Optional.of(Range.parse("93600")), parsed.thresholds().orElseThrow().warning());
    assertEquals(
        Optional.of(Range.parse("~:172800")), parsed.thresholds().orElseThrow().critical());
  }

  @Test
  void urlsMayBeGivenWholeAndHttpIsAcceptedForLabs() throws UsageException {
    assertEquals(
        URI.create("http://127.0.0.1:8080/api"), url("--url", "http://127.0.0.1:8080/api/"));
    assertEquals(
        URI.create("https://em.example.com:9398/api"), url("--url", "https://em.example.com:9398"));
    assertEquals(URI.create("https://[::1]:9398/api"), url("-H", "::1"));
    assertEquals(URI.create("https://[fe80::1]:9398/api"), url("-H", "[fe80::1]"));
    assertEquals(URI.create("https://10.1.2.3:9398/api"), url("-H", "10.1.2.3"));
    assertEquals(
        URI.create("https://em-01.corp.example:9398/api"), url("-H", "em-01.corp.example"));
  }

  @Test
  void credentialsMayComeFromTheEnvironment() throws UsageException {
    CommandLine.Parsed parsed =
        CommandLine.parse(
            List.of("-H", "em"), Map.of("VEEAM_EM_USERNAME", "svc", "VEEAM_EM_PASSWORD", "secret"));

    assertEquals("svc", parsed.connection().username());
    assertEquals(Optional.empty(), parsed.connection().passwordFile());
  }

  @Test
  void aTaskSessionIsTakenAsGuidOrUrn() throws UsageException {
    Uid expected =
        Uid.parse("urn:veeam:CdpReplicaTaskSession:2ec4d35f-b5d8-4cb3-9d11-12e1d5792625");

    assertEquals(
        Optional.of(expected),
        withConnection("--task-session", "2ec4d35f-b5d8-4cb3-9d11-12e1d5792625")
            .selection()
            .taskSession());
    assertEquals(
        Optional.of(expected),
        withConnection("--task-session", expected.toString()).selection().taskSession());
  }

  @Test
  void helpAndVersionWinOverEverythingElse() throws UsageException {
    assertEquals(CommandLine.Action.HELP, parse("-H", "em", "--lookback", "99d", "-h").action());
    assertEquals(CommandLine.Action.HELP, parse("--help").action());
    assertEquals(CommandLine.Action.VERSION, parse("-V").action());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "-u u --password-file p | no Enterprise Manager given",
        "-H em --password-file p | no user name",
        "-H em -u u | no password",
        "-H em -u u --password secret | deliberately no option that takes the password",
        "-H em -u u -p secret | deliberately no option that takes the password",
        "-H em -u u --password-file p --bogus | unknown option '--bogus'",
        "-H em -u u --password-file p -x | unknown option '-x'",
        "-H em -u u --password-file p stray | unexpected argument 'stray'",
        "-H em -u u --password-file | --password-file needs a value",
        "-H em -u u --password-file p -t | -t needs a value",
        "-H em -u u --password-file p -t 0 | -t/--timeout must be a whole number",
        "-H em -u u --password-file p -t abc | -t/--timeout must be a whole number",
        "-H em -P 70000 -u u --password-file p | -P/--port must be a port number",
        "--url ftp://em -u u --password-file p | must start with https://",
        "--url https://em:9398/api -H em -u u --password-file p | give either --url or -H",
        "-H em -u u --password-file p --fingerprint abc | --fingerprint must be a SHA-256",
        "-H em -u u --password-file p -k --ca-file ca.pem | --insecure turns verification off",
        "-H em -u u --password-file p --session-cache d --no-session-cache | either --session-cache or --no-session-cache",
        "-H em -u u --password-file p --lookback 31d | longer than 30d",
        "-H em -u u --password-file p --lookback 7w | --lookback",
        "-H em -u u --password-file p -w 10:5 | -w/--warning",
        "-H em -u u --password-file p -c 1w | -c/--critical",
        "-H em -u u --password-file p --vm-regex ( | --vm-regex '(' is not a valid regular expression",
        "-H em -u u --password-file p --task-session nope! | --task-session must be a GUID",
        "-H em -u u --password-file p --task-session abc --vm x | do not combine it with --vm",
        "-H em -u u --password-file p --insecure=yes | --insecure takes no value",
        "-H em:9398 -u u --password-file p | give the port with -P/--port",
        "-H ho/st -u u --password-file p | is not a host name or IP address",
        "-H em_host -u u --password-file p | has a '_'",
        "-H -bad -u u --password-file p | is not a host name or IP address",
        "-H em -u u --password-file p --redact | --redact goes with --dump DIR only",
        "-H em -u u --password-file p --dump d --replay d | either --dump or --replay",
        "--replay /nonexistent/capture | --replay: /nonexistent/capture is not a capture",
      })
  void badCommandLinesAreRefusedWithAOneLineReason(String commandLine, String expected) {
    UsageException error =
        assertThrows(UsageException.class, () -> CommandLine.parse(split(commandLine), NO_ENV));

    assertTrue(error.getMessage().contains(expected), error.getMessage());
    assertFalse(error.getMessage().contains("\n"));
  }

  @Test
  void aDumpIsRecordedAndARedactionAsked() throws UsageException {
    ConnectionOptions connection = withConnection("--dump", "/tmp/c", "--redact").connection();

    assertEquals(Optional.of(Path.of("/tmp/c")), connection.dump());
    assertTrue(connection.redact());
    assertEquals(Optional.empty(), connection.replay());
  }

  @Test
  void aReplayNamingItsEmAndUserNeedsNoPasswordNorCapture() throws UsageException {
    ConnectionOptions connection =
        parse("--url", "https://em:9398/api", "-u", "u", "--replay", "/nowhere").connection();

    assertEquals(Optional.of(Path.of("/nowhere")), connection.replay());
    assertEquals(Optional.empty(), connection.passwordFile());
    assertEquals(URI.create("https://em:9398/api"), connection.baseUrl());
  }

  @Test
  void theWrongDuplicateMessageNamesTheOption() {
    UsageException error =
        assertThrows(
            UsageException.class,
            () -> CommandLine.parse(split("-H em -u u --password-file p -t 5 -t 6"), NO_ENV));

    assertEquals("--timeout was given more than once", error.getMessage());
  }

  private static URI url(String... args) throws UsageException {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.addAll(List.of("-u", "u", "--password-file", "p"));
    return CommandLine.parse(all, NO_ENV).connection().baseUrl();
  }

  private static CommandLine.Parsed withConnection(String... args) throws UsageException {
    List<String> all = new ArrayList<>(List.of("-H", "em", "-u", "u", "--password-file", "p"));
    all.addAll(Arrays.asList(args));
    return CommandLine.parse(all, NO_ENV);
  }

  private static CommandLine.Parsed parse(String... args) throws UsageException {
    return CommandLine.parse(Arrays.asList(args), NO_ENV);
  }

  private static List<String> split(String commandLine) {
    return Arrays.asList(commandLine.strip().split(" +"));
  }

  @Test
  void aReadablePasswordFileIsAcceptedOnlyWhenAskedAndOnlyWithAFile() throws UsageException {
    assertFalse(
        parse("-H", "em", "-u", "u", "--password-file", "/etc/pw")
            .connection()
            .allowReadablePasswordFile());
    assertTrue(
        parse("-H", "em", "-u", "u", "--password-file", "/etc/pw", "--allow-readable-password-file")
            .connection()
            .allowReadablePasswordFile());
    UsageException withoutFile =
        assertThrows(
            UsageException.class,
            () ->
                CommandLine.parse(
                    List.of("-H", "em", "-u", "u", "--allow-readable-password-file"),
                    Map.of("VEEAM_EM_PASSWORD", "x")));
    assertEquals(
        "--allow-readable-password-file goes with --password-file only", withoutFile.getMessage());
  }
}
