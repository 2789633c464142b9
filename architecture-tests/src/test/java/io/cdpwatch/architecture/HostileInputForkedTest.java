package io.cdpwatch.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdpwatch.adapters.nagios.CheckVeeamCdp;
import io.cdpwatch.adapters.zabbix.ZbxVeeamCdp;
import io.cdpwatch.emsim.BackupServer;
import io.cdpwatch.emsim.CdpPolicy;
import io.cdpwatch.emsim.EmSimulator;
import io.cdpwatch.emsim.Fault;
import io.cdpwatch.emsim.PasswordFile;
import io.cdpwatch.emsim.PolicySession;
import io.cdpwatch.emsim.Scenario;
import io.cdpwatch.emsim.TaskSession;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and broken EM answers against both commands in every mode ({@code check_veeam_cdp},
 * {@code zbx_veeam_cdp discovery|collect|send}), each run in a JVM of its own with the launcher's
 * 64 MB heap: each ends in a verdict or a one-line UNKNOWN / {@code error} that says why, with
 * nothing fetched and no file read, Nagios output within the plugin rules and Zabbix output valid
 * JSON. Behaviour only, never a time.
 */
class HostileInputForkedTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A Nagios perfdata item: a label (quoted when it must be), a number, then up to 4 fields. */
  private static final Pattern PERFDATA_ITEM =
      Pattern.compile(
          "('(?:[^'=]|'')+'|[^'=\\s]+)=-?[0-9.]+(?:us|ms|s|%|B|KB|MB|TB|c)?(?:;[-0-9.:~@]*){0,4}");

  @TempDir static Path dir;
  private static EmSimulator simulator;
  private static Path password;
  private static Trapper trapper;
  private static Map<String, Run> baseline;

  @BeforeAll
  static void start() throws Exception {
    simulator =
        EmSimulator.start(Scenario.load(Path.of("../em-simulator/scenarios/test/demo.scenario")));
    password = PasswordFile.write(dir.resolve("pw"), simulator.password() + "\n");
    trapper = Trapper.start();
    baseline = runAll(simulator);
  }

  @AfterAll
  static void stop() throws IOException {
    simulator.stop();
    trapper.close();
  }

  @AfterEach
  void clear() {
    simulator.clearFaults();
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(Fault.externalEntity(), "refused a DTD"),
        Arguments.of(Fault.externalDtd(), "refused a DTD"),
        Arguments.of(Fault.externalEntityFile(), "refused a DTD"),
        Arguments.of(Fault.entityBomb(), "refused a DTD"),
        Arguments.of(Fault.hugeBody(1L << 30), "larger than|no answer from EM within"),
        Arguments.of(Fault.truncated(), "XML"),
        Arguments.of(Fault.cut(), "Premature end"),
        Arguments.of(Fault.reset(), "closed the connection without answering"),
        Arguments.of(Fault.html(502), "text/html"),
        Arguments.of(Fault.status(500), "500|Simulated fault"),
        Arguments.of(Fault.emptyBody(), "empty body|Premature end of file"),
        Arguments.of(Fault.contentType("text/plain"), "text/plain, not XML"),
        Arguments.of(Fault.invalidUtf8(), "not well-formed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void aHostileOrBrokenAnswerIsOneExplainedLineInEveryMode(Fault fault, String why)
      throws Exception {
    simulator.addFault("/api/query", fault);
    long canaries = simulator.counters().canaryHits();
    Pattern reason = Pattern.compile(why);

    Map<String, Run> runs = runAll(simulator);

    Run check = runs.get("check");
    assertEquals(3, check.code(), check.describe());
    assertEquals(1, check.stdout().lines().count(), check.describe());
    assertTrue(check.stdout().startsWith("CDP UNKNOWN - "), check.describe());
    assertTrue(reason.matcher(check.stdout()).find(), check.describe());
    validNagios(check);

    Run collect = runs.get("collect");
    JsonNode document = JSON.readTree(collect.stdout());
    assertTrue(reason.matcher(document.get("error").asText()).find(), collect.describe());
    assertEquals(0, document.get("vms").size());

    Run discovery = runs.get("discovery");
    assertEquals(1, discovery.code(), discovery.describe());
    assertEquals(1, discovery.stdout().strip().lines().count(), discovery.describe());
    assertTrue(reason.matcher(discovery.stdout()).find(), discovery.describe());

    JsonNode sent = runs.get("send").sent();
    assertTrue(reason.matcher(sent.get("error").asText()).find(), runs.get("send").describe());

    for (Run run : runs.values()) {
      assertEquals(canaries, simulator.counters().canaryHits(), "nothing fetched: " + run);
      assertFalse(run.stdout().contains(simulator.canaryFileMarker()), "no file read: " + run);
    }
  }

  @Test
  void aBomAUtf16OrGzipBodyAndA10000DeepElementAreReadAsUsual() throws Exception {
    for (Fault fault : List.of(Fault.bom(), Fault.utf16(), Fault.gzip())) {
      simulator.clearFaults();
      simulator.addFault("/api/query", fault);
      Map<String, Run> runs = runAll(simulator);
      for (String mode : List.of("check", "collect", "discovery")) {
        // The forks judge by the real clock: ages move on between runs, nothing else.
        assertEquals(
            baseline.get(mode).stdout().replaceAll("\\d+", "#"),
            runs.get(mode).stdout().replaceAll("\\d+", "#"),
            fault + " " + mode);
        assertEquals(baseline.get(mode).code(), runs.get(mode).code(), fault + " " + mode);
      }
    }
    simulator.clearFaults();
    simulator.addFault("/api/query?type=CdpReplicaTaskSession", Fault.deepNesting());
    Map<String, Run> nested = runAll(simulator);
    assertTrue(nested.get("check").stdout().startsWith("CDP CRITICAL - "), nested.toString());
    assertTrue(JSON.readTree(nested.get("collect").stdout()).get("error").isNull());
  }

  /**
   * Names and reasons nobody thought of: 10,000 characters, control characters, line ends, {@code
   * |}, quotes and {@code =}; a negative size and a session dated in 9999.
   */
  @Test
  void absurdNamesAndValuesGiveValidOutputInEveryMode() throws Exception {
    Instant now = Instant.now();
    Scenario.Builder b = Scenario.builder().realClock();
    BackupServer server = b.backupServer("bs|1 = 'x'");
    CdpPolicy policy = b.policy(server, "P|o'l=i\"cy\n2");
    PolicySession parent =
        b.policySession(policy, now.minus(Duration.ofHours(3)), null, "Working", "None");
    String longName = "v".repeat(10_000);
    List<String> names =
        List.of(longName, "a|b", "it's = 1", "line\nend", "tab\there", "ü|ñ\u202e");
    for (String name : names) {
      b.taskSession(
          parent,
          name,
          now.minus(Duration.ofHours(1)),
          null,
          "InProgress",
          "Failed",
          "Error: " + name + " | disk=full\r\n'quoted'");
    }
    b.add(
        new TaskSession(
            UUID.randomUUID().toString(),
            parent.id(),
            "negative",
            now.minus(Duration.ofMinutes(5)),
            null,
            "InProgress",
            "Success",
            null,
            -5));
    b.add(
        new TaskSession(
            UUID.randomUUID().toString(),
            parent.id(),
            "future",
            Instant.parse("9999-12-31T23:59:59Z"),
            null,
            "InProgress",
            "Success",
            null,
            1));
    try (EmSimulator absurd = EmSimulator.start(b.build())) {
      Path pw = PasswordFile.write(dir.resolve("absurd-pw"), absurd.password() + "\n");
      Map<String, Run> runs = runAll(absurd, pw);

      Run check = runs.get("check");
      assertEquals(2, check.code(), check.describe());
      validNagios(check);
      assertTrue(check.stdout().startsWith("CDP CRITICAL - 6 of 8 VMs failed"), check.describe());

      JsonNode document = JSON.readTree(runs.get("collect").stdout());
      assertTrue(document.get("error").isNull(), runs.get("collect").describe());
      assertEquals(8, document.get("vms").size());
      List<String> listed = new ArrayList<>();
      document.get("vms").forEach(vm -> listed.add(vm.get("name").asText()));
      assertTrue(listed.containsAll(names), listed.toString());
      JsonNode discovery = JSON.readTree(runs.get("discovery").stdout());
      assertEquals(8, discovery.size());
      assertEquals(8, runs.get("send").sent().get("vms").size());
    }
  }

  /** A control character XML 1.0 forbids (as EM's .NET writer refuses it too) is named. */
  @Test
  void aControlCharacterInANameIsOneExplainedLine() throws Exception {
    Instant now = Instant.now();
    Scenario.Builder b = Scenario.builder().realClock();
    CdpPolicy policy = b.policy(b.backupServer("bs1"), "Gold");
    PolicySession parent =
        b.policySession(policy, now.minus(Duration.ofHours(3)), null, "Working", "None");
    b.taskSession(
        parent,
        "bell\u0007vm",
        now.minus(Duration.ofHours(1)),
        null,
        "InProgress",
        "Success",
        null);
    try (EmSimulator bell = EmSimulator.start(b.build())) {
      Path pw = PasswordFile.write(dir.resolve("bell-pw"), bell.password() + "\n");
      Map<String, Run> runs = runAll(bell, pw);
      assertEquals(3, runs.get("check").code(), runs.get("check").describe());
      assertTrue(runs.get("check").stdout().contains("invalid XML character"));
      assertTrue(
          JSON.readTree(runs.get("collect").stdout())
              .get("error")
              .asText()
              .contains("invalid XML character"));
    }
  }

  /** No {@code |} in the text, perfdata well formed, within Nagios's 8 KB, no stack trace. */
  private static void validNagios(Run run) {
    byte[] bytes = run.stdout().getBytes(StandardCharsets.UTF_8);
    assertTrue(bytes.length <= 8192, "within 8 KB: " + bytes.length);
    String[] lines = run.stdout().split("\n", -1);
    String first = lines[0];
    int bar = first.indexOf('|');
    if (bar >= 0) {
      for (String item : first.substring(bar + 1).strip().split(" (?=(?:[^']*'[^']*')*[^']*$)")) {
        assertTrue(PERFDATA_ITEM.matcher(item).matches(), "perfdata item " + item);
      }
    }
    long bars = run.stdout().chars().filter(c -> c == '|').count();
    assertTrue(bars <= 2, "at most the two perfdata separators: " + run.describe());
    assertFalse(run.stdout().contains("\tat "), run.describe());
    assertFalse(run.stdout().contains("Exception"), run.describe());
  }

  private static Map<String, Run> runAll(EmSimulator em) throws Exception {
    return runAll(em, password);
  }

  private static Map<String, Run> runAll(EmSimulator em, Path pw) throws Exception {
    List<String> connection =
        List.of(
            "--url",
            em.baseUrl(),
            "-u",
            em.user(),
            "--password-file",
            pw.toString(),
            "--no-session-cache",
            "--snapshot-max-age",
            "0");
    Map<String, Run> runs = new java.util.LinkedHashMap<>();
    runs.put("check", fork(CheckVeeamCdp.class.getName(), List.of(), connection));
    runs.put("collect", fork(ZbxVeeamCdp.class.getName(), List.of("collect"), connection));
    runs.put("discovery", fork(ZbxVeeamCdp.class.getName(), List.of("discovery"), connection));
    int before = trapper.received.size();
    Run send =
        fork(
            ZbxVeeamCdp.class.getName(),
            List.of("send", "--zabbix-server", "127.0.0.1:" + trapper.port(), "--zabbix-host", "h"),
            connection);
    assertEquals(before + 1, trapper.received.size(), "send pushed one value: " + send.describe());
    runs.put("send", send.withSent(trapper.received.get(before)));
    for (Run run : runs.values()) {
      assertFalse(run.stderr().contains("OutOfMemoryError"), run.describe());
      assertFalse(run.stderr().contains("\tat "), "no stack trace: " + run.describe());
      assertFalse(run.stdout().contains(em.password()), "the password: " + run.describe());
    }
    return runs;
  }

  private record Run(int code, String stdout, String stderr, JsonNode sent) {
    String describe() {
      return "exit %d, stdout: %s, stderr: %s"
          .formatted(code, stdout.substring(0, Math.min(600, stdout.length())), stderr);
    }

    Run withSent(JsonNode value) {
      return new Run(code, stdout, stderr, value);
    }
  }

  private static Run fork(String main, List<String> mode, List<String> connection)
      throws Exception {
    List<String> args = new ArrayList<>(mode);
    args.addAll(connection);
    Forked.Run run = Forked.run(dir, main, args);
    return new Run(run.code(), run.stdout(), run.stderr(), null);
  }

  /** A Zabbix trapper that accepts every value and keeps the collect documents it was sent. */
  private static final class Trapper implements AutoCloseable {
    final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final ServerSocket socket;

    private Trapper(ServerSocket socket) {
      this.socket = socket;
    }

    static Trapper start() throws IOException {
      Trapper t = new Trapper(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
      Thread thread = new Thread(t::serve, "fake-trapper");
      thread.setDaemon(true);
      thread.start();
      return t;
    }

    int port() {
      return socket.getLocalPort();
    }

    private void serve() {
      while (!socket.isClosed()) {
        try (Socket s = socket.accept()) {
          DataInputStream in = new DataInputStream(s.getInputStream());
          byte[] header = new byte[13];
          in.readFully(header);
          long length = ByteBuffer.wrap(header, 5, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
          byte[] body = new byte[(int) length];
          in.readFully(body);
          JsonNode request = JSON.readTree(body);
          received.add(JSON.readTree(request.get("data").get(0).get("value").asText()));
          reply(s.getOutputStream());
        } catch (IOException e) {
          if (socket.isClosed()) {
            return;
          }
        }
      }
    }

    private static void reply(OutputStream out) throws IOException {
      byte[] json =
          "{\"response\":\"success\",\"info\":\"processed: 1; failed: 0; total: 1; seconds spent: 0.000050\"}"
              .getBytes(StandardCharsets.UTF_8);
      ByteBuffer frame = ByteBuffer.allocate(13 + json.length).order(ByteOrder.LITTLE_ENDIAN);
      frame.put("ZBXD".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).putLong(json.length);
      frame.put(json);
      out.write(frame.array());
      out.flush();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
