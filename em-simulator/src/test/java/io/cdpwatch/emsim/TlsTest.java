package io.cdpwatch.emsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TlsTest {
  static EmSimulator sim;

  @BeforeAll
  static void start() throws Exception {
    sim = EmSimulator.startTls(Scenario.builder().generate(1, 2, 2).build());
  }

  @AfterAll
  static void stop() {
    sim.stop();
  }

  @Test
  void servesHttpsWithAPinnableSelfSignedCertificate() throws Exception {
    assertTrue(sim.baseUrl().startsWith("https://127.0.0.1:"));
    assertTrue(sim.baseUrl().endsWith("/api"));
    String sha = sim.certificateSha256();
    assertTrue(sha.matches("[0-9a-f]{64}"), sha);
    assertEquals(
        sha,
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256").digest(sim.certificate().getEncoded())));
    assertTrue(sim.certificate().getSubjectAlternativeNames().toString().contains("127.0.0.1"));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(sim.trustStore());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    Http http =
        new Http(
            sim,
            HttpClient.newBuilder().sslContext(ctx).version(HttpClient.Version.HTTP_1_1).build());
    String token = http.logon().token();
    assertEquals(200, http.get("/query?type=CdpReplicaTaskSession", token).statusCode());
    assertEquals(1, sim.counters().logons());
    // Without trusting it, the handshake fails.
    Http untrusting = new Http(sim);
    assertThrows(IOException.class, () -> untrusting.get("/", null));
  }
}
