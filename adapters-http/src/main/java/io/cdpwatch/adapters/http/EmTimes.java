package io.cdpwatch.adapters.http;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A fast reader of the time forms EM writes: {@code yyyy-MM-ddTHH:mm:ss}, 0 to 9 fraction digits,
 * then {@code Z}, an offset {@code ±hh:mm} or nothing (UTC). It reads only that strict form and
 * gives exactly what {@link java.time.Instant#parse} and its fallbacks in {@link EmMapper#time}
 * give for it; anything else (leap seconds, other offsets, lower-case letters) is left to them. And
 * the writer of the form cdpwatch sends in filters. (By hand: java.time's formatters start the
 * JDK's locale data, several milliseconds of a run.)
 */
final class EmTimes {

  private EmTimes() {}

  /** The instant {@code text} names, or null when it is not in the strict form. */
  static Instant parse(String text) {
    int n = text.length();
    if (n < 19
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23) {
      return null;
    }
    if (minute < 0 || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    int i = 19;
    int nanos = 0;
    if (i < n && text.charAt(i) == '.') {
      int start = ++i;
      while (i < n && i - start < 10 && isDigit(text.charAt(i))) {
        i++;
      }
      int count = i - start;
      if (count == 0 || count > 9) {
        return null;
      }
      nanos = digits(text, start, count);
      for (int k = count; k < 9; k++) {
        nanos *= 10;
      }
    }
    int offsetSeconds = 0;
    if (i < n) {
      char zone = text.charAt(i);
      if (zone == 'Z' && i + 1 == n) {
        offsetSeconds = 0;
      } else if ((zone == '+' || zone == '-') && i + 6 == n && text.charAt(i + 3) == ':') {
        int hours = digits(text, i + 1, 2);
        int minutes = digits(text, i + 4, 2);
        if (hours < 0 || hours > 18 || minutes < 0 || minutes > 59) {
          return null;
        }
        offsetSeconds = hours * 3600 + minutes * 60;
        if (offsetSeconds > 18 * 3600) {
          return null;
        }
        if (zone == '-') {
          offsetSeconds = -offsetSeconds;
        }
      } else {
        return null;
      }
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return null;
    }
    long seconds = epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
    return Instant.ofEpochSecond(seconds, nanos);
  }

  private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

  /**
   * The instant an HTTP {@code Date} header names in its one current form, {@code Thu, 03 Dec 2026
   * 11:35:15 GMT} (RFC 9110's IMF-fixdate, also with a one-digit day), or null for anything else.
   */
  static Instant httpDate(String date) {
    String text =
        date.length() == 28 && date.charAt(6) == ' '
            ? date.substring(0, 5) + "0" + date.substring(5)
            : date;
    if (text.length() != 29
        || text.charAt(3) != ','
        || text.charAt(4) != ' '
        || text.charAt(7) != ' '
        || text.charAt(11) != ' '
        || text.charAt(16) != ' '
        || text.charAt(19) != ':'
        || text.charAt(22) != ':'
        || !text.endsWith(" GMT")) {
      return null;
    }
    int month = MONTHS.indexOf(text.substring(8, 11));
    int day = digits(text, 5, 2);
    int year = digits(text, 12, 4);
    int hour = digits(text, 17, 2);
    int minute = digits(text, 20, 2);
    int second = digits(text, 23, 2);
    if (month < 0 || month % 3 != 0 || day < 0 || year < 0 || hour > 23 || minute > 59) {
      return null;
    }
    if (hour < 0 || minute < 0 || second < 0 || second > 60) {
      return null;
    }
    try {
      long days = LocalDate.of(year, month / 3 + 1, day).toEpochDay();
      return Instant.ofEpochSecond(
          days * 86_400L + hour * 3600L + minute * 60L + Math.min(second, 59));
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The number of {@code count} ASCII digits at {@code from}, or -1 when one is not a digit. */
  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
