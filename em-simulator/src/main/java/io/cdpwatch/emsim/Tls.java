package io.cdpwatch.emsim;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The simulator's TLS: a self-signed certificate made with the JDK's keytool (no extra
 * dependencies), which {@link #rotate} replaces for new connections, as EM's is replaced when it
 * expires. By default it is valid for 825 days from the real clock; with a number of days it is
 * valid until that many days after the scenario's now (negative: expired that long ago).
 */
final class Tls {

  /** A key and its certificate, under its own alias. */
  private record Identity(String alias, PrivateKey key, X509Certificate[] chain) {}

  /** The default identity; keytool takes a second or two, so every simulator shares the first. */
  private static Identity shared;

  private static final AtomicInteger ALIASES = new AtomicInteger();

  final SSLContext context;
  private final Optional<Integer> validDays;
  private final Instant now;
  private final Map<String, Identity> identities = new ConcurrentHashMap<>();
  private volatile Identity current;

  private Tls(Identity first, Optional<Integer> validDays, Instant now)
      throws GeneralSecurityException {
    this.validDays = validDays;
    this.now = now;
    install(first);
    this.context = SSLContext.getInstance("TLS");
    context.init(new KeyManager[] {new Current()}, null, null);
  }

  /**
   * A certificate of its own that stops being valid {@code validDays} after {@code now} (the
   * scenario's now); without days, the shared one of 825 days.
   */
  static Tls of(Optional<Integer> validDays, Instant now) throws IOException {
    Objects.requireNonNull(now, "'now' must not be null");
    try {
      return new Tls(
          validDays.isPresent() ? make(validDays, now) : sharedIdentity(), validDays, now);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private static synchronized Identity sharedIdentity() throws IOException {
    if (shared == null) {
      shared = make(Optional.empty(), Instant.now());
    }
    return shared;
  }

  /** The certificate new connections get. */
  X509Certificate certificate() {
    return current.chain()[0];
  }

  /**
   * A new key and certificate, valid as the first one was, for every connection from now on;
   * connections already open keep theirs.
   */
  void rotate() throws IOException {
    install(make(validDays, now));
  }

  private void install(Identity identity) {
    identities.put(identity.alias(), identity);
    current = identity;
  }

  static String sha256(X509Certificate c) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The server side of a handshake: always the current identity, by alias. */
  private final class Current extends X509ExtendedKeyManager {
    /** The current alias when its key is of {@code keyType} (the handshake asks per type). */
    private String alias(String keyType) {
      Identity identity = current;
      return identity.key().getAlgorithm().equals(keyType) ? identity.alias() : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return alias(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return alias(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      String alias = alias(keyType);
      return alias == null ? null : new String[] {alias};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      Identity identity = identities.get(alias);
      return identity == null ? null : identity.chain().clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      Identity identity = identities.get(alias);
      return identity == null ? null : identity.key();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return null;
    }
  }

  /**
   * A fresh RSA key with a self-signed certificate (SAN localhost, 127.0.0.1): valid for 825 days
   * from the real clock, or until {@code validDays} after {@code now}. keytool's start date is
   * relative to the real clock, in seconds.
   */
  private static Identity make(Optional<Integer> validDays, Instant now) throws IOException {
    Path dir = Files.createTempDirectory("em-simulator-tls");
    Path store = dir.resolve("server.p12");
    byte[] pw = new byte[18];
    new SecureRandom().nextBytes(pw);
    String pass = Base64.getUrlEncoder().withoutPadding().encodeToString(pw);
    String alias = "em-simulator-" + ALIASES.incrementAndGet();
    String keytool =
        Path.of(System.getProperty("java.home"), "bin", isWindows() ? "keytool.exe" : "keytool")
            .toString();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                keytool,
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
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
                "-noprompt"));
    if (validDays.isEmpty()) {
      cmd.addAll(List.of("-validity", "825"));
    } else {
      // Valid from 30 days (or more, for an expired one) before now until validDays after it.
      long before = 30 + Math.max(0, -validDays.get());
      Instant start = now.minus(Duration.ofDays(before));
      long offset = Duration.between(Instant.now(), start).toSeconds();
      cmd.addAll(
          List.of(
              "-startdate",
              (offset >= 0 ? "+" : "-") + Math.abs(offset) + "S",
              "-validity",
              Long.toString(before + validDays.get())));
    }
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
      PrivateKey key = (PrivateKey) ks.getKey(alias, pass.toCharArray());
      X509Certificate certificate = (X509Certificate) ks.getCertificate(alias);
      return new Identity(alias, key, new X509Certificate[] {certificate});
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

  private static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win");
  }
}
