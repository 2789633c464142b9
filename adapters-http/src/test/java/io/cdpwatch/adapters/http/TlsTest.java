package io.cdpwatch.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdpwatch.core.port.out.CdpSourceException;
import io.cdpwatch.core.port.out.CdpSourceException.Kind;
import io.cdpwatch.core.port.out.TaskSessionQuery;
import io.cdpwatch.emsim.EmSimulator;
import io.cdpwatch.emsim.Scenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trust modes against the simulator's self-signed certificate. */
class TlsTest {

  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  private static final TaskSessionQuery LAST_DAY =
      TaskSessionQuery.since(NOW.minus(Duration.ofDays(1)));

  private static EmSimulator em;

  @BeforeAll
  static void start() {
    Scenario.Builder b = Scenario.builder().now(NOW);
    b.generate(1, 2, 3);
    em = Estates.start(b.build(), true);
  }

  @AfterAll
  static void stop() {
    em.close();
  }

  @Test
  void theSystemTrustStoreRefusesASelfSignedCertificateAndNamesIt() {
    CdpSourceException failure = fails(Estates.config(em).trustSystemStore().build());

    assertEquals(Kind.TLS, failure.kind());
    String message = failure.getMessage();
    assertTrue(message.contains("not trusted"), message);
    assertTrue(message.contains("CN=localhost"), message);
    assertTrue(message.contains("--ca-file") && message.contains("--fingerprint"), message);
    assertTrue(message.contains("--insecure"), message);
    FaultTest.assertNoClassNames(message);
  }

  @Test
  void aWrongPinIsRefused() {
    CdpSourceException failure =
        fails(Estates.unpinned(em).pinFingerprint("00".repeat(32)).build());

    assertEquals(Kind.TLS, failure.kind());
    assertTrue(failure.getMessage().contains("pinned fingerprint"), failure.getMessage());
  }

  @Test
  void duringARotationEitherOfTwoPinsIsAccepted() {
    String old = "00".repeat(32);

    read(Estates.unpinned(em).pinFingerprint(old).pinFingerprint(em.certificateSha256()).build());
    read(Estates.unpinned(em).pinFingerprint(em.certificateSha256()).pinFingerprint(old).build());
    assertEquals(
        Kind.TLS,
        fails(Estates.unpinned(em).pinFingerprint(old).pinFingerprint("11".repeat(32)).build())
            .kind());
  }

  @Test
  void aPinWithColonsInUpperCaseIsAccepted() {
    String hex = em.certificateSha256().toUpperCase();
    String colons = String.join(":", hex.split("(?<=\\G..)"));
    read(Estates.unpinned(em).pinFingerprint(colons).build());
  }

  @Test
  void aPemCaFileIsTrustedWithHostNameVerification(@TempDir Path temp) throws Exception {
    Path pem = temp.resolve("em.pem");
    Files.writeString(
        pem,
        "-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(em.certificate().getEncoded())
            + "\n-----END CERTIFICATE-----\n");
    read(Estates.config(em).trustCaFile(pem).build());
  }

  @Test
  void anUnreadableCaFileIsAConfigurationError(@TempDir Path temp) {
    CdpSourceException failure =
        assertThrows(
            CdpSourceException.class,
            () ->
                EmCdpSessionSource.open(
                    Estates.config(em).trustCaFile(temp.resolve("missing.pem")).build()));
    assertEquals(Kind.CONFIGURATION, failure.kind());
  }

  @Test
  void theSourceReportsWhenThePresentedCertificateExpiresOnceItHasSeenIt() {
    try (EmCdpSessionSource source = EmCdpSessionSource.open(Estates.config(em).build())) {
      assertEquals(Optional.empty(), source.certificateExpiry(), "nothing read yet");
      source.taskSessions(LAST_DAY, s -> {});
      assertEquals(
          Optional.of(em.certificate().getNotAfter().toInstant()), source.certificateExpiry());
    }
  }

  @Test
  void overPlainHttpThereIsNoCertificate() {
    Scenario.Builder b = Scenario.builder().now(NOW);
    b.generate(1, 1, 1);
    try (EmSimulator plain = Estates.start(b.build(), false);
        EmCdpSessionSource source = EmCdpSessionSource.open(Estates.config(plain).build())) {
      source.taskSessions(LAST_DAY, s -> {});
      assertEquals(Optional.empty(), source.certificateExpiry());
    }
  }

  @Test
  void insecureTrustsAnything() {
    read(Estates.config(em).insecure().build());
  }

  private static void read(EmClientConfig config) {
    try (EmCdpSessionSource source = EmCdpSessionSource.open(config)) {
      source.taskSessions(LAST_DAY, s -> {});
    }
  }

  private static CdpSourceException fails(EmClientConfig config) {
    try (EmCdpSessionSource source = EmCdpSessionSource.open(config)) {
      return assertThrows(CdpSourceException.class, () -> source.taskSessions(LAST_DAY, s -> {}));
    }
  }
}
