package io.cdpwatch.emsim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/** The query service's types, their filter/sort fields, and the filter grammar. */
final class Query {

  /** A client error in a query: answered with 400 and an {@code <Error>} body. */
  static final class BadQuery extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadQuery(String message) {
      super(message);
    }
  }

  enum Kind {
    STRING,
    ID,
    DATE,
    NUMBER,
    BOOL,
    ENUM
  }

  record Field(
      String name, Kind kind, List<String> values, BiFunction<Scenario, Object, Object> get) {
    Object of(Scenario s, Object item) {
      return get.apply(s, item);
    }
  }

  /** A query type: its name, the list/item elements of {@code format=Entities}, its fields. */
  static final class Type {
    final String name;
    final Map<String, Field> fields = new LinkedHashMap<>();

    Type(String name) {
      this.name = name;
    }

    Type field(String name, Kind kind, BiFunction<Scenario, Object, Object> get) {
      return field(name, kind, List.of(), get);
    }

    Type field(
        String name, Kind kind, List<String> values, BiFunction<Scenario, Object, Object> get) {
      fields.put(name.toLowerCase(Locale.ROOT), new Field(name, kind, values, get));
      return this;
    }

    Field field(String name, boolean resultFilter) {
      Field f = fields.get(name.toLowerCase(Locale.ROOT));
      if (f == null) {
        // Real EM also takes the classic sessions' names (CreationTime for CreationTimeUTC).
        f = fields.get(name.toLowerCase(Locale.ROOT) + "utc");
      }
      if (f == null && resultFilter && this == TASK && name.equalsIgnoreCase("Result")) {
        f = TASK_RESULT;
      }
      if (f == null) {
        throw new BadQuery(
            "Unknown filter parameter '%s' for query type %s. Valid parameters: %s"
                .formatted(
                    name,
                    this.name,
                    String.join(", ", fields.values().stream().map(Field::name).toList())));
      }
      return f;
    }
  }

  static final List<String> TASK_STATES = List.of("InProgress", "Pending", "Completed");
  static final List<String> SESSION_STATES =
      List.of("Starting", "Stopping", "Working", "Pausing", "Resuming", "Stopped");
  static final List<String> RESULTS = List.of("Success", "Warning", "Failed");

  static final Type TASK =
      new Type("CdpReplicaTaskSession")
          .field("Id", Kind.ID, (s, o) -> ((TaskSession) o).id())
          .field("Name", Kind.STRING, (s, o) -> Render.name((TaskSession) o))
          .field("PolicySessionUid", Kind.ID, (s, o) -> ((TaskSession) o).policySessionId())
          .field(
              "PolicySessionName",
              Kind.STRING,
              (s, o) -> Render.name(s, s.policySession(((TaskSession) o).policySessionId())))
          .field("BackupServerUid", Kind.ID, (s, o) -> Render.server(s, (TaskSession) o).id())
          .field(
              "BackupServerName", Kind.STRING, (s, o) -> Render.server(s, (TaskSession) o).name())
          .field("CreationTimeUTC", Kind.DATE, (s, o) -> ((TaskSession) o).created())
          .field("EndTimeUTC", Kind.DATE, (s, o) -> ((TaskSession) o).ended())
          .field("State", Kind.ENUM, TASK_STATES, (s, o) -> ((TaskSession) o).state())
          .field("Reason", Kind.STRING, (s, o) -> ((TaskSession) o).reason())
          .field("TotalSize", Kind.NUMBER, (s, o) -> ((TaskSession) o).totalSize())
          .field("VmDisplayName", Kind.STRING, (s, o) -> ((TaskSession) o).vmName());

  static final Field TASK_RESULT =
      new Field("Result", Kind.ENUM, RESULTS, (s, o) -> ((TaskSession) o).result());

  static final Type SESSION =
      new Type("CdpReplicaSession")
          .field("Id", Kind.ID, (s, o) -> ((PolicySession) o).id())
          .field("Name", Kind.STRING, (s, o) -> Render.name(s, (PolicySession) o))
          .field("PolicyUid", Kind.ID, (s, o) -> ((PolicySession) o).policyId())
          .field(
              "PolicyName", Kind.STRING, (s, o) -> s.policy(((PolicySession) o).policyId()).name())
          .field(
              "BackupServerUid",
              Kind.ID,
              (s, o) -> s.policy(((PolicySession) o).policyId()).serverId())
          .field(
              "BackupServerName",
              Kind.STRING,
              (s, o) -> s.server(s.policy(((PolicySession) o).policyId()).serverId()).name())
          .field("CreationTimeUTC", Kind.DATE, (s, o) -> ((PolicySession) o).created())
          .field("EndTimeUTC", Kind.DATE, (s, o) -> ((PolicySession) o).ended())
          .field("State", Kind.ENUM, SESSION_STATES, (s, o) -> ((PolicySession) o).state())
          .field("Result", Kind.ENUM, RESULTS, (s, o) -> ((PolicySession) o).result())
          .field("FailureMessage", Kind.STRING, (s, o) -> ((PolicySession) o).failureMessage());

  static final Type POLICY =
      new Type("CdpPolicy")
          .field("UID", Kind.ID, (s, o) -> ((CdpPolicy) o).id())
          .field("Name", Kind.STRING, (s, o) -> ((CdpPolicy) o).name())
          .field("Description", Kind.STRING, (s, o) -> ((CdpPolicy) o).description())
          .field("NextRun", Kind.DATE, (s, o) -> ((CdpPolicy) o).nextRun())
          .field("ScheduleConfigured", Kind.BOOL, (s, o) -> ((CdpPolicy) o).scheduleConfigured())
          .field("ScheduleEnabled", Kind.BOOL, (s, o) -> ((CdpPolicy) o).scheduleEnabled())
          .field("BackupServerUid", Kind.ID, (s, o) -> ((CdpPolicy) o).serverId())
          .field(
              "BackupServerName",
              Kind.STRING,
              (s, o) -> s.server(((CdpPolicy) o).serverId()).name());

  static final Type SERVER =
      new Type("BackupServer")
          .field("UID", Kind.ID, (s, o) -> ((BackupServer) o).id())
          .field("Name", Kind.STRING, (s, o) -> ((BackupServer) o).name())
          .field("Description", Kind.STRING, (s, o) -> ((BackupServer) o).description())
          .field("IpOrDnsName", Kind.STRING, (s, o) -> ((BackupServer) o).name())
          .field("Port", Kind.NUMBER, (s, o) -> (long) ((BackupServer) o).port())
          .field("Version", Kind.STRING, (s, o) -> ((BackupServer) o).version());

  static final List<Type> TYPES = List.of(TASK, SESSION, POLICY, SERVER);

  private Query() {}

  static Type type(String name) {
    for (Type t : TYPES) {
      if (t.name.equalsIgnoreCase(name)) {
        return t;
      }
    }
    throw new BadQuery("Query type '" + name + "' is not supported");
  }

  /** The items of a type, oldest first for sessions. */
  static List<?> items(Scenario s, Type t) {
    if (t == TASK) {
      return s.taskSessions();
    } else if (t == SESSION) {
      return s.policySessions();
    } else if (t == POLICY) {
      return s.policies();
    }
    return s.backupServers();
  }

  static Comparator<Object> sort(Scenario s, Type t, String field, boolean asc, boolean resultOk) {
    Field f = t.field(field, resultOk);
    Comparator<Object> c = (a, b) -> compareKeys(key(f, f.of(s, a)), key(f, f.of(s, b)));
    return asc ? c : c.reversed();
  }

  /** Nulls (absent values) first, as SQL Server sorts them. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compareKeys(Comparable a, Comparable b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    return a.compareTo(b);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Comparable key(Field f, Object v) {
    if (v == null) {
      return null;
    }
    return switch (f.kind) {
      case STRING, ID -> ((String) v).toLowerCase(Locale.ROOT);
      case ENUM -> enumIndex(f, (String) v);
      default -> (Comparable) v;
    };
  }

  private static int enumIndex(Field f, String v) {
    for (int i = 0; i < f.values.size(); i++) {
      if (f.values.get(i).equalsIgnoreCase(v)) {
        return i;
      }
    }
    return -1;
  }

  /** Parses a filter; {@code null} or blank matches everything. */
  static Predicate<Object> filter(Scenario s, Type t, String text, boolean resultOk) {
    if (text == null || text.isBlank()) {
      return o -> true;
    }
    Parser p = new Parser(s, t, text, resultOk);
    Predicate<Object> e = p.or();
    p.ws();
    if (p.pos < text.length()) {
      throw new BadQuery(
          "Filter syntax error at position %d: unexpected '%c'"
              .formatted(p.pos, text.charAt(p.pos)));
    }
    return e;
  }

  private static final class Parser {
    private final Scenario s;
    private final Type type;
    private final String text;
    private final boolean resultOk;
    private int pos;

    Parser(Scenario s, Type type, String text, boolean resultOk) {
      this.s = s;
      this.type = type;
      this.text = text;
      this.resultOk = resultOk;
    }

    void ws() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    boolean peek(char c) {
      ws();
      return pos < text.length() && text.charAt(pos) == c;
    }

    Predicate<Object> or() {
      Predicate<Object> left = and();
      while (peek(',')) {
        pos++;
        left = left.or(and());
      }
      return left;
    }

    Predicate<Object> and() {
      Predicate<Object> left = primary();
      while (peek(';')) {
        pos++;
        left = left.and(primary());
      }
      return left;
    }

    Predicate<Object> primary() {
      if (peek('(')) {
        pos++;
        Predicate<Object> e = or();
        if (!peek(')')) {
          throw new BadQuery("Filter syntax error: missing ')' at position " + pos);
        }
        pos++;
        return e;
      }
      return comparison();
    }

    Predicate<Object> comparison() {
      ws();
      int start = pos;
      while (pos < text.length()
          && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
        pos++;
      }
      if (start == pos) {
        throw new BadQuery("Filter syntax error: a parameter name expected at position " + pos);
      }
      String name = text.substring(start, pos);
      ws();
      String op = null;
      for (String candidate : new String[] {"==", "!=", ">=", "<=", ">", "<"}) {
        if (text.startsWith(candidate, pos)) {
          op = candidate;
          break;
        }
      }
      if (op == null) {
        throw new BadQuery(
            "Filter syntax error: a comparison operator expected after '" + name + "'");
      }
      pos += op.length();
      ws();
      String value;
      if (pos < text.length() && text.charAt(pos) == '"') {
        StringBuilder sb = new StringBuilder();
        pos = Quoted.read(text, pos, sb);
        if (pos < 0) {
          throw new BadQuery("Filter syntax error: unterminated quoted value");
        }
        value = sb.toString();
      } else {
        StringBuilder sb = new StringBuilder();
        while (pos < text.length() && ";,()".indexOf(text.charAt(pos)) < 0) {
          char c = text.charAt(pos++);
          if (!Character.isWhitespace(c)) {
            sb.append(c); // EM silently ignores spaces in unquoted values
          }
        }
        value = sb.toString();
      }
      return compare(type.field(name, resultOk), op, value);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    Predicate<Object> compare(Field f, String op, String raw) {
      Comparable want;
      try {
        want =
            switch (f.kind) {
              case STRING -> raw.toLowerCase(Locale.ROOT);
              case ID -> Ids.guidPart(raw);
              case DATE -> Times.utcValue(raw);
              case NUMBER -> Long.parseLong(raw);
              case BOOL -> parseBool(raw);
              case ENUM -> {
                int i = enumIndex(f, raw);
                if (i < 0) {
                  throw new BadQuery(
                      "Invalid value '%s' for %s: expected one of %s"
                          .formatted(raw, f.name, String.join(", ", f.values)));
                }
                yield i;
              }
            };
      } catch (IllegalArgumentException e) {
        throw new BadQuery("Invalid value '%s' for %s: %s".formatted(raw, f.name, e.getMessage()));
      }
      Comparable w = want;
      return o -> {
        Comparable have = key(f, f.of(s, o));
        if (have == null) {
          return op.equals("!=");
        }
        int c = have.compareTo(w);
        return switch (op) {
          case "==" -> c == 0;
          case "!=" -> c != 0;
          case ">" -> c > 0;
          case "<" -> c < 0;
          case ">=" -> c >= 0;
          default -> c <= 0;
        };
      };
    }

    private static Boolean parseBool(String raw) {
      if (raw.equalsIgnoreCase("true")) {
        return Boolean.TRUE;
      }
      if (raw.equalsIgnoreCase("false")) {
        return Boolean.FALSE;
      }
      throw new IllegalArgumentException("not a boolean");
    }
  }

  /** Filters and sorts; the result is a fresh list. */
  static List<Object> run(
      Scenario s, Type t, String filter, String sortField, boolean asc, boolean resultOk) {
    Predicate<Object> p = filter(s, t, filter, resultOk);
    Comparator<Object> c = sortField == null ? null : sort(s, t, sortField, asc, resultOk);
    List<Object> out = new ArrayList<>();
    for (Object o : items(s, t)) {
      if (p.test(o)) {
        out.add(o);
      }
    }
    if (c != null) {
      out.sort(c);
    }
    return out;
  }
}
