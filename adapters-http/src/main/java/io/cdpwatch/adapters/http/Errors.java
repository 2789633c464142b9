package io.cdpwatch.adapters.http;

import io.cdpwatch.core.port.out.CdpSourceException;
import io.cdpwatch.core.port.out.CdpSourceException.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.xml.stream.XMLStreamException;

/**
 * Turns what went wrong underneath (sockets, TLS, XML) into one-line, actionable {@link
 * CdpSourceException}s: no Java class names, no stack traces, no secrets.
 */
final class Errors {

  /** {@code java.net.SocketException: } and the like, at the start or inside a message. */
  private static final Pattern CLASS_NAME =
      Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?::\\s*)?");

  private Errors() {}

  /** {@code message} without Java class names, on one line. */
  static String plain(String message) {
    if (message == null) {
      return "no detail";
    }
    String text = CLASS_NAME.matcher(message).replaceAll("").replaceAll("\\s+", " ").strip();
    return text.isEmpty() ? "no detail" : text;
  }

  /** The body grew past the ceiling while it was read. */
  static final class BodyTooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLarge(long limit) {
      super("larger than " + limit + " bytes");
    }
  }

  /** A failure while talking to or reading from EM, of the kind the cause chain shows. */
  static CdpSourceException transport(
      Throwable failure, Deadline deadline, String endpoint, TlsTrust tls, String what) {
    if (failure instanceof CdpSourceException source) {
      return source;
    }
    Optional<CdpSourceException> nested = find(failure, CdpSourceException.class);
    if (nested.isPresent()) {
      return nested.get();
    }
    Optional<BodyTooLarge> tooLarge = find(failure, BodyTooLarge.class);
    if (tooLarge.isPresent()) {
      return new CdpSourceException(
          Kind.PROTOCOL,
          "EM's answer to %s is %s; refused to read on (is this EM?)"
              .formatted(what, tooLarge.get().getMessage()));
    }
    if (deadline.passed()
        || (failure instanceof InterruptedIOException
            && !(failure instanceof SocketTimeoutException))
        || find(failure, SocketTimeoutException.class).isPresent()) {
      return deadline.timeout(what + " at " + endpoint);
    }
    Optional<UnknownHostException> unknown = find(failure, UnknownHostException.class);
    if (unknown.isPresent()) {
      return new CdpSourceException(
          Kind.CONNECTION,
          "unknown host in %s: check EM's address and DNS".formatted(endpoint),
          failure);
    }
    Optional<SSLException> ssl = find(failure, SSLException.class);
    if (ssl.isPresent()) {
      return tls(ssl.get(), endpoint, tls);
    }
    if (find(failure, ConnectException.class).isPresent()
        || find(failure, NoRouteToHostException.class).isPresent()) {
      String why =
          find(failure, NoRouteToHostException.class).isPresent()
              ? "no route to host"
              : "connection refused";
      return new CdpSourceException(
          Kind.CONNECTION,
          "cannot connect to EM at %s: %s; check host, port (EM's REST API listens on 9398)"
                  .formatted(endpoint, why)
              + " and firewalls",
          failure);
    }
    if (find(failure, org.apache.hc.core5.http.NoHttpResponseException.class).isPresent()
        || find(failure, java.net.SocketException.class)
            .filter(e -> String.valueOf(e.getMessage()).contains("reset"))
            .isPresent()) {
      return new CdpSourceException(
          Kind.CONNECTION,
          ("EM at %s closed the connection without answering %s: is EM (or a proxy before it)"
                  + " restarting or overloaded?")
              .formatted(endpoint, what),
          failure);
    }
    if (find(failure, XMLStreamException.class).isPresent()
        || failure instanceof jakarta.xml.bind.JAXBException) {
      return xml(failure, what);
    }
    return new CdpSourceException(
        Kind.PROTOCOL,
        "EM's answer to %s broke off: %s".formatted(what, plain(failure.getMessage())),
        failure);
  }

  /** Malformed or truncated XML. */
  static CdpSourceException xml(Throwable failure, String what) {
    Optional<XMLStreamException> stax = find(failure, XMLStreamException.class);
    String detail =
        stax.map(
                x ->
                    (x.getLocation() != null
                            ? "line %d: ".formatted(x.getLocation().getLineNumber())
                            : "")
                        + plain(stripLocation(x.getMessage())))
            .orElseGet(() -> plain(failure.getMessage()));
    return new CdpSourceException(
        Kind.PROTOCOL,
        "EM's answer to %s is not well-formed XML (%s)".formatted(what, detail),
        failure);
  }

  private static String stripLocation(String message) {
    if (message == null) {
      return null;
    }
    // The JDK prefixes "ParseError at [row,col]:[3,5]\nMessage: ".
    int at = message.indexOf("Message:");
    return at >= 0 ? message.substring(at + "Message:".length()) : message;
  }

  private static CdpSourceException tls(SSLException failure, String endpoint, TlsTrust tls) {
    String reason;
    if (find(failure, CertificateExpiredException.class).isPresent()) {
      reason = "its certificate has expired";
    } else if (find(failure, CertificateNotYetValidException.class).isPresent()) {
      reason = "its certificate is not valid yet";
    } else if (failure.toString().contains(TlsTrust.PIN_MISMATCH)
        || causeMessages(failure).contains(TlsTrust.PIN_MISMATCH)) {
      reason = "its certificate does not match the pinned fingerprint";
    } else if (failure instanceof SSLPeerUnverifiedException
        || causeMessages(failure).contains("subject alternative")
        || causeMessages(failure).contains("No name matching")) {
      reason = "its certificate does not name this host";
    } else if (find(failure, CertPathBuilderException.class).isPresent()
        || find(failure, CertPathValidatorException.class).isPresent()
        || causeMessages(failure).contains("PKIX")) {
      reason = "its certificate is not trusted (self-signed or from an unknown CA)";
    } else if (causeMessages(failure).contains("plaintext")
        || causeMessages(failure).contains("Unrecognized SSL message")) {
      reason = "it does not speak TLS on this port (try http:// or port 9398)";
    } else {
      reason = "the handshake failed: " + plain(failure.getMessage());
    }
    Optional<X509Certificate> certificate = tls == null ? Optional.empty() : tls.presented();
    String which =
        certificate
            .map(
                c ->
                    "; EM's certificate: subject '%s', SHA-256 %s"
                        .formatted(c.getSubjectX500Principal().getName(), TlsTrust.sha256(c)))
            .orElse("");
    return new CdpSourceException(
        Kind.TLS,
        "TLS with EM at %s failed: %s%s; trust it with --ca-file <EM's CA as PEM>, pin it with"
                .formatted(endpoint, reason, which)
            + " --fingerprint <SHA-256>, or (labs only) skip checks with --insecure",
        failure);
  }

  private static String causeMessages(Throwable failure) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
      if (t.getCause() == t) {
        break;
      }
    }
    return all.toString();
  }

  static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
    int guard = 0;
    for (Throwable t = failure; t != null && guard < 20; t = t.getCause(), guard++) {
      if (type.isInstance(t)) {
        return Optional.of(type.cast(t));
      }
    }
    return Optional.empty();
  }
}
