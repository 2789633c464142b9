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
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every UNKNOWN cause of the contract, through the real EM client against the simulator, with the
 * first line it prints pinned: the line an admin sees in the pager.
 */
class UnknownCausesTest {

  @TempDir static Path dir;
  private static EmSimulator http;
  private static EmSimulator https;
  private static Path passwordFile;

  @BeforeAll
  static void start() throws IOException {
    Scenario.Builder scenario = Scenario.builder().credentials("monitor", "right-password");
    var server = scenario.backupServer("bs01");
    var policy = scenario.policy(server, "Gold");
    scenario.dailyPolicySessions(policy, 2, scenario.ago(Duration.ofHours(3)));
    scenario.vm(
        policy, "db01", 3, Duration.ofHours(8), scenario.ago(Duration.ofHours(1)), "", "Success");
    http = EmSimulator.start(scenario.build());
    https = EmSimulator.startTls(scenario.build());
    passwordFile = PasswordFile.write(dir.resolve("pw"), "right-password\n");
  }

  @AfterEach
  void clearFaults() {
    http.clearFaults();
    https.clearFaults();
  }

  @AfterAll
  static void stop() {
    http.stop();
    https.stop();
  }

  @Test
  void aPasswordFileOthersCanReadIsRefusedWithTheCommandThatFixesItUnlessAllowed()
      throws IOException {
    Path readable = Files.writeString(dir.resolve("readable"), "right-password\n");
    Files.setPosixFilePermissions(readable, PosixFilePermissions.fromString("rw-r-----"));
    String user = System.getProperty("user.name");

    assertEquals(
        ("CDP UNKNOWN - the password file %s can be read by its group (mode rw-r-----): run 'chown"
                + " %s %s && chmod 600 %s', or give --allow-readable-password-file")
            .formatted(readable, user, readable, readable),
        firstLine(http.baseUrl(), "--password-file", readable.toString()));
    Files.setPosixFilePermissions(readable, PosixFilePermissions.fromString("rw-r--r--"));
    assertTrue(
        firstLine(http.baseUrl(), "--password-file", readable.toString())
            .contains("can be read by every user"));
    assertEquals(
        "CDP OK - 1 VM in 1 policy OK",
        firstLine(
            http.baseUrl(),
            "--password-file",
            readable.toString(),
            "--allow-readable-password-file"));
  }

  @Test
  void aWorkingSetupIsNotUnknown() {
    assertEquals("CDP OK - 1 VM in 1 policy OK", firstLine(http.baseUrl()));
  }

  @Test
  void theMostVerboseRunLogsNeitherPasswordNorCredentialsNorToken() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit =
        CheckVeeamCdp.run(
            List.of(
                "--url",
                http.baseUrl(),
                "-u",
                "monitor",
                "--password-file",
                passwordFile.toString(),
                "--no-session-cache",
                "-vvv"),
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Clock.systemUTC(),
            EmSources::open);

    String logged = err.toString(StandardCharsets.UTF_8);
    String basic =
        Base64.getEncoder()
            .encodeToString("monitor:right-password".getBytes(StandardCharsets.UTF_8));
    assertEquals(0, exit, out.toString(StandardCharsets.UTF_8));
    assertTrue(logged.contains("DEBUG"), "-vvv logs a lot");
    assertFalse(logged.contains("right-password"), logged);
    assertFalse(logged.contains(basic), logged);
    assertFalse(logged.contains("X-RestSvcSessionId:"), logged);
  }

  @Test
  void emUnreachable() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    assertEquals(
        "CDP UNKNOWN - cannot connect to EM at 127.0.0.1:<port>: connection refused, check host,"
            + " port (EM's REST API listens on 9398) and firewalls",
        firstLine("http://127.0.0.1:" + closedPort + "/api").replace(":" + closedPort, ":<port>"));
  }

  @Test
  void tlsFailure() {
    assertEquals(
        "CDP UNKNOWN - TLS with EM at 127.0.0.1:<port> failed: its certificate is not trusted"
            + " (self-signed or from an unknown CA), EM's certificate: subject"
            + " 'CN=localhost,OU=em-simulator,O=cdpwatch', SHA-256 <sha256>, trust it with"
            + " --ca-file <EM's CA as PEM>, pin it with --fingerprint <SHA-256>, or (labs only)"
            + " skip checks with --insecure",
        firstLine(https.baseUrl()));
  }

  @Test
  void anApiVersionEmDoesNotSupportIsNotAWrongPassword() {
    http.addFault("/api/", Fault.unsupportedVersion("v1_7"));
    http.addFault("/api/", Fault.unsupportedVersion("v1_6"));

    assertEquals(
        "CDP UNKNOWN - EM does not support REST API version v1_7 (EM at 127.0.0.1:<port> offers"
            + " v1_5): CDP needs v1_6 or later (Enterprise Manager 11 or newer): upgrade"
            + " Enterprise Manager",
        firstLine(http.baseUrl()));
  }

  @Test
  void wrongPassword() throws IOException {
    Path wrong = PasswordFile.write(dir.resolve("wrong"), "wrong-password\n");

    assertEquals(
        "CDP UNKNOWN - EM refused the logon of user 'monitor' (401: Authentication failed: the user name or password is incorrect.): check user name and password, and that the account has an Enterprise Manager role (Portal Administrator, Portal User or Restore Operator)",
        firstLine(http.baseUrl(), "--password-file", wrong.toString()));
  }

  @Test
  void forbidden() {
    http.addFault("/api/query", Fault.status(403));

    assertEquals(
        "CDP UNKNOWN - EM forbids the CdpReplicaSession query (page 1) to user 'monitor' (403: Simulated fault: Forbidden): give the account an Enterprise Manager role that sees CDP policies (Portal Administrator)",
        firstLine(http.baseUrl()));
  }

  @Test
  void emSideError() {
    http.addFault("/api/query", Fault.status(500));

    assertEquals(
        "CDP UNKNOWN - EM failed on the CdpReplicaSession query (page 1) (500: Simulated fault: InternalServerError), see EM's logs or retry later",
        firstLine(http.baseUrl()));
  }

  @Test
  void timeoutAgainstAServerThatNeverAnswers() {
    http.addFault("/api/query", Fault.hang());

    assertEquals(
        "CDP UNKNOWN - no answer from EM within 1s (the CdpReplicaSession query (page 1) at 127.0.0.1:<port>), raise the timeout or check EM's load",
        firstLine(http.baseUrl(), "-t", "1"));
  }

  @Test
  void malformedAnswer() {
    http.addFault("/api/query", Fault.truncated());

    assertEquals(
        "CDP UNKNOWN - EM's answer to the CdpReplicaSession query (page 1) is not well-formed XML (line <n>: the document ends inside <Links>, before its end tag)",
        firstLine(http.baseUrl()));
  }

  @Test
  void htmlInsteadOfXml() {
    http.addFault("/api/query", Fault.html(200));

    assertEquals(
        "CDP UNKNOWN - EM's answer to the CdpReplicaSession query (page 1) is text/html, charset=utf-8, not XML: is http://127.0.0.1:<port>/api the REST API of Enterprise Manager (https://host:9398/api)?",
        firstLine(http.baseUrl()));
  }

  @Test
  void hostileAnswerWithAnExternalEntity() {
    http.addFault("/api/query", Fault.externalEntity());

    assertEquals(
        "CDP UNKNOWN - refused a DTD in EM's answer (EM sends none, nothing it declares is read or fetched): is something other than EM answering?",
        firstLine(http.baseUrl()));
  }

  @Test
  void hostileAnswerWithAnEntityBomb() {
    http.addFault("/api/query", Fault.entityBomb());

    assertEquals(
        "CDP UNKNOWN - refused a DTD in EM's answer (EM sends none, nothing it declares is read or fetched): is something other than EM answering?",
        firstLine(http.baseUrl()));
  }

  @Test
  void wrongPortAnswering404() {
    http.addFault("/api/", Fault.status(404));

    assertEquals(
        "CDP UNKNOWN - EM has no REST API at http://127.0.0.1:<port>/api (404: Simulated fault: NotFound): is this EM's port? 9398 is Enterprise Manager, 9419 is the VBR REST API",
        firstLine(http.baseUrl()));
  }

  private static String firstLine(String url, String... extra) {
    List<String> args =
        new ArrayList<>(List.of("--url", url, "-u", "monitor", "--no-session-cache"));
    if (!List.of(extra).contains("--password-file")) {
      args.addAll(List.of("--password-file", passwordFile.toString()));
    }
    args.addAll(List.of(extra));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit =
        CheckVeeamCdp.run(
            args,
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            Clock.systemUTC(),
            EmSources::open);
    String output = out.toString(StandardCharsets.UTF_8);
    String first = output.lines().findFirst().orElse("");
    int perfdata = first.indexOf(" | ");
    if (first.startsWith("CDP UNKNOWN")) {
      assertEquals(3, exit, output);
      assertEquals(first + "\n", output, "an UNKNOWN is exactly one line");
      assertFalse(first.contains("right-password") || first.contains("Exception"), first);
    }
    String text = perfdata < 0 ? first : first.substring(0, perfdata);
    for (EmSimulator simulator : List.of(http, https)) {
      text = text.replace(":" + simulator.port(), ":<port>");
    }
    return text.replaceAll("([0-9A-F]{2}:){31}[0-9A-F]{2}", "<sha256>")
        .replaceAll("\\(line \\d+:", "(line <n>:");
  }
}
