package io.cdpwatch.emsim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** A self-signed certificate made at start with the JDK's keytool (no extra dependencies). */
final class Tls {
  final SSLContext context;
  final X509Certificate certificate;

  private Tls(SSLContext context, X509Certificate certificate) {
    this.context = context;
    this.certificate = certificate;
  }

  private static Tls made;

  /**
   * The simulator's self-signed certificate. Making one takes keytool a second or two, so every
   * simulator in one JVM (a test run starts many) shares the first one made.
   */
  static synchronized Tls selfSigned() throws IOException {
    if (made == null) {
      made = make();
    }
    return made;
  }

  private static Tls make() throws IOException {
    Path dir = Files.createTempDirectory("em-simulator-tls");
    Path store = dir.resolve("server.p12");
    byte[] pw = new byte[18];
    new SecureRandom().nextBytes(pw);
    String pass = Base64.getUrlEncoder().withoutPadding().encodeToString(pw);
    String keytool =
        Path.of(System.getProperty("java.home"), "bin", isWindows() ? "keytool.exe" : "keytool")
            .toString();
    List<String> cmd =
        List.of(
            keytool,
            "-genkeypair",
            "-alias",
            "em-simulator",
            "-keyalg",
            "RSA",
            "-keysize",
            "2048",
            "-validity",
            "825",
            "-dname",
            "CN=localhost, OU=em-simulator, O=cdpwatch",
            "-ext",
            "SAN=dns:localhost,ip:127.0.0.1",
            "-storetype",
            "PKCS12",
            "-keystore",
            store.toString(),
            "-storepass:env",
            "EMSIM_STOREPASS",
            "-noprompt");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("EMSIM_STOREPASS", pass);
    try {
      Process p = pb.start();
      String output;
      try (InputStream in = p.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException("keytool failed: " + output.strip());
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        ks.load(in, pass.toCharArray());
      }
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, pass.toCharArray());
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return new Tls(ctx, (X509Certificate) ks.getCertificate("em-simulator"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while making the certificate", e);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot load the certificate: " + e.getMessage(), e);
    } finally {
      Files.deleteIfExists(store);
      Files.deleteIfExists(dir);
    }
  }

  static String sha256(X509Certificate c) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win");
  }
}
