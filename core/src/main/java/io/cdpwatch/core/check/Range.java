package io.cdpwatch.core.check;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A threshold range in the syntax {@code [@][start:][end]}.
 *
 * <p>Both ends are inclusive. Without {@code @} a value alerts when it lies outside [start, end];
 * with {@code @} it alerts when it lies inside. {@code ~} as the start means minus infinity, an
 * absent end plus infinity, and an absent start (no colon) zero. Examples: {@code 10} alerts below
 * 0 or above 10, {@code 10:} below 10, {@code ~:10} above 10, {@code @10:20} from 10 to 20.
 */
public final class Range {

  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

  private final double start;
  private final double end;
  private final boolean inside;

  private Range(double start, double end, boolean inside) {
    if (Double.isNaN(start) || Double.isNaN(end)) {
      throw new IllegalArgumentException("range bounds must be numbers");
    }
    if (start == Double.POSITIVE_INFINITY || end == Double.NEGATIVE_INFINITY) {
      throw new IllegalArgumentException("a range starts at a number or ~ and ends at a number");
    }
    if (start > end) {
      throw new IllegalArgumentException(
          "range start %s is greater than its end %s".formatted(format(start), format(end)));
    }
    this.start = start;
    this.end = end;
    this.inside = inside;
  }

  /**
   * Parses a range in that grammar.
   *
   * @throws IllegalArgumentException for anything the grammar does not allow, with a message that
   *     says why
   */
  public static Range parse(String text) {
    return parse(text, Range::plainNumber);
  }

  /** A range that alerts when a value is above {@code limit}: {@code ~:limit}. */
  public static Range above(double limit) {
    return new Range(Double.NEGATIVE_INFINITY, limit, false);
  }

  /** A range that alerts when a value is below {@code limit}: {@code limit:}. */
  public static Range below(double limit) {
    return new Range(limit, Double.POSITIVE_INFINITY, false);
  }

  /**
   * Parses {@code text} with the range grammar, reading each bound with {@code bound}, which
   * returns the bound's value or throws {@link IllegalArgumentException}.
   */
  static Range parse(String text, Function<String, Double> bound) {
    Objects.requireNonNull(text, "'text' must not be null");
    String body = text.strip();
    if (body.isEmpty()) {
      throw new IllegalArgumentException("empty range");
    }
    boolean inside = body.startsWith("@");
    if (inside) {
      body = body.substring(1);
    }
    int colon = body.indexOf(':');
    if (colon != body.lastIndexOf(':')) {
      throw new IllegalArgumentException("range '%s' has more than one ':'".formatted(text));
    }
    double start;
    double end;
    if (colon < 0) {
      start = 0;
      end = bound(text, body, bound);
    } else {
      String startText = body.substring(0, colon);
      String endText = body.substring(colon + 1);
      if (startText.isEmpty() && endText.isEmpty()) {
        throw new IllegalArgumentException("range '%s' has no bounds".formatted(text));
      }
      start = startText.equals("~") ? Double.NEGATIVE_INFINITY : startOf(text, startText, bound);
      end = endText.isEmpty() ? Double.POSITIVE_INFINITY : bound(text, endText, bound);
    }
    try {
      return new Range(start, end, inside);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid range '%s': %s".formatted(text, e.getMessage()));
    }
  }

  private static double startOf(String text, String startText, Function<String, Double> bound) {
    return startText.isEmpty() ? 0 : bound(text, startText, bound);
  }

  private static double bound(String text, String atom, Function<String, Double> bound) {
    if (atom.isEmpty()) {
      throw new IllegalArgumentException("range '%s' has an empty bound".formatted(text));
    }
    if (atom.equals("~")) {
      throw new IllegalArgumentException(
          "invalid range '%s': '~' (minus infinity) may only stand as the start".formatted(text));
    }
    try {
      return bound.apply(atom);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid range '%s': %s".formatted(text, e.getMessage()));
    }
  }

  static double plainNumber(String atom) {
    if (!NUMBER.matcher(atom).matches()) {
      throw new IllegalArgumentException("'%s' is not a number".formatted(atom));
    }
    double value = Double.parseDouble(atom);
    if (Double.isInfinite(value)) {
      throw new IllegalArgumentException("'%s' is out of range".formatted(atom));
    }
    return value;
  }

  /** True when {@code value} should raise an alert under this range. */
  public boolean violatedBy(double value) {
    boolean within = value >= start && value <= end;
    return inside == within;
  }

  public double start() {
    return start;
  }

  public double end() {
    return end;
  }

  /** True for a range written with a leading {@code @}: alert inside, not outside. */
  public boolean alertsInside() {
    return inside;
  }

  /** The range in that syntax, valid input for {@link #parse(String)}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    if (inside) {
      text.append('@');
    }
    if (start == Double.NEGATIVE_INFINITY) {
      text.append("~:");
    } else if (start != 0) {
      text.append(format(start)).append(':');
    } else if (end == Double.POSITIVE_INFINITY) {
      text.append("0:");
    }
    if (end != Double.POSITIVE_INFINITY) {
      text.append(format(end));
    }
    return text.toString();
  }

  /**
   * The limit of a range that alerts only above it ({@code N}, {@code 0:N}, {@code ~:N}): the plain
   * age limit most checks use; empty for any other shape.
   */
  public OptionalDouble upperLimit() {
    return !alertsInside() && start() <= 0 && end() != Double.POSITIVE_INFINITY
        ? OptionalDouble.of(end())
        : OptionalDouble.empty();
  }

  /**
   * A number as plain decimal text in the C locale: {@code 10}, {@code 0.5}, never {@code 1.0E7}.
   */
  public static String format(double value) {
    if (value == 0) {
      return "0";
    }
    // Whole numbers (nearly every value printed) without BigDecimal, whose class initialisation
    // alone costs a short-lived check several milliseconds.
    if (value == Math.rint(value) && Math.abs(value) < 0x1p53) {
      return Long.toString((long) value);
    }
    String plain = new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    return plain;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Range range
        && Double.compare(start, range.start) == 0
        && Double.compare(end, range.end) == 0
        && inside == range.inside;
  }

  @Override
  public int hashCode() {
    return Objects.hash(start, end, inside);
  }
}
