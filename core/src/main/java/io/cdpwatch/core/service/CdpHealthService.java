package io.cdpwatch.core.service;

import io.cdpwatch.core.check.Range;
import io.cdpwatch.core.check.Status;
import io.cdpwatch.core.check.Thresholds;
import io.cdpwatch.core.domain.BackupServer;
import io.cdpwatch.core.domain.CdpPolicy;
import io.cdpwatch.core.domain.CdpPolicySession;
import io.cdpwatch.core.domain.CdpTaskSession;
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
import io.cdpwatch.core.port.out.PolicySessionQuery;
import io.cdpwatch.core.port.out.TaskSessionQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Judges CDP health as the command-line contract's "What is judged" table says: per VM its newest
 * task session in the look-back window (a later success clears an earlier failure), per policy its
 * newest policy session, a named VM or policy with no session is CRITICAL, and the age of a VM's
 * newest session is held to the thresholds, critical first.
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
  public CdpReport evaluate(Selection selection, Thresholds ageThresholds) {
    Objects.requireNonNull(selection, "'selection' must not be null");
    Objects.requireNonNull(ageThresholds, "'ageThresholds' must not be null");
    Instant now = clock.instant();
    if (selection.taskSession().isPresent()) {
      return evaluateOne(selection.taskSession().get(), selection, ageThresholds, now);
    }
    return evaluateAll(selection, ageThresholds, now);
  }

  private CdpReport evaluateAll(Selection selection, Thresholds ageThresholds, Instant now) {
    // Policy sessions over EM's whole 30-day window: a policy stopped days ago still shows, and a
    // task session's parent is found even when it started before the look-back window.
    Map<Uid, CdpPolicySession> policySessions = new HashMap<>();
    source.policySessions(
        new PolicySessionQuery(
            now.minus(Selection.MAX_LOOKBACK).minus(POLICY_SESSION_LENGTH),
            Set.of(),
            selection.backupServer()),
        session -> policySessions.put(session.id(), session));

    // Newest per VM over everything read (the query narrows by name and server already); the
    // other filters come after, so that a named VM they leave out can be told apart from one
    // without sessions.
    Map<VmKey, CdpTaskSession> newestPerVm = new LinkedHashMap<>();
    source.taskSessions(
        new TaskSessionQuery(
            now.minus(selection.lookback()), selection.vms(), selection.backupServer()),
        session -> newestPerVm.merge(VmKey.of(session), session, CdpHealthService::newer));

    PolicyNames policyNames = new PolicyNames(policySessions);
    List<VmVerdict> vmVerdicts = new ArrayList<>();
    List<String> policiesOfSelectedVms = new ArrayList<>();
    for (CdpTaskSession session : newestPerVm.values()) {
      boolean named = selection.vms().contains(session.vmDisplayName());
      Optional<String> policy = policyNames.of(session);
      if (!selection.selectsVm(session.vmDisplayName())) {
        if (named) {
          vmVerdicts.add(unjudged(session, policy, new Finding.ExcludedByPattern()));
        }
      } else if (selection.policies().isEmpty()
          || policy.filter(selection::selectsPolicy).isPresent()) {
        policy.ifPresent(policiesOfSelectedVms::add);
        vmVerdicts.add(judge(session, policy, ageThresholds, now));
      } else if (policy.isEmpty()) {
        vmVerdicts.add(unattributable(session, ageThresholds, now));
      } else if (named) {
        vmVerdicts.add(unjudged(session, policy, new Finding.InOtherPolicy(policy.get())));
      }
    }
    for (String vm : selection.vms()) {
      if (newestPerVm.keySet().stream().noneMatch(key -> key.vm().equals(vm))) {
        vmVerdicts.add(
            new VmVerdict(
                vm,
                Optional.empty(),
                selection.backupServer(),
                Status.CRITICAL,
                List.of(new Finding.NoTaskSession(selection.lookback())),
                Optional.empty(),
                Optional.empty()));
      }
    }

    Map<Uid, CdpPolicySession> newestPerPolicy = new LinkedHashMap<>();
    for (CdpPolicySession session : policySessions.values()) {
      newestPerPolicy.merge(session.policyUid(), session, CdpHealthService::newer);
    }
    List<PolicyVerdict> policyVerdicts = new ArrayList<>();
    for (CdpPolicySession newest : newestPerPolicy.values()) {
      String name = newest.policyName();
      boolean selected =
          selection.policies().isEmpty()
              ? !selection.narrowsVms() || policiesOfSelectedVms.contains(name)
              : selection.selectsPolicy(name);
      if (selected) {
        policyVerdicts.add(judge(newest));
      }
    }
    for (String policy : selection.policies()) {
      if (newestPerPolicy.values().stream().noneMatch(s -> s.policyName().equals(policy))) {
        policyVerdicts.add(
            new PolicyVerdict(
                policy,
                selection.backupServer(),
                Status.CRITICAL,
                List.of(new Finding.NoPolicySession(Selection.MAX_LOOKBACK)),
                Optional.empty()));
      }
    }
    return new CdpReport(now, selection, ageThresholds, vmVerdicts, policyVerdicts, judgeEm(now));
  }

  /** One task session, named through the link graph of it and the policy session above it. */
  private CdpReport evaluateOne(
      Uid id, Selection selection, Thresholds ageThresholds, Instant now) {
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
    VmVerdict vm = judge(session, policy, Thresholds.NONE, now);
    vm =
        new VmVerdict(
            vm.vm(), vm.policy(), server, vm.status(), vm.findings(), vm.newest(), vm.age());
    List<PolicyVerdict> policies = policySession.map(s -> List.of(judge(s))).orElse(List.of());
    return new CdpReport(now, selection, Thresholds.NONE, List.of(vm), policies, judgeEm(now));
  }

  /** EM's certificate, as the reads found it; judged once they are done. */
  private EmVerdict judgeEm(Instant now) {
    Optional<Instant> expiry = source.certificateExpiry();
    List<Finding> findings = new ArrayList<>();
    if (expiry.isPresent() && !certificateWarning.isZero()) {
      Duration left = Duration.between(now, expiry.get());
      if (left.isNegative() || left.isZero()) {
        findings.add(new Finding.CertificateExpired(expiry.get()));
      } else if (left.compareTo(certificateWarning) <= 0) {
        findings.add(new Finding.CertificateExpiring(left, expiry.get()));
      }
    }
    return new EmVerdict(expiry, worstOf(findings), findings);
  }

  private static VmVerdict judge(
      CdpTaskSession session, Optional<String> policy, Thresholds ageThresholds, Instant now) {
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
    Status ageStatus = ageThresholds.evaluate(age.toSeconds());
    if (ageStatus != Status.OK) {
      Range violated =
          (ageStatus == Status.CRITICAL ? ageThresholds.critical() : ageThresholds.warning()).get();
      findings.add(new Finding.Stale(age, ageStatus, violated));
    }
    findings.sort(Comparator.comparing(Finding::status, Status.BY_SEVERITY.reversed()));
    return new VmVerdict(
        session.vmDisplayName(),
        policy,
        session.backupServerLink().flatMap(Link::name),
        worstOf(findings),
        findings,
        Optional.of(session),
        Optional.of(age));
  }

  /** A VM whose newest session's policy cannot be told, while the selection names policies. */
  private static VmVerdict unattributable(
      CdpTaskSession session, Thresholds ageThresholds, Instant now) {
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
        judged.age());
  }

  /** A named VM that the rest of the selection leaves out: said, not judged. */
  private static VmVerdict unjudged(CdpTaskSession session, Optional<String> policy, Finding why) {
    return new VmVerdict(
        session.vmDisplayName(),
        policy,
        session.backupServerLink().flatMap(Link::name),
        why.status(),
        List.of(why),
        Optional.of(session),
        Optional.empty());
  }

  private static PolicyVerdict judge(CdpPolicySession session) {
    List<Finding> findings = new ArrayList<>();
    if (session.state().is(PolicySessionState.STOPPED)) {
      findings.add(
          new Finding.PolicyStopped(
              session.result().is(SessionResult.FAILED), withoutPrefix(session.failureMessage())));
    } else if (!session.state().isDocumented()) {
      findings.add(new Finding.UndocumentedState(session.state().raw()));
    }
    return new PolicyVerdict(
        session.policyName(),
        session.backupServerLink().flatMap(Link::name),
        worstOf(findings),
        findings,
        Optional.of(session));
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

  /** A VM is known by its display name on one backup server. */
  private record VmKey(String server, String vm) {
    static VmKey of(CdpTaskSession session) {
      return new VmKey(
          session.backupServerLink().flatMap(Link::name).orElse(""), session.vmDisplayName());
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
