package io.cdpwatch.emsim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The line-oriented scenario format (see README.md): one directive a line, {@code #} comments,
 * {@code key=value} arguments, values with spaces in double quotes ({@code ""} for a quote).
 */
final class ScenarioFile {

  private record Line(String directive, List<String> positional, Map<String, String> args) {}

  private final Scenario.Builder b = Scenario.builder();
  private final Map<String, BackupServer> servers = new HashMap<>();
  private final Map<String, CdpPolicy> policies = new HashMap<>();
  private final Map<String, PolicySession> sessions = new HashMap<>();

  private ScenarioFile() {}

  static Scenario parse(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    return parse(lines, file.toString());
  }

  static Scenario parse(List<String> lines, String source) {
    ScenarioFile p = new ScenarioFile();
    // "now" first, wherever it stands: relative times anywhere depend on it.
    for (int i = 0; i < lines.size(); i++) {
      Line l = p.tokenize(lines.get(i), source, i + 1);
      if (l != null && l.directive.equals("now")) {
        p.run(l, source, i + 1);
      }
    }
    for (int i = 0; i < lines.size(); i++) {
      Line l = p.tokenize(lines.get(i), source, i + 1);
      if (l != null && !l.directive.equals("now")) {
        p.run(l, source, i + 1);
      }
    }
    try {
      return p.b.build();
    } catch (IllegalArgumentException e) {
      throw new ScenarioException(source + ": " + e.getMessage(), e);
    }
  }

  private void run(Line l, String source, int lineNo) {
    try {
      apply(l);
    } catch (RuntimeException e) {
      throw new ScenarioException(
          "%s:%d: %s: %s".formatted(source, lineNo, l.directive, e.getMessage()), e);
    }
  }

  private Line tokenize(String text, String source, int lineNo) {
    List<String> positional = new ArrayList<>();
    Map<String, String> args = new LinkedHashMap<>();
    String directive = null;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      if (c == '#') {
        break;
      }
      String key = null;
      int start = i;
      while (i < n && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != '"') {
        if (text.charAt(i) == '=' && key == null) {
          key = text.substring(start, i);
          i++;
          break;
        }
        i++;
      }
      String value;
      if (i < n && text.charAt(i) == '"') {
        StringBuilder sb = new StringBuilder();
        i = Quoted.read(text, i, sb);
        if (i < 0) {
          throw new ScenarioException(
              "%s:%d: unterminated quoted value".formatted(source, lineNo), null);
        }
        value = sb.toString();
      } else {
        int vs = i;
        while (i < n && !Character.isWhitespace(text.charAt(i))) {
          i++;
        }
        value = key == null ? text.substring(start, i) : text.substring(vs, i);
      }
      if (directive == null && key == null) {
        directive = value.toLowerCase(Locale.ROOT);
      } else if (key == null) {
        positional.add(value);
      } else {
        if (args.put(key.toLowerCase(Locale.ROOT), value) != null) {
          throw new ScenarioException(
              "%s:%d: '%s' given twice".formatted(source, lineNo, key), null);
        }
      }
    }
    if (directive == null) {
      return null;
    }
    return new Line(directive, positional, args);
  }

  private void apply(Line l) {
    Map<String, String> a = l.args;
    switch (l.directive) {
      case "now" -> {
        String v = one(l);
        if (v.equalsIgnoreCase("real")) {
          b.realClock();
        } else {
          b.now(Times.utcValue(v));
        }
      }
      case "credentials" -> {
        allow(l, "user", "password");
        b.credentials(req(a, "user"), req(a, "password"));
      }
      case "versions" -> {
        List<String> v = new ArrayList<>();
        for (String s : l.positional) {
          for (String part : s.split(",")) {
            if (!part.isBlank()) {
              v.add(part.trim());
            }
          }
        }
        b.supportedVersions(v.toArray(String[]::new));
      }
      case "session-timeout" -> b.sessionIdleTimeout(Times.duration(one(l)));
      case "href-base" -> b.hrefBase(one(l));
      case "task-result-filter" -> b.taskResultFilter(bool(one(l)));
      case "server" -> {
        allow(l, "name", "uid", "version", "port", "wcf-port", "description", "thumbprint");
        String id = one(l);
        BackupServer s =
            new BackupServer(
                uid(a, "server:" + id),
                req(a, "name"),
                a.get("description"),
                Integer.parseInt(a.getOrDefault("port", "9392")),
                a.getOrDefault("version", "13.0.1.1071"),
                Integer.parseInt(a.getOrDefault("wcf-port", "9405")),
                a.get("thumbprint"));
        put(servers, id, s);
        b.add(s);
      }
      case "policy" -> {
        allow(
            l,
            "server",
            "name",
            "uid",
            "platform",
            "description",
            "enabled",
            "schedule-configured",
            "next-run",
            "settings",
            "rpo",
            "rpo-warning",
            "rpo-failed",
            "short-term",
            "long-term",
            "keep-days");
        String id = one(l);
        CdpPolicy p =
            new CdpPolicy(
                uid(a, "policy:" + id),
                ref(servers, req(a, "server"), "server").id(),
                req(a, "name"),
                a.get("description"),
                a.getOrDefault("platform", "VMware"),
                bool(a.getOrDefault("schedule-configured", "true")),
                bool(a.getOrDefault("enabled", "true")),
                a.containsKey("next-run") ? time(a.get("next-run")) : null,
                settings(a));
        put(policies, id, p);
        b.add(p);
      }
      case "policy-session" -> {
        allow(
            l,
            "policy",
            "created",
            "ended",
            "state",
            "result",
            "progress",
            "failure",
            "retry",
            "uid");
        String id = one(l);
        Instant ended = a.containsKey("ended") ? time(a.get("ended")) : null;
        PolicySession s =
            new PolicySession(
                uid(a, "policy-session:" + id),
                ref(policies, req(a, "policy"), "policy").id(),
                time(req(a, "created")),
                ended,
                a.getOrDefault("state", ended == null ? "Working" : "Stopped"),
                a.getOrDefault("result", ended == null ? "None" : "Success"),
                Integer.parseInt(a.getOrDefault("progress", ended == null ? "0" : "100")),
                a.get("failure"),
                bool(a.getOrDefault("retry", "false")));
        put(sessions, id, s);
        b.add(s);
      }
      case "daily-sessions" -> {
        allow(
            l,
            "policy",
            "count",
            "newest",
            "last-state",
            "last-result",
            "last-failure",
            "last-ended");
        CdpPolicy p = ref(policies, req(a, "policy"), "policy");
        List<PolicySession> list =
            b.dailyPolicySessions(p, Integer.parseInt(req(a, "count")), time(req(a, "newest")));
        PolicySession last = list.get(list.size() - 1);
        if (a.containsKey("last-state")
            || a.containsKey("last-result")
            || a.containsKey("last-ended")
            || a.containsKey("last-failure")) {
          Instant ended = a.containsKey("last-ended") ? time(a.get("last-ended")) : null;
          b.add(
              new PolicySession(
                  last.id(),
                  last.policyId(),
                  last.created(),
                  ended,
                  a.getOrDefault("last-state", last.state()),
                  a.getOrDefault("last-result", last.result()),
                  ended == null ? 0 : 100,
                  a.getOrDefault("last-failure", ""),
                  false));
        }
      }
      case "task" -> {
        allow(
            l, "session", "policy", "vm", "created", "ended", "state", "result", "reason", "size",
            "uid");
        String id = l.positional.isEmpty() ? null : one(l);
        Instant created = time(req(a, "created"));
        PolicySession parent;
        if (a.containsKey("session")) {
          parent = ref(sessions, a.get("session"), "policy session");
        } else {
          parent = b.coveringSession(ref(policies, req(a, "policy"), "policy"), created);
        }
        Instant ended = a.containsKey("ended") ? time(a.get("ended")) : null;
        String vm = req(a, "vm");
        b.add(
            new TaskSession(
                id == null ? b.nextId() : uid(a, "task:" + id),
                parent.id(),
                vm,
                created,
                ended,
                a.getOrDefault("state", ended == null ? "InProgress" : "Completed"),
                a.getOrDefault("result", "Success"),
                a.get("reason"),
                Long.parseLong(a.getOrDefault("size", "17179869184"))));
      }
      case "vm" -> {
        allow(l, "policy", "count", "every", "newest", "results", "reason");
        String name = one(l);
        String[] results = a.containsKey("results") ? a.get("results").split(",") : new String[0];
        for (int i = 0; i < results.length; i++) {
          results[i] = results[i].trim();
        }
        b.vm(
            ref(policies, req(a, "policy"), "policy"),
            name,
            Integer.parseInt(a.getOrDefault("count", "6")),
            Times.duration(a.getOrDefault("every", "8h")),
            time(a.getOrDefault("newest", "-1h")),
            a.getOrDefault("reason", "Error: the CDP task failed"),
            results);
      }
      case "generate" -> {
        allow(l, "policies", "vms", "sessions");
        b.generate(
            Integer.parseInt(a.getOrDefault("policies", "3")),
            Integer.parseInt(a.getOrDefault("vms", "400")),
            Integer.parseInt(a.getOrDefault("sessions", "80")));
      }
      case "include" -> {
        allow(l, "vm", "container", "kind");
        CdpPolicy policy = ref(policies, one(l), "policy");
        if (a.containsKey("vm") == a.containsKey("container")) {
          throw new IllegalArgumentException("give either vm=NAME or container=NAME");
        }
        b.include(
            policy,
            a.containsKey("vm")
                ? Include.vm(a.get("vm"))
                : Include.container(a.getOrDefault("kind", "Folder"), a.get("container")));
      }
      case "fault" -> {
        if (l.positional.size() != 2) {
          throw new IllegalArgumentException("usage: fault PATH-PREFIX KIND [key=value...]");
        }
        String prefix = l.positional.get(0);
        if (!prefix.startsWith("/")) {
          throw new IllegalArgumentException("the path prefix must start with '/'");
        }
        b.fault(prefix, Fault.parse(l.positional.get(1), a));
      }
      default -> throw new IllegalArgumentException("unknown directive");
    }
  }

  /** The policy's settings from its keys, {@link PolicySettings#DEFAULT} for those not given. */
  private static PolicySettings settings(Map<String, String> a) {
    if (a.containsKey("settings")) {
      if (!a.get("settings").equals("none")) {
        throw new IllegalArgumentException("settings= takes only 'none'");
      }
      return null;
    }
    PolicySettings d = PolicySettings.DEFAULT;
    Duration longTerm = durationOr(a, "long-term", Duration.ofHours(d.longTermHours()));
    if (longTerm.toSecondsPart() != 0 || longTerm.toMinutesPart() != 0) {
      throw new IllegalArgumentException("long-term= must be whole hours, e.g. 8h");
    }
    return new PolicySettings(
        durationOr(a, "rpo", d.rpo()),
        optionalDuration(a, "rpo-warning", d.rpoWarning()),
        optionalDuration(a, "rpo-failed", d.rpoFailed()),
        durationOr(a, "short-term", d.shortTerm()),
        (int) longTerm.toHours(),
        Integer.parseInt(a.getOrDefault("keep-days", Integer.toString(d.keepDays()))));
  }

  private static Duration durationOr(Map<String, String> a, String key, Duration fallback) {
    return a.containsKey(key) ? Times.duration(a.get(key)) : fallback;
  }

  /** A duration, or {@code off} for none. */
  private static Duration optionalDuration(Map<String, String> a, String key, Duration fallback) {
    String v = a.get(key);
    return v == null ? fallback : v.equalsIgnoreCase("off") ? null : Times.duration(v);
  }

  private Instant time(String text) {
    return Times.point(text, b.now());
  }

  private static String one(Line l) {
    if (l.positional.size() != 1) {
      throw new IllegalArgumentException("expects exactly one value before its key=value pairs");
    }
    return l.positional.get(0);
  }

  private static void allow(Line l, String... keys) {
    Set<String> ok = Set.of(keys);
    for (String k : l.args.keySet()) {
      if (!ok.contains(k)) {
        throw new IllegalArgumentException("unknown key '" + k + "'");
      }
    }
  }

  private static String req(Map<String, String> a, String key) {
    String v = a.get(key);
    if (v == null) {
      throw new IllegalArgumentException("missing " + key + "=");
    }
    return v;
  }

  private static boolean bool(String v) {
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "on", "yes" -> true;
      case "false", "off", "no" -> false;
      default -> throw new IllegalArgumentException("not a boolean: '" + v + "'");
    };
  }

  private static String uid(Map<String, String> a, String seed) {
    String v = a.get("uid");
    return v == null ? Ids.stable(seed) : Ids.guidPart(v);
  }

  private static <T> void put(Map<String, T> map, String id, T value) {
    if (map.put(id, value) != null) {
      throw new IllegalArgumentException("'" + id + "' defined twice");
    }
  }

  private static <T> T ref(Map<String, T> map, String id, String what) {
    T v = map.get(id);
    if (v == null) {
      throw new IllegalArgumentException("unknown " + what + " '" + id + "' (define it above)");
    }
    return v;
  }
}
