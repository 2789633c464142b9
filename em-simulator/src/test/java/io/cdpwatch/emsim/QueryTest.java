package io.cdpwatch.emsim;

import static io.cdpwatch.emsim.Http.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** The filter grammar, sorting, formats and errors of /query. */
class QueryTest {
  static final Instant NOW = Instant.parse("2021-06-16T12:00:00Z");
  static EmSimulator sim;
  static Http http;
  static String token;

  @BeforeAll
  static void start() throws Exception {
    Scenario.Builder b = Scenario.builder().now(NOW);
    BackupServer s1 = b.backupServer("vbr-a.tech.local");
    BackupServer s2 = b.backupServer("vbr-b.tech.local");
    CdpPolicy p1 = b.policy(s1, "Policy One");
    CdpPolicy p2 = b.policy(s2, "Policy \"Two\"");
    PolicySession ps1 =
        b.policySession(p1, Instant.parse("2021-06-15T00:00:01Z"), null, "Working", "None");
    PolicySession ps2 =
        b.policySession(
            p2,
            Instant.parse("2021-06-14T00:00:00Z"),
            Instant.parse("2021-06-15T00:00:00Z"),
            "Stopped",
            "Failed",
            "policy stopped",
            false);
    t(b, ps1, "web 01", "2021-06-15T08:00:00Z", "Completed", "Success", null, 100);
    t(
        b,
        ps1,
        "Müller \"db\" | prod",
        "2021-06-15T16:00:00.5Z",
        "Completed",
        "Failed",
        "disk gone",
        200);
    t(b, ps1, "web 01", "2021-06-16T00:00:00Z", "InProgress", "Success", null, 300);
    t(b, ps2, "app,1;x", "2021-06-14T10:00:00Z", "Completed", "Warning", "slow", 400);
    t(b, ps2, "pending vm", "2021-06-14T11:00:00Z", "Pending", "Success", null, 500);
    sim = EmSimulator.start(b.build());
    http = new Http(sim);
    token = http.logon().token();
  }

  static void t(
      Scenario.Builder b,
      PolicySession ps,
      String vm,
      String created,
      String state,
      String result,
      String reason,
      long size) {
    Instant c = Instant.parse(created);
    b.add(
        new TaskSession(
            b.nextId(),
            ps.id(),
            vm,
            c,
            state.equals("Completed") ? c.plus(Duration.ofHours(8)) : null,
            state,
            result,
            reason,
            size));
  }

  @AfterAll
  static void stop() {
    sim.stop();
  }

  static List<Element> run(String type, String filter, String... more) throws Exception {
    String[] kv = new String[4 + more.length];
    kv[0] = "type";
    kv[1] = type;
    kv[2] = "format";
    kv[3] = "Entities";
    System.arraycopy(more, 0, kv, 4, more.length);
    String path =
        query(kv)
            + (filter == null
                ? ""
                : "&filter="
                    + java.net.URLEncoder.encode(filter, java.nio.charset.StandardCharsets.UTF_8));
    HttpResponse<String> r = http.get(path, token);
    assertEquals(200, r.statusCode(), r.body());
    return Http.items(Http.parse(r.body()));
  }

  static Set<String> vms(String filter) throws Exception {
    Set<String> out = new TreeSet<>();
    for (Element e : run("CdpReplicaTaskSession", filter)) {
      out.add(e.getAttribute("VmDisplayName") + "@" + Http.text(e, "TotalSize"));
    }
    return out;
  }

  static int status(String filter) throws Exception {
    return http.get(query("type", "CdpReplicaTaskSession", "filter", filter), token).statusCode();
  }

  @Test
  void comparisonOperators() throws Exception {
    assertEquals(Set.of("web 01@100", "web 01@300"), vms("VmDisplayName==\"web 01\""));
    assertEquals(5 - 2, vms("VmDisplayName!=\"web 01\"").size());
    assertEquals(Set.of("app,1;x@400", "pending vm@500"), vms("TotalSize>300"));
    assertEquals(Set.of("web 01@300", "app,1;x@400", "pending vm@500"), vms("TotalSize>=300"));
    assertEquals(Set.of("web 01@100"), vms("TotalSize<200"));
    assertEquals(Set.of("web 01@100", "Müller \"db\" | prod@200"), vms("TotalSize<=200"));
  }

  @Test
  void andOrAndParentheses() throws Exception {
    assertEquals(Set.of("web 01@300"), vms("VmDisplayName==\"web 01\";TotalSize>100"));
    assertEquals(Set.of("web 01@100", "pending vm@500"), vms("TotalSize==100,TotalSize==500"));
    assertEquals(
        Set.of("web 01@300", "pending vm@500"),
        vms("(TotalSize==100,TotalSize>=300);(State==InProgress,State==Pending)"));
    assertEquals(
        Set.of("web 01@100", "web 01@300", "pending vm@500"),
        vms("TotalSize==100,TotalSize>=300;State!=Completed"));
  }

  @Test
  void quotingSpacesEmbeddedQuotesAndSeparators() throws Exception {
    assertEquals(
        Set.of("Müller \"db\" | prod@200"), vms("VmDisplayName==\"Müller \"\"db\"\" | prod\""));
    assertEquals(Set.of("app,1;x@400"), vms("VmDisplayName==\"app,1;x\""));
    // Unquoted: spaces are silently dropped, so "web 01" becomes "web01" and matches nothing.
    assertEquals(Set.of(), vms("VmDisplayName==web 01"));
    assertEquals(Set.of("pending vm@500"), vms("Reason==\"\",State==Pending;TotalSize==500"));
    assertEquals(Set.of("web 01@100", "web 01@300"), vms("Name>=\"web\""));
  }

  @Test
  void datesUtcQuotedUnquotedAndDateOnly() throws Exception {
    assertEquals(
        Set.of("web 01@100", "Müller \"db\" | prod@200"),
        vms("CreationTimeUTC>=\"2021-06-15\";CreationTimeUTC<\"2021-06-16\""));
    assertEquals(Set.of("web 01@300"), vms("CreationTimeUTC>=2021-06-16T00:00:00"));
    assertEquals(Set.of("web 01@300"), vms("CreationTimeUTC>=2021-06-16T00:00:00Z"));
    assertEquals(
        Set.of("Müller \"db\" | prod@200"), vms("CreationTimeUTC==\"2021-06-15T16:00:00.5Z\""));
    // absent EndTimeUTC never compares, except with !=
    assertEquals(5, vms("EndTimeUTC!=\"2000-01-01\"").size());
    assertEquals(3, vms("EndTimeUTC>\"2000-01-01\"").size());
  }

  @Test
  void enumsCompareByIndex() throws Exception {
    assertEquals(
        Set.of(
            "pending vm@500",
            "web 01@300",
            "app,1;x@400",
            "web 01@100",
            "Müller \"db\" | prod@200"),
        vms("State>=InProgress"));
    assertEquals(Set.of("web 01@300"), vms("State<Pending"));
    assertEquals(3, vms("State==completed").size());
    List<Element> failedOrWorse = run("CdpReplicaSession", "Result>Success");
    assertEquals(1, failedOrWorse.size());
    assertEquals("Failed", Http.text(failedOrWorse.get(0), "Result"));
    assertEquals(1, run("CdpReplicaSession", "State==Working").size());
    assertEquals(1, run("CdpReplicaSession", "PolicyName==\"Policy \"\"Two\"\"\"").size());
  }

  @Test
  void idsAndParentFields() throws Exception {
    Element one = run("CdpReplicaTaskSession", "TotalSize==200").get(0);
    String uid = one.getAttribute("UID");
    String guid = uid.substring(uid.lastIndexOf(':') + 1);
    assertEquals(1, run("CdpReplicaTaskSession", "Id==" + guid).size());
    assertEquals(1, run("CdpReplicaTaskSession", "Id==\"" + guid.toUpperCase() + "\"").size());
    String ps = Http.text(one, "PolicySessionUid");
    assertEquals(3, run("CdpReplicaTaskSession", "PolicySessionUid==\"" + ps + "\"").size());
    assertEquals(2, run("CdpReplicaTaskSession", "BackupServerName==\"vbr-b.tech.local\"").size());
    assertEquals(1, run("CdpPolicy", "Name==\"Policy One\";ScheduleEnabled==true").size());
    assertEquals(1, run("BackupServer", "Name==\"vbr-a.tech.local\"").size());
  }

  @Test
  void sorting() throws Exception {
    List<String> asc =
        run("CdpReplicaTaskSession", null, "sortAsc", "TotalSize").stream()
            .map(e -> Http.text(e, "TotalSize"))
            .toList();
    assertEquals(List.of("100", "200", "300", "400", "500"), asc);
    List<String> desc =
        run("CdpReplicaTaskSession", null, "sortDesc", "CreationTimeUTC").stream()
            .map(e -> Http.text(e, "TotalSize"))
            .toList();
    assertEquals(List.of("300", "200", "100", "500", "400"), desc);
    List<String> byName =
        run("CdpReplicaTaskSession", "State==Completed", "sortAsc", "vmdisplayname").stream()
            .map(e -> e.getAttribute("VmDisplayName"))
            .toList();
    assertEquals(List.of("app,1;x", "Müller \"db\" | prod", "web 01"), byName);
  }

  @Test
  void typeAndFormatAreCaseInsensitiveAndReferencesAreTheDefault() throws Exception {
    HttpResponse<String> r = http.get("/query?type=cdpreplicatasksession", token);
    assertEquals(200, r.statusCode());
    Element root = Http.parse(r.body()).getDocumentElement();
    assertEquals(5, Http.children(Http.child(root, "Refs"), "Ref").size());
    HttpResponse<String> e = http.get("/query?type=CDPREPLICATASKSESSION&format=entities", token);
    assertEquals(5, Http.items(Http.parse(e.body())).size());
    assertEquals("CdpReplicaTaskSession", Http.items(Http.parse(e.body())).get(0).getLocalName());
  }

  @Test
  void errorsAre400() throws Exception {
    for (String bad :
        List.of(
            "Bogus==1",
            "Result==Failed",
            "State==Postprocessing",
            "TotalSize==lots",
            "CreationTimeUTC>=\"yesterday\"",
            "(State==Pending",
            "State=Pending",
            "VmDisplayName==\"open",
            "State==Pending;")) {
      HttpResponse<String> r =
          http.get(query("type", "CdpReplicaTaskSession", "filter", bad), token);
      assertEquals(400, r.statusCode(), bad);
      Element err = Http.parse(r.body()).getDocumentElement();
      assertEquals("Error", err.getLocalName());
      assertEquals("BadRequest", err.getAttribute("Status"));
    }
    assertEquals(400, http.get("/query?format=Entities", token).statusCode());
    assertEquals(400, http.get("/query?type=NoSuchType", token).statusCode());
    assertEquals(400, http.get("/query?type=CdpReplicaSession&format=Entity", token).statusCode());
    assertEquals(400, http.get("/query?type=CdpReplicaSession&pageSize=0", token).statusCode());
    assertEquals(400, http.get("/query?type=CdpReplicaSession&sortAsc=Bogus", token).statusCode());
    assertTrue(status("State==Pending") == 200);
  }

  @Test
  void resultFilterOnTaskSessionsCanBeEnabled() throws Exception {
    Scenario.Builder b = Scenario.builder().taskResultFilter(true);
    CdpPolicy p = b.policy(b.backupServer("s"), "p");
    b.dailyPolicySessions(p, 1, b.ago(Duration.ofHours(2)));
    b.vm(p, "a", 3, Duration.ofMinutes(30), b.ago(Duration.ofMinutes(5)), "bad", "Failed");
    try (EmSimulator s = EmSimulator.start(b.build())) {
      Http h = new Http(s);
      HttpResponse<String> r =
          h.get(
              query(
                  "type",
                  "CdpReplicaTaskSession",
                  "format",
                  "Entities",
                  "filter",
                  "Result==Failed"),
              h.logon().token());
      assertEquals(200, r.statusCode(), r.body());
      List<Element> items = Http.items(Http.parse(r.body()));
      assertEquals(1, items.size());
      assertEquals("bad", Http.text(items.get(0), "Reason"));
    }
  }
}
