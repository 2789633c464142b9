package io.cdpwatch.emsim;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * {@code GET /api/query}: the query string checked as EM checks it (the dialect faults applied),
 * run by {@link Query}, and answered a page at a time with EM's paging links.
 */
final class QueryService {
  private final Scenario scenario;
  private final String hrefs;

  /** One query's filtered and sorted items, and what they were read with. */
  private record Ran(
      Query.Type type, String filter, String sort, boolean asc, List<Object> items) {}

  /**
   * The last query run: its next pages are sliced from it rather than filtered and sorted again (a
   * large estate's 100 pages would sort 100,000 sessions 100 times). The scenario is immutable.
   */
  private Ran last;

  QueryService(Scenario scenario, String hrefs) {
    this.scenario = scenario;
    this.hrefs = hrefs;
  }

  private synchronized List<Object> run(Query.Type type, String filter, String sort, boolean asc) {
    Ran ran = last;
    if (ran == null
        || ran.type() != type
        || !Objects.equals(ran.filter(), filter)
        || !Objects.equals(ran.sort(), sort)
        || ran.asc() != asc) {
      ran =
          new Ran(
              type,
              filter,
              sort,
              asc,
              List.copyOf(
                  Query.run(scenario, type, filter, sort, asc, scenario.taskResultFilter())));
      last = ran;
    }
    return ran.items();
  }

  void answer(Request r, Render render, boolean truncated) throws IOException {
    String typeName = r.param("type");
    if (typeName == null || typeName.isBlank()) {
      throw new Query.BadQuery("The 'type' query parameter is required");
    }
    Query.Type type = Query.type(typeName);
    String format = r.param("format");
    boolean entities;
    if (format == null || format.equalsIgnoreCase("References")) {
      entities = false;
    } else if (format.equalsIgnoreCase("Entities")) {
      entities = true;
    } else {
      throw new Query.BadQuery("Unknown format '" + format + "': use References or Entities");
    }
    String filter = r.param("filter");
    String sortAsc = r.param("sortAsc");
    String sortDesc = r.param("sortDesc");
    if (r.ignoreFilters) {
      filter = null;
      sortAsc = null;
      sortDesc = null;
    }
    if (r.refuseFilters && (filter != null || sortAsc != null || sortDesc != null)) {
      throw new Query.BadQuery(
          "Filtering and sorting are not supported for query type " + typeName);
    }
    if (r.refusedField != null
        && (names(filter, r.refusedField)
            || r.refusedField.equalsIgnoreCase(sortAsc)
            || r.refusedField.equalsIgnoreCase(sortDesc))) {
      throw new Query.BadQuery(
          "Unknown filter parameter '%s' for query type %s".formatted(r.refusedField, typeName));
    }
    if (sortAsc != null && sortDesc != null) {
      throw new Query.BadQuery("Use either sortAsc or sortDesc, not both");
    }
    int pageSize = positive(r.param("pageSize"), 100, "pageSize");
    int page = positive(r.param("page"), 1, "page");
    List<Object> ran = run(type, filter, sortAsc != null ? sortAsc : sortDesc, sortAsc != null);
    List<Object> all =
        r.shrinking && page > 1 ? ran.subList(Math.min(pageSize, ran.size()), ran.size()) : ran;
    int pages = Math.max(1, (all.size() + pageSize - 1) / pageSize);
    int from = (int) Math.min((long) (page - 1) * pageSize, all.size());
    int to = Math.min(from + pageSize, all.size());
    List<Object> slice = all.subList(from, to);
    String linkBase = pagingLinkBase(r.rawQuery);
    Responses.send(
        r,
        200,
        truncated,
        x -> {
          x.open("QueryResult").attr("xmlns", Xml.NS).close();
          if (entities) {
            String list = Render.listElement(type);
            x.raw("\n  <Entities>\n    ").open(list);
            if (slice.isEmpty()) {
              x.empty();
            } else {
              x.close();
              for (Object o : slice) {
                x.nl();
                render.entity(x, o, true, false);
              }
              x.nl().end(list);
            }
            x.raw("\n  </Entities>");
          } else if (slice.isEmpty()) {
            x.raw("\n  <Refs />");
          } else {
            x.raw("\n  <Refs>");
            for (Object o : slice) {
              x.nl();
              render.ref(x, o, "Ref", false);
            }
            x.raw("\n  </Refs>");
          }
          if (render.unknownElements) {
            x.raw("\n  <FutureSummary Count=\"" + all.size() + "\" />");
          }
          x.raw("\n  ")
              .open("PagingInfo")
              .attr("PagesCount", Integer.toString(pages))
              .attr("PageSize", Integer.toString(pageSize))
              .attr("PageNum", Integer.toString(page))
              .close()
              .raw("\n    <Links>");
          pagingLink(x, "First", linkBase, pageSize, 1);
          if (page > 1) {
            pagingLink(x, "Previous", linkBase, pageSize, Math.min(page - 1, pages));
          }
          if (page < pages) {
            int next = r.nextLoop ? 2 : r.nextSkip ? page + 2 : page + 1;
            pagingLink(x, "Next", linkBase, pageSize, next);
          }
          pagingLink(x, "Last", linkBase, pageSize, pages);
          x.raw("\n    </Links>\n  </PagingInfo>\n</QueryResult>\n");
        });
  }

  /** Whether {@code filter} compares {@code field} (a name followed by an operator). */
  private static boolean names(String filter, String field) {
    return filter != null
        && Pattern.compile(
                "(^|[;,(])\\s*" + Pattern.quote(field) + "\\s*[=!<>]", Pattern.CASE_INSENSITIVE)
            .matcher(filter)
            .find();
  }

  private static void pagingLink(Xml x, String rel, String base, int size, int page)
      throws IOException {
    x.raw("\n      ")
        .open("Link")
        .attr("Rel", rel)
        .attr("Href", base + "&pageSize=" + size + "&page=" + page)
        .empty();
  }

  /** The query as the client sent it, minus pageSize and page: EM appends its own. */
  private String pagingLinkBase(String rawQuery) {
    StringBuilder sb = new StringBuilder(hrefs).append("/query?");
    boolean first = true;
    for (String part : rawQuery == null ? new String[0] : rawQuery.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      String name =
          Request.decode(part.contains("=") ? part.substring(0, part.indexOf('=')) : part);
      if (name.equalsIgnoreCase("pageSize") || name.equalsIgnoreCase("page")) {
        continue;
      }
      if (!first) {
        sb.append('&');
      }
      sb.append(part);
      first = false;
    }
    return sb.toString();
  }

  private static int positive(String v, int dflt, String name) {
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new Query.BadQuery("Invalid " + name + " '" + v + "': a positive integer is expected");
  }
}
