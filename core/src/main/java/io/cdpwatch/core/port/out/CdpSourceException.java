package io.cdpwatch.core.port.out;

import java.util.Objects;

/**
 * A failure to read from Enterprise Manager, of a {@link Kind} the checks can explain. The message
 * is one line meant for an administrator: what went wrong and what to do. It never holds a secret.
 */
public class CdpSourceException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What kind of failure, so that a check can choose wording and state. */
  public enum Kind {
    /** Credentials refused at logon, or the account lacks an EM role. */
    AUTHENTICATION,
    /** EM answered 403: the account may not see this. */
    FORBIDDEN,
    /** EM answered 404 for a resource it should have. */
    NOT_FOUND,
    /** EM answered a 5xx, with its own message where it gave one. */
    SERVER,
    /**
     * The answer was not what EM sends: HTML, malformed or hostile XML, too large, looping pages.
     */
    PROTOCOL,
    /**
     * The TLS handshake failed: certificate not trusted, host name mismatch, fingerprint mismatch.
     */
    TLS,
    /** EM could not be reached: connection refused, unknown host, network unreachable. */
    CONNECTION,
    /** The run's deadline passed before EM answered. */
    TIMEOUT,
    /** EM offers no API version with CDP (v1_6 or later). */
    UNSUPPORTED,
    /** Local configuration: unreadable password file, unusable CA file, cache directory. */
    CONFIGURATION
  }

  private final Kind kind;

  public CdpSourceException(Kind kind, String message) {
    super(Objects.requireNonNull(message, "'message' must not be null"));
    this.kind = Objects.requireNonNull(kind, "'kind' must not be null");
  }

  public CdpSourceException(Kind kind, String message, Throwable cause) {
    super(Objects.requireNonNull(message, "'message' must not be null"), cause);
    this.kind = Objects.requireNonNull(kind, "'kind' must not be null");
  }

  public Kind kind() {
    return kind;
  }
}
