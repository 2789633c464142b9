package io.cdpwatch.adapters.nagios;

import io.cdpwatch.core.check.Range;
import io.cdpwatch.core.check.Thresholds;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One measured value with its unit, the thresholds it was judged by, and its bounds. The label is
 * free text; presenters decide how to quote or escape it.
 */
record Metric(
    String label,
    double value,
    Unit unit,
    Thresholds thresholds,
    OptionalDouble min,
    OptionalDouble max) {

  /** The units the checks use, with the unit-of-measure text of performance data. */
  public enum Unit {
    NONE(""),
    SECONDS("s"),
    BYTES("B");

    private final String symbol;

    Unit(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  public Metric {
    Objects.requireNonNull(label, "'label' must not be null");
    Objects.requireNonNull(unit, "'unit' must not be null");
    Objects.requireNonNull(thresholds, "'thresholds' must not be null");
    Objects.requireNonNull(min, "'min' must not be null");
    Objects.requireNonNull(max, "'max' must not be null");
    if (label.isBlank()) {
      throw new IllegalArgumentException("a metric needs a label");
    }
  }

  /** A count or size that cannot be negative: min 0, no thresholds. */
  public static Metric gauge(String label, double value, Unit unit) {
    return new Metric(
        label, value, unit, Thresholds.NONE, OptionalDouble.of(0), OptionalDouble.empty());
  }

  public Optional<Range> warning() {
    return thresholds.warning();
  }

  public Optional<Range> critical() {
    return thresholds.critical();
  }
}
