package io.cdpwatch.emsim;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Time formatting and parsing as EM does it. */
final class Times {
  private static final DateTimeFormatter NAME_SUFFIX =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|d|h|m|s)");

  private Times() {}

  /**
   * {@code 2025-06-15T07:00:06.787Z}: as many fractional digits as the value needs, at most 7 (.NET
   * ticks), none when the value is whole seconds.
   */
  static String utc(Instant t) {
    String s = SECONDS.format(t);
    int ticks = t.getNano() / 100;
    if (ticks == 0) {
      return s + "Z";
    }
    String frac = String.format("%07d", ticks);
    int end = frac.length();
    while (frac.charAt(end - 1) == '0') {
      end--;
    }
    return s + "." + frac.substring(0, end) + "Z";
  }

  /** The {@code Name} suffix: {@code yyyy-MM-dd HH:mm:ss}, no zone. */
  static String nameSuffix(Instant t) {
    return NAME_SUFFIX.format(t);
  }

  /** Truncates an instant to the given number (0..7) of fractional digits. */
  static Instant truncate(Instant t, int digits) {
    long unit = 1;
    for (int i = digits; i < 9; i++) {
      unit *= 10;
    }
    long nanos = t.getNano() - t.getNano() % unit;
    return Instant.ofEpochSecond(t.getEpochSecond(), nanos);
  }

  /** {@code 15m}, {@code 8h}, {@code 2d4h}, {@code 250ms}, {@code 30s}. */
  static Duration duration(String text) {
    String s = text.trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty duration");
    }
    Matcher m = DURATION_PART.matcher(s);
    Duration d = Duration.ZERO;
    int pos = 0;
    while (m.find() && m.start() == pos) {
      long n = Long.parseLong(m.group(1));
      d =
          d.plus(
              switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "s" -> Duration.ofSeconds(n);
                default -> Duration.ofMillis(n);
              });
      pos = m.end();
    }
    if (pos != s.length()) {
      throw new IllegalArgumentException(
          "not a duration (use e.g. 90s, 15m, 8h, 2d4h): '" + text + "'");
    }
    return d;
  }

  /**
   * A point in time: {@code now}, a relative {@code -2h} / {@code +30m} / {@code -3d4h} (relative
   * to {@code now}), or an absolute ISO-8601 UTC instant ({@code 2025-06-15T07:00:06.787Z}; a date
   * alone means midnight UTC).
   */
  static Instant point(String text, Instant now) {
    String s = text.trim();
    if (s.equals("now")) {
      return now;
    }
    if (s.startsWith("-") || s.startsWith("+")) {
      Duration d = duration(s.substring(1));
      return s.startsWith("-") ? now.minus(d) : now.plus(d);
    }
    return utcValue(s);
  }

  /**
   * A UTC value as filters accept it: ISO with or without {@code Z}, with or without fraction, or a
   * date alone.
   */
  static Instant utcValue(String s) {
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      // fall through
    }
    try {
      return LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      // fall through
    }
    try {
      return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a UTC date/time: '" + s + "'");
    }
  }
}
