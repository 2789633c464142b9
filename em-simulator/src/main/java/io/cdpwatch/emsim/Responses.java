package io.cdpwatch.emsim;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The ways the simulator answers: XML bodies, EM's {@code <Error>}, a proxy's HTML page. */
final class Responses {

  /** Writes an XML body after the declaration. */
  interface Body {
    void write(Xml x) throws IOException;
  }

  private static final Map<Integer, String> STATUS_NAMES =
      Map.of(
          400, "BadRequest",
          401, "Unauthorized",
          403, "Forbidden",
          404, "NotFound",
          405, "MethodNotAllowed",
          500, "InternalServerError",
          501, "NotImplemented",
          502, "BadGateway",
          503, "ServiceUnavailable");

  private Responses() {}

  /** EM's name for a status, e.g. {@code NotFound}; {@code Error} for the others. */
  static String statusName(int code) {
    return STATUS_NAMES.getOrDefault(code, "Error");
  }

  /**
   * Sends an XML body. Small bodies go out with a Content-Length; once a body passes 256 KiB it is
   * streamed chunked as it is written, so huge pages never sit in memory. A truncated body is cut
   * in the middle of an element.
   */
  static void send(Request r, int code, boolean truncate, Body body) throws IOException {
    r.status = code;
    r.ex
        .getResponseHeaders()
        .set(
            "Content-Type",
            r.contentType != null
                ? r.contentType
                : r.bytes == Fault.Kind.UTF16
                    ? "application/xml; charset=utf-16"
                    : "application/xml; charset=utf-8");
    boolean whole = truncate || r.cut || r.trickleMillis >= 0 || r.bytes != null;
    SpillingStream spill = new SpillingStream(r, code, whole ? Long.MAX_VALUE : 256 * 1024);
    Writer w = new BufferedWriter(new OutputStreamWriter(spill, StandardCharsets.UTF_8), 32 * 1024);
    Xml x = new Xml(w);
    x.raw(Xml.DECLARATION);
    body.write(x);
    w.flush();
    if (truncate) {
      spill.truncate();
    }
    spill.finish();
  }

  static void error(Request r, int code, String message) throws IOException {
    if (code == 401) {
      r.ex.getResponseHeaders().set("WWW-Authenticate", "Basic Realm=RestSvc");
    }
    String status = statusName(code);
    send(
        r,
        code,
        false,
        x ->
            x.open("Error")
                .attr("xmlns", Xml.NS)
                .attr("Message", message)
                .attr("StatusCode", Integer.toString(code))
                .attr("Status", status)
                .empty()
                .nl());
  }

  /** An error answer for when the headers may already be out: then nothing more is done. */
  static void errorQuietly(Request r, int code, String message) {
    try {
      error(r, code, message);
    } catch (IOException | RuntimeException ignored) {
      // headers may already be out; nothing more to do
    }
  }

  static void notFound(Request r) throws IOException {
    error(r, 404, "Resource not found: " + r.path);
  }

  static void methodNotAllowed(Request r, String where) throws IOException {
    error(r, 405, "Method " + r.method + " is not allowed on " + where);
  }

  /** The HTML page a reverse proxy in front of EM would answer with. */
  static void html(Request r, int code) throws IOException {
    String title =
        switch (code) {
          case 502 -> "502 Bad Gateway";
          case 503 -> "503 Service Unavailable";
          case 504 -> "504 Gateway Timeout";
          case 414 -> "414 Request-URI Too Long";
          default -> code + " Error";
        };
    String text =
        code == 414
            ? "The request line is too long."
            : "The server cannot handle the request right now. Please try again later.";
    String page =
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>"
            + title
            + "</title></head>\n<body><h1>"
            + title
            + "</h1><p>"
            + text
            + "</p>"
            + "<hr><address>nginx</address></body></html>\n";
    byte[] b = page.getBytes(StandardCharsets.UTF_8);
    r.status = code;
    r.ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    r.ex.sendResponseHeaders(code, b.length);
    r.ex.getResponseBody().write(b);
  }
}
