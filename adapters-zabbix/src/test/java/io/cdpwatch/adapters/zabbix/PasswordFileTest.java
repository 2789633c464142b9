package io.cdpwatch.adapters.zabbix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdpwatch.cli.EmSources;
import io.cdpwatch.cli.Watchdog;
import io.cdpwatch.emsim.EmSimulator;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** zbx_veeam_cdp refuses a password file others can read, as check_veeam_cdp does. */
class PasswordFileTest {

  @TempDir static Path dir;
  private static EmSimulator em;

  @BeforeAll
  static void start() throws IOException {
    Scenario.Builder b = Scenario.builder().credentials("monitor", "right-password");
    var server = b.backupServer("bs01");
    var policy = b.policy(server, "Gold");
    b.dailyPolicySessions(policy, 2, b.ago(Duration.ofHours(3)));
    b.vm(policy, "db01", 3, Duration.ofHours(8), b.ago(Duration.ofHours(1)), "", "Success");
    em = EmSimulator.start(b.build());
  }

  @AfterAll
  static void stop() {
    em.stop();
  }

  private record Run(int exit, Map<String, Object> document, String stderr) {}

  private static Run run(String mode, Path passwordFile, String... extra) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of(
                mode,
                "--url",
                em.baseUrl(),
                "-u",
                "monitor",
                "--password-file",
                passwordFile.toString(),
                "--no-session-cache"));
    args.addAll(List.of(extra));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        ZbxVeeamCdp.run(
            args,
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Clock.systemUTC(),
            EmSources::open,
            (servers, host, key, value, at, timeout) -> {
              throw new AssertionError(mode + " sends nothing");
            },
            Watchdog.NONE);
    return new Run(
        exit,
        new Yaml(new SafeConstructor(new LoaderOptions()))
            .load(out.toString(StandardCharsets.UTF_8)),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void collectGivesAnErrorDocumentWithTheChmodAndNoRequestToEm() throws IOException {
    Path readable = Files.writeString(dir.resolve("readable"), "right-password\n");
    Files.setPosixFilePermissions(readable, PosixFilePermissions.fromString("rw-rw-r--"));
    long before = em.counters().requests();

    Run refused = run("collect", readable);

    assertEquals(1, refused.exit());
    assertEquals(3, refused.document().get("state"));
    assertEquals(List.of(), refused.document().get("vms"));
    String error = (String) refused.document().get("error");
    assertTrue(error.contains("can be read by every user (mode rw-rw-r--)"), error);
    assertTrue(error.contains("chmod 600 " + readable), error);
    assertFalse(error.contains("right-password"), error);
    assertEquals(before, em.counters().requests(), "EM was not asked");

    Run allowed = run("collect", readable, "--allow-readable-password-file");
    assertEquals(0, allowed.exit(), allowed.stderr());
    assertEquals(1, ((List<?>) allowed.document().get("vms")).size());
  }
}
