package io.cdpwatch.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdpwatch.adapters.nagios.CheckVeeamCdp;
import io.cdpwatch.adapters.zabbix.ZbxVeeamCdp;
import io.cdpwatch.cli.EmSources;
import io.cdpwatch.cli.SourceOpener;
import io.cdpwatch.cli.Watchdog;
import io.cdpwatch.emsim.EmSimulator;
import io.cdpwatch.emsim.PasswordFile;
import io.cdpwatch.emsim.ReplayServer;
import io.cdpwatch.emsim.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code --dump} of the demo, replayed with {@code --replay} and no network, gives what the live
 * run gave, byte for byte, for both commands; the capture holds no secret and only its owner reads
 * it; {@code --redact} keeps the states.
 */
class CaptureReplayTest {

  @TempDir Path dir;

  private Scenario scenario;
  private EmSimulator simulator;
  private Clock clock;
  private Path password;
  private int captures;

  /** What one run printed and returned. */
  record Run(int code, String out, String err) {}

  @BeforeEach
  void start() throws IOException {
    scenario = Scenario.load(Path.of("../em-simulator/scenarios/test/demo.scenario"));
    simulator = EmSimulator.start(scenario);
    clock = Clock.fixed(scenario.now(), ZoneOffset.UTC);
    password = PasswordFile.write(dir.resolve("pw"), simulator.password() + "\n");
  }

  @AfterEach
  void stop() {
    simulator.stop();
  }

  @Test
  void theDemoChecksReplayAsTheyRan() throws IOException {
    for (List<String> options :
        List.of(
            List.<String>of(),
            List.of("--policy", "CDP Web | Frontends", "-w", "5h"),
            List.of("--vm", "fileserver 02"),
            List.of("--task-session", "3f2c8a51-7d0e-4b6a-9c1f-5e8d2b7a4c90", "-v"))) {
      Path capture = nextCapture();
      Run live = check(live(options, capture, false));
      Run replayed = check(replay(options, capture));

      assertEquals(live.out(), replayed.out(), "replay of " + options);
      assertEquals(live.code(), replayed.code(), "replay of " + options);
      assertTrue(live.out().startsWith("CDP "), live.out());
    }
    assertEquals(4, simulator.counters().logons(), "a dumped run logs on itself, once");
    assertEquals(4, simulator.counters().logoffs(), "and off: it leaves no session behind");
  }

  @Test
  void theDemoZabbixModesReplayAsTheyRan() throws IOException {
    for (List<String> mode :
        List.of(List.of("discovery"), List.of("discovery", "--policies"), List.of("collect"))) {
      Path capture = nextCapture();
      Run live = zabbix(mode, live(List.of(), capture, false));
      Run replayed = zabbix(mode, replay(List.of(), capture));

      assertEquals(0, live.code(), live.out());
      assertEquals(live.out(), replayed.out(), "replay of " + mode);
      assertEquals(live.code(), replayed.code());
    }
  }

  /**
   * EM's clock 2 h ahead, as a capture whose answers' {@code Date} says so: both commands say it,
   * and measure ages on EM's clock (which in a real EM also dates the sessions).
   */
  @Test
  void anEmClockTwoHoursAheadIsSaidAndAgesAreMeasuredOnIt() throws IOException {
    Path capture = nextCapture();
    Run live = zabbix(List.of("collect"), live(List.of(), capture, false));
    Path checked = nextCapture();
    Run liveCheck = check(live(List.of(), checked, false));
    for (Path c : List.of(capture, checked)) {
      shiftDates(c, java.time.Duration.ofHours(2));
    }

    Run replayed = zabbix(List.of("collect"), replay(List.of(), capture));
    Run replayedCheck = check(replay(List.of(), checked));

    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.JsonNode before = json.readTree(live.out());
    com.fasterxml.jackson.databind.JsonNode after = json.readTree(replayed.out());
    assertEquals(0, before.get("em_clock_offset").asLong(), "in step: " + live.out());
    long offset = after.get("em_clock_offset").asLong();
    assertTrue(Math.abs(offset - 7200) <= 1, "the Date has whole seconds: " + replayed.out());
    int aged = 0;
    for (int i = 0; i < before.get("vms").size(); i++) {
      com.fasterxml.jackson.databind.JsonNode vm = before.get("vms").get(i);
      if (vm.has("age")) {
        assertEquals(
            vm.get("age").asLong() + offset,
            after.get("vms").get(i).get("age").asLong(),
            vm.get("name").asText());
        aged++;
      }
    }
    assertTrue(aged > 3, live.out());
    assertFalse(liveCheck.out().contains("clock"), liveCheck.out());
    assertTrue(
        replayedCheck.out().contains("EM's clock is 2h ahead of this host's"), replayedCheck.out());
    assertTrue(replayedCheck.code() >= 1, replayedCheck.out());
  }

  /** Moves every answer's {@code Date} in a capture by {@code by}. */
  private static void shiftDates(Path capture, java.time.Duration by) throws IOException {
    java.time.format.DateTimeFormatter http =
        java.time.format.DateTimeFormatter.ofPattern(
                "EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US)
            .withZone(ZoneOffset.UTC);
    int shifted = 0;
    try (Stream<Path> files = Files.list(capture)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".http")).toList()) {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher date =
            java.util.regex.Pattern.compile("(?m)^Date: (.+)$").matcher(text);
        StringBuilder moved = new StringBuilder();
        while (date.find()) {
          java.time.ZonedDateTime at = java.time.ZonedDateTime.parse(date.group(1), http);
          date.appendReplacement(moved, "Date: " + http.format(at.plus(by)));
          shifted++;
        }
        date.appendTail(moved);
        Files.writeString(file, moved, StandardCharsets.ISO_8859_1);
      }
    }
    assertTrue(shifted > 3, "the capture's answers carry a Date");
  }

  @Test
  void aCaptureHoldsNoSecretAndOnlyItsOwnerReadsIt() throws IOException {
    Path plain = nextCapture();
    check(live(List.of("-vvv"), plain, false));
    Path redacted = nextCapture();
    check(live(List.of(), redacted, true));

    List<String> ids = simulator.sessionIdsIssued();
    assertEquals(2, ids.size(), ids.toString());
    for (Path capture : List.of(plain, redacted)) {
      assertEquals("rwx------", permissions(capture));
      List<Path> files;
      try (Stream<Path> listed = Files.list(capture)) {
        files = listed.sorted().toList();
      }
      assertTrue(files.size() > 5, files.toString());
      assertTrue(files.contains(capture.resolve("index")));
      assertTrue(files.contains(capture.resolve("0001.http")));
      for (Path file : files) {
        assertEquals("rw-------", permissions(file), file.toString());
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        assertFalse(text.contains(simulator.password()), "the password in " + file);
        String basic =
            Base64.getEncoder()
                .encodeToString(
                    (simulator.user() + ":" + simulator.password())
                        .getBytes(StandardCharsets.UTF_8));
        assertFalse(text.contains(basic), "the credentials in " + file);
        for (String id : ids) {
          String token = Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.UTF_8));
          assertFalse(text.contains(id), "SessionId " + id + " in " + file);
          assertFalse(text.contains(token), "token of " + id + " in " + file);
        }
      }
      String all = "";
      for (Path file : files) {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.startsWith("POST /api/sessionMngr/")) {
          all = text;
          break;
        }
      }
      assertTrue(all.startsWith("POST /api/sessionMngr/?v=v1_7\n"), "the logon: " + all);
      assertTrue(all.contains("Authorization: removed\n"), all);
      assertTrue(
          all.toLowerCase(java.util.Locale.ROOT).contains("x-restsvcsessionid: removed-token\n"),
          all);
      assertTrue(all.contains("<SessionId>removed-session-id</SessionId>"), all);
    }
  }

  @Test
  void aRedactedCaptureNamesNothingAndReplaysToTheSameStates() throws IOException {
    Path capture = nextCapture();
    Run live = check(live(List.of(), capture, true));
    Run replayed = check(replay(List.of(), capture));

    assertEquals(live.code(), replayed.code());
    assertEquals(states(live.out()), states(replayed.out()), replayed.out());
    assertTrue(replayed.out().contains("vm-0"), replayed.out());
    String everything = readAll(capture);
    for (String name :
        List.of(
            "erp-db01",
            "fileserver 02",
            "fileserver%2002",
            "CDP ERP Tier-1",
            "CDP Web | Frontends",
            "Zahlungsverkehr-Müller",
            "SAP HANA &quot;prod&quot; 01",
            "backupsrv01.tech.local",
            "esx07.tech.local",
            "TECH\\admin",
            "127.0.0.1",
            "TECH\\cdpwatch")) {
      int at = everything.indexOf(name);
      assertFalse(
          at >= 0,
          name
              + " in the redacted capture: "
              + (at < 0 ? "" : everything.substring(Math.max(0, at - 300), at + 100)));
      assertFalse(replayed.out().contains(name), name + " in the replayed output");
    }
    assertTrue(everything.contains("server-001"), "the backup servers have placeholders");
    assertTrue(everything.contains("policy-001"), "the policies have placeholders");
  }

  @Test
  void aRedactedSelectionReplaysWithItsPlaceholders() throws IOException {
    Path capture = nextCapture();
    Run live = check(live(List.of("--vm", "fileserver 02"), capture, true));
    String everything = readAll(capture);
    java.util.regex.Matcher placeholder =
        java.util.regex.Pattern.compile("VmDisplayName=\"(vm-\\d+)\"").matcher(everything);
    assertTrue(placeholder.find(), everything);

    Run replayed = check(replay(List.of("--vm", placeholder.group(1)), capture));

    assertFalse(everything.toLowerCase(java.util.Locale.ROOT).contains("fileserver"), everything);
    assertEquals(2, live.code(), live.out());
    assertEquals(live.code(), replayed.code(), replayed.out());
    assertEquals(states(live.out()), states(replayed.out()), replayed.out());
  }

  @Test
  void theSimulatorServesACaptureAsTheRunSawIt() throws IOException {
    Path capture = nextCapture();
    Run live = check(live(List.of(), capture, false));

    Run served;
    try (ReplayServer server = ReplayServer.start(capture, "127.0.0.1", 0, false)) {
      served =
          check(
              List.of(
                  "--url",
                  server.baseUrl(),
                  "-u",
                  server.user(),
                  "--password-file",
                  password.toString(),
                  "--no-session-cache"));
    }

    assertEquals(live.out(), served.out());
    assertEquals(live.code(), served.code());
  }

  @Test
  void aRequestTheCaptureDoesNotHoldIsOneLine() throws IOException {
    Path capture = nextCapture();
    check(live(List.of("--vm", "fileserver 02"), capture, false));

    Run replayed = check(replay(List.of("--vm", "erp-db01"), capture));

    assertEquals(3, replayed.code());
    assertEquals(1, replayed.out().lines().count(), replayed.out());
    assertTrue(
        replayed.out().startsWith("CDP UNKNOWN - the capture " + capture + " holds no "),
        replayed.out());
    assertTrue(replayed.out().contains("GET /api/query?"), replayed.out());
    assertTrue(replayed.out().contains("erp-db01"), "names the request: " + replayed.out());
  }

  @Test
  void aReplayNeedsNoPasswordAndLeavesTheSessionCacheAlone() throws IOException {
    Path capture = nextCapture();
    Run live = check(live(List.of(), capture, false));
    Path cache = dir.resolve("cache");
    List<String> args = replay(List.of("--session-cache", cache.toString()), capture);

    Run replayed = check(args);

    assertEquals(live.out(), replayed.out());
    assertFalse(Files.exists(cache), "the replay wrote a session cache");
  }

  @Test
  void aDirectoryThatIsNoCaptureIsOneLine() throws IOException {
    Run replayed = check(List.of("--replay", dir.toString()));

    assertEquals(3, replayed.code());
    assertEquals(
        "CDP UNKNOWN - --replay: %s is not a capture of cdpwatch --dump: it has no index file"
            .formatted(dir),
        replayed.out().lines().findFirst().orElseThrow());
  }

  private Path nextCapture() {
    return dir.resolve("capture-" + ++captures);
  }

  private List<String> live(List<String> options, Path capture, boolean redact) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--url",
                simulator.baseUrl(),
                "-u",
                simulator.user(),
                "--password-file",
                password.toString(),
                "--dump",
                capture.toString()));
    if (redact) {
      args.add("--redact");
    }
    args.addAll(options);
    return args;
  }

  private static List<String> replay(List<String> options, Path capture) {
    List<String> args = new ArrayList<>(List.of("--replay", capture.toString()));
    args.addAll(options);
    return args;
  }

  /**
   * Runs the check; a live run records "now" from the scenario's clock, a replay from its capture.
   */
  private Run check(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        CheckVeeamCdp.run(
            args,
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            args.contains("--replay") ? Clock.systemUTC() : clock,
            opener());
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Run zabbix(List<String> mode, List<String> connection) {
    List<String> args = new ArrayList<>(mode.subList(0, 1));
    args.addAll(connection);
    args.addAll(mode.subList(1, mode.size()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        ZbxVeeamCdp.run(
            args,
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            connection.contains("--replay") ? Clock.systemUTC() : clock,
            opener(),
            (servers, host, key, value, at, timeout) -> {
              throw new AssertionError("nothing is sent");
            },
            Watchdog.NONE);
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static SourceOpener opener() {
    return EmSources.opener(Map.of(), Optional.empty());
  }

  /** The state words of a check's output, in order: what a redaction must keep. */
  private static List<String> states(String out) {
    List<String> states = new ArrayList<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\\b(OK|WARNING|CRITICAL|UNKNOWN)\\b").matcher(out);
    while (m.find()) {
      states.add(m.group());
    }
    return states;
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  private static String readAll(Path capture) throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.list(capture)) {
      for (Path file : files.sorted().toList()) {
        all.append(Files.readString(file, StandardCharsets.UTF_8));
      }
    }
    return all.toString();
  }
}
