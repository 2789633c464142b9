package io.cdpwatch.emsim;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The resources an authenticated request reaches below {@code /api/}, and the {@code /api/} root
 * that anyone may read. Collections hold the last 30 days, as on EM.
 */
final class Router {
  private final Scenario scenario;
  private final String hrefs;
  private final Logons logons;
  private final QueryService query;

  Router(Scenario scenario, String hrefs, Logons logons) {
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
    boolean entity = "entity".equalsIgnoreCase(r.param("format"));
    Instant cutoff = scenario.now().minus(Duration.ofDays(30));
    Predicate<Instant> recent = t -> !t.isBefore(cutoff);
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
          List<TaskSession> list =
              scenario.taskSessions().stream().filter(t -> recent.test(t.created())).toList();
          collection(r, render, truncated, entity, Query.TASK, list);
        } else if (seg.length == 2) {
          TaskSession t = scenario.taskSession(Ids.guidPart(seg[1]));
          if (t == null) {
            Responses.notFound(r);
            return;
          }
          single(r, render, truncated, entity, t);
        } else {
          Responses.notFound(r);
        }
      }
      case "cdpreplicasessions" -> {
        if (seg.length == 1) {
          List<PolicySession> list =
              scenario.policySessions().stream().filter(s -> recent.test(s.created())).toList();
          collection(r, render, truncated, entity, Query.SESSION, list);
          return;
        }
        PolicySession ps = scenario.policySession(Ids.guidPart(seg[1]));
        if (ps == null) {
          Responses.notFound(r);
        } else if (seg.length == 2) {
          single(r, render, truncated, entity, ps);
        } else if (seg.length == 3 && seg[2].equalsIgnoreCase("cdpReplicaTaskSessions")) {
          List<TaskSession> list =
              scenario.taskSessionsOf(ps.id()).stream()
                  .filter(t -> recent.test(t.created()))
                  .toList();
          collection(r, render, truncated, entity, Query.TASK, list);
        } else {
          Responses.notFound(r);
        }
      }
      case "cdppolicies" -> {
        if (seg.length == 1) {
          collection(r, render, truncated, entity, Query.POLICY, scenario.policies());
          return;
        }
        CdpPolicy pol = scenario.policy(Ids.guidPart(seg[1]));
        if (pol == null) {
          Responses.notFound(r);
        } else if (seg.length == 2) {
          single(r, render, truncated, entity, pol);
        } else if (seg.length == 3 && seg[2].equalsIgnoreCase("cdpReplicaSessions")) {
          List<PolicySession> list =
              scenario.policySessionsOf(pol.id()).stream()
                  .filter(s -> recent.test(s.created()))
                  .toList();
          collection(r, render, truncated, entity, Query.SESSION, list);
        } else {
          Responses.notFound(r);
        }
      }
      case "backupservers" -> {
        if (seg.length == 1) {
          collection(r, render, truncated, entity, Query.SERVER, scenario.backupServers());
          return;
        }
        BackupServer b = scenario.server(Ids.guidPart(seg[1]));
        if (b == null || seg.length > 2) {
          Responses.notFound(r);
        } else {
          single(r, render, truncated, entity, b);
        }
      }
      default -> Responses.notFound(r);
    }
  }

  /** {@code GET /api/}: the links to log on, by version. */
  void enterpriseManager(Request r) throws IOException {
    Responses.send(r, 200, false, this::enterpriseManager);
  }

  private void enterpriseManager(Xml x) throws IOException {
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
    for (String v : scenario.supportedVersions()) {
      x.raw("\n    ").open("SupportedVersion").attr("Name", v).close().raw("<Links>");
      x.open("Link").attr("Href", hrefs + "/sessionMngr/?v=" + v).attr("Type", "LogonSession");
      x.attr("Rel", "Create").empty().raw("</Links>").end("SupportedVersion");
    }
    x.raw("\n  </SupportedVersions>\n</EnterpriseManager>\n");
  }

  private static void single(Request r, Render render, boolean truncated, boolean entity, Object o)
      throws IOException {
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

  private static void collection(
      Request r, Render render, boolean truncated, boolean entity, Query.Type type, List<?> items)
      throws IOException {
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
