package io.cdpwatch.adapters.nagios;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cdpwatch.core.check.Range;
import io.cdpwatch.core.check.Thresholds;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PerfdataTest {

  @Test
  void countsCarryMinZeroAndDropTrailingEmptyFields() {
    assertEquals("vms=12;;;0", Perfdata.format(Metric.gauge("vms", 12, Metric.Unit.NONE)));
  }

  @Test
  void agesCarryUnitsAndThresholdsAsRanges() {
    Metric age =
        new Metric(
            "db01 age",
            7200,
            Metric.Unit.SECONDS,
            Thresholds.of(Range.parse("93600"), Range.parse("172800")),
            OptionalDouble.of(0),
            OptionalDouble.empty());

    assertEquals("'db01 age'=7200s;93600;172800;0", Perfdata.format(age));
  }

  @Test
  void sizesArePlainDecimalsNeverScientific() {
    assertEquals(
        "'db01 size'=17179869184B;;;0",
        Perfdata.format(Metric.gauge("db01 size", 17_179_869_184L, Metric.Unit.BYTES)));
    assertEquals(
        "big=10000000000000;;;0", Perfdata.format(Metric.gauge("big", 1e13, Metric.Unit.NONE)));
  }

  @Test
  void anUnmeasurableValueIsU() {
    assertEquals("x=U;;;0", Perfdata.format(Metric.gauge("x", Double.NaN, Metric.Unit.NONE)));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "vms_ok                     | vms_ok",
        "web-01.example.com        | web-01.example.com",
        "web 01 age                 | 'web 01 age'",
        "app 'x' age                | 'app _x_ age'",
        "a=b age                    | 'a_b age'",
        "Zürich age                 | 'Zürich age'",
      })
  void labelsAreQuotedWhenNotPlainAndNeverHoldQuotesOrEquals(String label, String expected) {
    assertEquals(expected, Perfdata.label(label.strip()));
  }

  @Test
  void pipesAndLineBreaksNeverReachALabel() {
    assertEquals("a_b_c", Perfdata.label("a|b\nc"));
    assertEquals("'a _b'", Perfdata.label("a 'b"));
  }
}
