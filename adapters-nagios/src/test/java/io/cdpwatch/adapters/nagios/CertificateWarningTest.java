package io.cdpwatch.adapters.nagios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdpwatch.cli.EmSources;
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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --certificate-warning}: EM's certificate, as the real client saw it in the handshake with
 * the simulator, in the check's state and first line. The clock is set half a day off the whole
 * days left, so that a second more or less in making the certificate cannot change the count.
 */
class CertificateWarningTest {

  @TempDir static Path dir;
  private static Scenario scenario;
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
    scenario = b.build();
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
  void aCertificateExpiringWithinTheDefaultFourteenDaysIsAWarningThatSaysWhen() {
    Run run = check(expiring, nineAndAHalfDaysBefore(expiring), pin(expiring));

    assertEquals(1, run.exit, run.output);
    assertEquals(
        "CDP WARNING - 1 VM in 1 policy OK, EM's certificate expires in 9 days (%s)"
            .formatted(expiryDate(expiring)),
        run.summary());
    assertTrue(
        run.output
            .lines()
            .toList()
            .contains(
                "WARNING: EM's certificate expires in 9 days (%s)".formatted(expiryDate(expiring))),
        "a long-output line of its own: " + run.output);
  }

  @Test
  void aShorterWarningPeriodLeavesItOk() {
    Run run =
        check(
            expiring,
            nineAndAHalfDaysBefore(expiring),
            pin(expiring),
            "--certificate-warning",
            "9");

    assertEquals(0, run.exit, run.output);
    assertEquals("CDP OK - 1 VM in 1 policy OK", run.summary());
  }

  @Test
  void aCriticalIsNotLoweredToTheCertificatesWarning() {
    Run run = check(expiring, nineAndAHalfDaysBefore(expiring), pin(expiring), "--vm", "nowhere01");

    assertEquals(2, run.exit, run.output);
    assertTrue(run.summary().startsWith("CDP CRITICAL - "), run.summary());
    assertTrue(
        run.summary()
            .endsWith(", EM's certificate expires in 9 days (%s)".formatted(expiryDate(expiring))),
        run.summary());
  }

  @Test
  void anExpiredCertificateAcceptedByItsPinIsAWarning() {
    Run run = check(expired, Clock.systemUTC(), pin(expired));

    assertEquals(1, run.exit, run.output);
    assertEquals(
        "CDP WARNING - 1 VM in 1 policy OK, EM's certificate expired on " + expiryDate(expired),
        run.summary());
  }

  @Test
  void anExpiredCertificateAcceptedWithInsecureIsAWarning() {
    Run run = check(expired, Clock.systemUTC(), "-k");

    assertEquals(1, run.exit, run.output);
    assertTrue(run.summary().endsWith("EM's certificate expired on " + expiryDate(expired)));
  }

  @Test
  void zeroTurnsTheCertificateCheckOff() {
    Run run = check(expired, Clock.systemUTC(), pin(expired), "--certificate-warning", "0");

    assertEquals(0, run.exit, run.output);
    assertEquals("CDP OK - 1 VM in 1 policy OK", run.summary());
  }

  @Test
  void overPlainHttpThereIsNoCertificateToSpeakOf() {
    Run run = check(http, Clock.systemUTC());

    assertEquals(0, run.exit, run.output);
    assertEquals("CDP OK - 1 VM in 1 policy OK", run.summary());
    assertTrue(!run.output.contains("certificate"), run.output);
  }

  @Test
  void aWarningPeriodThatIsNoNumberOfDaysIsAUsageError() {
    Run run = check(http, Clock.systemUTC(), "--certificate-warning", "2w");

    assertEquals(3, run.exit, run.output);
    assertEquals(
        "CDP UNKNOWN - --certificate-warning must be a whole number of days from 0 (off) to 3650,"
            + " not '2w'",
        run.output.lines().findFirst().orElse(""));
  }

  @Test
  void theOldAndTheNewPinBothPassARotationAndTheOldOneAloneNamesTheNewCertificate()
      throws IOException {
    try (EmSimulator rotating = EmSimulator.builder(scenario).tls(true).start()) {
      String old = rotating.certificateSha256();
      assertEquals(0, check(rotating, Clock.systemUTC(), "--fingerprint", old).exit);

      rotating.rotateCertificate();
      String fresh = rotating.certificateSha256();
      assertNotEquals(old, fresh);

      Run both = check(rotating, Clock.systemUTC(), "--fingerprint", old, "--fingerprint", fresh);
      assertEquals(0, both.exit, both.output);
      assertEquals("CDP OK - 1 VM in 1 policy OK", both.summary());

      Run oldOnly = check(rotating, Clock.systemUTC(), "--fingerprint", old);
      assertEquals(3, oldOnly.exit, oldOnly.output);
      String line = oldOnly.summary();
      assertTrue(
          line.startsWith("CDP UNKNOWN - TLS with EM at ")
              && line.contains("its certificate does not match the pinned fingerprint"),
          line);
      assertTrue(line.contains(colons(fresh)), "names the certificate presented: " + line);
      assertTrue(!line.contains(colons(old)), line);
    }
  }

  private static String pin(EmSimulator em) {
    return "--fingerprint=" + em.certificateSha256();
  }

  private static Instant expiry(EmSimulator em) {
    return em.certificate().getNotAfter().toInstant();
  }

  private static LocalDate expiryDate(EmSimulator em) {
    return LocalDate.ofInstant(expiry(em), ZoneOffset.UTC);
  }

  private static Clock nineAndAHalfDaysBefore(EmSimulator em) {
    return Clock.fixed(
        expiry(em).minus(Duration.ofDays(9)).minus(Duration.ofHours(12)), ZoneOffset.UTC);
  }

  /** A fingerprint as the TLS failure names it: upper case, colon-separated. */
  private static String colons(String hex) {
    return HexFormat.ofDelimiter(":").withUpperCase().formatHex(HexFormat.of().parseHex(hex));
  }

  private record Run(int exit, String output) {
    String summary() {
      String first = output.lines().findFirst().orElse("");
      int perfdata = first.indexOf(" | ");
      return perfdata < 0 ? first : first.substring(0, perfdata);
    }
  }

  private static Run check(EmSimulator em, Clock clock, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--url",
                em.baseUrl(),
                "-u",
                "monitor",
                "--password-file",
                passwordFile.toString(),
                "--no-session-cache"));
    args.addAll(List.of(extra));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit =
        CheckVeeamCdp.run(
            args,
            Map.of(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            clock,
            EmSources::open);
    return new Run(exit, out.toString(StandardCharsets.UTF_8));
  }
}
