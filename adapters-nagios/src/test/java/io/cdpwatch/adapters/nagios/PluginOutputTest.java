package io.cdpwatch.adapters.nagios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdpwatch.core.check.Status;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginOutputTest {

  @Test
  void firstLineHasStateSummaryAndPerfdataThenProblemLines() {
    CheckResult result =
        new CheckResult(
            Status.CRITICAL,
            "1 of 2 VMs failed: db01 (Failed: disk full)",
            List.of(
                new CheckResult.Detail(Status.CRITICAL, "db01: Failed: disk full"),
                new CheckResult.Detail(Status.OK, "web01: Success")),
            List.of(Metric.gauge("vms", 2, Metric.Unit.NONE)));

    assertEquals(
        "CDP CRITICAL - 1 of 2 VMs failed: db01 (Failed: disk full) | vms=2;;;0\n"
            + "CRITICAL: db01: Failed: disk full\n",
        PluginOutput.render(result, false));
    assertTrue(PluginOutput.render(result, true).endsWith("OK: web01: Success\n"));
  }

  @Test
  void pipesInHumanTextNeverStartPerfdata() {
    CheckResult result =
        new CheckResult(
            Status.WARNING,
            "vm a|b (Warning: x|y)",
            List.of(new CheckResult.Detail(Status.WARNING, "a|b\nsecond")),
            List.of());

    String output = PluginOutput.render(result, false);

    assertEquals("CDP WARNING - vm a/b (Warning: x/y)\nWARNING: a/b second\n", output);
  }

  @Test
  void semicolonsNeverReachTheFirstLinesTextBecauseNagiosTurnsThemIntoColons() {
    CheckResult result =
        new CheckResult(
            Status.WARNING,
            "2 failed; 1 warning",
            List.of(new CheckResult.Detail(Status.WARNING, "vm: lag; cache full")),
            List.of(Metric.gauge("vms", 2, Metric.Unit.NONE)));

    assertEquals(
        "CDP WARNING - 2 failed, 1 warning | vms=2;;;0\nWARNING: vm: lag; cache full\n",
        PluginOutput.render(result, false));
    assertEquals(
        "CDP UNKNOWN - refused, check host\n", PluginOutput.unknown("refused; check host"));
  }

  @Test
  void longOutputIsCutBeforePerfdataAndSaysSo() {
    List<CheckResult.Detail> details = new ArrayList<>();
    List<Metric> metrics = new ArrayList<>();
    metrics.add(Metric.gauge("vms", 1000, Metric.Unit.NONE));
    for (int i = 0; i < 1000; i++) {
      details.add(
          new CheckResult.Detail(Status.CRITICAL, "vm-%04d: Failed: a long reason".formatted(i)));
    }
    for (int i = 0; i < 30; i++) {
      metrics.add(Metric.gauge("vm-%04d age".formatted(i), i, Metric.Unit.SECONDS));
    }

    String output =
        PluginOutput.render(new CheckResult(Status.CRITICAL, "many", details, metrics), false);

    assertTrue(output.getBytes(StandardCharsets.UTF_8).length <= PluginOutput.MAX_BYTES);
    String firstLine = output.substring(0, output.indexOf('\n'));
    assertTrue(
        firstLine.contains("'vm-0029 age'=29s;;;0"),
        "all perfdata kept while long output can shrink");
    assertTrue(output.contains("CRITICAL: vm-0000: Failed"));
    assertTrue(
        output.matches("(?s).*\\.\\.\\. \\d+ more lines not shown \\(8 KB output limit\\)\n"));
  }

  @Test
  void perVmPerfdataIsCutFromTheEndOnlyAfterLongOutputIsGoneAndCountsStay() {
    List<Metric> metrics = new ArrayList<>();
    metrics.add(Metric.gauge("vms", 1000, Metric.Unit.NONE));
    metrics.add(Metric.gauge("vms_failed", 1, Metric.Unit.NONE));
    for (int i = 0; i < 1000; i++) {
      metrics.add(Metric.gauge("vm-%04d age".formatted(i), i, Metric.Unit.SECONDS));
    }
    List<CheckResult.Detail> details =
        List.of(new CheckResult.Detail(Status.CRITICAL, "vm-0000: Failed"));

    String output =
        PluginOutput.render(new CheckResult(Status.CRITICAL, "1 failed", details, metrics), false);

    assertTrue(output.getBytes(StandardCharsets.UTF_8).length <= PluginOutput.MAX_BYTES);
    assertTrue(
        output.startsWith(
            "CDP CRITICAL - 1 failed | vms=1000;;;0 vms_failed=1;;;0 'vm-0000 age'=0s;;;0"));
    assertFalse(output.contains("'vm-0999 age'"), "the last per-VM metrics go first");
    assertFalse(output.contains("CRITICAL: vm-0000"), "long output was cut before perfdata");
    assertTrue(
        output.matches(
            "(?s).*\\.\\.\\. 1 more lines and \\d+ per-VM metrics not shown \\(8 KB output limit\\)\n"),
        output.substring(output.lastIndexOf('\n', output.length() - 2)));
  }

  @Test
  void anUnknownIsOneLine() {
    assertEquals(
        "CDP UNKNOWN - cannot reach em / port\n", PluginOutput.unknown("cannot reach em | port"));
    assertEquals("CDP UNKNOWN - a b\n", PluginOutput.unknown("a\nb"));
  }
}
