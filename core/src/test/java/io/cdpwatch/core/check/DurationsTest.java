package io.cdpwatch.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "90, 90",
    "90s, 90",
    "15m, 900",
    "26h, 93600",
    "7d, 604800",
    "1.5h, 5400",
    "0, 0",
    "' 2d ', 172800"
  })
  void parsesTheContractsDurations(String text, long seconds) {
    assertEquals(Duration.ofSeconds(seconds), Durations.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "d", "7w", "7 d", "-5m", "7dd", "1h30m", "P7D"})
  void rejectsAnythingElse(String text) {
    assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
  }

  @ParameterizedTest
  @CsvSource({
    "26h, 93600, false",
    "26h, 93601, true",
    "~:2d, 172800, false",
    "~:2d, 172801, true",
    "1h:2d, 3599, true",
    "@0:10m, 600, true",
    "3600, 3601, true"
  })
  void rangesTakeDurationBoundsInSeconds(String text, double value, boolean alerts) {
    assertEquals(alerts, Durations.parseRange(text).violatedBy(value));
  }

  @Test
  void plainBoundsMayCarryAnExponentAndHugeOnesAreRefused() {
    assertEquals("1000", Durations.parseRange("1e3").toString());
    assertEquals(Duration.ofSeconds(1500), Durations.parse("1.5e3"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parseRange("1" + "0".repeat(400)));
    assertThrows(
        IllegalArgumentException.class, () -> Durations.parseRange("9".repeat(400) + "d:"));
  }

  @Test
  void durationRangesPrintInSecondsAndKeepTheGrammar() {
    assertEquals("~:172800", Durations.parseRange("~:2d").toString());
    assertThrows(IllegalArgumentException.class, () -> Durations.parseRange("2d:1d"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parseRange("1w"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Range.parse("10s"))
            .getMessage()
            .contains("10s"));
  }

  @Test
  void formatsDurationsInTheirShortestExactUnit() {
    assertEquals("7d", Durations.format(Duration.ofDays(7)));
    assertEquals("26h", Durations.format(Duration.ofHours(26)));
    assertEquals("15m", Durations.format(Duration.ofMinutes(15)));
    assertEquals("90s", Durations.format(Duration.ofSeconds(90)));
  }

  @Test
  void humanizesAges() {
    assertEquals("45s", Durations.humanize(Duration.ofSeconds(45)));
    assertEquals("12m", Durations.humanize(Duration.ofMinutes(12)));
    assertEquals("5h 3m", Durations.humanize(Duration.ofMinutes(303)));
    assertEquals("2d 4h", Durations.humanize(Duration.ofHours(52)));
    assertEquals("3d", Durations.humanize(Duration.ofDays(3)));
    assertEquals("0s", Durations.humanize(Duration.ofSeconds(-5)));
  }

  @Test
  void theProductOfANumberAndItsUnitIsRoundedOnceAsBigDecimalWouldRoundIt() {
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 20_000; i++) {
      int digits = 1 + random.nextInt(15);
      StringBuilder number = new StringBuilder(random.nextBoolean() ? "" : "-");
      for (int d = 0; d < digits; d++) {
        number.append((char) ('0' + random.nextInt(10)));
      }
      if (random.nextBoolean()) {
        number.insert(number.length() - random.nextInt(digits), '.');
      }
      String text = number.toString();
      for (long unit : new long[] {1, 60, 3_600, 86_400}) {
        double exact =
            new java.math.BigDecimal(text)
                .multiply(java.math.BigDecimal.valueOf(unit))
                .doubleValue();
        assertEquals(exact, Durations.exactProduct(text, unit), text + " x " + unit);
      }
    }
  }
}
