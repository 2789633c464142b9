package io.cdpwatch.emsim;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

/**
 * The faults that shape the body of an authenticated answer: they replace it with a hostile one,
 * cut it, add what a later EM version would, or change the query dialect of the request.
 */
final class BodyFaults {

  /** How the answer's body is to be shaped. */
  record Shape(boolean truncated, boolean unknownEnums, boolean unknownElements) {}

  private static final Set<Fault.Kind> REPLACING =
      EnumSet.of(
          Fault.Kind.EXTERNAL_ENTITY,
          Fault.Kind.EXTERNAL_DTD,
          Fault.Kind.EXTERNAL_ENTITY_FILE,
          Fault.Kind.ENTITY_BOMB,
          Fault.Kind.DEEP_NESTING,
          Fault.Kind.HUGE_BODY);

  private final Faults faults;
  private final HostileBodies hostile;

  BodyFaults(Faults faults, HostileBodies hostile) {
    this.faults = faults;
    this.hostile = hostile;
  }

  /**
   * The shape of the answer to {@code r}, its query dialect faults set on it; null when a fault has
   * already answered with a hostile body.
   */
  Shape apply(Request r) throws IOException {
    boolean truncated = false;
    boolean unknownEnums = false;
    boolean unknownElements = false;
    for (Faults.Active f : faults.all()) {
      Fault.Kind k = f.kind();
      if (!f.appliesTo(r)
          || Fault.BEFORE_AUTH.contains(k)
          || k == Fault.Kind.UNSUPPORTED_VERSION
          || !f.consume()) {
        continue;
      }
      if (REPLACING.contains(k)) {
        hostile.send(r, f.fault);
        return null;
      }
      truncated |= k == Fault.Kind.TRUNCATED;
      unknownEnums |= k == Fault.Kind.UNKNOWN_ENUMS;
      unknownElements |= k == Fault.Kind.UNKNOWN_ELEMENTS;
      r.refuseFilters |= k == Fault.Kind.REFUSE_FILTERS;
      r.ignoreFilters |= k == Fault.Kind.IGNORE_FILTERS;
      r.cut |= k == Fault.Kind.CUT;
      r.nextLoop |= k == Fault.Kind.NEXT_LOOP;
      r.nextSkip |= k == Fault.Kind.NEXT_SKIP;
      r.shrinking |= k == Fault.Kind.SHRINKING_PAGES;
      if (k == Fault.Kind.BOM
          || k == Fault.Kind.UTF16
          || k == Fault.Kind.GZIP
          || k == Fault.Kind.INVALID_UTF8
          || k == Fault.Kind.EMPTY_BODY) {
        r.bytes = k;
      }
      if (k == Fault.Kind.CONTENT_TYPE) {
        r.contentType = f.fault.field();
      }
      if (k == Fault.Kind.TRICKLE) {
        r.trickleMillis = f.fault.amount();
      }
      if (k == Fault.Kind.REFUSE_FILTER_FIELD) {
        r.refusedField = f.fault.field();
      }
    }
    return new Shape(truncated, unknownEnums, unknownElements);
  }
}
