package io.cdpwatch.core.service;

import io.cdpwatch.core.check.AgeThresholds;
import io.cdpwatch.core.check.Range;
import io.cdpwatch.core.check.Status;
import io.cdpwatch.core.check.Thresholds;
import io.cdpwatch.core.domain.BackupServer;
import io.cdpwatch.core.domain.CdpPolicy;
import io.cdpwatch.core.domain.CdpPolicySession;
import io.cdpwatch.core.domain.CdpTaskSession;
import io.cdpwatch.core.domain.IncludedObject;
import io.cdpwatch.core.domain.Link;
import io.cdpwatch.core.domain.LinkGraph;
import io.cdpwatch.core.domain.PolicySessionState;
import io.cdpwatch.core.domain.Resource;
import io.cdpwatch.core.domain.SessionResult;
import io.cdpwatch.core.domain.Uid;
import io.cdpwatch.core.port.in.CdpReport;
import io.cdpwatch.core.port.in.EmVerdict;
import io.cdpwatch.core.port.in.EvaluateCdpHealth;
import io.cdpwatch.core.port.in.Finding;
import io.cdpwatch.core.port.in.PolicyVerdict;
import io.cdpwatch.core.port.in.Selection;
import io.cdpwatch.core.port.in.VmVerdict;
import io.cdpwatch.core.port.out.CdpSessionSource;
import io.cdpwatch.core.port.out.CdpSourceException;
import io.cdpwatch.core.port.out.PolicyQuery;
import io.cdpwatch.core.port.out.PolicySessionQuery;
import io.cdpwatch.core.port.out.TaskSessionQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Judges CDP health as the command-line contract's "What is judged" table says: per VM its newest
 * task session in the look-back window (a later success clears an earlier failure), per policy its
 * newest policy session, a named VM, a VM its policy includes or a policy with no session is
 * CRITICAL, and the age of a VM's newest session is held to the thresholds (given, else derived
 * from its policy's long-term interval), critical first.
 */
public final class CdpHealthService implements EvaluateCdpHealth {

  /** A policy session starts up to a day before the task sessions it holds. */
  private static final Duration POLICY_SESSION_LENGTH = Duration.ofDays(1);

  private final CdpSessionSource source;
  private final Clock clock;
  private final Duration certificateWarning;

  /**
   * A service that warns of EM's certificate {@link EmVerdict#DEFAULT_CERTIFICATE_WARNING} ahead.
   */
  public CdpHealthService(CdpSessionSource source, Clock clock) {
    this(source, clock, EmVerdict.DEFAULT_CERTIFICATE_WARNING);
  }

  /**
   * @param certificateWarning how long before its expiry EM's certificate is a warning (an expired
   *     one that was accepted is one too); zero judges no certificate
   */
  public CdpHealthService(CdpSessionSource source, Clock clock, Duration certificateWarning) {
    this.source = Objects.requireNonNull(source, "'source' must not be null");
    this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
    this.certificateWarning =
        Objects.requireNonNull(certificateWarning, "'certificateWarning' must not be null");
    if (certificateWarning.isNegative()) {
      throw new IllegalArgumentException("the certificate warning period must not be negative");
    }
  }

  @Override
  public CdpReport evaluate(Selection selection) {
    return evaluate(selection, Optional.empty());
  }

  @Override
  public CdpReport evaluate(Selection selection, Thresholds ageThresholds) {
    Objects.requireNonNull(ageThresholds, "'ageThresholds' must not be null");
    return evaluate(selection, Optional.of(ageThresholds));
  }

  private CdpReport evaluate(Selection selection, Optional<Thresholds> given) {
    Objects.requireNonNull(selection, "'selection' must not be null");
    Instant now = clock.instant();
    if (selection.taskSession().isPresent()) {
      return evaluateOne(selection.taskSession().get(), selection, now);
    }
    return evaluateAll(selection, given, now);
  }

  private CdpReport evaluateAll(Selection selection, Optional<Thresholds> given, Instant now) {
    // Policy sessions over EM's whole 30-day window: a policy stopped days ago still shows, and a
    // task session's parent is found even when it started before the look-back window.
    Map<Uid, CdpPolicySession> policySessions = new HashMap<>();
    source.policySessions(
        new PolicySessionQuery(
            now.minus(Selection.MAX_LOOKBACK).minus(POLICY_SESSION_LENGTH),
            Set.of(),
            selection.backupServer()),
        session -> policySessions.put(session.id(), session));
    Policies policies = Policies.read(source, selection);
    AgeRule ages = new AgeRule(given, policies);

    // Newest per VM over everything read (the query narrows by name and server already); the
    // other filters come after, so that a named VM they leave out can be told apart from one
    // without sessions.
    Map<VmKey, CdpTaskSession> newestPerVm = new LinkedHashMap<>();
    source.taskSessions(
        new TaskSessionQuery(
            now.minus(selection.lookback()), selection.vms(), selection.backupServer()),
        session -> newestPerVm.merge(VmKey.of(session), session, CdpHealthService::newer));
    Instant agesAt = onEmClock(now);

    PolicyNames policyNames = new PolicyNames(policySessions);
    List<VmVerdict> vmVerdicts = new ArrayList<>();
    List<String> policiesOfSelectedVms = new ArrayList<>();
    for (CdpTaskSession session : newestPerVm.values()) {
      boolean named = selection.vms().contains(session.vmDisplayName());
      Optional<String> policy = policyNames.of(session);
      AgeThresholds applied = ages.of(policy, serverOf(session));
      if (!selection.selectsVm(session.vmDisplayName())) {
        if (named) {
          vmVerdicts.add(unjudged(session, policy, new Finding.ExcludedByPattern(), applied));
        }
      } else if (selection.policies().isEmpty()
          || policy.filter(selection::selectsPolicy).isPresent()) {
        policy.ifPresent(policiesOfSelectedVms::add);
        vmVerdicts.add(judge(session, policy, applied, agesAt));
      } else if (policy.isEmpty()) {
        vmVerdicts.add(unattributable(session, applied, agesAt));
      } else if (named) {
        vmVerdicts.add(unjudged(session, policy, new Finding.InOtherPolicy(policy.get()), applied));
      }
    }
    vmVerdicts.addAll(
        withoutSession(
            expectedVms(selection, policies, newestPerVm), selection, ages, now, agesAt));
    for (VmVerdict vm : vmVerdicts) {
      if (vm.has(Finding.Kind.MISSING)) {
        vm.policy().ifPresent(policiesOfSelectedVms::add);
      }
    }

    Map<Uid, CdpPolicySession> newestPerPolicy = new LinkedHashMap<>();
    for (CdpPolicySession session : policySessions.values()) {
      newestPerPolicy.merge(session.policyUid(), session, CdpHealthService::newer);
    }
    List<PolicyVerdict> policyVerdicts = new ArrayList<>();
    Predicate<String> selected =
        name ->
            selection.policies().isEmpty()
                ? !selection.narrowsVms() || policiesOfSelectedVms.contains(name)
                : selection.selectsPolicy(name);
    for (CdpPolicySession newest : newestPerPolicy.values()) {
      if (selected.test(newest.policyName())) {
        policyVerdicts.add(judge(newest, policies));
      }
    }
    for (CdpPolicy policy : policies.all()) {
      if (selected.test(policy.name())
          && newestPerPolicy.values().stream().noneMatch(s -> policies.isOf(policy, s))) {
        policyVerdicts.add(withoutSession(policy));
      }
    }
    for (String policy : selection.policies()) {
      if (policyVerdicts.stream().noneMatch(v -> v.policy().equals(policy))) {
        policyVerdicts.add(
            new PolicyVerdict(
                policy,
                selection.backupServer(),
                Status.CRITICAL,
                List.of(new Finding.NoPolicySession(Selection.MAX_LOOKBACK)),
                Optional.empty(),
                Optional.empty()));
      }
    }
    return new CdpReport(now, selection, vmVerdicts, policyVerdicts, judgeEm(now));
  }

  /** A VM that should have a session in the window but has none. */
  private record Expected(String vm, Optional<String> server, Optional<String> policy) {}

  /**
   * The VMs named with {@code --vm}, and those the selected policies include, that have no session
   * in the look-back window; in order, each once.
   */
  private static List<Expected> expectedVms(
      Selection selection, Policies policies, Map<VmKey, CdpTaskSession> newestPerVm) {
    Map<VmKey, Expected> expected = new LinkedHashMap<>();
    // Looked up by key, never by a scan: a policy may include tens of thousands of VMs.
    Set<String> withSession = new HashSet<>();
    newestPerVm.keySet().forEach(key -> withSession.add(key.vm()));
    for (CdpPolicy policy : policies.all()) {
      if (!selection.selectsPolicy(policy.name())) {
        continue;
      }
      for (IncludedObject object : policy.includes()) {
        String vm = object.label();
        Optional<String> server = policy.backupServerName();
        if (object.isVm()
            && selection.selectsVm(vm)
            && !hasSession(newestPerVm, withSession, vm, server)) {
          expected.putIfAbsent(
              new VmKey(server.orElse(""), vm),
              new Expected(vm, server, Optional.of(policy.name())));
        }
      }
    }
    for (String vm : selection.vms()) {
      boolean known =
          withSession.contains(vm) || expected.values().stream().anyMatch(e -> e.vm().equals(vm));
      if (!known) {
        expected.put(
            new VmKey(selection.backupServer().orElse(""), vm),
            new Expected(vm, selection.backupServer(), Optional.empty()));
      }
    }
    return List.copyOf(expected.values());
  }

  /**
   * Whether {@code vm} on {@code server} has a session: as {@link VmKey#is}, on this server or one
   * not named, or on any server when {@code server} is not known.
   */
  private static boolean hasSession(
      Map<VmKey, CdpTaskSession> newestPerVm,
      Set<String> withSession,
      String vm,
      Optional<String> server) {
    if (!withSession.contains(vm)) {
      return false;
    }
    return server.isEmpty()
        || newestPerVm.containsKey(new VmKey(server.get(), vm))
        || newestPerVm.containsKey(new VmKey("", vm));
  }

  /**
   * Verdicts for VMs without a session in the look-back window: their newest session is looked for
   * over EM's whole window, whatever the look-back, so that "not replicated since" has a date.
   */
  private List<VmVerdict> withoutSession(
      List<Expected> expected, Selection selection, AgeRule ages, Instant now, Instant agesAt) {
    if (expected.isEmpty()) {
      return List.of();
    }
    Map<VmKey, CdpTaskSession> older = new HashMap<>();
    if (selection.lookback().compareTo(Selection.MAX_LOOKBACK) < 0) {
      Set<String> names = new HashSet<>();
      expected.forEach(e -> names.add(e.vm()));
      source.taskSessions(
          new TaskSessionQuery(now.minus(Selection.MAX_LOOKBACK), names, selection.backupServer()),
          session -> older.merge(VmKey.of(session), session, CdpHealthService::newer));
    }
    List<VmVerdict> verdicts = new ArrayList<>();
    for (Expected e : expected) {
      Optional<CdpTaskSession> last =
          older.entrySet().stream()
              .filter(entry -> entry.getKey().is(e.vm(), e.server()))
              .map(Map.Entry::getValue)
              .reduce(CdpHealthService::newer);
      Optional<String> server = e.server().or(() -> last.flatMap(CdpHealthService::serverOf));
      verdicts.add(
          new VmVerdict(
              e.vm(),
              e.policy(),
              server,
              Status.CRITICAL,
              List.of(
                  new Finding.NoTaskSession(
                      Selection.MAX_LOOKBACK, last.map(CdpTaskSession::creationTime))),
              last,
              last.map(s -> ageAt(s.creationTime(), agesAt)),
              ages.of(e.policy(), server)));
    }
    return verdicts;
  }

  /** One task session, named through the link graph of it and the policy session above it. */
  private CdpReport evaluateOne(Uid id, Selection selection, Instant now) {
    CdpTaskSession session =
        source
            .taskSession(id)
            .orElseThrow(
                () ->
                    new CdpSourceException(
                        CdpSourceException.Kind.NOT_FOUND,
                        "CDP task session %s not found (EM keeps CDP sessions for 30 days)"
                            .formatted(id.id())));
    List<Resource> resources = new ArrayList<>();
    resources.add(session);
    Optional<CdpPolicySession> policySession =
        session
            .policySessionLink()
            .flatMap(source::follow)
            .filter(CdpPolicySession.class::isInstance)
            .map(CdpPolicySession.class::cast);
    policySession.ifPresent(resources::add);
    LinkGraph graph = LinkGraph.of(resources);
    Optional<String> policy =
        policySession
            .map(CdpPolicySession::policyName)
            .or(() -> graph.above(session, CdpPolicy.TYPE).flatMap(LinkGraph.Hop::name));
    Optional<String> server = graph.above(session, BackupServer.TYPE).flatMap(LinkGraph.Hop::name);
    // The age rule is about a VM's newest session; this one may be any of its sessions.
    VmVerdict vm = judge(session, policy, AgeThresholds.given(Thresholds.NONE), onEmClock(now));
    vm =
        new VmVerdict(
            vm.vm(),
            vm.policy(),
            server,
            vm.status(),
            vm.findings(),
            vm.newest(),
            vm.age(),
            vm.ageThresholds());
    List<PolicyVerdict> policies =
        policySession.map(s -> List.of(judge(s, Policies.NONE))).orElse(List.of());
    return new CdpReport(now, selection, List.of(vm), policies, judgeEm(now));
  }

  /**
   * The moment ages are measured at: {@code now} on EM's clock when the reads found it more than
   * {@link EmVerdict#CLOCK_SKEW_TOLERANCE} away from ours, since EM dates its sessions by its own
   * clock; else {@code now}.
   */
  private Instant onEmClock(Instant now) {
    return skew().map(now::plus).orElse(now);
  }

  /** How far EM's clock is ahead of ours, when beyond the tolerance. */
  private Optional<Duration> skew() {
    return source
        .clockOffset()
        .filter(offset -> offset.abs().compareTo(EmVerdict.CLOCK_SKEW_TOLERANCE) > 0);
  }

  /** EM's certificate and clock, as the reads found them; judged once they are done. */
  private EmVerdict judgeEm(Instant now) {
    Optional<Instant> expiry = source.certificateExpiry();
    List<Finding> findings = new ArrayList<>();
    skew().ifPresent(offset -> findings.add(new Finding.ClockSkew(offset)));
    if (expiry.isPresent() && !certificateWarning.isZero()) {
      Duration left = Duration.between(now, expiry.get());
      if (left.isNegative() || left.isZero()) {
        findings.add(new Finding.CertificateExpired(expiry.get()));
      } else if (left.compareTo(certificateWarning) <= 0) {
        findings.add(new Finding.CertificateExpiring(left, expiry.get()));
      }
    }
    return new EmVerdict(expiry, source.clockOffset(), worstOf(findings), findings);
  }

  private static VmVerdict judge(
      CdpTaskSession session, Optional<String> policy, AgeThresholds ageThresholds, Instant now) {
    List<Finding> findings = new ArrayList<>();
    SessionResult result = session.result().known().orElse(null);
    if (result == null) {
      findings.add(new Finding.UndocumentedResult(session.result().raw()));
    } else if (result == SessionResult.FAILED) {
      findings.add(new Finding.TaskFailed(withoutPrefix(session.reason())));
    } else if (result == SessionResult.WARNING) {
      findings.add(new Finding.TaskWarning(withoutPrefix(session.reason())));
    }
    if (!session.state().isDocumented()) {
      findings.add(new Finding.UndocumentedState(session.state().raw()));
    }
    Duration age = ageAt(session.creationTime(), now);
    Status ageStatus = ageThresholds.evaluate(age);
    if (ageStatus != Status.OK) {
      Thresholds ranges = ageThresholds.thresholds();
      Range violated = (ageStatus == Status.CRITICAL ? ranges.critical() : ranges.warning()).get();
      findings.add(new Finding.Stale(age, ageStatus, violated, ageThresholds));
    }
    findings.sort((a, b) -> Status.WORST_FIRST.compare(a.status(), b.status()));
    return new VmVerdict(
        session.vmDisplayName(),
        policy,
        session.backupServerLink().flatMap(Link::name),
        worstOf(findings),
        findings,
        Optional.of(session),
        Optional.of(age),
        ageThresholds);
  }

  /** A VM whose newest session's policy cannot be told, while the selection names policies. */
  private static VmVerdict unattributable(
      CdpTaskSession session, AgeThresholds ageThresholds, Instant now) {
    VmVerdict judged = judge(session, Optional.empty(), ageThresholds, now);
    List<Finding> findings = new ArrayList<>();
    findings.add(new Finding.PolicyUnknown(session.policySessionUid()));
    findings.addAll(judged.findings());
    return new VmVerdict(
        judged.vm(),
        Optional.empty(),
        judged.backupServer(),
        judged.status().worst(Status.UNKNOWN),
        findings,
        judged.newest(),
        judged.age(),
        judged.ageThresholds());
  }

  /** A named VM that the rest of the selection leaves out: said, not judged. */
  private static VmVerdict unjudged(
      CdpTaskSession session, Optional<String> policy, Finding why, AgeThresholds ageThresholds) {
    return new VmVerdict(
        session.vmDisplayName(),
        policy,
        session.backupServerLink().flatMap(Link::name),
        why.status(),
        List.of(why),
        Optional.of(session),
        Optional.empty(),
        ageThresholds);
  }

  private static PolicyVerdict judge(CdpPolicySession session, Policies policies) {
    List<Finding> findings = new ArrayList<>(policies.unavailable());
    if (session.state().is(PolicySessionState.STOPPED)) {
      findings.add(
          new Finding.PolicyStopped(
              session.result().is(SessionResult.FAILED), withoutPrefix(session.failureMessage())));
    } else if (!session.state().isDocumented()) {
      findings.add(new Finding.UndocumentedState(session.state().raw()));
    }
    Optional<String> server = session.backupServerLink().flatMap(Link::name);
    return new PolicyVerdict(
        session.policyName(),
        server,
        worstOf(findings),
        findings,
        Optional.of(session),
        policies.find(session.policyName(), server));
  }

  /** A policy EM lists with no session in its window: disabled, or not running. */
  private static PolicyVerdict withoutSession(CdpPolicy policy) {
    Finding finding =
        policy.scheduleEnabled().orElse(true)
            ? new Finding.NoPolicySession(Selection.MAX_LOOKBACK)
            : new Finding.PolicyDisabled();
    return new PolicyVerdict(
        policy.name(),
        policy.backupServerName(),
        finding.status(),
        List.of(finding),
        Optional.empty(),
        Optional.of(policy));
  }

  private static final Pattern REASON_PREFIX =
      Pattern.compile("^(error|warning|failed)\\s*:\\s*", Pattern.CASE_INSENSITIVE);

  /** EM's reason without the "Error:" or "Warning:" it often starts with; empty when blank. */
  private static Optional<String> withoutPrefix(Optional<String> reason) {
    return reason
        .map(r -> REASON_PREFIX.matcher(r.strip()).replaceFirst(""))
        .filter(r -> !r.isEmpty());
  }

  private static Status worstOf(List<Finding> findings) {
    return Status.worstOf(findings.stream().map(Finding::status).toList());
  }

  /** Time since {@code created}; never negative, so clock skew cannot trip a {@code 0:N} range. */
  private static Duration ageAt(Instant created, Instant now) {
    Duration age = Duration.between(created, now);
    return age.isNegative() ? Duration.ZERO : age;
  }

  private static CdpTaskSession newer(CdpTaskSession a, CdpTaskSession b) {
    return b.creationTime().isAfter(a.creationTime()) ? b : a;
  }

  private static CdpPolicySession newer(CdpPolicySession a, CdpPolicySession b) {
    return b.creationTime().isAfter(a.creationTime()) ? b : a;
  }

  private static Optional<String> serverOf(CdpTaskSession session) {
    return session.backupServerLink().flatMap(Link::name);
  }

  /** Two server names match when equal, or when either is not known. */
  private static boolean sameServer(Optional<String> a, Optional<String> b) {
    return a.isEmpty() || b.isEmpty() || a.equals(b);
  }

  /** A VM is known by its display name on one backup server. */
  private record VmKey(String server, String vm) {
    // Written out, as in Uid: the generated ones cost a short-lived check start-up time.
    @Override
    public boolean equals(Object other) {
      return other instanceof VmKey key && vm.equals(key.vm) && server.equals(key.server);
    }

    @Override
    public int hashCode() {
      return 31 * server.hashCode() + vm.hashCode();
    }

    static VmKey of(CdpTaskSession session) {
      return new VmKey(serverOf(session).orElse(""), session.vmDisplayName());
    }

    /** True for this VM on this server, or on any server when either side does not name one. */
    boolean is(String name, Optional<String> onServer) {
      return vm.equals(name) && sameServer(Optional.of(server).filter(s -> !s.isEmpty()), onServer);
    }
  }

  /**
   * The CDP policies EM lists, with their settings and includes; or, when EM would not give them,
   * the finding every policy verdict carries and no policies.
   */
  private record Policies(List<CdpPolicy> all, List<Finding> unavailable) {
    static final Policies NONE = new Policies(List.of(), List.of());

    /** Failures that leave the sessions readable: the policy list alone is not given. */
    private static final Set<CdpSourceException.Kind> LOCAL_FAILURES =
        Set.of(
            CdpSourceException.Kind.SERVER,
            CdpSourceException.Kind.PROTOCOL,
            CdpSourceException.Kind.FORBIDDEN,
            CdpSourceException.Kind.NOT_FOUND);

    static Policies read(CdpSessionSource source, Selection selection) {
      List<CdpPolicy> read = new ArrayList<>();
      try {
        source.policies(new PolicyQuery(selection.policies(), selection.backupServer()), read::add);
        return new Policies(read, List.of());
      } catch (CdpSourceException e) {
        if (!LOCAL_FAILURES.contains(e.kind())) {
          throw e;
        }
        return new Policies(List.of(), List.of(new Finding.SettingsUnavailable(e.getMessage())));
      }
    }

    Optional<CdpPolicy> find(String name, Optional<String> server) {
      return all.stream()
          .filter(p -> p.name().equals(name) && sameServer(p.backupServerName(), server))
          .findFirst();
    }

    /** True when {@code session} is a session of {@code policy}. */
    boolean isOf(CdpPolicy policy, CdpPolicySession session) {
      return session.policyUid().equals(policy.id())
          || (session.policyName().equals(policy.name())
              && sameServer(
                  policy.backupServerName(), session.backupServerLink().flatMap(Link::name)));
    }
  }

  /** The age thresholds for a VM: the given ones, else its policy's. */
  private static final class AgeRule {
    private final Optional<Thresholds> given;
    private final Policies policies;
    // One per policy and server, not per VM: 25,000 VMs share a handful.
    private final Map<List<Optional<String>>, AgeThresholds> known = new HashMap<>();

    AgeRule(Optional<Thresholds> given, Policies policies) {
      this.given = given;
      this.policies = policies;
    }

    AgeThresholds of(Optional<String> policy, Optional<String> server) {
      return known.computeIfAbsent(List.of(policy, server), key -> compute(policy, server));
    }

    private AgeThresholds compute(Optional<String> policy, Optional<String> server) {
      if (given.isPresent()) {
        return AgeThresholds.given(given.get());
      }
      return AgeThresholds.fromPolicy(
          policy
              .flatMap(name -> policies.find(name, server))
              .flatMap(p -> p.settings().longTermInterval()));
    }
  }

  /**
   * Finds the policy of a task session: from the policy sessions read, else by following the link
   * to its policy session (once per policy session), else from that link's Name, which EM writes as
   * {@code <policy>@<time>}.
   */
  private final class PolicyNames {
    private final Map<Uid, CdpPolicySession> known;
    private final Map<Uid, Optional<String>> followed = new HashMap<>();

    PolicyNames(Map<Uid, CdpPolicySession> known) {
      this.known = known;
    }

    Optional<String> of(CdpTaskSession session) {
      CdpPolicySession parent = known.get(session.policySessionUid());
      if (parent != null) {
        return Optional.of(parent.policyName());
      }
      return followed.computeIfAbsent(session.policySessionUid(), uid -> lookUp(session));
    }

    private Optional<String> lookUp(CdpTaskSession session) {
      Optional<Link> link = session.policySessionLink();
      Optional<String> followedName =
          link.flatMap(source::follow)
              .filter(CdpPolicySession.class::isInstance)
              .map(r -> ((CdpPolicySession) r).policyName());
      return followedName.or(
          () ->
              link.flatMap(Link::name)
                  .filter(name -> name.lastIndexOf('@') > 0)
                  .map(name -> name.substring(0, name.lastIndexOf('@'))));
    }
  }
}
