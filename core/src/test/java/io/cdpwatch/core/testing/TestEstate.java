package io.cdpwatch.core.testing;

import io.cdpwatch.core.domain.BackupServer;
import io.cdpwatch.core.domain.CdpPolicy;
import io.cdpwatch.core.domain.CdpPolicySession;
import io.cdpwatch.core.domain.CdpReplicaSettings;
import io.cdpwatch.core.domain.CdpTaskSession;
import io.cdpwatch.core.domain.IncludedObject;
import io.cdpwatch.core.domain.Link;
import io.cdpwatch.core.domain.PolicySessionState;
import io.cdpwatch.core.domain.Reported;
import io.cdpwatch.core.domain.Resource;
import io.cdpwatch.core.domain.SessionResult;
import io.cdpwatch.core.domain.TaskState;
import io.cdpwatch.core.domain.Uid;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test data: a CDP estate built the way EM links it (task session up to policy session and backup
 * server, policy session up to policy and backup server), with times relative to a fixed "now". Ids
 * are deterministic, so two estates built alike are equal.
 */
public final class TestEstate {

  public static final String BASE = "https://em.test:9398/api";
  private static final DateTimeFormatter NAME_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private final Instant now;
  private final AtomicLong ids = new AtomicLong();
  private final List<BackupServer> servers = new ArrayList<>();
  private final List<CdpPolicy> policies = new ArrayList<>();
  private final List<CdpPolicySession> policySessions = new ArrayList<>();
  private final List<CdpTaskSession> taskSessions = new ArrayList<>();

  private TestEstate(Instant now) {
    this.now = now;
  }

  /** An empty estate whose "now" is {@code now}. */
  public static TestEstate at(Instant now) {
    return new TestEstate(now);
  }

  public Instant now() {
    return now;
  }

  public Instant ago(Duration duration) {
    return now.minus(duration);
  }

  public BackupServer server(String name) {
    Uid uid = new Uid(BackupServer.TYPE, nextId());
    String href = BASE + "/backupServers/" + uid.id();
    BackupServer server =
        new BackupServer(
            uid,
            href + "?format=Entity",
            name,
            Optional.empty(),
            OptionalInt.of(9392),
            Optional.of("13.0.1.1071"),
            OptionalInt.of(9405),
            Optional.empty(),
            List.of(Link.of(Link.Rel.ALTERNATE, "BackupServerReference", href, name)));
    servers.add(server);
    return server;
  }

  public CdpPolicy policy(String name, BackupServer server) {
    return policy(name, server, CdpReplicaSettings.NONE, List.of());
  }

  /** A policy that makes a long-term restore point every {@code longTermInterval}. */
  public static CdpReplicaSettings longTermEvery(Duration longTermInterval) {
    return new CdpReplicaSettings(
        Optional.of(Duration.ofSeconds(15)),
        Optional.of(Duration.ofSeconds(30)),
        Optional.of(Duration.ofSeconds(60)),
        Optional.of(false),
        Optional.of(Duration.ofHours(4)),
        Optional.of(longTermInterval),
        Optional.of(7),
        Optional.of(false));
  }

  /** An included VM, as EM lists it in a policy's {@code Includes}. */
  public static IncludedObject includedVm(String name) {
    return new IncludedObject(
        "urn:VMware:Vm:45237d2c-c163-4cb1-9f6e-c9913cdea868.vm-" + Math.abs(name.hashCode()),
        Optional.of(name),
        Optional.of(name));
  }

  /** An included container (a folder), whose VMs EM does not list. */
  public static IncludedObject includedFolder(String name) {
    return new IncludedObject(
        "urn:VMware:Folder:45237d2c-c163-4cb1-9f6e-c9913cdea868.group-v"
            + Math.abs(name.hashCode()),
        Optional.of(name),
        Optional.of(name));
  }

  public CdpPolicy policy(
      String name,
      BackupServer server,
      CdpReplicaSettings settings,
      List<IncludedObject> includes) {
    Uid uid = new Uid(CdpPolicy.TYPE, nextId());
    String href = BASE + "/cdpPolicies/" + uid.id();
    CdpPolicy policy =
        new CdpPolicy(
            uid,
            href + "?format=Entity",
            name,
            Optional.of("CdpReplica"),
            Optional.of("VMware"),
            Optional.empty(),
            Optional.of(true),
            Optional.of(true),
            Optional.empty(),
            settings,
            includes,
            List.of(
                up(server),
                Link.of(Link.Rel.ALTERNATE, "CdpPolicyReference", href, name),
                Link.of(
                    Link.Rel.DOWN,
                    "CdpReplicaSessionReferenceList",
                    href + "/cdpReplicaSessions",
                    null)));
    policies.add(policy);
    return policy;
  }

  /**
   * A policy session created {@code age} ago; {@code state} and {@code result} as EM writes them.
   */
  public CdpPolicySession policySession(
      CdpPolicy policy, Duration age, String state, String result, String failureMessage) {
    Uid uid = new Uid(CdpPolicySession.TYPE, nextId());
    String href = BASE + "/cdpReplicaSessions/" + uid.id();
    Instant created = ago(age);
    String name = policy.name() + "@" + NAME_TIME.format(created);
    BackupServer server = serverOf(policy);
    CdpPolicySession session =
        new CdpPolicySession(
            uid,
            href + "?format=Entity",
            name,
            policy.id(),
            policy.name(),
            Optional.of("CdpReplica"),
            created,
            state.equals("Stopped")
                ? Optional.of(created.plus(Duration.ofMinutes(5)))
                : Optional.empty(),
            Reported.of(PolicySessionState.values(), state),
            Reported.of(SessionResult.values(), result),
            OptionalInt.of(0),
            Optional.ofNullable(failureMessage),
            false,
            List.of(
                up(server),
                Link.of(
                    Link.Rel.UP,
                    "CdpPolicyReference",
                    BASE + "/cdpPolicies/" + policy.id().id(),
                    policy.name()),
                Link.of(Link.Rel.ALTERNATE, "CdpReplicaSessionReference", href, name),
                Link.of(
                    Link.Rel.DOWN,
                    "CdpReplicaTaskSessionReferenceList",
                    href + "/cdpReplicaTaskSessions",
                    null)));
    policySessions.add(session);
    return session;
  }

  /** A working policy session created {@code age} ago, as EM shows it: Result None. */
  public CdpPolicySession workingSession(CdpPolicy policy, Duration age) {
    return policySession(policy, age, "Working", "None", null);
  }

  /** A task session created {@code age} ago; {@code state} and {@code result} as EM writes them. */
  public CdpTaskSession taskSession(
      CdpPolicySession parent,
      String vm,
      Duration age,
      String state,
      String result,
      String reason) {
    Uid uid = new Uid(CdpTaskSession.TYPE, nextId());
    Instant created = ago(age);
    String name = vm + "@" + NAME_TIME.format(created);
    String reference = BASE + "/cdpReplicaTaskSessions/" + uid.id();
    Link serverLink = parent.backupServerLink().orElseThrow();
    CdpTaskSession session =
        new CdpTaskSession(
            uid,
            // EM's documented quirk: the entity Href names /replicaTaskSessions/.
            BASE + "/replicaTaskSessions/" + uid.id() + "?format=Entity",
            name,
            vm,
            parent.id(),
            created,
            state.equals("Completed")
                ? Optional.of(created.plus(Duration.ofHours(8)))
                : Optional.empty(),
            Reported.of(TaskState.values(), state),
            Reported.of(SessionResult.values(), result),
            Optional.ofNullable(reason),
            OptionalLong.of(17_179_869_184L),
            List.of(
                serverLink,
                Link.of(
                    Link.Rel.UP,
                    "CdpReplicaSessionReference",
                    BASE + "/cdpReplicaSessions/" + parent.id().id(),
                    parent.name()),
                Link.of(Link.Rel.ALTERNATE, "CdpReplicaTaskSessionReference", reference, name)));
    taskSessions.add(session);
    return session;
  }

  /** A healthy running task session: InProgress, Success. */
  public CdpTaskSession healthy(CdpPolicySession parent, String vm, Duration age) {
    return taskSession(parent, vm, age, "InProgress", "Success", null);
  }

  public List<BackupServer> servers() {
    return List.copyOf(servers);
  }

  public List<CdpPolicy> policies() {
    return List.copyOf(policies);
  }

  public List<CdpPolicySession> policySessions() {
    return List.copyOf(policySessions);
  }

  public List<CdpTaskSession> taskSessions() {
    return List.copyOf(taskSessions);
  }

  /** Every resource of the estate. */
  public List<Resource> resources() {
    List<Resource> all = new ArrayList<>();
    all.addAll(servers);
    all.addAll(policies);
    all.addAll(policySessions);
    all.addAll(taskSessions);
    return all;
  }

  private BackupServer serverOf(CdpPolicy policy) {
    Link link = policy.link(Link.Rel.UP, BackupServer.TYPE).orElseThrow();
    return servers.stream()
        .filter(s -> link.name().orElse("").equals(s.name()))
        .findFirst()
        .orElseThrow();
  }

  private static Link up(BackupServer server) {
    return Link.of(
        Link.Rel.UP,
        "BackupServerReference",
        BASE + "/backupServers/" + server.id().id(),
        server.name());
  }

  private String nextId() {
    return new UUID(0x5eed_0000_0000_0000L, ids.incrementAndGet()).toString();
  }
}
