package io.cdpwatch.emsim;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A fault the simulator injects into the requests whose path starts with a given prefix. Build one
 * with the static factories; {@link #times(int)} limits how often it fires.
 *
 * <p>Faults of the kinds {@link Kind#LATENCY}, {@link Kind#HANG}, {@link Kind#EXPIRE_TOKENS},
 * {@link Kind#STATUS} and {@link Kind#HTML} act before authentication (so they also hit the logon);
 * the others shape the body of an otherwise successful, authenticated response.
 */
public final class Fault {

  /** What a fault does. */
  public enum Kind {
    /** Waits {@code millis} before answering normally. */
    LATENCY,
    /** Accepts the request and never answers (until the simulator stops). */
    HANG,
    /** Expires every live logon token, then handles the request (which gets 401). */
    EXPIRE_TOKENS,
    /** Answers {@code status} with an {@code <Error>} body (401 adds WWW-Authenticate). */
    STATUS,
    /** Answers {@code status} with an HTML error page ({@code text/html}). */
    HTML,
    /** Cuts the XML body in the middle of an element (Content-Length matches the cut body). */
    TRUNCATED,
    /** A QueryResult whose DOCTYPE declares an external entity at the simulator's canary URL. */
    EXTERNAL_ENTITY,
    /** A QueryResult whose DOCTYPE names an external DTD at the simulator's canary URL. */
    EXTERNAL_DTD,
    /** A QueryResult whose external entity points at a {@code file://} canary file. */
    EXTERNAL_ENTITY_FILE,
    /** A billion-laughs entity-expansion bomb. */
    ENTITY_BOMB,
    /** A QueryResult whose task session holds an unknown element nested 10,000 deep. */
    DEEP_NESTING,
    /** A valid-looking QueryResult streamed until {@code bytes} are sent (0: endless). */
    HUGE_BODY,
    /** Unknown enum values: State {@code Postprocessing}, Result {@code None}. */
    UNKNOWN_ENUMS,
    /** Unknown extra elements and attributes in every entity and in the query result. */
    UNKNOWN_ELEMENTS,
    /** A query whose filter or sort names {@code field} gets 400 with an {@code <Error>}. */
    REFUSE_FILTER_FIELD,
    /** A query with any filter or sort gets 400 with an {@code <Error>}. */
    REFUSE_FILTERS,
    /** Filters and sorts are silently ignored: a query answers every item, in scenario order. */
    IGNORE_FILTERS,
    /** A request line longer than {@code amount} bytes gets a proxy's HTML 414 page. */
    REQUEST_LINE_LIMIT,
    /**
     * EM does not support the API version {@code field}: {@code GET /api/} leaves it out of its
     * SupportedVersions and a logon with {@code ?v=} it gets 401, as real EM answers an unsupported
     * version. Give it on a prefix that covers both, e.g. {@code /api/}.
     */
    UNSUPPORTED_VERSION,
    /** Closes the connection without answering (a reset, a crashed worker, a proxy's timeout). */
    RESET,
    /** Sends the headers and half the body its Content-Length announces, then hangs up. */
    CUT,
    /** Sends the body one byte at a time, {@code millis} apart. */
    TRICKLE,
    /** Every page's Next link points to page 2: paging that never ends. */
    NEXT_LOOP,
    /** Every page's Next link skips a page. */
    NEXT_SKIP,
    /**
     * From page 2 on the query has lost its first page of items (deleted while it is read): every
     * later item moves up a page and PagesCount shrinks by one.
     */
    SHRINKING_PAGES,
    /** The XML body after a UTF-8 byte-order mark. */
    BOM,
    /** The XML body in UTF-16 with its byte-order mark, its declaration saying so. */
    UTF16,
    /**
     * The body gzip-compressed ({@code Content-Encoding: gzip}) when the request accepts gzip, as
     * IIS sends it with dynamic compression on.
     */
    GZIP,
    /** Two bytes that are no UTF-8 (0xFF 0xFE) inside the first name of the body. */
    INVALID_UTF8,
    /** A 200 answer with no body at all. */
    EMPTY_BODY,
    /** The body as it is, labelled with the Content-Type {@code field}. */
    CONTENT_TYPE
  }

  static final Set<Kind> BEFORE_AUTH =
      Set.of(
          Kind.LATENCY,
          Kind.HANG,
          Kind.EXPIRE_TOKENS,
          Kind.STATUS,
          Kind.HTML,
          Kind.REQUEST_LINE_LIMIT,
          Kind.RESET);

  private final Kind kind;
  private final int status;
  private final long amount;
  private final int times;
  private final String field;

  private Fault(Kind kind, int status, long amount, int times) {
    this(kind, status, amount, times, "");
  }

  private Fault(Kind kind, int status, long amount, int times, String field) {
    this.kind = Objects.requireNonNull(kind, "'kind' must not be null");
    this.status = status;
    this.amount = amount;
    this.times = times;
    this.field = field;
  }

  public static Fault latency(Duration delay) {
    return new Fault(Kind.LATENCY, 0, delay.toMillis(), 0);
  }

  public static Fault hang() {
    return new Fault(Kind.HANG, 0, 0, 0);
  }

  public static Fault expireTokens() {
    return new Fault(Kind.EXPIRE_TOKENS, 0, 0, 0);
  }

  /** An HTTP status with an {@code <Error>} body: 401, 403, 404, 500, 503 (any 4xx/5xx works). */
  public static Fault status(int code) {
    if (code < 400 || code > 599) {
      throw new IllegalArgumentException("status must be 4xx or 5xx, got " + code);
    }
    return new Fault(Kind.STATUS, code, 0, 0);
  }

  /** An HTML error page with the given status (e.g. a reverse proxy's 502 or 503 page). */
  public static Fault html(int code) {
    if (code < 200 || code > 599) {
      throw new IllegalArgumentException("status must be 2xx..5xx, got " + code);
    }
    return new Fault(Kind.HTML, code, 0, 0);
  }

  public static Fault truncated() {
    return new Fault(Kind.TRUNCATED, 0, 0, 0);
  }

  public static Fault externalEntity() {
    return new Fault(Kind.EXTERNAL_ENTITY, 0, 0, 0);
  }

  public static Fault externalDtd() {
    return new Fault(Kind.EXTERNAL_DTD, 0, 0, 0);
  }

  public static Fault externalEntityFile() {
    return new Fault(Kind.EXTERNAL_ENTITY_FILE, 0, 0, 0);
  }

  public static Fault deepNesting() {
    return new Fault(Kind.DEEP_NESTING, 0, 0, 0);
  }

  public static Fault entityBomb() {
    return new Fault(Kind.ENTITY_BOMB, 0, 0, 0);
  }

  /** A body of {@code bytes} bytes ({@code 0}: endless, until the client hangs up). */
  public static Fault hugeBody(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be >= 0");
    }
    return new Fault(Kind.HUGE_BODY, 0, bytes, 0);
  }

  public static Fault unknownEnums() {
    return new Fault(Kind.UNKNOWN_ENUMS, 0, 0, 0);
  }

  public static Fault unknownElements() {
    return new Fault(Kind.UNKNOWN_ELEMENTS, 0, 0, 0);
  }

  /** An EM that does not know the filter/sort field {@code field} (e.g. CreationTimeUTC). */
  public static Fault refuseFilterField(String field) {
    if (field == null || field.isBlank()) {
      throw new IllegalArgumentException("a field name is required");
    }
    return new Fault(Kind.REFUSE_FILTER_FIELD, 0, 0, 0, field.strip());
  }

  /** An EM that refuses every {@code filter}, {@code sortAsc} and {@code sortDesc}. */
  public static Fault refuseFilters() {
    return new Fault(Kind.REFUSE_FILTERS, 0, 0, 0);
  }

  /** An EM that ignores {@code filter}, {@code sortAsc} and {@code sortDesc} and answers all. */
  public static Fault ignoreFilters() {
    return new Fault(Kind.IGNORE_FILTERS, 0, 0, 0);
  }

  /** A reverse proxy that answers 414 (HTML) to request lines longer than {@code bytes}. */
  public static Fault requestLineLimit(int bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("bytes must be positive");
    }
    return new Fault(Kind.REQUEST_LINE_LIMIT, 0, bytes, 0);
  }

  /** An EM that does not support API version {@code version} (e.g. {@code v1_7}). */
  public static Fault unsupportedVersion(String version) {
    if (version == null || !version.strip().matches("(?i)v\\d+_\\d+")) {
      throw new IllegalArgumentException("a version looks like v1_7, got '" + version + "'");
    }
    return new Fault(Kind.UNSUPPORTED_VERSION, 0, 0, 0, version.strip());
  }

  public static Fault reset() {
    return new Fault(Kind.RESET, 0, 0, 0);
  }

  public static Fault cut() {
    return new Fault(Kind.CUT, 0, 0, 0);
  }

  /** The body one byte at a time, {@code gap} apart ({@code 0}: as fast as it goes, flushed). */
  public static Fault trickle(Duration gap) {
    return new Fault(Kind.TRICKLE, 0, gap.toMillis(), 0);
  }

  public static Fault nextLoop() {
    return new Fault(Kind.NEXT_LOOP, 0, 0, 0);
  }

  public static Fault nextSkip() {
    return new Fault(Kind.NEXT_SKIP, 0, 0, 0);
  }

  public static Fault shrinkingPages() {
    return new Fault(Kind.SHRINKING_PAGES, 0, 0, 0);
  }

  public static Fault bom() {
    return new Fault(Kind.BOM, 0, 0, 0);
  }

  public static Fault utf16() {
    return new Fault(Kind.UTF16, 0, 0, 0);
  }

  public static Fault gzip() {
    return new Fault(Kind.GZIP, 0, 0, 0);
  }

  public static Fault invalidUtf8() {
    return new Fault(Kind.INVALID_UTF8, 0, 0, 0);
  }

  public static Fault emptyBody() {
    return new Fault(Kind.EMPTY_BODY, 0, 0, 0);
  }

  /** The body labelled {@code type}, e.g. {@code text/plain}. */
  public static Fault contentType(String type) {
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("a Content-Type is required");
    }
    return new Fault(Kind.CONTENT_TYPE, 0, 0, 0, type.strip());
  }

  /** The same fault, firing at most {@code n} times (then the path behaves normally again). */
  public Fault times(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("times must be >= 1");
    }
    return new Fault(kind, status, amount, n, field);
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status of {@link Kind#STATUS} and {@link Kind#HTML}. */
  public int status() {
    return status;
  }

  /**
   * The field of {@link Kind#REFUSE_FILTER_FIELD}, the version of {@link Kind#UNSUPPORTED_VERSION},
   * the type of {@link Kind#CONTENT_TYPE}, else empty.
   */
  public String field() {
    return field;
  }

  /**
   * Milliseconds for {@link Kind#LATENCY} and {@link Kind#TRICKLE}, bytes for {@link
   * Kind#HUGE_BODY} and {@link Kind#REQUEST_LINE_LIMIT}.
   */
  public long amount() {
    return amount;
  }

  /** How often it fires; 0 means always. */
  public int limit() {
    return times;
  }

  /**
   * Parses the scenario-file form: {@code KIND [key=value...]}, e.g. {@code status code=503},
   * {@code latency ms=500}, {@code huge-body mb=200}, {@code html code=502 times=1}.
   */
  static Fault parse(String kindText, java.util.Map<String, String> args) {
    String k = kindText.toLowerCase(Locale.ROOT);
    Fault f =
        switch (k) {
          case "latency" -> latency(Times.duration(args.getOrDefault("delay", "1s")));
          case "hang" -> hang();
          case "expire-tokens" -> expireTokens();
          case "status" -> status(Integer.parseInt(args.getOrDefault("code", "500")));
          case "html" -> html(Integer.parseInt(args.getOrDefault("code", "502")));
          case "truncated" -> truncated();
          case "external-entity" -> externalEntity();
          case "external-dtd" -> externalDtd();
          case "external-entity-file" -> externalEntityFile();
          case "entity-bomb" -> entityBomb();
          case "deep-nesting" -> deepNesting();
          case "huge-body" -> hugeBody(Long.parseLong(args.getOrDefault("mb", "0")) * 1024 * 1024);
          case "unknown-enums" -> unknownEnums();
          case "unknown-elements" -> unknownElements();
          case "refuse-filter-field" -> refuseFilterField(args.getOrDefault("field", ""));
          case "refuse-filters" -> refuseFilters();
          case "ignore-filters" -> ignoreFilters();
          case "unsupported-version" -> unsupportedVersion(args.getOrDefault("version", ""));
          case "request-line-limit" ->
              requestLineLimit(Integer.parseInt(args.getOrDefault("bytes", "8192")));
          case "reset" -> reset();
          case "cut" -> cut();
          case "trickle" -> trickle(Times.duration(args.getOrDefault("delay", "1ms")));
          case "next-loop" -> nextLoop();
          case "next-skip" -> nextSkip();
          case "shrinking-pages" -> shrinkingPages();
          case "bom" -> bom();
          case "utf16" -> utf16();
          case "gzip" -> gzip();
          case "invalid-utf8" -> invalidUtf8();
          case "empty-body" -> emptyBody();
          case "content-type" -> contentType(args.getOrDefault("type", "text/plain"));
          default -> throw new IllegalArgumentException("unknown fault kind '" + kindText + "'");
        };
    if (args.containsKey("times")) {
      f = f.times(Integer.parseInt(args.get("times")));
    }
    return f;
  }

  @Override
  public String toString() {
    return "Fault["
        + kind
        + (status > 0 ? " " + status : "")
        + (amount > 0 ? " " + amount : "")
        + (field.isEmpty() ? "" : " " + field)
        + "]";
  }
}
