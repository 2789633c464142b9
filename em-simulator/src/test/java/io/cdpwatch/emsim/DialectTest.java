package io.cdpwatch.emsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The query dialects of real EMs: refused fields, refused or ignored filters, a proxy's 414. */
class DialectTest {
  static final Instant NOW = Instant.parse("2021-06-16T12:00:00Z");

  static Scenario.Builder estate() {
    Scenario.Builder b = Scenario.builder().now(NOW);
    CdpPolicy p = b.policy(b.backupServer("vbr"), "Policy");
    b.dailyPolicySessions(p, 2, b.ago(Duration.ofHours(2)));
    b.vm(p, "vm a", 4, Duration.ofHours(8), b.ago(Duration.ofHours(1)), "", "Success");
    return b;
  }

  static HttpResponse<String> query(EmSimulator sim, String... kv) throws Exception {
    Http http = new Http(sim);
    return http.get(Http.query(kv), http.logon().token());
  }

  @Test
  void creationTimeIsTakenForCreationTimeUtc() throws Exception {
    try (EmSimulator sim = EmSimulator.start(estate().build())) {
      HttpResponse<String> r =
          query(sim, "type", "CdpReplicaTaskSession", "filter", "CreationTime>=\"2021-06-16\"");
      assertEquals(200, r.statusCode(), r.body());
      assertEquals(2, Http.items(Http.parse(r.body())).size());
    }
  }

  @Test
  void aRefusedFieldIsA400InFiltersAndSorts() throws Exception {
    Scenario.Builder b = estate();
    b.fault("/api/query", Fault.refuseFilterField("CreationTimeUTC"));
    try (EmSimulator sim = EmSimulator.start(b.build())) {
      String type = "CdpReplicaTaskSession";
      assertEquals(
          400, query(sim, "type", type, "filter", "creationtimeutc>=\"2021-06-16\"").statusCode());
      assertEquals(400, query(sim, "type", type, "sortDesc", "CreationTimeUTC").statusCode());
      HttpResponse<String> other =
          query(sim, "type", type, "filter", "CreationTime>=\"2021-06-16\"");
      assertEquals(200, other.statusCode(), other.body());
      assertTrue(query(sim, "type", type, "sortDesc", "CreationTimeUTC").body().contains("<Error"));
    }
  }

  @Test
  void refusedFiltersAndSortsLeaveOnlyPaging() throws Exception {
    Scenario.Builder b = estate();
    b.fault("/api/query", Fault.refuseFilters());
    try (EmSimulator sim = EmSimulator.start(b.build())) {
      String type = "CdpReplicaSession";
      assertEquals(400, query(sim, "type", type, "filter", "Name==\"x\"").statusCode());
      assertEquals(400, query(sim, "type", type, "sortAsc", "Name").statusCode());
      assertEquals(200, query(sim, "type", type, "pageSize", "1", "page", "2").statusCode());
    }
  }

  @Test
  void ignoredFiltersAnswerEverything() throws Exception {
    Scenario.Builder b = estate();
    b.fault("/api/query", Fault.ignoreFilters());
    try (EmSimulator sim = EmSimulator.start(b.build())) {
      HttpResponse<String> r =
          query(sim, "type", "CdpReplicaTaskSession", "filter", "VmDisplayName==\"nobody\"");
      assertEquals(4, Http.items(Http.parse(r.body())).size());
    }
  }

  @Test
  void aLongRequestLineGetsAnHtml414() throws Exception {
    Scenario.Builder b = estate();
    b.fault("/api/query", Fault.requestLineLimit(200));
    try (EmSimulator sim = EmSimulator.start(b.build())) {
      HttpResponse<String> r =
          query(
              sim, "type", "CdpReplicaTaskSession", "filter", "Name==\"" + "x".repeat(300) + "\"");
      assertEquals(414, r.statusCode());
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
      assertEquals(200, query(sim, "type", "CdpReplicaTaskSession").statusCode());
    }
  }

  @Test
  void theScenarioFileNamesTheDialects() {
    Map<String, Fault.Kind> kinds =
        Map.of(
            "refuse-filter-field field=CreationTimeUTC", Fault.Kind.REFUSE_FILTER_FIELD,
            "refuse-filters", Fault.Kind.REFUSE_FILTERS,
            "ignore-filters", Fault.Kind.IGNORE_FILTERS,
            "request-line-limit bytes=8192", Fault.Kind.REQUEST_LINE_LIMIT);
    kinds.forEach(
        (text, kind) -> {
          String[] words = text.split(" ");
          Map<String, String> args =
              words.length > 1 ? Map.of(words[1].split("=")[0], words[1].split("=")[1]) : Map.of();
          assertEquals(kind, Fault.parse(words[0], args).kind());
        });
    assertEquals(
        "CreationTimeUTC",
        Fault.parse("refuse-filter-field", Map.of("field", "CreationTimeUTC")).field());
  }
}
