package io.cdpwatch.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** EM writes times with 0 to 7 fraction digits (and other servers more): all read exactly. */
class EmTimesTest {

  @Test
  void zeroToNineFractionDigitsWithZOffsetOrNothingReadAsJavaTimeReadsThem() {
    String fraction = "123456789";
    for (int digits = 0; digits <= 9; digits++) {
      String base =
          "2026-12-01T22:18:40" + (digits == 0 ? "" : "." + fraction.substring(0, digits));
      assertEquals(Instant.parse(base + "Z"), EmTimes.parse(base + "Z"), base + "Z");
      assertEquals(Instant.parse(base + "Z"), EmTimes.parse(base), base + " (no zone: UTC)");
      assertEquals(
          OffsetDateTime.parse(base + "+02:00").toInstant(),
          EmTimes.parse(base + "+02:00"),
          base + "+02:00");
    }
  }

  @Test
  void farYearsAndDayBoundariesAreExact() {
    assertEquals(Instant.parse("9999-12-31T23:59:59Z"), EmTimes.parse("9999-12-31T23:59:59Z"));
    assertEquals(Instant.parse("2024-02-29T00:00:00Z"), EmTimes.parse("2024-02-29T00:00:00"));
    assertEquals(Instant.parse("2026-01-01T01:30:00Z"), EmTimes.parse("2025-12-31T23:00:00-02:30"));
  }

  @Test
  void anythingOutsideTheStrictFormIsLeftToTheFallback() {
    for (String text :
        new String[] {
          "",
          "2026-12-01",
          "2026-12-01 22:18:40",
          "2026-13-01T22:18:40Z",
          "2026-02-30T22:18:40Z",
          "2026-12-01T24:00:00Z",
          "2026-12-01T22:18:60Z",
          "2026-12-01T22:18:40.Z",
          "2026-12-01T22:18:40.1234567890Z",
          "2026-12-01T22:18:40+19:00",
          "2026-12-01T22:18:40z",
          "2026-12-01T22:18:40Zjunk",
          "２026-12-01T22:18:40Z"
        }) {
      assertNull(EmTimes.parse(text), text);
    }
  }

  @Test
  void httpDatesReadAsJavaTimeReadsThemAndAnythingElseIsNone() {
    java.time.format.DateTimeFormatter rfc = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME;
    for (String date :
        List.of(
            "Thu, 03 Dec 2026 11:35:15 GMT",
            "Thu, 3 Dec 2026 11:35:15 GMT",
            "Mon, 29 Feb 2016 00:00:00 GMT",
            "Fri, 31 Dec 9999 23:59:59 GMT",
            "Thu, 01 Jan 1970 00:00:00 GMT")) {
      assertEquals(
          java.time.ZonedDateTime.parse(date, rfc).toInstant(), EmTimes.httpDate(date), date);
    }
    for (String bad :
        List.of(
            "",
            "Thu, 03 Dec 2026 11:35:15 UTC",
            "Thu, 03 Dex 2026 11:35:15 GMT",
            "Thu, 30 Feb 2026 11:35:15 GMT",
            "Thu, 03 Dec 2026 24:00:00 GMT",
            "Thu, 03 Dec 2026 11:60:00 GMT",
            "Thursday, 03-Dec-26 11:35:15 GMT",
            "Thu Dec  3 11:35:15 2026",
            "Thu, 03 Dec 2026 11:35:1x GMT")) {
      assertNull(EmTimes.httpDate(bad), bad);
    }
  }
}
