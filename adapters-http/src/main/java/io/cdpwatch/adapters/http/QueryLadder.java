package io.cdpwatch.adapters.http;

import io.cdpwatch.adapters.http.XmlTypes.XResource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a query in the narrowest {@link QueryForm} EM takes: it starts at the form remembered for
 * this EM (or the narrowest), steps one form wider each time EM refuses the first page, and
 * remembers the form that worked. After {@link #RETRY_NARROWEST} it starts from the narrowest form
 * again, in case EM was upgraded or a proxy reconfigured.
 */
final class QueryLadder {

  private static final Logger LOG = LoggerFactory.getLogger(QueryLadder.class);

  static final Duration RETRY_NARROWEST = Duration.ofHours(24);

  private final QueryPages pages;
  private final QueryFormMemory memory;
  private final Clock clock;

  QueryLadder(QueryPages pages, QueryFormMemory memory, Clock clock) {
    this.pages = pages;
    this.memory = memory;
    this.clock = clock;
  }

  /** Reads every item of {@code spec} to {@code onItem}; the caller filters them exactly. */
  void read(QuerySpec spec, Consumer<XResource> onItem) {
    if (!spec.timed()) {
      QueryPages.Read read;
      try {
        read = pages.read(spec, QueryForm.PAGING, onItem);
      } catch (QueryPages.Refused refused) {
        throw refused.failure();
      }
      log(spec, QueryForm.PAGING, read);
      return;
    }
    Instant now = clock.instant();
    Optional<QueryFormMemory.Entry> known =
        memory.get(spec.type()).filter(e -> e.narrowestTried().plus(RETRY_NARROWEST).isAfter(now));
    QueryForm form = known.map(QueryFormMemory.Entry::form).orElse(QueryForm.narrowest());
    Instant narrowestTried = known.map(QueryFormMemory.Entry::narrowestTried).orElse(now);
    if (known.isPresent()) {
      LOG.debug("{} query: starting with the remembered form '{}'", spec.type(), form);
    }
    while (true) {
      QueryPages.Read read;
      try {
        read = pages.read(spec, form, onItem);
      } catch (QueryPages.Refused refused) {
        Optional<QueryForm> wider = form.wider();
        if (wider.isEmpty()) {
          throw refused.failure();
        }
        LOG.info(
            "EM refused the {} query as '{}' ({}); trying '{}'",
            spec.type(),
            form,
            refused.failure().getMessage(),
            wider.get());
        form = wider.get();
        continue;
      }
      log(spec, form, read);
      memory.put(spec.type(), new QueryFormMemory.Entry(form, narrowestTried));
      return;
    }
  }

  private static void log(QuerySpec spec, QueryForm form, QueryPages.Read read) {
    LOG.info(
        "{} query as '{}': {} page(s), {} entities read in {} ms",
        spec.type(),
        form,
        read.pages(),
        read.entities(),
        read.millis());
  }
}
