package io.cdpwatch.emsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Test;

/** The scenario file format, the demo scenario and the large-estate generator. */
class ScenarioTest {
  static final Path DEMO = Path.of("scenarios/demo.scenario");

  static Scenario parse(String... lines) {
    return ScenarioFile.parse(List.of(lines), "test.scenario");
  }

  static TaskSession newest(Scenario s, String vm) {
    return s.taskSessions().stream()
        .filter(t -> t.vmName().equals(vm))
        .max(Comparator.comparing(TaskSession::created))
        .orElseThrow(() -> new AssertionError("no VM " + vm));
  }

  @Test
  void demoShowsTheRealisticMix() throws Exception {
    Scenario s = Scenario.load(DEMO);
    Instant now = Instant.now();
    assertTrue(s.realClock());
    assertEquals(2, s.backupServers().size());
    assertEquals(3, s.policies().size());
    Map<String, List<TaskSession>> byVm =
        s.taskSessions().stream().collect(Collectors.groupingBy(TaskSession::vmName));
    assertTrue(byVm.size() >= 10);
    byVm.forEach((vm, list) -> assertTrue(list.size() >= 6, vm + " has several sessions"));

    TaskSession failed = newest(s, "fileserver 02");
    assertEquals("Failed", failed.result());
    assertTrue(failed.reason().length() > 200);
    TaskSession warn = newest(s, "mail-gw (DMZ)");
    assertEquals("Warning", warn.result());
    TaskSession cleared = newest(s, "crm-app01");
    assertEquals("Success", cleared.result());
    assertEquals("InProgress", cleared.state());
    assertNull(cleared.ended());
    assertNull(cleared.reason());
    assertTrue(
        byVm.get("crm-app01").stream().anyMatch(t -> t.result().equals("Failed")),
        "an earlier failure");
    Duration unreplicated = Duration.between(newest(s, "erp-report01").created(), now);
    assertTrue(unreplicated.compareTo(Duration.ofDays(19)) > 0, unreplicated.toString());
    CdpPolicy erp =
        s.policies().stream().filter(p -> p.name().equals("CDP ERP Tier-1")).findFirst().get();
    assertTrue(
        s.includesOf(erp.id()).contains(Include.vm("erp-report01")),
        "the policy still includes the VM it no longer replicates");
    assertEquals(8, erp.settings().longTermHours());
    CdpPolicy webPolicy =
        s.policies().stream().filter(p -> p.name().startsWith("CDP Web")).findFirst().get();
    assertTrue(s.includesOf(webPolicy.id()).stream().anyMatch(i -> i.kind().equals("Folder")));
    assertEquals(Duration.ofSeconds(30), webPolicy.settings().rpo());
    TaskSession stale = newest(s, "legacy-ax2012");
    Duration age = Duration.between(stale.created(), now);
    assertTrue(
        age.compareTo(Duration.ofHours(70)) > 0 && age.compareTo(Duration.ofHours(76)) < 0,
        age.toString());
    assertTrue(byVm.keySet().stream().anyMatch(v -> v.contains("\"") && v.contains(" ")));
    assertTrue(byVm.keySet().stream().anyMatch(v -> v.contains("|")));
    assertTrue(byVm.keySet().stream().anyMatch(v -> !v.chars().allMatch(c -> c < 128)));

    CdpPolicy dr =
        s.policies().stream().filter(p -> p.name().equals("CDP DR Site")).findFirst().orElseThrow();
    PolicySession last =
        s.policySessions().stream()
            .filter(p -> p.policyId().equals(dr.id()))
            .max(Comparator.comparing(PolicySession::created))
            .orElseThrow();
    assertEquals("Stopped", last.state());
    assertEquals("Failed", last.result());
    assertTrue(last.failureMessage().contains("stopped"));
    // Sessions rotate about every 8 h.
    List<TaskSession> web = byVm.get("erp-db01");
    Duration gap =
        Duration.between(web.get(web.size() - 2).created(), web.get(web.size() - 1).created());
    assertTrue(gap.compareTo(Duration.ofHours(7)) > 0 && gap.compareTo(Duration.ofHours(9)) < 0);
    // Every task sits in a policy session of its policy created before it.
    for (TaskSession t : s.taskSessions()) {
      PolicySession ps = s.policySession(t.policySessionId());
      assertTrue(!ps.created().isAfter(t.created()), t.vmName());
    }
  }

  @Test
  void fileFormatDirectives() {
    Scenario s =
        parse(
            "# comment",
            "now 2025-06-16T12:00:00Z",
            "credentials user=\"DOM\\u\" password=\"a \"\"b\"\" c\"  # trailing comment",
            "versions v1_5",
            "session-timeout 2m",
            "server s name=vbr.local version=12.1.0.2131",
            "policy p server=s name=\"My Policy\" enabled=false",
            "policy-session ps policy=p created=-1d ended=-1h state=Stopped result=Warning failure=\"x y\"",
            "task t1 session=ps vm=\"a|b\" created=-20h ended=-12h state=Completed result=Failed reason=\"r\"",
            "task policy=p vm=\"c\" created=-2h",
            "fault /api/query status code=503 times=2");
    assertEquals(Instant.parse("2025-06-16T12:00:00Z"), s.now());
    assertEquals("DOM\\u", s.user());
    assertEquals("a \"b\" c", s.password());
    assertEquals(List.of("v1_5"), s.supportedVersions());
    assertEquals(Duration.ofMinutes(2), s.idleTimeout());
    assertEquals("12.1.0.2131", s.backupServers().get(0).version());
    assertEquals(false, s.policies().get(0).scheduleEnabled());
    PolicySession ps = s.policySessions().get(0);
    assertEquals("Warning", ps.result());
    assertEquals("x y", ps.failureMessage());
    assertEquals(Instant.parse("2025-06-15T12:00:00Z"), ps.created());
    assertEquals(2, s.taskSessions().size());
    TaskSession t1 = s.taskSessions().get(0);
    assertEquals("a|b", t1.vmName());
    assertEquals("r", t1.reason());
    TaskSession t2 = s.taskSessions().get(1);
    assertEquals("InProgress", t2.state());
    assertNull(t2.ended());
    assertEquals(ps.id(), t2.policySessionId());
    assertEquals(1, s.faults().size());
    assertEquals(Fault.Kind.STATUS, s.faults().get(0).fault().kind());
    assertEquals(2, s.faults().get(0).fault().limit());
    // Ids are stable across loads.
    assertEquals(
        s.taskSessions().get(0).id(),
        parse(
                "now 2025-06-16T12:00:00Z",
                "server s name=v",
                "policy p server=s name=P",
                "policy-session ps policy=p created=-1d",
                "task t1 session=ps vm=x created=-2h")
            .taskSessions()
            .get(0)
            .id());
  }

  @Test
  void errorsNameTheLine() {
    ScenarioException e =
        assertThrows(
            ScenarioException.class, () -> parse("server s name=a", "policy p server=nope name=x"));
    assertTrue(e.getMessage().startsWith("test.scenario:2: policy:"), e.getMessage());
    assertTrue(
        assertThrows(ScenarioException.class, () -> parse("bogus x"))
            .getMessage()
            .contains(":1: bogus: unknown directive"));
    assertTrue(
        assertThrows(ScenarioException.class, () -> parse("server s name=a colour=red"))
            .getMessage()
            .contains("unknown key 'colour'"));
    assertTrue(
        assertThrows(ScenarioException.class, () -> parse("fault /api/query explode"))
            .getMessage()
            .contains("unknown fault kind"));
  }

  @Test
  void generatorBuildsA100kEstateAndStreams10kPages() throws Exception {
    Scenario s = parse("generate policies=3 vms=400 sessions=80", "task-result-filter on");
    assertEquals(96_000, s.taskSessions().size());
    Set<String> ids = new HashSet<>();
    s.taskSessions().forEach(t -> ids.add(t.id()));
    assertEquals(96_000, ids.size());
    assertTrue(s.taskSessions().stream().anyMatch(t -> t.result().equals("Failed")));
    try (EmSimulator sim = EmSimulator.start(s)) {
      Http http = new Http(sim);
      String token = http.logon().token();
      HttpRequest req =
          HttpRequest.newBuilder(
                  http.uri(
                      "/query?type=CdpReplicaTaskSession&format=Entities&pageSize=10000&page=3"))
              .header("X-RestSvcSessionId", token)
              .build();
      HttpResponse<InputStream> r =
          http.client.send(req, HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, r.statusCode());
      assertTrue(r.headers().firstValue("Content-Length").isEmpty(), "streamed, chunked");
      int items = 0;
      String pagesCount = null;
      XMLInputFactory f = XMLInputFactory.newFactory();
      f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
      try (InputStream in = r.body()) {
        XMLStreamReader x = f.createXMLStreamReader(in);
        while (x.hasNext()) {
          if (x.next() == XMLStreamConstants.START_ELEMENT) {
            if (x.getLocalName().equals("CdpReplicaTaskSession")) {
              items++;
            } else if (x.getLocalName().equals("PagingInfo")) {
              pagesCount = x.getAttributeValue(null, "PagesCount");
            }
          }
        }
      }
      assertEquals(10_000, items);
      assertEquals("10", pagesCount);
    }
  }
}
