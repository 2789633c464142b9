package io.cdpwatch.emsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/** Runs bin/em-simulator (after package) with the demo scenario, like a user would. */
class LauncherIT {
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  @Test
  void launcherPrintsTheContractLinesAndServesTheDemo() throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                ROOT.resolve("bin/em-simulator").toString(),
                "--scenario",
                ROOT.resolve("em-simulator/scenarios/demo.scenario").toString(),
                "--tls")
            .directory(Path.of(System.getProperty("java.io.tmpdir")).toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String l = out.readLine();
        assertTrue(l != null, "line " + (i + 1) + " missing; got " + lines);
        lines.add(l);
      }
      assertTrue(lines.get(0).matches("url https://127\\.0\\.0\\.1:\\d+/api"), lines.get(0));
      assertEquals("user TECH\\cdpwatch", lines.get(1));
      assertTrue(lines.get(2).startsWith("password-file /"), lines.get(2));
      assertTrue(lines.get(3).matches("fingerprint [0-9a-f]{64}"), lines.get(3));
      String url = lines.get(0).substring(4);
      Path pwFile = Path.of(lines.get(2).substring("password-file ".length()));
      assertEquals(
          "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pwFile)));
      String password = Files.readString(pwFile, StandardCharsets.UTF_8);
      String fingerprint = lines.get(3).substring("fingerprint ".length());

      HttpClient client =
          HttpClient.newBuilder()
              .sslContext(pinned(fingerprint))
              .connectTimeout(Duration.ofSeconds(10))
              .build();
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(java.net.URI.create(url + "/sessionMngr/?v=latest"))
                  .header(
                      "Authorization",
                      "Basic "
                          + Base64.getEncoder()
                              .encodeToString(
                                  ("TECH\\cdpwatch:" + password).getBytes(StandardCharsets.UTF_8)))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(201, r.statusCode(), r.body());
      assertTrue(r.headers().firstValue("X-RestSvcSessionId").isPresent());
      p.destroy(); // SIGTERM
      assertTrue(p.waitFor(20, TimeUnit.SECONDS));
      assertTrue(Files.notExists(pwFile), "the password file is removed on exit");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void badArgumentsExit2WithOneLine() throws Exception {
    Process p =
        new ProcessBuilder(ROOT.resolve("bin/em-simulator").toString(), "--port", "x")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(2, p.exitValue());
    assertEquals(1, err.lines().count(), err);
    assertTrue(err.startsWith("em-simulator: "), err);
  }

  /** Trusts exactly the certificate with this SHA-256 fingerprint. */
  static SSLContext pinned(String sha256) throws Exception {
    X509TrustManager tm =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException();
          }

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType)
              throws java.security.cert.CertificateException {
            try {
              String got =
                  java.util.HexFormat.of()
                      .formatHex(
                          java.security.MessageDigest.getInstance("SHA-256")
                              .digest(chain[0].getEncoded()));
              if (!got.equals(sha256)) {
                throw new java.security.cert.CertificateException("fingerprint mismatch");
              }
            } catch (java.security.NoSuchAlgorithmException e) {
              throw new java.security.cert.CertificateException(e);
            }
          }

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {tm}, null);
    return ctx;
  }
}
