package io.cdpwatch.emsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Paging as 13.x does it: 100 a page by default, PagingInfo links that echo the query. */
class PagingTest {
  static EmSimulator sim;
  static Http http;
  static String token;

  @BeforeAll
  static void start() throws Exception {
    // 1 policy x 50 VMs x 50 sessions = 2,500 task sessions
    sim = EmSimulator.start(Scenario.builder().generate(1, 50, 50).build());
    http = new Http(sim);
    token = http.logon().token();
  }

  @AfterAll
  static void stop() {
    sim.stop();
  }

  static Element paging(Document d) {
    return Http.child(d.getDocumentElement(), "PagingInfo");
  }

  static String pagingLink(Document d, String rel) {
    for (Element l : Http.children(Http.child(paging(d), "Links"), "Link")) {
      if (l.getAttribute("Rel").equals(rel)) {
        return l.getAttribute("Href");
      }
    }
    return null;
  }

  @Test
  void followsNextAcross25PagesWithoutGapsOrDuplicates() throws Exception {
    assertEquals(2500, sim.scenario().taskSessions().size());
    String filter = "CreationTimeUTC>=\"2000-01-01\"";
    String next =
        Http.query("type", "CdpReplicaTaskSession", "format", "Entities", "filter", filter);
    Set<String> seen = new HashSet<>();
    int pages = 0;
    while (next != null) {
      HttpResponse<String> r = http.get(next, token);
      assertEquals(200, r.statusCode(), r.body());
      Document d = Http.parse(r.body());
      pages++;
      Element p = paging(d);
      assertEquals("100", p.getAttribute("PageSize"));
      assertEquals("25", p.getAttribute("PagesCount"));
      assertEquals(Integer.toString(pages), p.getAttribute("PageNum"));
      List<Element> items = Http.items(d);
      assertEquals(100, items.size());
      for (Element e : items) {
        assertTrue(seen.add(e.getAttribute("UID")), "duplicate " + e.getAttribute("UID"));
      }
      String first = pagingLink(d, "First");
      assertTrue(first.endsWith("&pageSize=100&page=1"), first);
      assertTrue(first.contains("filter="), "the filter is echoed: " + first);
      assertTrue(pagingLink(d, "Last").endsWith("&pageSize=100&page=25"));
      if (pages == 1) {
        assertNull(pagingLink(d, "Previous"));
      } else {
        assertTrue(pagingLink(d, "Previous").endsWith("&page=" + (pages - 1)));
      }
      next = pagingLink(d, "Next");
      if (next != null) {
        assertTrue(next.startsWith(sim.baseUrl() + "/query?type=CdpReplicaTaskSession"), next);
        assertTrue(next.endsWith("&pageSize=100&page=" + (pages + 1)), next);
      }
    }
    assertEquals(25, pages);
    Set<String> all = new HashSet<>();
    sim.scenario().taskSessions().forEach(t -> all.add(t.uid()));
    assertEquals(all, seen);
  }

  @Test
  void explicitPageSizeAndPageReplaceTheClientsOwn() throws Exception {
    HttpResponse<String> r =
        http.get(
            "/query?type=CdpReplicaTaskSession&pageSize=1000&page=2&sortDesc=CreationTimeUTC",
            token);
    Document d = Http.parse(r.body());
    assertEquals("1000", paging(d).getAttribute("PageSize"));
    assertEquals("3", paging(d).getAttribute("PagesCount"));
    assertEquals(1000, Http.items(d).size());
    assertEquals(
        sim.baseUrl()
            + "/query?type=CdpReplicaTaskSession&sortDesc=CreationTimeUTC&pageSize=1000&page=3",
        pagingLink(d, "Next"));
    Document last = Http.parse(http.get(pagingLink(d, "Next"), token).body());
    assertEquals(500, Http.items(last).size());
    assertNull(pagingLink(last, "Next"));
    assertNotNull(pagingLink(last, "Previous"));
    Document beyond =
        Http.parse(
            http.get("/query?type=CdpReplicaTaskSession&pageSize=1000&page=9", token).body());
    assertEquals(0, Http.items(beyond).size());
  }
}
