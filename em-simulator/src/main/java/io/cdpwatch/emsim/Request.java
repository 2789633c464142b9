package io.cdpwatch.emsim;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One request in flight: what it asked, how it authenticated, and what it was answered. */
final class Request {
  final HttpExchange ex;
  final String method;
  final String path;
  final String rawQuery;
  final Map<String, String> params;
  final String authorization;
  final boolean basic;
  final String headerToken;
  final String cookieToken;
  int status;
  // The query dialect faults that apply to this request.
  String refusedField;
  boolean refuseFilters;
  boolean ignoreFilters;
  boolean cut;
  boolean nextLoop;
  boolean nextSkip;
  boolean shrinking;

  /** How the body's bytes are spoilt ({@link Fault.Kind#BOM}, ...), or null. */
  Fault.Kind bytes;

  /** The Content-Type to label the body with instead of XML's, or null. */
  String contentType;

  /** The gap between the body's bytes, or -1 to send it whole. */
  long trickleMillis = -1;

  /** Throws {@link Query.BadQuery} on a query string that cannot be decoded. */
  Request(HttpExchange ex) {
    this.ex = ex;
    this.method = ex.getRequestMethod();
    URI uri = ex.getRequestURI();
    this.path = uri.getPath() == null ? "/" : uri.getPath();
    this.rawQuery = uri.getRawQuery();
    this.params = parseQuery(rawQuery);
    Headers h = ex.getRequestHeaders();
    this.authorization = h.getFirst("Authorization");
    this.basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
    this.headerToken = h.getFirst("X-RestSvcSessionId");
    this.cookieToken = cookieToken(h);
  }

  /** A query parameter, its name matched case-insensitively as on EM; null when absent. */
  String param(String name) {
    return params.get(name.toLowerCase(Locale.ROOT));
  }

  /** Path and raw query as the client sent them. */
  String target() {
    return ex.getRequestURI().getRawPath() + (rawQuery == null ? "" : "?" + rawQuery);
  }

  /** The length in bytes of the request line as it came: method, target, version. */
  long requestLine() {
    return method.length() + 1 + target().length() + 1 + ex.getProtocol().length();
  }

  /** What the request log keeps of it: never a password or a token. */
  RequestRecord record() {
    String accept = ex.getRequestHeaders().getFirst("Accept");
    String encoding = ex.getResponseHeaders().getFirst("Content-Encoding");
    return new RequestRecord(
        method,
        target(),
        basic,
        headerToken != null,
        cookieToken != null,
        accept == null ? "" : accept,
        status,
        encoding == null ? "" : encoding);
  }

  static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new Query.BadQuery("Malformed percent-encoding in the query string");
    }
  }

  private static String cookieToken(Headers h) {
    List<String> cookies = h.get("Cookie");
    if (cookies == null) {
      return null;
    }
    for (String header : cookies) {
      for (String part : header.split(";")) {
        String p = part.trim();
        int eq = p.indexOf('=');
        if (eq > 0 && p.substring(0, eq).trim().equals("X-RestSvcSessionId")) {
          String v = p.substring(eq + 1).trim();
          if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
          }
          return v;
        }
      }
    }
    return null;
  }

  private static Map<String, String> parseQuery(String raw) {
    Map<String, String> m = new LinkedHashMap<>();
    if (raw == null) {
      return m;
    }
    for (String part : raw.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String k = decode(eq < 0 ? part : part.substring(0, eq));
      String v = eq < 0 ? "" : decode(part.substring(eq + 1));
      m.putIfAbsent(k.toLowerCase(Locale.ROOT), v);
    }
    return m;
  }
}
