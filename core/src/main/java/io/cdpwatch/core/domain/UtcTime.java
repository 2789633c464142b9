package io.cdpwatch.core.domain;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Instants written in UTC by hand: {@link Instant#toString} and java.time's formatters start the
 * JDK's formatting machinery (and with a pattern its locale data), several milliseconds of a short
 * run.
 */
public final class UtcTime {

  private UtcTime() {}

  /**
   * {@code instant} rounded down to whole seconds as {@link Instant#toString} writes it, e.g.
   * {@code 2026-12-03T14:05:00Z}.
   */
  public static String isoSeconds(Instant instant) {
    LocalDateTime time = at(instant);
    StringBuilder text = new StringBuilder(20).append(time.toLocalDate()).append('T');
    twoDigits(text, time.getHour()).append(':');
    twoDigits(text, time.getMinute()).append(':');
    return twoDigits(text, time.getSecond()).append('Z').toString();
  }

  /** {@code instant} to the minute, rounded down, e.g. {@code 2026-12-03 14:05Z}. */
  public static String minute(Instant instant) {
    LocalDateTime time = at(instant);
    StringBuilder text = new StringBuilder(17).append(time.toLocalDate()).append(' ');
    twoDigits(text, time.getHour()).append(':');
    return twoDigits(text, time.getMinute()).append('Z').toString();
  }

  private static LocalDateTime at(Instant instant) {
    return LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
  }

  private static StringBuilder twoDigits(StringBuilder text, int value) {
    return text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }
}
