package io.cdpwatch.emsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/** A certificate that expires when a test says, and one that rotates. */
class CertificateTest {

  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

  @Test
  void aCertificateValidForNineDaysEndsNineDaysAfterTheScenariosNow() throws Exception {
    Scenario scenario = Scenario.builder().now(NOW).build();
    try (EmSimulator em = EmSimulator.builder(scenario).certificateValidDays(9).start()) {
      assertTrue(em.tls());
      assertAbout(NOW.plus(Duration.ofDays(9)), em.certificate().getNotAfter().toInstant());
      assertTrue(em.certificate().getNotBefore().toInstant().isBefore(NOW));
      assertEquals(em.certificateSha256(), Tls.sha256(presented(em)));
    }
  }

  @Test
  void aNegativeNumberOfDaysMakesAnExpiredCertificate() throws Exception {
    Scenario scenario = Scenario.builder().now(NOW).build();
    try (EmSimulator em = EmSimulator.builder(scenario).certificateValidDays(-3).start()) {
      X509Certificate certificate = em.certificate();
      assertAbout(NOW.minus(Duration.ofDays(3)), certificate.getNotAfter().toInstant());
      assertTrue(certificate.getNotBefore().before(certificate.getNotAfter()));
    }
  }

  @Test
  void aRotationServesANewCertificateToNewConnections() throws Exception {
    try (EmSimulator em = EmSimulator.startTls(Scenario.builder().build())) {
      String old = em.certificateSha256();
      assertEquals(old, Tls.sha256(presented(em)));

      em.rotateCertificate();

      assertNotEquals(old, em.certificateSha256());
      assertEquals(em.certificateSha256(), Tls.sha256(presented(em)));
      assertAbout(
          Instant.now().plus(Duration.ofDays(825)), em.certificate().getNotAfter().toInstant());
    }
  }

  @Test
  void aSimulatorWithoutTlsHasNoCertificateToRotate() throws Exception {
    try (EmSimulator em = EmSimulator.start(Scenario.builder().build())) {
      assertThrows(IllegalStateException.class, em::rotateCertificate);
    }
  }

  private static void assertAbout(Instant expected, Instant actual) {
    assertTrue(
        Duration.between(expected, actual).abs().compareTo(Duration.ofMinutes(1)) < 0,
        "expected about " + expected + ", got " + actual);
  }

  /** The leaf certificate a fresh TLS handshake with {@code em} presents. */
  private static X509Certificate presented(EmSimulator em) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {new TrustingAll()}, null);
    URI url = URI.create(em.baseUrl());
    try (SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket(url.getHost(), url.getPort())) {
      socket.startHandshake();
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  private static final class TrustingAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
