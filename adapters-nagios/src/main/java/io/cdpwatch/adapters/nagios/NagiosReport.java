package io.cdpwatch.adapters.nagios;

import io.cdpwatch.cli.Evaluation;
import io.cdpwatch.core.check.AgeThresholds;
import io.cdpwatch.core.check.Durations;
import io.cdpwatch.core.check.Range;
import io.cdpwatch.core.check.Status;
import io.cdpwatch.core.check.Thresholds;
import io.cdpwatch.core.domain.CdpPolicy;
import io.cdpwatch.core.domain.CdpReplicaSettings;
import io.cdpwatch.core.domain.CdpTaskSession;
import io.cdpwatch.core.domain.UtcTime;
import io.cdpwatch.core.port.in.CdpReport;
import io.cdpwatch.core.port.in.Finding;
import io.cdpwatch.core.port.in.PolicyVerdict;
import io.cdpwatch.core.port.in.VmVerdict;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Words a {@link CdpReport} for Nagios: a summary that counts the problems and names the worst
 * items, a detail line per item (problems worst first, then the OK ones), and the metrics that
 * become performance data.
 */
final class NagiosReport {

  /** The one-line summary names problem items until it is this long (at least one item). */
  private static final int SUMMARY_CHARS = 100;

  /** How much of a name and of a problem text the one-line summary keeps. */
  private static final int SUMMARY_PART_CHARS = 40;

  private final CdpReport report;

  private NagiosReport(CdpReport report) {
    this.report = report;
  }

  static CheckResult toCheckResult(CdpReport report) {
    NagiosReport words = new NagiosReport(report);
    return new CheckResult(report.status(), words.summary(), words.details(), words.metrics());
  }

  /**
   * One finding in words, e.g. "Failed: Disk full" or "newest session 3d old, critical after 2d".
   */
  static String describe(Finding finding) {
    if (finding instanceof Finding.TaskFailed f) {
      return withReason("Failed", f.reason());
    } else if (finding instanceof Finding.TaskWarning f) {
      return withReason("Warning", f.reason());
    } else if (finding instanceof Finding.UndocumentedResult f) {
      return "undocumented result '" + f.value() + "'";
    } else if (finding instanceof Finding.UndocumentedState f) {
      return "undocumented state '" + f.value() + "'";
    } else if (finding instanceof Finding.Stale f) {
      return describeAge(f.age(), f.status(), f.violated()) + origin(f.applied());
    } else if (finding instanceof Finding.NoTaskSession f) {
      return f.lastSeen()
          .map(time -> "not replicated since " + UtcTime.minute(time))
          .orElse("no CDP task session in EM's " + f.searched().toDays() + " days");
    } else if (finding instanceof Finding.ExcludedByPattern) {
      return "named with --vm but excluded by --vm-regex or --exclude-vm-regex";
    } else if (finding instanceof Finding.InOtherPolicy f) {
      return "its newest task session is in policy " + f.policy() + ", not in a selected one";
    } else if (finding instanceof Finding.PolicyUnknown f) {
      return "cannot tell its CDP policy: policy session " + f.policySession().id() + " not found";
    } else if (finding instanceof Finding.PolicyStopped f) {
      return withReason(f.failed() ? "Stopped, Failed" : "Stopped", f.message());
    } else if (finding instanceof Finding.NoPolicySession f) {
      return "no CDP policy session in the last " + Durations.format(f.window());
    } else if (finding instanceof Finding.PolicyDisabled) {
      return "disabled, no CDP policy session in EM's 30 days";
    } else if (finding instanceof Finding.SettingsUnavailable f) {
      return "settings not read ("
          + f.reason()
          + "): default age thresholds, included VMs not checked";
    } else if (finding instanceof Finding.CertificateExpiring f) {
      long days = f.left().toDays();
      String when = days > 1 ? "in " + days + " days" : days == 1 ? "in 1 day" : "within a day";
      return "EM's certificate expires " + when + " (" + utcDate(f.notAfter()) + ")";
    } else if (finding instanceof Finding.CertificateExpired f) {
      return "EM's certificate expired on " + utcDate(f.notAfter());
    } else if (finding instanceof Finding.ClockSkew f) {
      return "EM's clock is "
          + Durations.humanize(Duration.ofMinutes(Math.round(f.offset().abs().toSeconds() / 60.0)))
          + (f.offset().isNegative() ? " behind" : " ahead of")
          + " this host's: ages measured on EM's clock (set both by NTP)";
    }
    throw new IllegalArgumentException("no words for " + finding);
  }

  /** Where thresholds came from, as a suffix; nothing for the ones given with -w/-c. */
  private static String origin(AgeThresholds applied) {
    return switch (applied.origin()) {
      case GIVEN -> "";
      case POLICY ->
          " (from its policy's "
              + Durations.format(applied.interval().orElseThrow())
              + " long-term interval)";
      case DEFAULT -> " (default: its policy names no long-term interval)";
    };
  }

  /** "warning after 12h, critical after 1d", or the ranges when they have another shape. */
  private static String limits(Thresholds thresholds) {
    List<String> parts = new ArrayList<>();
    thresholds.warning().ifPresent(r -> parts.add("warning " + limit(r)));
    thresholds.critical().ifPresent(r -> parts.add("critical " + limit(r)));
    return String.join(", ", parts);
  }

  private static String limit(Range range) {
    OptionalDouble limit = range.upperLimit();
    if (limit.isPresent()) {
      return "after " + Durations.humanize(Duration.ofSeconds((long) limit.getAsDouble()));
    }
    return "outside " + range;
  }

  private static String utcDate(Instant instant) {
    return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
  }

  private static String withReason(String what, Optional<String> reason) {
    return reason.map(r -> what + ": " + r).orElse(what);
  }

  private static String describeAge(Duration age, Status status, Range violated) {
    String level = status == Status.CRITICAL ? "critical" : "warning";
    if (violated.upperLimit().isPresent()) {
      return "newest session " + Durations.humanize(age) + " old, " + level + " " + limit(violated);
    }
    return "newest session "
        + Durations.humanize(age)
        + " old ("
        + age.toSeconds()
        + "s), outside "
        + level
        + " range "
        + violated;
  }

  private static List<String> describe(List<Finding> findings) {
    return findings.stream().map(NagiosReport::describe).toList();
  }

  /** What the items say, then what EM's own findings say, like one more problem item. */
  private String summary() {
    List<String> parts = new ArrayList<>();
    parts.add(itemSummary());
    parts.addAll(describe(report.em().findings()));
    return String.join(", ", parts);
  }

  private String itemSummary() {
    if (report.isEmpty()) {
      return "no CDP policy or task session in the last "
          + Durations.format(report.selection().lookback())
          + selectionHint()
          + " (fine with --allow-empty)";
    }
    if (report.selection().taskSession().isPresent() && report.vms().size() == 1) {
      return taskSessionSummary(report.vms().get(0));
    }
    if (problemItems().isEmpty()) {
      return plural(report.vms().size(), "VM")
          + " in "
          + plural(report.policies().size(), "policy")
          + " OK";
    }
    List<String> counts = new ArrayList<>();
    String vmCounts = counts(report.vms().size(), "VM", report::vmCount);
    if (!vmCounts.isEmpty()) {
      counts.add(vmCounts);
    }
    String policyCounts = counts(report.policies().size(), "policy", report::policyCount);
    if (!policyCounts.isEmpty()) {
      counts.add(policyCounts);
    }
    List<Item> problems = problemItems();
    StringBuilder named = new StringBuilder(String.join(", ", counts)).append(": ");
    int shown = 0;
    for (Item item : problems) {
      String text = shorten(item.name) + " (" + shorten(item.problem) + ")";
      if (shown > 0 && named.length() + 2 + text.length() > SUMMARY_CHARS) {
        break;
      }
      named.append(shown > 0 ? ", " : "").append(text);
      shown++;
    }
    if (shown < problems.size()) {
      named.append(", +").append(problems.size() - shown).append(" more");
    }
    return named.toString();
  }

  /**
   * One task session: its VM and outcome, the policy session it belongs to and the backup server,
   * as the link graph named them.
   */
  private String taskSessionSummary(VmVerdict vm) {
    StringBuilder text = new StringBuilder(vm.vm()).append(": ");
    if (describe(vm.findings()).isEmpty()) {
      vm.newest()
          .ifPresent(s -> text.append(s.result().raw()).append(", ").append(s.state().raw()));
    } else {
      text.append(shorten(describe(vm.findings()).get(0)));
    }
    Optional<PolicyVerdict> policy = report.policies().stream().findFirst();
    policy
        .flatMap(PolicyVerdict::newest)
        .ifPresentOrElse(
            session -> text.append(" in policy session ").append(session.name()),
            () -> vm.policy().ifPresent(name -> text.append(" in policy ").append(name)));
    vm.backupServer().ifPresent(server -> text.append(" on ").append(server));
    policy
        .filter(p -> p.status() != Status.OK)
        .ifPresent(
            p ->
                text.append(" (")
                    .append(shorten(firstProblem(describe(p.findings()))))
                    .append(')'));
    return text.toString();
  }

  private String selectionHint() {
    String narrowed = Evaluation.describe(report.selection());
    return narrowed.isEmpty() ? "" : " for " + narrowed;
  }

  /** "2 of 12 VMs failed, 1 warning" for the statuses that have items; empty when all are OK. */
  private static String counts(int total, String noun, Function<Status, Long> count) {
    List<String> parts = new ArrayList<>();
    for (Status status : List.of(Status.CRITICAL, Status.UNKNOWN, Status.WARNING)) {
      long n = count.apply(status);
      if (n > 0) {
        String word = status == Status.CRITICAL ? "failed" : status.name().toLowerCase(Locale.ROOT);
        parts.add(parts.isEmpty() ? n + " of " + plural(total, noun) + " " + word : n + " " + word);
      }
    }
    return String.join(", ", parts);
  }

  private record Item(Status status, String name, String problem) {}

  /** Problem items, worst first; at equal severity a policy comes before its VMs. */
  private List<Item> problemItems() {
    List<Item> items = new ArrayList<>();
    for (PolicyVerdict policy : report.policies()) {
      if (policy.status() != Status.OK) {
        items.add(
            new Item(
                policy.status(),
                "policy " + policy.policy(),
                firstProblem(describe(policy.findings()))));
      }
    }
    for (VmVerdict vm : report.vms()) {
      if (vm.status() != Status.OK) {
        items.add(new Item(vm.status(), vm.vm(), firstProblem(describe(vm.findings()))));
      }
    }
    items.sort((a, b) -> Status.WORST_FIRST.compare(a.status(), b.status()));
    return items;
  }

  private static String firstProblem(List<String> problems) {
    return problems.isEmpty() ? "" : problems.get(0);
  }

  private List<CheckResult.Detail> details() {
    List<CheckResult.Detail> problems = new ArrayList<>();
    List<CheckResult.Detail> fine = new ArrayList<>();
    for (Finding finding : report.em().findings()) {
      problems.add(new CheckResult.Detail(finding.status(), describe(finding)));
    }
    for (PolicyVerdict policy : report.policies()) {
      (policy.status() == Status.OK ? fine : problems)
          .add(new CheckResult.Detail(policy.status(), describe(policy)));
    }
    for (VmVerdict vm : report.vms()) {
      (vm.status() == Status.OK ? fine : problems)
          .add(new CheckResult.Detail(vm.status(), describe(vm)));
    }
    problems.sort((a, b) -> Status.WORST_FIRST.compare(a.status(), b.status()));
    problems.addAll(fine);
    return problems;
  }

  private String describe(PolicyVerdict policy) {
    StringBuilder text = new StringBuilder("policy ").append(policy.policy());
    policy.backupServer().ifPresent(server -> text.append(" on ").append(server));
    text.append(": ");
    if (!describe(policy.findings()).isEmpty()) {
      text.append(String.join("; ", describe(policy.findings())));
    } else {
      policy.newest().ifPresent(s -> text.append(s.state().raw()));
    }
    policy
        .newest()
        .ifPresent(
            s ->
                text.append("; newest session started ")
                    .append(
                        Durations.humanize(
                            Duration.between(s.creationTime(), report.evaluatedAt())))
                    .append(" ago"));
    policy.configuration().ifPresent(configuration -> text.append(promises(configuration)));
    AgeThresholds ages = ageThresholdsOf(policy);
    if (!ages.thresholds().equals(Thresholds.NONE)) {
      text.append("; VM age ").append(limits(ages.thresholds()));
      text.append(ages.origin() == AgeThresholds.Origin.GIVEN ? " (-w/-c)" : origin(ages));
    }
    return text.toString();
  }

  /** "; RPO 15s (warning 30s, failed 1m); includes 1 container: Folder Web canaries". */
  private static String promises(CdpPolicy policy) {
    StringBuilder text = new StringBuilder();
    CdpReplicaSettings settings = policy.settings();
    settings
        .rpo()
        .ifPresent(
            rpo -> {
              text.append("; RPO ").append(Durations.format(rpo));
              List<String> marks = new ArrayList<>();
              settings.rpoWarning().ifPresent(d -> marks.add("warning " + Durations.format(d)));
              settings.rpoFailed().ifPresent(d -> marks.add("failed " + Durations.format(d)));
              if (!marks.isEmpty()) {
                text.append(" (").append(String.join(", ", marks)).append(')');
              }
            });
    List<String> containers =
        policy.includes().stream()
            .filter(o -> !o.isVm())
            .map(o -> (o.kind().isEmpty() ? "object" : o.kind()) + " " + o.label())
            .toList();
    if (!containers.isEmpty()) {
      text.append("; includes ")
          .append(plural(containers.size(), "container"))
          .append(" whose VMs EM does not list: ")
          .append(String.join(", ", containers));
    }
    return text.toString();
  }

  /** The thresholds the policy's VMs are held to: as judged, else as its settings give them. */
  private AgeThresholds ageThresholdsOf(PolicyVerdict policy) {
    return report.vms().stream()
        .filter(
            vm ->
                vm.policy().equals(Optional.of(policy.policy()))
                    && vm.backupServer().equals(policy.backupServer()))
        .map(VmVerdict::ageThresholds)
        .findFirst()
        .or(
            () ->
                report.vms().stream()
                    .map(VmVerdict::ageThresholds)
                    .filter(given -> given.origin() == AgeThresholds.Origin.GIVEN)
                    .findFirst())
        .orElseGet(
            () ->
                AgeThresholds.fromPolicy(
                    policy.configuration().flatMap(p -> p.settings().longTermInterval())));
  }

  private String describe(VmVerdict vm) {
    StringBuilder text = new StringBuilder(vm.vm());
    List<String> where = new ArrayList<>();
    vm.policy().ifPresent(p -> where.add("policy " + p));
    vm.backupServer().ifPresent(s -> where.add("server " + s));
    if (!where.isEmpty()) {
      text.append(" (").append(String.join(", ", where)).append(')');
    }
    text.append(": ");
    if (!describe(vm.findings()).isEmpty()) {
      text.append(String.join("; ", describe(vm.findings())));
    } else {
      vm.newest()
          .ifPresent(s -> text.append(s.result().raw()).append(", ").append(s.state().raw()));
    }
    boolean ageSaid = vm.has(Finding.Kind.STALE);
    if (!ageSaid) {
      vm.age()
          .ifPresent(
              age ->
                  text.append("; newest session ").append(Durations.humanize(age)).append(" old"));
    }
    return text.toString();
  }

  private List<Metric> metrics() {
    List<Metric> metrics = new ArrayList<>();
    metrics.add(Metric.gauge("vms", report.vms().size(), Metric.Unit.NONE));
    metrics.add(Metric.gauge("vms_ok", report.vmCount(Status.OK), Metric.Unit.NONE));
    metrics.add(Metric.gauge("vms_warning", report.vmCount(Status.WARNING), Metric.Unit.NONE));
    metrics.add(Metric.gauge("vms_failed", report.vmCount(Status.CRITICAL), Metric.Unit.NONE));
    metrics.add(Metric.gauge("vms_unknown", report.vmCount(Status.UNKNOWN), Metric.Unit.NONE));
    metrics.add(Metric.gauge("policies", report.policies().size(), Metric.Unit.NONE));
    metrics.add(
        Metric.gauge("policies_warning", report.policyCount(Status.WARNING), Metric.Unit.NONE));
    metrics.add(
        Metric.gauge("policies_failed", report.policyCount(Status.CRITICAL), Metric.Unit.NONE));
    metrics.add(
        Metric.gauge("policies_unknown", report.policyCount(Status.UNKNOWN), Metric.Unit.NONE));
    policyMetrics(metrics);
    Map<String, Long> sameName = new HashMap<>();
    report.vms().forEach(vm -> sameName.merge(vm.vm(), 1L, Long::sum));
    for (VmVerdict vm : report.vms()) {
      String label =
          sameName.get(vm.vm()) > 1 && vm.backupServer().isPresent()
              ? vm.vm() + "@" + vm.backupServer().get()
              : vm.vm();
      vm.age()
          .ifPresent(
              age ->
                  metrics.add(
                      new Metric(
                          label + " age",
                          age.toSeconds(),
                          Metric.Unit.SECONDS,
                          vm.ageThresholds().thresholds(),
                          OptionalDouble.of(0),
                          OptionalDouble.empty())));
      vm.newest()
          .map(CdpTaskSession::totalSize)
          .filter(OptionalLong::isPresent)
          .map(OptionalLong::getAsLong)
          .ifPresent(size -> metrics.add(Metric.gauge(label + " size", size, Metric.Unit.BYTES)));
    }
    return metrics;
  }

  /** Per policy what B&R promises: its RPO and when B&R marks it Warning or Failed, in seconds. */
  private void policyMetrics(List<Metric> metrics) {
    Map<String, Long> sameName = new HashMap<>();
    report.policies().forEach(p -> sameName.merge(p.policy(), 1L, Long::sum));
    for (PolicyVerdict policy : report.policies()) {
      if (policy.configuration().isEmpty()) {
        continue;
      }
      String label =
          sameName.get(policy.policy()) > 1 && policy.backupServer().isPresent()
              ? policy.policy() + "@" + policy.backupServer().get()
              : policy.policy();
      CdpReplicaSettings settings = policy.configuration().get().settings();
      settings.rpo().ifPresent(d -> metrics.add(seconds(label + " rpo", d)));
      settings.rpoWarning().ifPresent(d -> metrics.add(seconds(label + " rpo_warning", d)));
      settings.rpoFailed().ifPresent(d -> metrics.add(seconds(label + " rpo_failed", d)));
    }
  }

  private static Metric seconds(String label, Duration value) {
    return Metric.gauge(label, value.toSeconds(), Metric.Unit.SECONDS);
  }

  private static String shorten(String text) {
    return Text.shorten(text, SUMMARY_PART_CHARS);
  }

  private static String plural(long n, String noun) {
    if (n == 1) {
      return "1 " + noun;
    }
    return n
        + " "
        + (noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s");
  }
}
