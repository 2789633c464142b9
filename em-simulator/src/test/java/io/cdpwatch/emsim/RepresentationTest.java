package io.cdpwatch.emsim;

import static io.cdpwatch.emsim.Http.child;
import static io.cdpwatch.emsim.Http.children;
import static io.cdpwatch.emsim.Http.link;
import static io.cdpwatch.emsim.Http.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;

/** Every representation against the documented fixtures (copied from shared/fixtures). */
class RepresentationTest {
  static final String SERVER = "cca0b96b-4924-4461-8899-b831bc00176e";
  static final String POLICY = "145f3365-6ec0-44e9-9538-8c8c34ebdcce";
  static final String PS = "6b872a71-51e8-437a-8d45-5c6494b92f3f";
  static final String TASK = "2ec4d35f-b5d8-4cb3-9d11-12e1d5792625";
  static final String OLD_TASK = "0e2c1a4f-0000-4000-8000-000000000001";

  static EmSimulator sim;
  static EmSimulator querySim;
  static Http http;
  static String token;

  @BeforeAll
  static void start() throws Exception {
    Instant now = Instant.parse("2021-02-12T01:00:00Z");
    Scenario s =
        Scenario.builder()
            .now(now)
            .add(
                new BackupServer(
                    SERVER, "enterprise03.tech.local", "", 9392, "13.0.1.1071", 9405, ""))
            .add(new CdpPolicy(POLICY, SERVER, "CDP Policy 1", "", "VMware", true, true, null))
            .add(
                new PolicySession(
                    PS,
                    POLICY,
                    Instant.parse("2021-02-11T19:08:36.123Z"),
                    null,
                    "Working",
                    "None",
                    0,
                    "",
                    false))
            .add(
                new TaskSession(
                    TASK,
                    PS,
                    "virt03-ubuntu01",
                    Instant.parse("2021-02-12T00:00:10.457Z"),
                    null,
                    "InProgress",
                    "Success",
                    null,
                    17179869184L))
            .add(
                new TaskSession(
                    OLD_TASK,
                    PS,
                    "virt03-ubuntu01",
                    now.minus(Duration.ofDays(31)),
                    now.minus(Duration.ofDays(30)),
                    "Completed",
                    "Failed",
                    "old",
                    1L))
            .build();
    sim = EmSimulator.start(s);
    http = new Http(sim);
    token = http.logon().token();

    String srv2 = "beda8585-1354-451c-afe2-646dcf42afa6";
    String pol2 = "9f1d2c3b-1111-4222-8333-444455556666";
    String ps2 = "042da2cf-86a9-4d09-9766-be90f3ccd506";
    Scenario q =
        Scenario.builder()
            .now(Instant.parse("2025-06-16T00:00:00Z"))
            .add(
                new BackupServer(srv2, "backupsrv29.tech.local", "", 9392, "13.0.1.1071", 9405, ""))
            .add(new CdpPolicy(pol2, srv2, "CDP Policy", "", "VMware", true, true, null))
            .add(
                new PolicySession(
                    ps2,
                    pol2,
                    Instant.parse("2025-06-14T15:00:24Z"),
                    null,
                    "Working",
                    "None",
                    0,
                    "",
                    false))
            .add(
                new TaskSession(
                    "787d754e-6399-46f1-8199-2207f0e8fe20",
                    ps2,
                    "virt03-ubuntu01",
                    Instant.parse("2025-06-15T07:00:06.787Z"),
                    Instant.parse("2025-06-15T15:00:08.847Z"),
                    "Completed",
                    "Success",
                    null,
                    17179869184L))
            .build();
    querySim = EmSimulator.start(q);
  }

  @AfterAll
  static void stop() {
    sim.stop();
    querySim.stop();
  }

  static String fixture(String name, String api) throws IOException {
    try (InputStream in = RepresentationTest.class.getResourceAsStream("/fixtures/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("https://localhost:9398/api", api)
          .replace("https://srv12.tech.local:9398/api", api);
    }
  }

  /** Same element names, namespaces, attributes (values too) and texts, in the same order. */
  static void assertSameTree(Element want, Element got, String path) {
    String here = path + "/" + want.getLocalName();
    assertEquals(want.getNamespaceURI(), got.getNamespaceURI(), here + " namespace");
    assertEquals(want.getLocalName(), got.getLocalName(), here);
    assertEquals(attrs(want), attrs(got), here + " attributes");
    List<Element> wc = children(want);
    List<Element> gc = children(got);
    assertEquals(
        wc.stream().map(Element::getLocalName).toList(),
        gc.stream().map(Element::getLocalName).toList(),
        here + " children");
    for (int i = 0; i < wc.size(); i++) {
      assertSameTree(wc.get(i), gc.get(i), here);
    }
    if (wc.isEmpty()) {
      assertEquals(want.getTextContent().trim(), got.getTextContent().trim(), here + " text");
    }
  }

  static Map<String, String> attrs(Element e) {
    Map<String, String> m = new TreeMap<>();
    NamedNodeMap a = e.getAttributes();
    for (int i = 0; i < a.getLength(); i++) {
      Attr at = (Attr) a.item(i);
      if (!"http://www.w3.org/2000/xmlns/".equals(at.getNamespaceURI())) {
        m.put(at.getName(), at.getValue());
      }
    }
    return m;
  }

  Document getOk(EmSimulator s, String path) throws Exception {
    HttpResponse<String> r = new Http(s).get(path, s == sim ? token : new Http(s).logon().token());
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/xml"));
    return Http.parse(r.body());
  }

  @Test
  void taskSessionEntityMatchesFixtureIncludingHrefQuirk() throws Exception {
    Document got = getOk(sim, "/cdpReplicaTaskSessions/" + TASK + "?format=Entity");
    Document want = Http.parse(fixture("cdp-replica-task-session.entity.xml", sim.baseUrl()));
    assertSameTree(want.getDocumentElement(), got.getDocumentElement(), "");
    assertTrue(
        got.getDocumentElement().getAttribute("Href").contains("/api/replicaTaskSessions/" + TASK));
    assertTrue(children(got.getDocumentElement(), "EndTimeUTC").isEmpty());
    assertTrue(children(got.getDocumentElement(), "Reason").isEmpty());
  }

  @Test
  void taskSessionReferenceMatchesFixture() throws Exception {
    Document got = getOk(sim, "/cdpReplicaTaskSessions/" + TASK);
    Document want = Http.parse(fixture("cdp-replica-task-session.ref.xml", sim.baseUrl()));
    assertSameTree(want.getDocumentElement(), got.getDocumentElement(), "");
  }

  @Test
  void policySessionEntityMatchesFixture() throws Exception {
    Document got = getOk(sim, "/cdpReplicaSessions/" + PS + "?format=entity");
    Document want = Http.parse(fixture("cdp-replica-session.entity.xml", sim.baseUrl()));
    assertSameTree(want.getDocumentElement(), got.getDocumentElement(), "");
  }

  @Test
  void queryEntitiesMatchesFixture() throws Exception {
    Document got = getOk(querySim, "/query?type=CdpReplicaTaskSession&format=Entities");
    Document want =
        Http.parse(fixture("query-cdp-replica-task-session.entities.xml", querySim.baseUrl()));
    assertSameTree(want.getDocumentElement(), got.getDocumentElement(), "");
  }

  @Test
  void logonSessionHasTheFixturesShapeAndLinks() throws Exception {
    Http.Logon l = http.logon();
    Element got = Http.parse(l.response().body()).getDocumentElement();
    Element want = Http.parse(fixture("logon-session.xml", sim.baseUrl())).getDocumentElement();
    assertEquals(want.getNamespaceURI(), got.getNamespaceURI());
    assertEquals("LogonSession", got.getLocalName());
    assertEquals("LogonSession", got.getAttribute("Type"));
    assertEquals(sim.baseUrl() + "/logonSessions/" + l.sessionId(), got.getAttribute("Href"));
    for (Element wl : children(child(want, "Links"), "Link")) {
      String rel = wl.getAttribute("Rel");
      String type = wl.getAttribute("Type");
      String href = link(got, rel, type.isEmpty() ? null : type);
      if (rel.equals("Delete")) {
        assertEquals(sim.baseUrl() + "/logonSessions/" + l.sessionId(), href);
      } else {
        assertEquals(wl.getAttribute("Href"), href, rel + " " + type);
      }
    }
    assertEquals(sim.user(), text(got, "UserName"));
    assertTrue(
        l.sessionId().matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
    assertNotEquals(l.sessionId(), l.token());
  }

  @Test
  void errorMatchesFixture() throws Exception {
    HttpResponse<String> r = http.get("/cdpReplicaTaskSessions", null);
    assertEquals(401, r.statusCode());
    Element want = Http.parse(fixture("error-401.xml", sim.baseUrl())).getDocumentElement();
    assertSameTree(want, Http.parse(r.body()).getDocumentElement(), "");
  }

  @Test
  void notFoundIsAnError() throws Exception {
    HttpResponse<String> r = http.get("/cdpReplicaTaskSessions/" + PS, token);
    assertEquals(404, r.statusCode());
    Element e = Http.parse(r.body()).getDocumentElement();
    assertEquals("Error", e.getLocalName());
    assertEquals("404", e.getAttribute("StatusCode"));
    assertEquals("NotFound", e.getAttribute("Status"));
  }

  @Test
  void collectionsAreReferencesOfTheLast30Days() throws Exception {
    for (String path :
        List.of(
            "/cdpReplicaTaskSessions", "/cdpReplicaSessions/" + PS + "/cdpReplicaTaskSessions")) {
      Element root = getOk(sim, path).getDocumentElement();
      assertEquals("EntityReferences", root.getLocalName());
      assertEquals(Http.NS, root.getNamespaceURI());
      List<Element> refs = children(root, "Ref");
      assertEquals(1, refs.size(), "the 31-day-old session is left out of " + path);
      assertEquals("CdpReplicaTaskSessionReference", refs.get(0).getAttribute("Type"));
      assertEquals("urn:veeam:CdpReplicaTaskSession:" + TASK, refs.get(0).getAttribute("UID"));
      assertEquals(
          sim.baseUrl() + "/cdpReplicaTaskSessions/" + TASK + "?format=Entity",
          link(refs.get(0), "Alternate", "CdpReplicaTaskSession"));
    }
    // The old session is still reachable by id.
    assertEquals(
        "Failed",
        text(
            getOk(sim, "/cdpReplicaTaskSessions/" + OLD_TASK + "?format=Entity")
                .getDocumentElement(),
            "Result"));
    Element sessions =
        getOk(sim, "/cdpPolicies/" + POLICY + "/cdpReplicaSessions").getDocumentElement();
    Element ref = child(sessions, "Ref");
    assertEquals("CdpReplicaSessionReference", ref.getAttribute("Type"));
    assertEquals(
        sim.baseUrl() + "/cdpReplicaSessions/" + PS + "/cdpReplicaTaskSessions",
        link(ref, "Down", "CdpReplicaTaskSessionReferenceList"));
    Element list = getOk(sim, "/cdpReplicaSessions?format=Entity").getDocumentElement();
    assertEquals("CdpReplicaSessions", list.getLocalName());
    assertEquals("CdpReplicaSession", children(list).get(0).getLocalName());
  }

  @Test
  void policyAndBackupServerRepresentations() throws Exception {
    Element ref = getOk(sim, "/cdpPolicies/" + POLICY).getDocumentElement();
    assertEquals("EntityRef", ref.getLocalName());
    assertEquals("CdpPolicyReference", ref.getAttribute("Type"));
    assertEquals("urn:veeam:CdpPolicy:" + POLICY, ref.getAttribute("UID"));
    Element p = getOk(sim, "/cdpPolicies/" + POLICY + "?format=Entity").getDocumentElement();
    assertEquals("CdpPolicy", p.getLocalName());
    assertEquals("CdpReplica", text(p, "PolicyType"));
    assertEquals("VMware", text(p, "Platform"));
    assertEquals("true", text(p, "ScheduleEnabled"));
    assertEquals(
        sim.baseUrl() + "/backupServers/" + SERVER, link(p, "Up", "BackupServerReference"));
    assertEquals(
        sim.baseUrl() + "/cdpPolicies/" + POLICY + "/cdpReplicaSessions",
        link(p, "Down", "CdpReplicaSessionReferenceList"));
    Element b = getOk(sim, "/backupServers/" + SERVER + "?format=Entity").getDocumentElement();
    assertEquals("BackupServer", b.getLocalName());
    assertEquals("enterprise03.tech.local", b.getAttribute("Name"));
    assertEquals("urn:veeam:BackupServer:" + SERVER, b.getAttribute("UID"));
    assertEquals("9392", text(b, "Port"));
    assertEquals("13.0.1.1071", text(b, "Version"));
    assertEquals("9405", text(b, "WcfPort"));
    Element br = getOk(sim, "/backupServers/" + SERVER).getDocumentElement();
    assertEquals("BackupServerReference", br.getAttribute("Type"));
    assertEquals(
        sim.baseUrl() + "/backupServers/" + SERVER + "?format=Entity",
        link(br, "Alternate", "BackupServer"));
  }

  @Test
  void queryPolicySessionsUseCdpPolicySessionElement() throws Exception {
    Document d = getOk(sim, "/query?type=cdpreplicasession&format=entities");
    Element list = children(child(d.getDocumentElement(), "Entities")).get(0);
    assertEquals("CdpReplicaSessions", list.getLocalName());
    Element item = child(list, "CdpPolicySession");
    assertEquals("CdpReplicaSession", item.getAttribute("Type"));
    assertEquals("None", text(item, "Result"));
    assertEquals("0", text(item, "Progress"));
    assertEquals("", text(item, "FailureMessage"));
    Document refs = getOk(sim, "/query?type=CdpReplicaSession");
    Element ref = child(child(refs.getDocumentElement(), "Refs"), "Ref");
    assertEquals("CdpReplicaSessionReference", ref.getAttribute("Type"));
    Element paging = child(refs.getDocumentElement(), "PagingInfo");
    assertEquals("100", paging.getAttribute("PageSize"));
    assertEquals("1", paging.getAttribute("PagesCount"));
    assertFalse(paging.hasAttribute("TotalCount"));
    for (String type : List.of("CdpPolicy", "BackupServer")) {
      Document e = getOk(sim, "/query?type=" + type + "&format=Entities");
      assertEquals(
          type,
          children(children(child(e.getDocumentElement(), "Entities")).get(0))
              .get(0)
              .getLocalName());
    }
  }

  @Test
  void entryPointListsVersionsWithoutAuth() throws Exception {
    HttpResponse<String> r = http.get("/", null);
    assertEquals(200, r.statusCode());
    Element em = Http.parse(r.body()).getDocumentElement();
    assertEquals("EnterpriseManager", em.getLocalName());
    List<String> names =
        children(child(em, "SupportedVersions"), "SupportedVersion").stream()
            .map(v -> v.getAttribute("Name"))
            .toList();
    assertEquals(List.of("v1_5", "v1_6", "v1_7"), names);
    assertEquals(sim.baseUrl() + "/sessionMngr/?v=latest", link(em, "Create", "LogonSession"));
  }
}
