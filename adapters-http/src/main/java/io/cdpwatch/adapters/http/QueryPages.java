package io.cdpwatch.adapters.http;

import io.cdpwatch.adapters.http.EmHttp.StatusException;
import io.cdpwatch.adapters.http.XmlTypes.XResource;
import io.cdpwatch.core.port.out.CdpSourceException;
import io.cdpwatch.core.port.out.CdpSourceException.Kind;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.core5.net.URIBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads every page of one query in one {@link QueryForm}, guarding against EM's paging loops. */
final class QueryPages {

  private static final Logger LOG = LoggerFactory.getLogger(QueryPages.class);

  /** A hard stop for paging, whatever EM says. */
  static final int MAX_PAGES = 10_000;

  /**
   * The longest request line sent ({@code GET /api/query?... HTTP/1.1}, encoded): below the 8 KB of
   * common reverse proxies and Kestrel, with room for a longer base path.
   */
  static final int MAX_REQUEST_LINE = 6 * 1024;

  /** EM refused the first page of this form: a wider form may pass. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final CdpSourceException failure;

    Refused(CdpSourceException failure) {
      super(failure.getMessage(), null, false, false);
      this.failure = failure;
    }

    /** The failure to report when no wider form is left. */
    CdpSourceException failure() {
      return failure;
    }
  }

  /** What one form read: pages, entities, and the milliseconds it took. */
  record Read(int pages, long entities, long millis) {}

  private final String base;
  private final int pageSize;
  private final EmLogon logon;

  QueryPages(String base, int pageSize, EmLogon logon) {
    this.base = base;
    this.pageSize = pageSize;
    this.logon = logon;
  }

  /**
   * Reads every page of {@code spec} in {@code form}, each item to {@code onItem}.
   *
   * @throws Refused when EM refuses the first page with 400 or 500 and an {@code <Error>}, or with
   *     an error page that names the request as too long or invalid
   */
  Read read(QuerySpec spec, QueryForm form, Consumer<XResource> onItem) {
    String type = spec.type();
    boolean withNames = withNames(spec, form);
    long started = System.nanoTime();
    long[] entities = {0};
    Consumer<XResource> counting =
        item -> {
          entities[0]++;
          onItem.accept(item);
        };
    Set<String> nextLinks = new HashSet<>();
    int pagesCount = 0;
    for (int page = 1; ; page++) {
      URI uri = url(spec, form, withNames, page);
      String what = "the %s query (page %d)".formatted(type, page);
      EmXml.Page result;
      try {
        result =
            logon.call(
                () -> new HttpGet(uri),
                what,
                (response, body) -> EmXml.readQueryPage(body, type, counting),
                status -> status == 400 || status == 500);
      } catch (StatusException e) {
        CdpSourceException failure = logon.failure(e, what);
        throw page == 1 && e.emMessage().isPresent() ? new Refused(failure) : failure;
      } catch (EmHttp.RefusedRequest e) {
        if (page == 1) {
          throw new Refused(e);
        }
        throw e;
      }
      LOG.debug("{}: {} items, paging {}", what, result.items(), result);
      if (result.pagesCount().isPresent()) {
        pagesCount = Math.max(pagesCount, result.pagesCount().getAsInt());
      }
      if (result.next().isEmpty()) {
        return new Read(page, entities[0], (System.nanoTime() - started) / 1_000_000);
      }
      if (!nextLinks.add(result.next().get())) {
        throw new CdpSourceException(
            Kind.PROTOCOL,
            "EM's paging loops: page %d of the %s query links to a page already read; stopped"
                .formatted(page, type));
      }
      if (pagesCount > 0 && page >= pagesCount + 1) {
        throw new CdpSourceException(
            Kind.PROTOCOL,
            "EM keeps sending Next links past its own PagesCount=%d for the %s query; stopped"
                .formatted(pagesCount, type));
      }
      if (page >= MAX_PAGES) {
        throw new CdpSourceException(
            Kind.PROTOCOL,
            "EM's %s query has more than %d pages; stopped (narrow the look-back window)"
                .formatted(type, MAX_PAGES));
      }
    }
  }

  /** Whether the name clauses fit in the request line; if not, names are filtered on our side. */
  private boolean withNames(QuerySpec spec, QueryForm form) {
    if (!spec.namesFit() || form.timeField().isEmpty()) {
      return false;
    }
    if (requestLine(url(spec, form, true, MAX_PAGES)) <= MAX_REQUEST_LINE) {
      return true;
    }
    LOG.info(
        "the {} names of the selection would make the {} request line longer than {} bytes;"
            + " they are filtered on our side",
        spec.names().size(),
        spec.type(),
        MAX_REQUEST_LINE);
    return false;
  }

  static int requestLine(URI uri) {
    String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    return ("GET " + target + " HTTP/1.1").getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * Page {@code page} of a query, built anew rather than copied from EM's Next link: EM echoes the
   * filter into its links with partial escaping (its own samples show {@code >=} turned into {@code
   * <=}), and its links may name a host this client cannot reach.
   */
  URI url(QuerySpec spec, QueryForm form, boolean withNames, int page) {
    try {
      URIBuilder uri =
          new URIBuilder(base + "/query")
              .addParameter("type", spec.type())
              .addParameter("format", "Entities");
      Optional<String> filter = spec.filter(form, withNames);
      filter.ifPresent(f -> uri.addParameter("filter", f));
      uri.addParameter("pageSize", Integer.toString(pageSize))
          .addParameter("page", Integer.toString(page));
      form.sortField().ifPresent(field -> uri.addParameter("sortDesc", field));
      return uri.build();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot build a query URL", e);
    }
  }
}
