package io.cdpwatch.emsim;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The faults in force, each bound to a path prefix and counting down its uses. */
final class Faults {

  /** A fault bound to a path prefix, with the number of uses it has left. */
  static final class Active {
    final String prefix;
    final Fault fault;
    private final AtomicInteger left;

    Active(String prefix, Fault fault) {
      this.prefix = prefix;
      this.fault = fault;
      this.left = new AtomicInteger(fault.limit() == 0 ? Integer.MAX_VALUE : fault.limit());
    }

    Fault.Kind kind() {
      return fault.kind();
    }

    /**
     * A prefix may name query parameters ({@code /api/query?type=CdpPolicy}): then each must be in
     * the request, in any order, its value compared case-insensitively as EM does.
     */
    boolean appliesTo(Request r) {
      int q = prefix.indexOf('?');
      if (q < 0) {
        return r.path.startsWith(prefix);
      }
      if (!r.path.startsWith(prefix.substring(0, q))) {
        return false;
      }
      for (String pair : prefix.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        String value = r.param(name);
        if (value == null || (eq >= 0 && !value.equalsIgnoreCase(pair.substring(eq + 1)))) {
          return false;
        }
      }
      return true;
    }

    /** Uses it once; false when it has no use left. */
    boolean consume() {
      if (fault.limit() == 0) {
        return true;
      }
      return left.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }
  }

  private final List<Active> active = new CopyOnWriteArrayList<>();

  Faults(List<Scenario.FaultRule> rules) {
    for (Scenario.FaultRule r : rules) {
      active.add(new Active(r.pathPrefix(), r.fault()));
    }
  }

  /** The faults in force, in the order they were added. */
  List<Active> all() {
    return active;
  }

  /** The API versions the UNSUPPORTED_VERSION faults for this request take away (lower case). */
  Set<String> withdrawnVersions(Request r) {
    Set<String> withdrawn = new HashSet<>();
    for (Active f : active) {
      if (f.kind() == Fault.Kind.UNSUPPORTED_VERSION && f.appliesTo(r) && f.consume()) {
        withdrawn.add(f.fault.field().toLowerCase(Locale.ROOT));
      }
    }
    return withdrawn;
  }

  /** The scenario's API versions less those a fault withdrew for this request. */
  List<String> supportedVersions(Scenario scenario, Request r) {
    Set<String> withdrawn = withdrawnVersions(r);
    return scenario.supportedVersions().stream()
        .filter(v -> !withdrawn.contains(v.toLowerCase(Locale.ROOT)))
        .toList();
  }

  void add(String pathPrefix, Fault fault) {
    active.add(new Active(pathPrefix, fault));
  }

  void remove(String pathPrefix) {
    active.removeIf(f -> f.prefix.equals(pathPrefix));
  }

  void clear() {
    active.clear();
  }
}
