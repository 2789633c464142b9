package io.cdpwatch.adapters.nagios;

import io.cdpwatch.core.check.Status;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of a check, independent of any monitoring system: a status, a one-line summary that
 * names the worst items first, detail lines (problems worst first, then the rest) and metrics.
 */
record CheckResult(Status status, String summary, List<Detail> details, List<Metric> metrics) {

  /** One line of detail about one checked item, with the item's own status. */
  public record Detail(Status status, String text) {
    public Detail {
      Objects.requireNonNull(status, "'status' must not be null");
      Objects.requireNonNull(text, "'text' must not be null");
    }
  }

  public CheckResult {
    Objects.requireNonNull(status, "'status' must not be null");
    Objects.requireNonNull(summary, "'summary' must not be null");
    details = List.copyOf(details);
    metrics = List.copyOf(metrics);
  }

  /** A result that says only that the check could not be done, and why. */
  public static CheckResult unknown(String reason) {
    return new CheckResult(Status.UNKNOWN, reason, List.of(), List.of());
  }
}
