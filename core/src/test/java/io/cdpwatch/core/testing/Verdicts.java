package io.cdpwatch.core.testing;

import io.cdpwatch.core.port.in.CdpReport;
import io.cdpwatch.core.port.in.PolicyVerdict;
import io.cdpwatch.core.port.in.VmVerdict;

/** Test helpers: a report's verdict by name, or an assertion error that lists what there is. */
public final class Verdicts {

  private Verdicts() {}

  public static VmVerdict vm(CdpReport report, String name) {
    return report.vms().stream()
        .filter(v -> v.vm().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no VM " + name + " in " + report.vms()));
  }

  public static PolicyVerdict policy(CdpReport report, String name) {
    return report.policies().stream()
        .filter(p -> p.policy().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no policy " + name + " in " + report.policies()));
  }
}
