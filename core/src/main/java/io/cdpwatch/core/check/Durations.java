package io.cdpwatch.core.check;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the command-line contract writes them: a number of seconds ({@code 90}), or a number
 * with the unit {@code s}, {@code m}, {@code h} or {@code d} ({@code 15m}, {@code 26h}, {@code 7d},
 * {@code 1.5h}).
 */
public final class Durations {

  private static final Pattern DURATION =
      Pattern.compile("([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?)([smhd]?)");

  private Durations() {}

  /**
   * Parses a non-negative duration such as {@code 90}, {@code 15m}, {@code 26h} or {@code 7d}.
   *
   * @throws IllegalArgumentException when the text is not such a duration
   */
  public static Duration parse(String text) {
    Objects.requireNonNull(text, "'text' must not be null");
    double seconds = seconds(text.strip());
    if (seconds < 0) {
      throw new IllegalArgumentException("duration '%s' is negative".formatted(text));
    }
    return Duration.ofMillis(Math.round(seconds * 1000));
  }

  /**
   * Parses a threshold range whose bounds may carry duration units, giving a range in seconds:
   * {@code 26h} is {@code 93600}, {@code ~:2d} is {@code ~:172800}, {@code 1h:2d} is {@code
   * 3600:172800}. Plain numbers are seconds.
   *
   * @throws IllegalArgumentException for anything the range grammar does not allow
   */
  public static Range parseRange(String text) {
    return Range.parse(text, Durations::seconds);
  }

  /** A duration in the shortest exact form of the contract: {@code 7d}, {@code 26h}, {@code 90}. */
  public static String format(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds != 0 && seconds % 86_400 == 0) {
      return seconds / 86_400 + "d";
    }
    if (seconds != 0 && seconds % 3_600 == 0) {
      return seconds / 3_600 + "h";
    }
    if (seconds != 0 && seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }

  /**
   * A rough human reading of an age, for output: {@code 45s}, {@code 12m}, {@code 5h 3m}, {@code 2d
   * 4h}.
   */
  public static String humanize(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    if (seconds < 60) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 60) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 24) {
      return minutes % 60 == 0 ? hours + "h" : hours + "h " + minutes % 60 + "m";
    }
    long days = hours / 24;
    return hours % 24 == 0 ? days + "d" : days + "d " + hours % 24 + "h";
  }

  private static final double[] POWERS_OF_TEN = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15
  };

  /**
   * {@code number} (as {@link #DURATION} matched it) times {@code unit}, rounded once to a double.
   * A plain decimal of up to 15 digits whose product with the unit stays below 2^53 is exact in a
   * double: one IEEE division by a power of ten then rounds just as BigDecimal would, without
   * BigDecimal's class initialisation, which costs a short-lived check several milliseconds.
   */
  static double exactProduct(String number, long unit) {
    String digits = number.startsWith("+") || number.startsWith("-") ? number.substring(1) : number;
    int point = digits.indexOf('.');
    String whole = point < 0 ? digits : digits.substring(0, point) + digits.substring(point + 1);
    int scale = point < 0 ? 0 : digits.length() - point - 1;
    boolean plain =
        !whole.isEmpty()
            && whole.length() <= 15
            && digits.indexOf('e') < 0
            && digits.indexOf('E') < 0;
    long mantissa = plain ? Long.parseLong(whole) : Long.MAX_VALUE;
    if (mantissa > (1L << 53) / unit) {
      return new BigDecimal(number).multiply(BigDecimal.valueOf(unit)).doubleValue();
    }
    double value = (double) (mantissa * unit) / POWERS_OF_TEN[scale];
    return number.startsWith("-") && value != 0 ? -value : value;
  }

  private static double seconds(String atom) {
    Matcher matcher = DURATION.matcher(atom);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "'%s' is not a duration (seconds, or a number with s, m, h or d)".formatted(atom));
    }
    long unit =
        switch (matcher.group(2)) {
          case "m" -> 60;
          case "h" -> 3_600;
          case "d" -> 86_400;
          default -> 1;
        };
    double seconds = exactProduct(matcher.group(1), unit);
    if (Double.isInfinite(seconds)) {
      throw new IllegalArgumentException("'%s' is out of range".formatted(atom));
    }
    return seconds;
  }
}
