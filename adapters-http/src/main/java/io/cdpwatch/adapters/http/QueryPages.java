package io.cdpwatch.adapters.http;

import io.cdpwatch.adapters.http.EmHttp.StatusException;
import io.cdpwatch.adapters.http.XmlTypes.XResource;
import io.cdpwatch.core.port.out.CdpSourceException;
import io.cdpwatch.core.port.out.CdpSourceException.Kind;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.xml.stream.XMLStreamException;
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

  /** How a page is fetched: through the logon, or a fake in tests. */
  interface PageFetch {
    /**
     * Sends {@code GET uri} and reads a 2xx body with {@code reader}.
     *
     * @throws StatusException for a 400 or 500 with an XML body, for the caller to judge
     */
    <T> T get(URI uri, String what, EmHttp.BodyReader<T> reader);

    /** The failure to report for a status EM answered. */
    CdpSourceException failure(StatusException e, String what);
  }

  private final String base;
  private final int pageSize;
  private final PageFetch fetch;
  private final Deadline deadline;
  private final boolean prefetch;

  /**
   * @param prefetch whether the next page is fetched while the current one is parsed (not while a
   *     capture is recorded or replayed, whose order is the run's)
   */
  QueryPages(String base, int pageSize, EmLogon logon, Deadline deadline, boolean prefetch) {
    this(
        base,
        pageSize,
        new PageFetch() {
          @Override
          public <T> T get(URI uri, String what, EmHttp.BodyReader<T> reader) {
            return logon.call(
                () -> new HttpGet(uri), what, reader, status -> status == 400 || status == 500);
          }

          @Override
          public CdpSourceException failure(StatusException e, String what) {
            return logon.failure(e, what);
          }
        },
        deadline,
        prefetch);
  }

  QueryPages(String base, int pageSize, PageFetch fetch, Deadline deadline, boolean prefetch) {
    this.base = base;
    this.pageSize = pageSize;
    this.fetch = fetch;
    this.deadline = deadline;
    this.prefetch = prefetch;
  }

  /**
   * Reads every page of {@code spec} in {@code form}, each item to {@code onItem}, in EM's order.
   * Once EM said how many pages there are, the next page is fetched (one at most, in the
   * background, into a bounded {@link PagePipe}) while the current one is parsed; its failure is
   * reported when its turn comes, after every item of the pages before it.
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
    Prefetched ahead = null;
    try {
      for (int page = 1; ; page++) {
        String what = what(type, page);
        Prefetched mine = ahead;
        ahead = null;
        if (prefetch && pagesCount >= page + 1) {
          ahead =
              Prefetched.start(
                  fetch, url(spec, form, withNames, page + 1), what(type, page + 1), deadline);
        }
        EmXml.Page result =
            mine != null
                ? mine.read(type, counting)
                : direct(url(spec, form, withNames, page), what, page, type, counting);
        LOG.debug("{}: {} items, paging {}", what, result.items(), result);
        if (result.pagesCount().isPresent()) {
          int count = result.pagesCount().getAsInt();
          if (count < pagesCount) {
            // Items left the front of the result while it was read: the ones that moved up a
            // page were on none of the pages read.
            throw new CdpSourceException(
                Kind.PROTOCOL,
                ("EM's %s query shrank while it was read (PagesCount %d, then %d on page %d):"
                        + " sessions may have moved past the pages read; stopped rather than"
                        + " report fewer VMs (the next run reads it again)")
                    .formatted(type, pagesCount, count, page));
          }
          pagesCount = count;
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
    } finally {
      if (ahead != null) {
        ahead.abandon();
      }
    }
  }

  private static String what(String type, int page) {
    return "the " + type + " query (page " + page + ")";
  }

  /** Fetches and parses one page on this thread, the body streamed as it arrives. */
  private EmXml.Page direct(
      URI uri, String what, int page, String type, Consumer<XResource> counting) {
    try {
      return fetch.get(uri, what, (response, body) -> QueryPageReader.read(body, type, counting));
    } catch (StatusException e) {
      CdpSourceException failure = fetch.failure(e, what);
      throw page == 1 && e.emMessage().isPresent() ? new Refused(failure) : failure;
    } catch (EmHttp.RefusedRequest e) {
      if (page == 1) {
        throw new Refused(e);
      }
      throw e;
    }
  }

  /** A page fetched on a background thread while the one before it is parsed. */
  private static final class Prefetched {
    private final PageFetch fetch;
    private final String what;
    private final PagePipe pipe;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final Deadline deadline;

    private Prefetched(PageFetch fetch, String what, Deadline deadline) {
      this.fetch = fetch;
      this.what = what;
      this.deadline = deadline;
      this.pipe = new PagePipe(deadline);
    }

    static Prefetched start(PageFetch fetch, URI uri, String what, Deadline deadline) {
      Prefetched p = new Prefetched(fetch, what, deadline);
      Thread thread =
          new Thread(
              () -> {
                try {
                  fetch.get(
                      uri,
                      what,
                      (response, body) -> {
                        p.pipe.fill(body);
                        return null;
                      });
                  p.done.complete(null);
                } catch (Throwable t) {
                  p.pipe.fail(t);
                  p.done.completeExceptionally(t);
                }
              },
              "cdpwatch-prefetch");
      thread.setDaemon(true);
      thread.start();
      return p;
    }

    /** Parses the page from the pipe; a failure of its fetch is the page's failure. */
    EmXml.Page read(String type, Consumer<XResource> counting) {
      EmXml.Page page;
      try {
        page = QueryPageReader.read(pipe, type, counting);
        while (pipe.read(new byte[PagePipe.CHUNK]) >= 0) {
          // What follows the document (white space) is read, so that the fetch ends.
        }
      } catch (XMLStreamException | IOException | RuntimeException e) {
        if (pipe.failedUpstream()) {
          throw outcome();
        }
        pipe.abandon();
        if (e instanceof CdpSourceException source) {
          throw source;
        }
        if (e instanceof XMLStreamException) {
          throw Errors.xml(e, what);
        }
        throw new CdpSourceException(
            Kind.PROTOCOL,
            "EM's answer to %s could not be read (%s)"
                .formatted(what, Errors.plain(e.getMessage())),
            e);
      }
      RuntimeException failed = outcomeOrNull();
      if (failed != null) {
        throw failed;
      }
      return page;
    }

    void abandon() {
      pipe.abandon();
    }

    /** How the fetch ended, as the failure to report. */
    private RuntimeException outcome() {
      RuntimeException failed = outcomeOrNull();
      return failed != null ? failed : deadline.timeout(what);
    }

    private RuntimeException outcomeOrNull() {
      try {
        done.get(deadline.leftMillis() + 2_000, TimeUnit.MILLISECONDS);
        return null;
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof StatusException status) {
          return fetch.failure(status, what);
        }
        if (cause instanceof RuntimeException runtime) {
          return runtime;
        }
        throw new IllegalStateException("the prefetch of " + what + " failed", cause);
      } catch (TimeoutException e) {
        return deadline.timeout(what);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return deadline.timeout(what);
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
