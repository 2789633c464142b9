package io.cdpwatch.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RangeTest {

  /** The guideline table (monitoring-conventions §2.1): each value and whether it alerts. */
  @ParameterizedTest(name = "{0} at {1} alerts: {2}")
  @CsvSource({
    "10, -1, true",
    "10, 0, false",
    "10, 10, false",
    "10, 10.001, true",
    "10:, 9.99, true",
    "10:, 10, false",
    "10:, 1e9, false",
    "~:10, -1e9, false",
    "~:10, 10, false",
    "~:10, 11, true",
    "10:20, 9, true",
    "10:20, 10, false",
    "10:20, 20, false",
    "10:20, 21, true",
    "@10:20, 9, false",
    "@10:20, 10, true",
    "@10:20, 15, true",
    "@10:20, 20, true",
    "@10:20, 21, false",
    "-10:-5, -7.5, false",
    "-10:-5, -4, true",
    ":20, -1, true",
    ":20, 20, false",
    ".5:1.5e1, 0.4, true",
    ".5:1.5e1, 15, false",
    "' 5 ', 6, true",
    "~:, -1e300, false",
  })
  void alertsPerTheGuidelineTable(String range, double value, boolean alerts) {
    assertEquals(alerts, Range.parse(range).violatedBy(value));
  }

  /** The command-line examples of the guidelines, judged critical first. */
  @ParameterizedTest(name = "-w {0} -c {1} at {2}: {3}")
  @CsvSource({
    "10, 20, 21, CRITICAL",
    "10, 20, 15, WARNING",
    "10, 20, -1, CRITICAL",
    "10, 20, 10, OK",
    "~:10, ~:20, -5, OK",
    "~:10, ~:20, 11, WARNING",
    "~:10, ~:20, 21, CRITICAL",
    "10:, 20, 21, CRITICAL",
    "10:, 20, 5, WARNING",
    "10:, 20, -1, CRITICAL",
    "10:, 20, 15, OK",
    "~:0, 10, 11, CRITICAL",
    "~:0, 10, 1, WARNING",
    "~:0, 10, 0, OK",
    "~:0, 10, -1, CRITICAL",
  })
  void commandLineExamplesJudgeCriticalBeforeWarning(
      String warning, String critical, double value, Status expected) {
    Thresholds thresholds = Thresholds.of(Range.parse(warning), Range.parse(critical));

    assertEquals(expected, thresholds.evaluate(value));
  }

  @ParameterizedTest(name = "-c {0} at {1}: {2}")
  @CsvSource({
    "1:, 0, CRITICAL",
    "1:, 1, OK",
    "5:6, 4, CRITICAL",
    "5:6, 5.5, OK",
    "5:6, 7, CRITICAL",
    "@10:20, 9, OK",
    "@10:20, 10, CRITICAL",
    "@10:20, 21, OK",
  })
  void criticalOnlyExamples(String critical, double value, Status expected) {
    assertEquals(expected, Thresholds.of(null, Range.parse(critical)).evaluate(value));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", " ", ":", "~", "@", "@:", "10:~", "1:2:3", "1:12%", "1,5", "0x10", "1 0", "-5", "10:5",
        "10s", "abc", "10:20x", "@@10", "~10", "1e", "+", "1e999"
      })
  void rejectsWhatTheGrammarDoesNotAllow(String text) {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> Range.parse(text));
    assertFalse(error.getMessage().isBlank());
  }

  @Test
  void rejectionMessagesSayWhy() {
    assertTrue(message("10:5").contains("greater than its end"), message("10:5"));
    assertTrue(message("1:2:3").contains("more than one ':'"), message("1:2:3"));
    assertTrue(message("10:~").contains("'~'"), message("10:~"));
    assertTrue(message("").contains("empty"), message(""));
    assertTrue(message("10s").contains("'10s' is not a number"), message("10s"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10",
        "10:",
        "~:10",
        "10:20",
        "@10:20",
        "-10:-5",
        "0.5:1.25",
        "~:",
        "@0",
        "0:",
        "@~:3"
      })
  void printsBackARangeThatParsesToTheSame(String text) {
    Range range = Range.parse(text);

    assertEquals(range, Range.parse(range.toString()));
    assertEquals(text, range.toString());
  }

  @Test
  void formatsNumbersAsPlainCLocaleDecimals() {
    assertEquals("10000000", Range.format(1e7));
    assertEquals("100", Range.format(100.0));
    assertEquals("0.5", Range.format(0.5));
    assertEquals("0", Range.format(-0.0));
    assertEquals("~:172800", Range.above(172800).toString());
    assertEquals("5:", Range.below(5).toString());
  }

  @Test
  void infiniteBoundsOtherThanTildeAndAnOpenEndAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Range.below(Double.POSITIVE_INFINITY));
    assertThrows(IllegalArgumentException.class, () -> Range.above(Double.NEGATIVE_INFINITY));
    assertThrows(IllegalArgumentException.class, () -> Range.parse("1" + "0".repeat(400) + ":"));
  }

  @Test
  void factoriesAlertOnTheNamedSide() {
    assertTrue(Range.above(10).violatedBy(10.5));
    assertFalse(Range.above(10).violatedBy(-100));
    assertTrue(Range.below(10).violatedBy(9));
    assertFalse(Range.below(10).violatedBy(11));
  }

  @Test
  void absentThresholdsNeverAlertEvenForNegativeValues() {
    for (double value :
        Arrays.asList(-1e9, -1.0, 0.0, 1e9).stream().mapToDouble(d -> d).toArray()) {
      assertEquals(Status.OK, Thresholds.NONE.evaluate(value));
    }
  }

  private static String message(String text) {
    return assertThrows(IllegalArgumentException.class, () -> Range.parse(text)).getMessage();
  }
}
