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

  private static double seconds(String atom) {
    Matcher matcher = DURATION.matcher(atom);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "'%s' is not a duration (seconds, or a number with s, m, h or d)".formatted(atom));
    }
    BigDecimal number = new BigDecimal(matcher.group(1));
    long unit =
        switch (matcher.group(2)) {
          case "m" -> 60;
          case "h" -> 3_600;
          case "d" -> 86_400;
          default -> 1;
        };
    double seconds = number.multiply(BigDecimal.valueOf(unit)).doubleValue();
    if (Double.isInfinite(seconds)) {
      throw new IllegalArgumentException("'%s' is out of range".formatted(atom));
    }
    return seconds;
  }
}
