package io.cdpwatch.adapters.zabbix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.cdpwatch.cli.EmSources;
import io.cdpwatch.cli.Watchdog;
import io.cdpwatch.emsim.EmSimulator;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code certificate_expires_in_days} of the collect document and the state it raises, from the
 * certificate the real client saw in the handshake with the simulator. The clock is set half a day
 * off the whole days, so that a second more or less in making the certificate cannot change them.
 */
class CertificateFieldTest {

  private static final String FIELD = "certificate_expires_in_days";

  @TempDir static Path dir;
  private static EmSimulator http;
  private static EmSimulator expiring;
  private static EmSimulator expired;
  private static Path passwordFile;

  @BeforeAll
  static void start() throws IOException {
    Scenario.Builder b = Scenario.builder().credentials("monitor", "right-password");
    var server = b.backupServer("bs01");
    var policy = b.policy(server, "Gold");
    b.dailyPolicySessions(policy, 2, b.ago(Duration.ofHours(3)));
    b.vm(policy, "db01", 3, Duration.ofHours(8), b.ago(Duration.ofHours(1)), "", "Success");
    Scenario scenario = b.build();
    http = EmSimulator.start(scenario);
    expiring = EmSimulator.builder(scenario).certificateValidDays(9).start();
    expired = EmSimulator.builder(scenario).certificateValidDays(-3).start();
    passwordFile = PasswordFile.write(dir.resolve("pw"), "right-password\n");
  }

  @AfterAll
  static void stop() {
    http.stop();
    expiring.stop();
    expired.stop();
  }

  @Test
  void anExpiringCertificateGivesItsDaysAndAWarningState() {
    Map<String, Object> document = collect(expiring, daysBefore(expiring, 9.5));

    assertEquals(9, document.get(FIELD));
    assertEquals(1, document.get("state"));
  }

  @Test
  void anExpiredCertificateAcceptedByItsPinGivesNegativeDaysAndAWarningState() {
    Map<String, Object> document = collect(expired, daysBefore(expired, -2.5));

    assertEquals(-3, document.get(FIELD));
    assertEquals(1, document.get("state"));
  }

  @Test
  void zeroTurnsTheWarningOffButTheDaysAreStillThere() {
    Map<String, Object> document =
        collect(expired, daysBefore(expired, -2.5), "--certificate-warning", "0");

    assertEquals(-3, document.get(FIELD));
    assertEquals(0, document.get("state"));
  }

  @Test
  void aCertificateValidLongerThanTheWarningPeriodLeavesTheStateOk() {
    Map<String, Object> document =
        collect(expiring, daysBefore(expiring, 9.5), "--certificate-warning", "7");

    assertEquals(9, document.get(FIELD));
    assertEquals(0, document.get("state"));
  }

  @Test
  void overPlainHttpTheFieldIsLeftOut() {
    Map<String, Object> document = collect(http, Clock.systemUTC());

    assertFalse(document.containsKey(FIELD), document.toString());
    assertEquals(0, document.get("state"));
  }

  private static Clock daysBefore(EmSimulator em, double days) {
    Instant expiry = em.certificate().getNotAfter().toInstant();
    return Clock.fixed(
        expiry.minus(Duration.ofMinutes(Math.round(days * 24 * 60))), ZoneOffset.UTC);
  }

  private static Map<String, Object> collect(EmSimulator em, Clock clock, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "collect",
                "--url",
                em.baseUrl(),
                "-u",
                "monitor",
                "--password-file",
                passwordFile.toString(),
                "--no-session-cache"));
    if (em.tls()) {
      args.add("--fingerprint=" + em.certificateSha256());
    }
    args.addAll(List.of(extra));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        ZbxVeeamCdp.run(
            args,
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            clock,
            EmSources::open,
            (servers, host, key, value, at, timeout) -> {
              throw new AssertionError("collect sends nothing");
            },
            Watchdog.NONE);
    String printed = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, printed + err.toString(StandardCharsets.UTF_8));
    return new Yaml(new SafeConstructor(new LoaderOptions())).load(printed);
  }
}
