package io.cdpwatch.core.check;

import java.util.Objects;
import java.util.Optional;

/**
 * A warning and a critical range, each optional: an absent range never alerts (it is not the range
 * {@code 0:}). Critical is evaluated before warning.
 */
public record Thresholds(Optional<Range> warning, Optional<Range> critical) {

  /** Thresholds that never alert. */
  public static final Thresholds NONE = new Thresholds(Optional.empty(), Optional.empty());

  public Thresholds {
    Objects.requireNonNull(warning, "'warning' must not be null");
    Objects.requireNonNull(critical, "'critical' must not be null");
  }

  // Written out: a record's generated equals and hashCode spin method handles at their first call,
  // which a short-lived check pays for on every run.
  @Override
  public boolean equals(Object other) {
    return other instanceof Thresholds that
        && warning.equals(that.warning)
        && critical.equals(that.critical);
  }

  @Override
  public int hashCode() {
    return 31 * warning.hashCode() + critical.hashCode();
  }

  public static Thresholds of(Range warning, Range critical) {
    return new Thresholds(Optional.ofNullable(warning), Optional.ofNullable(critical));
  }

  /**
   * CRITICAL when the critical range is violated, else WARNING when the warning one is, else OK.
   */
  public Status evaluate(double value) {
    if (critical.isPresent() && critical.get().violatedBy(value)) {
      return Status.CRITICAL;
    }
    if (warning.isPresent() && warning.get().violatedBy(value)) {
      return Status.WARNING;
    }
    return Status.OK;
  }
}
