package io.cdpwatch.adapters.http;

import io.cdpwatch.core.port.out.CdpSourceException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The trust decision for EM's certificate, per {@link EmClientConfig.TlsMode}. Every mode records
 * the certificate EM presented, so that a failed handshake can name it (subject and SHA-256) and
 * say which option would trust it.
 */
final class TlsTrust {

  private final boolean verifyHostname;
  private final AtomicReference<X509Certificate> presented = new AtomicReference<>();
  private SSLContext context;

  private TlsTrust(boolean verifyHostname) {
    this.verifyHostname = verifyHostname;
  }

  /**
   * The trust for {@code config}; {@link CdpSourceException.Kind#CONFIGURATION} when the CA file is
   * unusable.
   */
  static TlsTrust of(EmClientConfig config) {
    try {
      X509ExtendedTrustManager decision;
      boolean verifyHostname;
      switch (config.tlsMode()) {
        case CA_FILE -> {
          decision = fromCaFile(config.caFile().orElseThrow());
          verifyHostname = true;
        }
        case PINNED_FINGERPRINT -> {
          decision = new Pinned(config.fingerprints());
          verifyHostname = false;
        }
        case INSECURE -> {
          decision = new Pinned(List.of());
          verifyHostname = false;
        }
        default -> {
          decision = fromKeyStore(null);
          verifyHostname = true;
        }
      }
      TlsTrust trust = new TlsTrust(verifyHostname);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trust.new Recording(decision)}, null);
      trust.context = context;
      return trust;
    } catch (GeneralSecurityException e) {
      throw new CdpSourceException(
          CdpSourceException.Kind.CONFIGURATION,
          "cannot set up TLS: " + Errors.plain(e.getMessage()),
          e);
    }
  }

  SSLContext context() {
    return context;
  }

  /** Whether the host name must match the certificate (not when pinned or insecure). */
  boolean verifyHostname() {
    return verifyHostname;
  }

  /** The last certificate EM presented, when a handshake got that far. */
  Optional<X509Certificate> presented() {
    return Optional.ofNullable(presented.get());
  }

  static String sha256(X509Certificate certificate) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      return "(unknown)";
    }
  }

  private static X509ExtendedTrustManager fromCaFile(Path pem) throws GeneralSecurityException {
    Collection<? extends Certificate> certificates;
    try (InputStream in = Files.newInputStream(pem)) {
      certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException e) {
      throw new CdpSourceException(
          CdpSourceException.Kind.CONFIGURATION,
          "cannot read the CA file %s: %s".formatted(pem, Errors.plain(e.toString())),
          e);
    } catch (CertificateException e) {
      throw new CdpSourceException(
          CdpSourceException.Kind.CONFIGURATION,
          "the CA file %s holds no readable PEM certificate".formatted(pem),
          e);
    }
    if (certificates.isEmpty()) {
      throw new CdpSourceException(
          CdpSourceException.Kind.CONFIGURATION,
          "the CA file %s holds no certificate (expected -----BEGIN CERTIFICATE-----)"
              .formatted(pem));
    }
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new GeneralSecurityException("cannot create an in-memory trust store", e);
    }
    int i = 0;
    for (Certificate certificate : certificates) {
      store.setCertificateEntry("ca-" + i++, certificate);
    }
    return fromKeyStore(store);
  }

  private static X509ExtendedTrustManager fromKeyStore(KeyStore store)
      throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509ExtendedTrustManager extended) {
        return extended;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager available");
  }

  /** A trust manager for a client: it only ever judges servers. */
  private abstract static class ServerOnly extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("not a server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("not a server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("not a server");
    }
  }

  /** Records the presented certificate, then lets {@code decision} decide. */
  private final class Recording extends ServerOnly {
    private final X509ExtendedTrustManager decision;

    Recording(X509ExtendedTrustManager decision) {
      this.decision = decision;
    }

    private void record(X509Certificate[] chain) {
      if (chain != null && chain.length > 0) {
        presented.set(chain[0]);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      record(chain);
      decision.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      record(chain);
      decision.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      record(chain);
      decision.checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return decision.getAcceptedIssuers();
    }
  }

  /**
   * Trusts exactly the leaf certificates with one of the pinned SHA-256 fingerprints; with no pin
   * ({@code --insecure}), trusts anything.
   */
  private static final class Pinned extends ServerOnly {
    private final List<byte[]> pins;

    Pinned(List<String> hex) {
      this.pins = hex.stream().map(HexFormat.of()::parseHex).toList();
    }

    private void check(X509Certificate[] chain) throws CertificateException {
      if (pins.isEmpty()) {
        return;
      }
      if (chain == null || chain.length == 0) {
        throw new CertificateException("EM presented no certificate");
      }
      byte[] actual;
      try {
        actual = MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded());
      } catch (NoSuchAlgorithmException e) {
        throw new CertificateException("SHA-256 is not available", e);
      }
      if (pins.stream().noneMatch(pin -> MessageDigest.isEqual(actual, pin))) {
        throw new CertificateException(PIN_MISMATCH);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      check(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }

  static final String PIN_MISMATCH = "the certificate does not match the pinned fingerprint";
}
