package io.cdpwatch.adapters.http;

import io.cdpwatch.core.port.out.CdpSourceException;
import java.time.Duration;

/** One time budget for a whole run, split across its requests. */
final class Deadline {

  private final Duration budget;
  private final long endNanos;

  private Deadline(Duration budget) {
    this.budget = budget;
    this.endNanos = System.nanoTime() + budget.toNanos();
  }

  static Deadline in(Duration budget) {
    return new Deadline(budget);
  }

  Duration budget() {
    return budget;
  }

  /** The time left, never negative. */
  Duration left() {
    long left = endNanos - System.nanoTime();
    return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
  }

  boolean passed() {
    return endNanos - System.nanoTime() <= 0;
  }

  /** The time left in whole milliseconds, at least 1. */
  long leftMillis() {
    return Math.max(1, left().toMillis());
  }

  /** Throws TIMEOUT when the deadline has passed. */
  void check(String what) {
    if (passed()) {
      throw timeout(what);
    }
  }

  CdpSourceException timeout(String what) {
    return new CdpSourceException(
        CdpSourceException.Kind.TIMEOUT,
        "no answer from EM within %s (%s); raise the timeout or check EM's load"
            .formatted(format(budget), what));
  }

  static String format(Duration d) {
    if (d.toMillis() % 1000 == 0) {
      return d.toSeconds() + "s";
    }
    return d.toMillis() + "ms";
  }
}
