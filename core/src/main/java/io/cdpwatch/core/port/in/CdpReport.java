package io.cdpwatch.core.port.in;

import io.cdpwatch.core.check.Status;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a CDP health evaluation found: a verdict per VM and per policy, worst first (then by name),
 * and the overall status, the worst of them all (when nothing at all was found to judge: UNKNOWN,
 * or OK when the selection allows an empty estate).
 *
 * @param evaluatedAt the time ages were measured against
 * @param selection what was asked for
 * @param em what was found about Enterprise Manager itself (its certificate)
 */
public record CdpReport(
    Instant evaluatedAt,
    Selection selection,
    List<VmVerdict> vms,
    List<PolicyVerdict> policies,
    EmVerdict em) {

  private static final Comparator<VmVerdict> VMS_IN_ORDER =
      worstFirstThenByName(VmVerdict::status, VmVerdict::vm, VmVerdict::backupServer);

  private static final Comparator<PolicyVerdict> POLICIES_IN_ORDER =
      worstFirstThenByName(
          PolicyVerdict::status, PolicyVerdict::policy, PolicyVerdict::backupServer);

  /**
   * Worst first, then by name (ignoring case, then exactly), then by backup server. Written out:
   * the JDK's {@code Comparator.comparing(...).thenComparing(...)} lambdas are spun at run time,
   * milliseconds in a short run.
   */
  private static <T> Comparator<T> worstFirstThenByName(
      Function<T, Status> status, Function<T, String> name, Function<T, Optional<String>> server) {
    return (a, b) -> {
      int order = Status.WORST_FIRST.compare(status.apply(a), status.apply(b));
      order =
          order != 0 ? order : String.CASE_INSENSITIVE_ORDER.compare(name.apply(a), name.apply(b));
      order = order != 0 ? order : name.apply(a).compareTo(name.apply(b));
      return order != 0 ? order : server.apply(a).orElse("").compareTo(server.apply(b).orElse(""));
    };
  }

  public CdpReport {
    Objects.requireNonNull(evaluatedAt, "'evaluatedAt' must not be null");
    Objects.requireNonNull(selection, "'selection' must not be null");
    Objects.requireNonNull(em, "'em' must not be null");
    vms = vms.stream().sorted(VMS_IN_ORDER).toList();
    policies = policies.stream().sorted(POLICIES_IN_ORDER).toList();
  }

  /** A report with nothing found about EM itself. */
  public CdpReport(
      Instant evaluatedAt, Selection selection, List<VmVerdict> vms, List<PolicyVerdict> policies) {
    this(evaluatedAt, selection, vms, policies, EmVerdict.none());
  }

  /** True when no VM and no policy was found to judge. */
  public boolean isEmpty() {
    return vms.isEmpty() && policies.isEmpty();
  }

  /**
   * The worst item status, and EM's own; with nothing to judge UNKNOWN, unless the selection allows
   * it.
   */
  public Status status() {
    if (isEmpty()) {
      return (selection.allowEmpty() ? Status.OK : Status.UNKNOWN).worst(em.status());
    }
    Status worst = Status.worstOf(vms.stream().map(VmVerdict::status).toList());
    return worst
        .worst(Status.worstOf(policies.stream().map(PolicyVerdict::status).toList()))
        .worst(em.status());
  }

  /** How many VMs have {@code status}. */
  public long vmCount(Status status) {
    return vms.stream().filter(v -> v.status() == status).count();
  }

  /** How many policies have {@code status}. */
  public long policyCount(Status status) {
    return policies.stream().filter(p -> p.status() == status).count();
  }
}
