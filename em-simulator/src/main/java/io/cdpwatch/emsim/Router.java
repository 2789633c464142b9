package io.cdpwatch.emsim;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The resources an authenticated request reaches below {@code /api/}, and the {@code /api/} root
 * that anyone may read. Collections hold the last 30 days, as on EM.
 */
final class Router {
  private final Scenario scenario;
  private final String hrefs;
  private final Faults faults;
  private final Logons logons;
  private final QueryService query;

  Router(Scenario scenario, String hrefs, Logons logons, Faults faults) {
    this.faults = faults;
    this.scenario = scenario;
    this.hrefs = hrefs;
    this.logons = logons;
    this.query = new QueryService(scenario, hrefs);
  }

  void route(Request r, Render render, boolean truncated, Logons.Logon self) throws IOException {
    String rest = r.path.substring("/api/".length());
    while (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    String[] seg = rest.split("/");
    String head = seg[0].toLowerCase(Locale.ROOT);
    if (head.equals("logonsessions")) {
      logons.logonSessions(r, seg, self);
      return;
    }
    if (!r.method.equals("GET")) {
      Responses.methodNotAllowed(r, r.path);
      return;
    }
    Answer a = new Answer(r, render, truncated, "entity".equalsIgnoreCase(r.param("format")));
    Instant cutoff = scenario.now().minus(Duration.ofDays(30));
    switch (head) {
      case "query" -> {
        if (seg.length != 1) {
          Responses.notFound(r);
          return;
        }
        query.answer(r, render, truncated);
      }
      case "cdpreplicatasksessions" -> {
        if (seg.length == 1) {
          a.collection(Query.TASK, recent(scenario.taskSessions(), TaskSession::created, cutoff));
        } else {
          a.item(seg, scenario.taskSession(Ids.guidPart(seg[1])));
        }
      }
      case "cdpreplicasessions" -> {
        if (seg.length == 1) {
          a.collection(
              Query.SESSION, recent(scenario.policySessions(), PolicySession::created, cutoff));
        } else {
          a.item(
              seg,
              scenario.policySession(Ids.guidPart(seg[1])),
              "cdpReplicaTaskSessions",
              Query.TASK,
              ps -> recent(scenario.taskSessionsOf(ps.id()), TaskSession::created, cutoff));
        }
      }
      case "cdppolicies" -> {
        if (seg.length == 1) {
          a.collection(Query.POLICY, scenario.policies());
        } else {
          a.item(
              seg,
              scenario.policy(Ids.guidPart(seg[1])),
              "cdpReplicaSessions",
              Query.SESSION,
              pol -> recent(scenario.policySessionsOf(pol.id()), PolicySession::created, cutoff));
        }
      }
      case "backupservers" -> {
        if (seg.length == 1) {
          a.collection(Query.SERVER, scenario.backupServers());
        } else {
          a.item(seg, scenario.server(Ids.guidPart(seg[1])));
        }
      }
      default -> Responses.notFound(r);
    }
  }

  private static <T> List<T> recent(List<T> items, Function<T, Instant> created, Instant cutoff) {
    return items.stream().filter(t -> !created.apply(t).isBefore(cutoff)).toList();
  }

  /** {@code GET /api/}: the links to log on, by version. */
  void enterpriseManager(Request r) throws IOException {
    List<String> versions = faults.supportedVersions(scenario, r);
    Responses.send(r, 200, false, x -> enterpriseManager(x, versions));
  }

  private void enterpriseManager(Xml x, List<String> versions) throws IOException {
    x.open("EnterpriseManager")
        .attr("xmlns:xsd", "http://www.w3.org/2001/XMLSchema")
        .attr("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance")
        .attr("xmlns", Xml.NS)
        .close()
        .raw("\n  <Links>\n    ");
    x.open("Link").attr("Href", hrefs + "/logonSessions").attr("Type", "LogonSessionList");
    x.attr("Rel", "Down").empty().raw("\n    ");
    x.open("Link").attr("Href", hrefs + "/sessionMngr/?v=latest").attr("Type", "LogonSession");
    x.attr("Rel", "Create").empty().raw("\n  </Links>\n  <SupportedVersions>");
    for (String v : versions) {
      x.raw("\n    ").open("SupportedVersion").attr("Name", v).close().raw("<Links>");
      x.open("Link").attr("Href", hrefs + "/sessionMngr/?v=" + v).attr("Type", "LogonSession");
      x.attr("Rel", "Create").empty().raw("</Links>").end("SupportedVersion");
    }
    x.raw("\n  </SupportedVersions>\n</EnterpriseManager>\n");
  }

  /** The answers to one request: a resource or a collection, as entities or references. */
  private record Answer(Request r, Render render, boolean truncated, boolean entity) {

    /** {@code {id}} names {@code item} (null: nothing), which has no sub-resources. */
    void item(String[] seg, Object item) throws IOException {
      item(seg, item, null, null, null);
    }

    /**
     * {@code {id}} names {@code item} (null: nothing); {@code {id}/{childrenPath}} its children, of
     * type {@code childType}.
     */
    <T> void item(
        String[] seg,
        T item,
        String childrenPath,
        Query.Type childType,
        Function<T, List<?>> children)
        throws IOException {
      if (item == null) {
        Responses.notFound(r);
      } else if (seg.length == 2) {
        single(item);
      } else if (seg.length == 3 && childrenPath != null && seg[2].equalsIgnoreCase(childrenPath)) {
        collection(childType, children.apply(item));
      } else {
        Responses.notFound(r);
      }
    }

    void single(Object o) throws IOException {
      Responses.send(
          r,
          200,
          truncated,
          x -> {
            if (entity) {
              render.entity(x, o, false, true);
            } else {
              render.ref(x, o, "EntityRef", true);
            }
          });
    }

    void collection(Query.Type type, List<?> items) throws IOException {
      Responses.send(
          r,
          200,
          truncated,
          x -> {
            String root = entity ? Render.listElement(type) : "EntityReferences";
            x.open(root).attr("xmlns", Xml.NS);
            if (items.isEmpty()) {
              x.empty();
              return;
            }
            x.close();
            for (Object o : items) {
              x.nl();
              if (entity) {
                render.entity(x, o, false, false);
              } else {
                render.ref(x, o, "Ref", false);
              }
            }
            x.nl().end(root);
          });
    }
  }
}
