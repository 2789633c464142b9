package io.cdpwatch.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdpwatch.adapters.http.EmHttp.StatusException;
import io.cdpwatch.core.port.out.CdpSourceException;
import io.cdpwatch.core.port.out.CdpSourceException.Kind;
import io.cdpwatch.core.port.out.TaskSessionQuery;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** The next query page fetched while the current one is parsed: bounded, and nothing lost. */
class QueryPagesPrefetchTest {

  private static final int PAGES = 6;
  private static final int PER_PAGE = 3;
  private static final QuerySpec SPEC =
      QuerySpec.of(TaskSessionQuery.since(Instant.parse("2026-11-01T00:00:00Z")));

  /** A fake EM: page {@code n}'s body from {@code bodies}, fetched as the logon would fetch it. */
  private static final class Pages implements QueryPages.PageFetch {
    final IntFunction<InputStream> bodies;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger mostInFlight = new AtomicInteger();
    final List<Thread> otherThreads = new CopyOnWriteArrayList<>();
    final Map<Integer, Integer> fetched = new ConcurrentHashMap<>();
    final Thread caller = Thread.currentThread();

    Pages(IntFunction<InputStream> bodies) {
      this.bodies = bodies;
    }

    @Override
    public <T> T get(URI uri, String what, EmHttp.BodyReader<T> reader) {
      int page = Integer.parseInt(uri.getQuery().replaceAll(".*[?&]page=(\\d+).*", "$1"));
      fetched.merge(page, 1, Integer::sum);
      if (Thread.currentThread() != caller) {
        otherThreads.add(Thread.currentThread());
      }
      mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        return reader.read(null, bodies.apply(page));
      } catch (IOException e) {
        // As EmHttp reports a transfer that broke off.
        throw new CdpSourceException(Kind.CONNECTION, what + ": " + e.getMessage(), e);
      } catch (Exception e) {
        if (e instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw new IllegalStateException(e);
      } finally {
        inFlight.decrementAndGet();
      }
    }

    @Override
    public CdpSourceException failure(StatusException e, String what) {
      return new CdpSourceException(Kind.SERVER, "EM answered " + what + " with " + e.getMessage());
    }
  }

  private static InputStream page(int n) {
    return new ByteArrayInputStream(pageBytes(n));
  }

  private static byte[] pageBytes(int n) {
    StringBuilder xml =
        new StringBuilder("<QueryResult xmlns=\"").append(EmXml.NS).append("\"><Entities>");
    xml.append("<CdpReplicaTaskSessions>");
    for (int i = 0; i < PER_PAGE; i++) {
      xml.append("<CdpReplicaTaskSession Type=\"CdpReplicaTaskSession\" UID=\"")
          .append("urn:veeam:CdpReplicaTaskSession:%08d-0000-0000-0000-%012d".formatted(n, i))
          .append("\"/>");
    }
    xml.append("</CdpReplicaTaskSessions></Entities>");
    xml.append(
        "<PagingInfo PagesCount=\"%d\" PageSize=\"%d\" PageNum=\"%d\">"
            .formatted(PAGES, PER_PAGE, n));
    if (n < PAGES) {
      xml.append(
          "<Links><Link Rel=\"Next\" Href=\"http://em/api/query?page=%d\"/></Links>"
              .formatted(n + 1));
    }
    xml.append("</PagingInfo></QueryResult>");
    return xml.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static QueryPages pages(QueryPages.PageFetch fetch) {
    return new QueryPages(
        "http://em/api", PER_PAGE, fetch, Deadline.in(Duration.ofSeconds(30)), true);
  }

  @Test
  void everyPageIsReadOnceAndAtMostOneAhead() {
    Pages em = new Pages(QueryPagesPrefetchTest::page);
    AtomicInteger items = new AtomicInteger();

    QueryPages.Read read =
        pages(em).read(SPEC, QueryForm.narrowest(), item -> items.incrementAndGet());

    assertEquals(PAGES, read.pages());
    assertEquals(PAGES * PER_PAGE, read.entities());
    assertEquals(PAGES * PER_PAGE, items.get());
    for (int n = 1; n <= PAGES; n++) {
      assertEquals(1, em.fetched.get(n), "page " + n + " fetched once");
    }
    assertTrue(em.mostInFlight.get() <= 2, "the page read and one ahead, never more");
    assertFalse(em.otherThreads.isEmpty(), "later pages are fetched in the background");
    assertTrue(em.otherThreads.stream().allMatch(Thread::isDaemon), "a prefetch never holds exit");
  }

  @Test
  void aPrefetchedPageThatEmRefusesIsTheRunsFailureWithItsPageNumber() {
    Pages em =
        new Pages(
            n -> {
              if (n == 4) {
                throw new StatusException(500, Optional.empty());
              }
              return page(n);
            });
    AtomicInteger items = new AtomicInteger();

    CdpSourceException e =
        assertThrows(
            CdpSourceException.class,
            () -> pages(em).read(SPEC, QueryForm.narrowest(), item -> items.incrementAndGet()));

    assertEquals(Kind.SERVER, e.kind());
    assertTrue(e.getMessage().contains("(page 4)"), e.getMessage());
    assertEquals(3 * PER_PAGE, items.get(), "the pages before it are read whole, none after");
  }

  @Test
  void aPrefetchedPageCutOffMidBodyIsAFailureNeverFewerItems() {
    Pages em =
        new Pages(
            n -> {
              if (n != 3) {
                return page(n);
              }
              byte[] whole = pageBytes(n);
              InputStream half = new ByteArrayInputStream(whole, 0, whole.length / 2);
              return new SequenceInputStream(
                  half,
                  new InputStream() {
                    @Override
                    public int read() throws IOException {
                      throw new IOException("connection reset");
                    }
                  });
            });

    CdpSourceException e =
        assertThrows(
            CdpSourceException.class,
            () -> pages(em).read(SPEC, QueryForm.narrowest(), item -> {}));

    assertEquals(Kind.CONNECTION, e.kind());
    assertTrue(e.getMessage().contains("(page 3)"), e.getMessage());
  }

  @Test
  void aRunThatEndsEarlyStopsThePrefetch() throws InterruptedException {
    // Page 3 is larger than the pipe holds: its fetch blocks until the reader takes it or leaves.
    byte[] filler = new byte[PagePipe.CAPACITY * 2];
    java.util.Arrays.fill(filler, (byte) ' ');
    Pages em =
        new Pages(
            n ->
                n == 3
                    ? new SequenceInputStream(new ByteArrayInputStream(filler), page(n))
                    : page(n));
    RuntimeException stop = new UncheckedIOException(new IOException("the sink gave up"));
    AtomicInteger items = new AtomicInteger();

    RuntimeException thrown =
        assertThrows(
            RuntimeException.class,
            () ->
                pages(em)
                    .read(
                        SPEC,
                        QueryForm.narrowest(),
                        item -> {
                          if (items.incrementAndGet() == PER_PAGE + 1) {
                            throw stop;
                          }
                        }));

    assertSame(stop, thrown);
    for (Thread prefetch : em.otherThreads) {
      prefetch.join(10_000);
      assertFalse(prefetch.isAlive(), "the abandoned prefetch ended");
    }
    assertEquals(null, em.fetched.get(4), "nothing fetched past the page ahead");
  }
}
