package io.cdpwatch.adapters.http;

import io.cdpwatch.adapters.http.EmHttp.StatusException;
import io.cdpwatch.core.port.out.CdpSourceException;
import io.cdpwatch.core.port.out.CdpSourceException.Kind;

/** EM's HTTP statuses turned into failures whose one-line message says what to do. */
final class EmAdvice {

  /** The advice for a wrong port, written once. */
  static final String PORTS = "9398 is Enterprise Manager, 9419 is the VBR REST API";

  /** The roles an account needs to read CDP sessions. */
  static final String ROLES = "(Portal Administrator, Portal User or Restore Operator)";

  private EmAdvice() {}

  /** The failure for a non-2xx answer to {@code what} sent as {@code user} to {@code base}. */
  static CdpSourceException failure(StatusException e, String what, String base, String user) {
    int status = e.status();
    if (status == 401) {
      return new CdpSourceException(
          Kind.AUTHENTICATION,
          "EM refused %s (401%s): check the account's Enterprise Manager role"
              .formatted(what, emMessage(e)));
    }
    if (status == 403) {
      return new CdpSourceException(
          Kind.FORBIDDEN,
          ("EM forbids %s to user '%s' (403%s): give the account an Enterprise Manager role that"
                  + " sees CDP policies (Portal Administrator)")
              .formatted(what, user, emMessage(e)));
    }
    if (status == 404) {
      return notFound(
          "EM has no %s (404%s): is %s Enterprise Manager's REST API? "
              .formatted(what, emMessage(e), base));
    }
    if (status >= 500) {
      return new CdpSourceException(
          Kind.SERVER,
          "EM failed on %s (%d%s); see EM's logs or retry later"
              .formatted(what, status, emMessage(e)));
    }
    return new CdpSourceException(
        Kind.PROTOCOL, "EM rejected %s (%d%s)".formatted(what, status, emMessage(e)));
  }

  /** A NOT_FOUND failure: {@code question} followed by the ports advice. */
  static CdpSourceException notFound(String question) {
    return new CdpSourceException(Kind.NOT_FOUND, question + PORTS);
  }

  /** ": EM's message" (whitespace folded, at most 300 characters), or nothing. */
  static String emMessage(StatusException e) {
    return e.emMessage()
        .map(m -> ": " + (m.length() > 300 ? m.substring(0, 300) + "..." : m))
        .map(m -> m.replaceAll("\\s+", " "))
        .orElse("");
  }
}
