package io.cdpwatch.core.port.in;

import io.cdpwatch.core.check.CheckResult;
import io.cdpwatch.core.check.Durations;
import io.cdpwatch.core.check.Metric;
import io.cdpwatch.core.check.Status;
import io.cdpwatch.core.check.Text;
import io.cdpwatch.core.check.Thresholds;
import io.cdpwatch.core.domain.CdpTaskSession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * What a CDP health evaluation found: a verdict per VM and per policy, worst first, and the overall
 * status, the worst of them all (UNKNOWN when nothing at all was found to judge).
 */
public record CdpReport(
    Instant evaluatedAt,
    Selection selection,
    Thresholds ageThresholds,
    List<VmVerdict> vms,
    List<PolicyVerdict> policies) {

  /** The one-line summary names problem items until it is this long (at least one item). */
  private static final int SUMMARY_CHARS = 100;

  /** How much of a name and of a problem text the one-line summary keeps. */
  private static final int SUMMARY_PART_CHARS = 40;

  private static final Comparator<Status> WORST_FIRST = Status.BY_SEVERITY.reversed();

  public CdpReport {
    Objects.requireNonNull(evaluatedAt, "'evaluatedAt' must not be null");
    Objects.requireNonNull(selection, "'selection' must not be null");
    Objects.requireNonNull(ageThresholds, "'ageThresholds' must not be null");
    vms =
        vms.stream()
            .sorted(
                Comparator.comparing(VmVerdict::status, WORST_FIRST)
                    .thenComparing(VmVerdict::vm, String.CASE_INSENSITIVE_ORDER)
                    .thenComparing(VmVerdict::vm)
                    .thenComparing(v -> v.backupServer().orElse("")))
            .toList();
    policies =
        policies.stream()
            .sorted(
                Comparator.comparing(PolicyVerdict::status, WORST_FIRST)
                    .thenComparing(PolicyVerdict::policy, String.CASE_INSENSITIVE_ORDER)
                    .thenComparing(PolicyVerdict::policy)
                    .thenComparing(p -> p.backupServer().orElse("")))
            .toList();
  }

  /** True when no VM and no policy was found to judge. */
  public boolean isEmpty() {
    return vms.isEmpty() && policies.isEmpty();
  }

  /** The worst item status; UNKNOWN when there is nothing to judge. */
  public Status status() {
    if (isEmpty()) {
      return Status.UNKNOWN;
    }
    Status worst = Status.worstOf(vms.stream().map(VmVerdict::status).toList());
    return worst.worst(Status.worstOf(policies.stream().map(PolicyVerdict::status).toList()));
  }

  /** How many VMs have {@code status}. */
  public long vmCount(Status status) {
    return vms.stream().filter(v -> v.status() == status).count();
  }

  /** How many policies have {@code status}. */
  public long policyCount(Status status) {
    return policies.stream().filter(p -> p.status() == status).count();
  }

  /**
   * The report as a monitoring-neutral result: a summary that counts the problems and names the
   * worst items, a detail line per item (problems worst first, then the OK ones), and metrics.
   */
  public CheckResult toCheckResult() {
    return new CheckResult(status(), summary(), details(), metrics());
  }

  private String summary() {
    if (isEmpty()) {
      return "no CDP policy or task sessions in the last %s%s (is CDP replication configured,"
              .formatted(Durations.format(selection.lookback()), selectionHint())
          + " and may this account see it?)";
    }
    if (selection.taskSession().isPresent() && vms.size() == 1) {
      return taskSessionSummary(vms.get(0));
    }
    if (status() == Status.OK) {
      return "%s in %s OK".formatted(plural(vms.size(), "VM"), plural(policies.size(), "policy"));
    }
    List<String> counts = new ArrayList<>();
    String vmCounts = counts(vms.size(), "VM", this::vmCount);
    if (!vmCounts.isEmpty()) {
      counts.add(vmCounts);
    }
    String policyCounts = counts(policies.size(), "policy", this::policyCount);
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
    if (vm.problems().isEmpty()) {
      vm.newest()
          .ifPresent(s -> text.append(s.result().raw()).append(", ").append(s.state().raw()));
    } else {
      text.append(shorten(vm.problems().get(0)));
    }
    Optional<PolicyVerdict> policy = policies.stream().findFirst();
    policy
        .flatMap(PolicyVerdict::newest)
        .ifPresentOrElse(
            session -> text.append(" in policy session ").append(session.name()),
            () -> vm.policy().ifPresent(name -> text.append(" in policy ").append(name)));
    vm.backupServer().ifPresent(server -> text.append(" on ").append(server));
    policy
        .filter(p -> p.status() != Status.OK)
        .ifPresent(p -> text.append(" (").append(shorten(firstProblem(p.problems()))).append(')'));
    return text.toString();
  }

  private String selectionHint() {
    List<String> parts = new ArrayList<>();
    if (!selection.policies().isEmpty()) {
      parts.add("policy " + String.join(", ", selection.policies()));
    }
    selection.backupServer().ifPresent(server -> parts.add("backup server " + server));
    if (selection.narrowsVms()) {
      parts.add("the selected VMs");
    }
    return parts.isEmpty() ? "" : " for " + String.join(", ", parts);
  }

  /** "2 of 12 VMs failed, 1 warning" for the statuses that have items; empty when all are OK. */
  private static String counts(int total, String noun, Function<Status, Long> count) {
    List<String> parts = new ArrayList<>();
    for (Status status : List.of(Status.CRITICAL, Status.UNKNOWN, Status.WARNING)) {
      long n = count.apply(status);
      if (n > 0) {
        String word = status == Status.CRITICAL ? "failed" : status.name().toLowerCase();
        parts.add(
            parts.isEmpty()
                ? "%d of %s %s".formatted(n, plural(total, noun), word)
                : n + " " + word);
      }
    }
    return String.join(", ", parts);
  }

  private record Item(Status status, String name, String problem) {}

  /** Problem items, worst first; at equal severity a policy comes before its VMs. */
  private List<Item> problemItems() {
    List<Item> items = new ArrayList<>();
    for (PolicyVerdict policy : policies) {
      if (policy.status() != Status.OK) {
        items.add(
            new Item(
                policy.status(), "policy " + policy.policy(), firstProblem(policy.problems())));
      }
    }
    for (VmVerdict vm : vms) {
      if (vm.status() != Status.OK) {
        items.add(new Item(vm.status(), vm.vm(), firstProblem(vm.problems())));
      }
    }
    items.sort(Comparator.comparing(Item::status, WORST_FIRST));
    return items;
  }

  private static String firstProblem(List<String> problems) {
    return problems.isEmpty() ? "" : problems.get(0);
  }

  private List<CheckResult.Detail> details() {
    List<CheckResult.Detail> problems = new ArrayList<>();
    List<CheckResult.Detail> fine = new ArrayList<>();
    for (PolicyVerdict policy : policies) {
      (policy.status() == Status.OK ? fine : problems)
          .add(new CheckResult.Detail(policy.status(), describe(policy)));
    }
    for (VmVerdict vm : vms) {
      (vm.status() == Status.OK ? fine : problems)
          .add(new CheckResult.Detail(vm.status(), describe(vm)));
    }
    problems.sort(Comparator.comparing(CheckResult.Detail::status, WORST_FIRST));
    problems.addAll(fine);
    return problems;
  }

  private String describe(PolicyVerdict policy) {
    StringBuilder text = new StringBuilder("policy ").append(policy.policy());
    policy.backupServer().ifPresent(server -> text.append(" on ").append(server));
    text.append(": ");
    if (!policy.problems().isEmpty()) {
      text.append(String.join("; ", policy.problems()));
    } else {
      policy.newest().ifPresent(s -> text.append(s.state().raw()));
    }
    policy
        .newest()
        .ifPresent(
            s ->
                text.append("; newest session started ")
                    .append(Durations.humanize(Duration.between(s.creationTime(), evaluatedAt)))
                    .append(" ago"));
    return text.toString();
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
    if (!vm.problems().isEmpty()) {
      text.append(String.join("; ", vm.problems()));
    } else {
      vm.newest()
          .ifPresent(s -> text.append(s.result().raw()).append(", ").append(s.state().raw()));
    }
    boolean ageSaid = vm.problems().stream().anyMatch(p -> p.startsWith("newest session"));
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
    metrics.add(Metric.gauge("vms", vms.size(), Metric.Unit.NONE));
    metrics.add(Metric.gauge("vms_ok", vmCount(Status.OK), Metric.Unit.NONE));
    metrics.add(Metric.gauge("vms_warning", vmCount(Status.WARNING), Metric.Unit.NONE));
    metrics.add(Metric.gauge("vms_failed", vmCount(Status.CRITICAL), Metric.Unit.NONE));
    metrics.add(Metric.gauge("vms_unknown", vmCount(Status.UNKNOWN), Metric.Unit.NONE));
    metrics.add(Metric.gauge("policies", policies.size(), Metric.Unit.NONE));
    metrics.add(Metric.gauge("policies_failed", policyCount(Status.CRITICAL), Metric.Unit.NONE));
    metrics.add(Metric.gauge("policies_unknown", policyCount(Status.UNKNOWN), Metric.Unit.NONE));
    Map<String, Long> sameName = new HashMap<>();
    vms.forEach(vm -> sameName.merge(vm.vm(), 1L, Long::sum));
    for (VmVerdict vm : vms) {
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
                          ageThresholds,
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
