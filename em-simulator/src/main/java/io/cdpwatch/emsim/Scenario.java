package io.cdpwatch.emsim;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * An immutable CDP estate plus the simulator's settings: credentials, supported API versions, the
 * clock ("now" fixed or real), the idle timeout of logon sessions and the faults to inject. Build
 * one in code with {@link #builder()} or read a scenario file with {@link #load(Path)}.
 */
public final class Scenario {

  /** A fault bound to a path prefix such as {@code /api/query} or {@code /api/}. */
  public record FaultRule(String pathPrefix, Fault fault) {
    public FaultRule {
      Objects.requireNonNull(pathPrefix, "'pathPrefix' must not be null");
      Objects.requireNonNull(fault, "'fault' must not be null");
    }
  }

  private static final Comparator<PolicySession> PS_ORDER =
      Comparator.comparing(PolicySession::created).thenComparing(PolicySession::id);
  private static final Comparator<TaskSession> TS_ORDER =
      Comparator.comparing(TaskSession::created).thenComparing(TaskSession::id);

  private final Instant fixedNow;
  private final String user;
  private final String password;
  private final List<String> versions;
  private final Duration idleTimeout;
  private final Optional<String> hrefBase;
  private final boolean taskResultFilter;
  private final List<BackupServer> servers;
  private final List<CdpPolicy> policies;
  private final List<PolicySession> policySessions;
  private final List<TaskSession> taskSessions;
  private final List<FaultRule> faults;
  private final Map<String, List<Include>> includes;
  private final Map<String, BackupServer> serverById = new HashMap<>();
  private final Map<String, CdpPolicy> policyById = new HashMap<>();
  private final Map<String, PolicySession> psById = new HashMap<>();
  private final Map<String, TaskSession> tsById = new HashMap<>();
  private final Map<String, List<PolicySession>> psByPolicy = new HashMap<>();
  private final Map<String, List<TaskSession>> tsByPs = new HashMap<>();

  private Scenario(Builder b) {
    this.fixedNow = b.fixedNow;
    this.user = b.user;
    this.password = b.password;
    this.versions = List.copyOf(b.versions);
    this.idleTimeout = b.idleTimeout;
    this.hrefBase = Optional.ofNullable(b.hrefBase);
    this.taskResultFilter = b.taskResultFilter;
    this.servers = List.copyOf(b.servers.values());
    this.policies = List.copyOf(b.policies.values());
    List<PolicySession> ps = new ArrayList<>(b.policySessions.values());
    ps.sort(PS_ORDER);
    this.policySessions = Collections.unmodifiableList(ps);
    List<TaskSession> ts = new ArrayList<>(b.taskSessions);
    ts.sort(TS_ORDER);
    this.taskSessions = Collections.unmodifiableList(ts);
    this.faults = List.copyOf(b.faults);
    Map<String, List<Include>> inc = new HashMap<>();
    b.includes.forEach((policy, list) -> inc.put(policy, List.copyOf(list.values())));
    this.includes = Map.copyOf(inc);
    for (String policy : includes.keySet()) {
      if (!b.policies.containsKey(policy)) {
        throw new IllegalArgumentException("an include names an unknown policy " + policy);
      }
    }
    for (BackupServer s : servers) {
      serverById.put(s.id(), s);
    }
    for (CdpPolicy p : policies) {
      if (!serverById.containsKey(p.serverId())) {
        throw new IllegalArgumentException(
            "policy '%s' names an unknown backup server %s".formatted(p.name(), p.serverId()));
      }
      policyById.put(p.id(), p);
    }
    for (PolicySession s : policySessions) {
      if (!policyById.containsKey(s.policyId())) {
        throw new IllegalArgumentException(
            "policy session %s names an unknown policy %s".formatted(s.id(), s.policyId()));
      }
      psById.put(s.id(), s);
      psByPolicy.computeIfAbsent(s.policyId(), k -> new ArrayList<>()).add(s);
    }
    for (TaskSession t : taskSessions) {
      if (!psById.containsKey(t.policySessionId())) {
        throw new IllegalArgumentException(
            "task session %s names an unknown policy session %s"
                .formatted(t.id(), t.policySessionId()));
      }
      if (tsById.put(t.id(), t) != null) {
        throw new IllegalArgumentException("duplicate task session id " + t.id());
      }
      tsByPs.computeIfAbsent(t.policySessionId(), k -> new ArrayList<>()).add(t);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Reads a scenario file (format: see the module README). */
  public static Scenario load(Path file) throws IOException {
    return ScenarioFile.parse(file);
  }

  /** The scenario's current time: the fixed "now", or the real clock. */
  public Instant now() {
    return fixedNow != null ? fixedNow : Instant.now();
  }

  /** Whether {@link #now()} follows the real clock. */
  public boolean realClock() {
    return fixedNow == null;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  /** The API versions offered in {@code GET /api/}, e.g. {@code [v1_5, v1_6, v1_7]}. */
  public List<String> supportedVersions() {
    return versions;
  }

  public Duration idleTimeout() {
    return idleTimeout;
  }

  /**
   * The base URL its answers' Hrefs name instead of the simulator's own, as a real EM names its own
   * FQDN whatever host the client used; empty: the simulator's own.
   */
  public Optional<String> hrefBase() {
    return hrefBase;
  }

  /** Whether {@code Result} is accepted as a filter field for CdpReplicaTaskSession. */
  public boolean taskResultFilter() {
    return taskResultFilter;
  }

  public List<BackupServer> backupServers() {
    return servers;
  }

  public List<CdpPolicy> policies() {
    return policies;
  }

  /** All policy sessions, oldest first. */
  public List<PolicySession> policySessions() {
    return policySessions;
  }

  /** All task sessions, oldest first. */
  public List<TaskSession> taskSessions() {
    return taskSessions;
  }

  public List<FaultRule> faults() {
    return faults;
  }

  BackupServer server(String id) {
    return serverById.get(id);
  }

  CdpPolicy policy(String id) {
    return policyById.get(id);
  }

  PolicySession policySession(String id) {
    return psById.get(id);
  }

  TaskSession taskSession(String id) {
    return tsById.get(id);
  }

  /** The objects policy {@code policyId} includes, in the order they were added. */
  public List<Include> includesOf(String policyId) {
    return includes.getOrDefault(policyId, List.of());
  }

  List<PolicySession> policySessionsOf(String policyId) {
    return psByPolicy.getOrDefault(policyId, List.of());
  }

  List<TaskSession> taskSessionsOf(String policySessionId) {
    return tsByPs.getOrDefault(policySessionId, List.of());
  }

  /**
   * Builds a {@link Scenario}. Ids come from a seeded random, so the same calls give the same ids.
   */
  public static final class Builder {
    private Instant fixedNow;
    private final Instant anchor = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private String user = "TECH\\cdpwatch";
    private String password = "Pa55|w0rd:\"sim\"";
    private List<String> versions = List.of("v1_5", "v1_6", "v1_7");
    private Duration idleTimeout = Duration.ofMinutes(15);
    private String hrefBase;
    private boolean taskResultFilter;
    private final Map<String, BackupServer> servers = new LinkedHashMap<>();
    private final Map<String, CdpPolicy> policies = new LinkedHashMap<>();
    private final Map<String, PolicySession> policySessions = new LinkedHashMap<>();
    private final List<TaskSession> taskSessions = new ArrayList<>();
    private final List<FaultRule> faults = new ArrayList<>();
    private final Map<String, Map<String, Include>> includes = new LinkedHashMap<>();
    private final Random random = new Random(20210211L);

    private Builder() {}

    /** Fixes "now" (collections' 30-day window and relative times use it). */
    public Builder now(Instant now) {
      this.fixedNow = Objects.requireNonNull(now, "'now' must not be null");
      return this;
    }

    /** Follows the real clock (the default). */
    public Builder realClock() {
      this.fixedNow = null;
      return this;
    }

    /** The fixed now, or the real time when this builder was made: the base of {@link #ago}. */
    public Instant now() {
      return fixedNow != null ? fixedNow : anchor;
    }

    /** {@code now() - d}. */
    public Instant ago(Duration d) {
      return now().minus(d);
    }

    public Builder credentials(String user, String password) {
      this.user = Objects.requireNonNull(user, "'user' must not be null");
      this.password = Objects.requireNonNull(password, "'password' must not be null");
      return this;
    }

    /** The versions {@code GET /api/} offers, e.g. {@code "v1_5"} alone for an old EM. */
    public Builder supportedVersions(String... names) {
      if (names.length == 0) {
        throw new IllegalArgumentException("at least one version");
      }
      for (String n : names) {
        if (!n.matches("v\\d+_\\d+")) {
          throw new IllegalArgumentException("a version looks like v1_7, got '" + n + "'");
        }
      }
      this.versions = Arrays.asList(names.clone());
      return this;
    }

    /** Idle timeout of logon sessions (15 minutes by default). */
    public Builder sessionIdleTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive");
      }
      this.idleTimeout = timeout;
      return this;
    }

    /**
     * Hrefs name this base URL (e.g. {@code https://em01.tech.local:9398/api}), not the real one.
     */
    public Builder hrefBase(String base) {
      this.hrefBase = Objects.requireNonNull(base, "'base' must not be null");
      return this;
    }

    /** Accept {@code Result} in CdpReplicaTaskSession filters (EM does not document it; off). */
    public Builder taskResultFilter(boolean accept) {
      this.taskResultFilter = accept;
      return this;
    }

    public Builder add(BackupServer s) {
      servers.put(s.id(), s);
      return this;
    }

    public Builder add(CdpPolicy p) {
      policies.put(p.id(), p);
      return this;
    }

    /** Adds {@code include} to the policy's includes (once per kind and name). */
    public Builder include(CdpPolicy policy, Include include) {
      includes
          .computeIfAbsent(policy.id(), k -> new LinkedHashMap<>())
          .putIfAbsent(include.kind() + ":" + include.name(), include);
      return this;
    }

    public Builder add(PolicySession s) {
      policySessions.put(s.id(), s);
      return this;
    }

    public Builder add(TaskSession t) {
      taskSessions.add(t);
      return this;
    }

    /** Injects {@code fault} into requests whose path starts with {@code pathPrefix}. */
    public Builder fault(String pathPrefix, Fault fault) {
      faults.add(new FaultRule(pathPrefix, fault));
      return this;
    }

    /** A backup server with default version and ports. */
    public BackupServer backupServer(String name) {
      BackupServer s = new BackupServer(nextId(), name, "", 9392, "13.0.1.1071", 9405, "");
      add(s);
      return s;
    }

    /** An enabled VMware CDP policy. */
    public CdpPolicy policy(BackupServer server, String name) {
      CdpPolicy p =
          new CdpPolicy(
              nextId(), server.id(), name, "CDP policy " + name, "VMware", true, true, null);
      add(p);
      return p;
    }

    /** A policy session; a finished one gets progress 100, a running one 0 (as EM shows). */
    public PolicySession policySession(
        CdpPolicy policy, Instant created, Instant ended, String state, String result) {
      return policySession(policy, created, ended, state, result, "", false);
    }

    public PolicySession policySession(
        CdpPolicy policy,
        Instant created,
        Instant ended,
        String state,
        String result,
        String failureMessage,
        boolean retry) {
      PolicySession s =
          new PolicySession(
              nextId(),
              policy.id(),
              created,
              ended,
              state,
              result,
              ended == null ? 0 : 100,
              failureMessage,
              retry);
      add(s);
      return s;
    }

    /**
     * {@code count} daily policy sessions, the newest created at {@code newest}: older ones Stopped
     * with Success, the newest Working with Result None and no end.
     */
    public List<PolicySession> dailyPolicySessions(CdpPolicy policy, int count, Instant newest) {
      List<PolicySession> out = new ArrayList<>();
      for (int i = count - 1; i >= 0; i--) {
        Instant created = jitter(newest.minus(Duration.ofDays(i)));
        if (i == 0) {
          out.add(policySession(policy, created, null, "Working", "None"));
        } else {
          Instant end = jitter(newest.minus(Duration.ofDays(i - 1)).minusSeconds(3));
          out.add(policySession(policy, created, end, "Stopped", "Success"));
        }
      }
      return out;
    }

    /** A task session in the given policy session. */
    public TaskSession taskSession(
        PolicySession parent,
        String vm,
        Instant created,
        Instant ended,
        String state,
        String result,
        String reason) {
      TaskSession t =
          new TaskSession(
              nextId(), parent.id(), vm, created, ended, state, result, reason, sizeFor(vm));
      add(t);
      return t;
    }

    /**
     * A VM's series of {@code count} task sessions in {@code policy}, one every {@code every}, the
     * newest created at {@code newest}; each ends when the next starts, as EM rotates them. Each
     * task goes into the policy's newest policy session created before it (add those first). {@code
     * results} are aligned to the newest end: {@code ("Failed", "Success")} makes the one before
     * the newest Failed and the newest Success; the rest are Success. A Success newest session is
     * InProgress without an end; a non-Success newest one is Completed. {@code reason} goes on
     * every non-Success session.
     */
    public List<TaskSession> vm(
        CdpPolicy policy,
        String vm,
        int count,
        Duration every,
        Instant newest,
        String reason,
        String... results) {
      include(policy, Include.vm(vm));
      List<TaskSession> out = new ArrayList<>();
      Instant[] starts = new Instant[count];
      for (int i = 0; i < count; i++) {
        starts[i] = jitter(newest.minus(every.multipliedBy(count - 1L - i)));
      }
      for (int i = 0; i < count; i++) {
        int fromEnd = count - 1 - i;
        String result =
            fromEnd < results.length ? results[results.length - 1 - fromEnd] : "Success";
        boolean last = i == count - 1;
        String state;
        Instant end;
        if (last && result.equals("Success")) {
          state = "InProgress";
          end = null;
        } else {
          state = "Completed";
          end =
              last
                  ? jitter(starts[i].plus(Duration.ofMinutes(7)))
                  : jitter(starts[i + 1].minusMillis(random.nextInt(4000)));
        }
        PolicySession parent = coveringSession(policy, starts[i]);
        out.add(
            taskSession(
                parent,
                vm,
                starts[i],
                end,
                state,
                result,
                result.equals("Success") ? null : reason));
      }
      return out;
    }

    /**
     * A large estate: {@code policyCount} policies (on the first backup server, made if none) with
     * {@code vmsPerPolicy} VMs each and {@code sessionsPerVm} task sessions per VM rotating every 8
     * h up to about now, plus daily policy sessions covering them. About one VM in 50 has a failed
     * newest session and one in 50 a warning. {@code 3 x 400 x 80} gives 96,000 task sessions.
     */
    public Builder generate(int policyCount, int vmsPerPolicy, int sessionsPerVm) {
      if (policyCount < 1 || vmsPerPolicy < 1 || sessionsPerVm < 1) {
        throw new IllegalArgumentException("generate needs positive counts");
      }
      BackupServer server =
          servers.isEmpty()
              ? backupServer("backupsrv%02d.tech.local".formatted(servers.size() + 1))
              : servers.values().iterator().next();
      Instant now = now();
      Duration every = Duration.ofHours(8);
      Duration span = every.multipliedBy(sessionsPerVm);
      int days = (int) (span.toDays() + 2);
      int base = policies.size();
      for (int p = 0; p < policyCount; p++) {
        CdpPolicy policy = policy(server, "Generated CDP Policy " + (base + p + 1));
        List<PolicySession> daily =
            dailyPolicySessions(policy, days, now.minus(Duration.ofHours(5 + p)));
        Instant[] starts = daily.stream().map(PolicySession::created).toArray(Instant[]::new);
        for (int v = 0; v < vmsPerPolicy; v++) {
          String vm = generatedVmName(p, v);
          include(policy, Include.vm(vm));
          Instant newest = now.minus(Duration.ofMinutes(random.nextInt(8 * 60)));
          String newestResult = v % 50 == 7 ? "Failed" : v % 50 == 13 ? "Warning" : "Success";
          long size = sizeFor(vm);
          for (int i = 0; i < sessionsPerVm; i++) {
            Instant created = jitter(newest.minus(every.multipliedBy(sessionsPerVm - 1L - i)));
            boolean last = i == sessionsPerVm - 1;
            String result = last ? newestResult : "Success";
            Instant end =
                last
                    ? (result.equals("Success") ? null : created.plusSeconds(420))
                    : jitter(created.plus(every));
            String state = end == null ? "InProgress" : "Completed";
            int idx = Arrays.binarySearch(starts, created);
            idx = idx >= 0 ? idx : Math.max(0, -idx - 2);
            taskSessions.add(
                new TaskSession(
                    nextId(),
                    daily.get(idx).id(),
                    vm,
                    created,
                    end,
                    state,
                    result,
                    result.equals("Success")
                        ? null
                        : "Error: CDP proxy 'proxy%02d' is unavailable for VM %s"
                            .formatted(v % 7, vm),
                    size));
          }
        }
      }
      return this;
    }

    public Scenario build() {
      return new Scenario(this);
    }

    private static String generatedVmName(int p, int v) {
      return switch (v % 5) {
        case 0 -> "p%d-srv-%04d".formatted(p + 1, v);
        case 1 -> "p%d app %04d (prod)".formatted(p + 1, v);
        case 2 -> "p%d \"db\"|%04d".formatted(p + 1, v);
        case 3 -> "p%d-Müller-Zoë-%04d".formatted(p + 1, v);
        default -> "p%d-web-%04d".formatted(p + 1, v);
      };
    }

    PolicySession coveringSession(CdpPolicy policy, Instant at) {
      PolicySession best = null;
      PolicySession earliest = null;
      for (PolicySession s : policySessions.values()) {
        if (!s.policyId().equals(policy.id())) {
          continue;
        }
        if (earliest == null || s.created().isBefore(earliest.created())) {
          earliest = s;
        }
        if (!s.created().isAfter(at) && (best == null || s.created().isAfter(best.created()))) {
          best = s;
        }
      }
      if (best == null && earliest == null) {
        throw new IllegalArgumentException(
            "policy '%s' has no policy session yet: add them before its VMs"
                .formatted(policy.name()));
      }
      return best != null ? best : earliest;
    }

    /** Adds up to a second of jitter and keeps 0 to 7 fractional digits, as EM's times vary. */
    Instant jitter(Instant t) {
      Instant j = t.plusNanos(random.nextInt(1_000_000_000));
      return Times.truncate(j, random.nextInt(8));
    }

    String nextId() {
      long hi = random.nextLong();
      long lo = random.nextLong();
      hi = (hi & ~0xF000L) | 0x4000L;
      lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
      return new java.util.UUID(hi, lo).toString();
    }

    private static long sizeFor(String vm) {
      return (16L + Math.floorMod(vm.hashCode(), 240)) * 1024 * 1024 * 1024;
    }
  }
}
