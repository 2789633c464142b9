package io.cdpwatch.core.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UtcTimeTest {

  private static List<Instant> instants() {
    Random random = new Random(20261203);
    List<Instant> instants =
        new ArrayList<>(
            List.of(
                Instant.parse("2026-12-03T14:05:00Z"),
                Instant.parse("2026-12-03T00:00:00.999Z"),
                Instant.parse("1970-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.5Z")));
    for (int i = 0; i < 2000; i++) {
      instants.add(
          Instant.ofEpochSecond(random.nextLong(253_402_300_800L), random.nextInt(1_000_000_000)));
    }
    return instants;
  }

  @Test
  void isoSecondsIsWhatInstantToStringWritesOfTheWholeSeconds() {
    for (Instant instant : instants()) {
      assertEquals(
          instant.truncatedTo(ChronoUnit.SECONDS).toString(),
          UtcTime.isoSeconds(instant),
          instant.toString());
    }
  }

  @Test
  void minuteIsWhatTheFormatterWritesOfTheMinute() {
    DateTimeFormatter minute =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);
    for (Instant instant : instants()) {
      assertEquals(minute.format(instant), UtcTime.minute(instant), instant.toString());
    }
  }
}
