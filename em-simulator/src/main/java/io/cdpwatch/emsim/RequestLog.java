package io.cdpwatch.emsim;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The requests seen (the last 100,000) and the request counters, overall and by path. */
final class RequestLog {
  private static final int CAP = 100_000;

  private final AtomicLong requests = new AtomicLong();
  private final Map<String, AtomicLong> byPath = new ConcurrentHashMap<>();
  // By arrival: a request answered fast may be logged after the one its client sent next.
  private final ConcurrentSkipListMap<Long, RequestRecord> log = new ConcurrentSkipListMap<>();
  private final Map<Request, Long> arrival = new ConcurrentHashMap<>();
  private final AtomicLong arrivals = new AtomicLong();
  private final AtomicInteger size = new AtomicInteger();
  // Requests counted but not yet logged: a client may read the log before the handler thread,
  // which logs after the answer went out, has caught up.
  private final AtomicInteger unlogged = new AtomicInteger();

  /** Counts a request as it arrives. */
  void count(Request r) {
    requests.incrementAndGet();
    arrival.put(r, arrivals.incrementAndGet());
    unlogged.incrementAndGet();
    byPath.computeIfAbsent(r.path, k -> new AtomicLong()).incrementAndGet();
  }

  /** Logs a request with the status it got so far. */
  void record(Request r) {
    Long seq = arrival.remove(r);
    log.put(seq == null ? arrivals.incrementAndGet() : seq, r.record());
    unlogged.decrementAndGet();
    if (size.incrementAndGet() > CAP && log.pollFirstEntry() != null) {
      size.decrementAndGet();
    }
  }

  long requests() {
    return requests.get();
  }

  Map<String, Long> byPath() {
    Map<String, Long> paths = new HashMap<>();
    byPath.forEach((k, v) -> paths.put(k, v.get()));
    return paths;
  }

  /** The log, once the requests being answered have been logged (waiting at most 2 s). */
  List<RequestRecord> records() {
    long until = System.nanoTime() + 2_000_000_000L;
    while (unlogged.get() > 0 && System.nanoTime() < until) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return List.copyOf(log.values());
  }

  void clear() {
    log.clear();
    size.set(0);
    byPath.clear();
    requests.set(0);
  }
}
