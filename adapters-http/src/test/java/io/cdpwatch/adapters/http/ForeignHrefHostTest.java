package io.cdpwatch.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdpwatch.core.check.Durations;
import io.cdpwatch.core.check.Thresholds;
import io.cdpwatch.core.port.in.CdpReport;
import io.cdpwatch.core.port.in.Selection;
import io.cdpwatch.core.service.CdpHealthService;
import io.cdpwatch.emsim.EmSimulator;
import io.cdpwatch.emsim.Scenario;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A real EM writes its own FQDN (and an old port) into every Href, whatever host the client used:
 * paging and followed links are re-rooted onto the configured base URL, never fetched from there.
 */
class ForeignHrefHostTest {

  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

  @Test
  void hrefsNamingAnotherHostGiveTheSameReportAsOwnOnes() throws IOException {
    CdpReport own = report(b -> {});
    CdpReport foreign = report(b -> b.hrefBase("https://em01.invalid:9399/api"));

    assertTrue(own.vms().size() > 100, "more than one page of task sessions");
    assertEquals(verdicts(own), verdicts(foreign));
    assertTrue(
        foreign.policies().get(0).newest().orElseThrow().href().startsWith("https://em01.invalid"),
        "the simulator did write the foreign host");
  }

  @Test
  void aSingleTaskSessionIsNamedThroughItsForeignPolicySessionLink() throws IOException {
    Scenario scenario = scenario(b -> b.hrefBase("https://em01.invalid:9399/api"));
    EmSimulator em = EmSimulator.start(scenario);
    try (EmCdpSessionSource source = EmCdpSessionSource.open(Estates.config(em).build())) {
      String id = scenario.taskSessions().get(scenario.taskSessions().size() - 1).id();
      CdpReport report =
          new CdpHealthService(source, Clock.fixed(NOW, ZoneOffset.UTC))
              .evaluate(
                  Selection.builder()
                      .taskSession(
                          io.cdpwatch.core.domain.Uid.parseOrId(
                              id, io.cdpwatch.core.domain.CdpTaskSession.TYPE))
                      .build(),
                  Thresholds.NONE);

      assertEquals(1, report.policies().size(), "its policy session was followed");
      assertTrue(report.vms().get(0).policy().isPresent());
    } finally {
      em.stop();
    }
  }

  private static CdpReport report(Consumer<Scenario.Builder> tweak) throws IOException {
    EmSimulator em = EmSimulator.start(scenario(tweak));
    try (EmCdpSessionSource source = EmCdpSessionSource.open(Estates.config(em).build())) {
      return new CdpHealthService(source, Clock.fixed(NOW, ZoneOffset.UTC))
          .evaluate(Selection.all(), Thresholds.of(null, Durations.parseRange("2d")));
    } finally {
      em.stop();
    }
  }

  /** What was judged, without what differs between two builds of an estate (ids, hrefs). */
  private static List<String> verdicts(CdpReport report) {
    List<String> lines = new ArrayList<>();
    report
        .vms()
        .forEach(
            v ->
                lines.add(
                    v.vm() + " " + v.policy() + " " + v.status() + " " + v.findings().size()));
    report.policies().forEach(p -> lines.add(p.policy() + " " + p.status()));
    return lines;
  }

  private static Scenario scenario(Consumer<Scenario.Builder> tweak) {
    Scenario.Builder b = Scenario.builder().now(NOW).credentials("mon", "pw");
    b.generate(2, 60, 3);
    tweak.accept(b);
    return b.build();
  }
}
