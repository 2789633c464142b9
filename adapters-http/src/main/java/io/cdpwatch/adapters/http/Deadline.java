package io.cdpwatch.adapters.http;

import io.cdpwatch.core.port.out.CdpSourceException;
import java.time.Duration;

/**
 * One time budget for a whole run, split across its requests. A part of it can be kept in reserve
 * for the end of the run (the logoff), so that the run as a whole still ends within the budget.
 */
final class Deadline {

  private final Duration budget;
  private final long endNanos;
  private final long reserveEndNanos;

  private Deadline(Duration budget, long endNanos, long reserveEndNanos) {
    this.budget = budget;
    this.endNanos = endNanos;
    this.reserveEndNanos = reserveEndNanos;
  }

  static Deadline in(Duration budget) {
    return in(budget, Duration.ZERO);
  }

  /** A budget whose last {@code reserve} only {@link #withReserve()} may spend. */
  static Deadline in(Duration budget, Duration reserve) {
    return in(budget, reserve, Duration.ZERO);
  }

  /** As {@link #in(Duration, Duration)}, of which {@code spent} is gone already. */
  static Deadline in(Duration budget, Duration reserve, Duration spent) {
    long end = System.nanoTime() + budget.minus(spent).toNanos();
    return new Deadline(budget, end - reserve.toNanos(), end);
  }

  /** The same deadline, reserve included: for the run's last request. */
  Deadline withReserve() {
    return new Deadline(budget, reserveEndNanos, reserveEndNanos);
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
