package io.cdpwatch.adapters.http;

import io.cdpwatch.adapters.http.XmlTypes.XBackupServer;
import io.cdpwatch.adapters.http.XmlTypes.XCdpReplicaOptions;
import io.cdpwatch.adapters.http.XmlTypes.XLink;
import io.cdpwatch.adapters.http.XmlTypes.XObjectInJob;
import io.cdpwatch.adapters.http.XmlTypes.XPolicy;
import io.cdpwatch.adapters.http.XmlTypes.XPolicySession;
import io.cdpwatch.adapters.http.XmlTypes.XResource;
import io.cdpwatch.adapters.http.XmlTypes.XRpoThreshold;
import io.cdpwatch.adapters.http.XmlTypes.XTaskSession;
import io.cdpwatch.core.domain.BackupServer;
import io.cdpwatch.core.domain.CdpPolicy;
import io.cdpwatch.core.domain.CdpPolicySession;
import io.cdpwatch.core.domain.CdpReplicaSettings;
import io.cdpwatch.core.domain.CdpTaskSession;
import io.cdpwatch.core.domain.EntityRef;
import io.cdpwatch.core.domain.IncludedObject;
import io.cdpwatch.core.domain.Link;
import io.cdpwatch.core.domain.PolicySessionState;
import io.cdpwatch.core.domain.Reported;
import io.cdpwatch.core.domain.Resource;
import io.cdpwatch.core.domain.SessionResult;
import io.cdpwatch.core.domain.TaskState;
import io.cdpwatch.core.domain.Uid;
import io.cdpwatch.core.port.out.CdpSourceException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Turns EM's XML bindings into {@code core}'s domain values, at the adapter's boundary. */
final class EmMapper {

  private EmMapper() {}

  static CdpTaskSession taskSession(XTaskSession x) {
    String what = "a CdpReplicaTaskSession";
    Uid id = uid(x.uid, what, "UID");
    String where = what + " (" + id + ")";
    return new CdpTaskSession(
        id,
        text(x.href).orElse(""),
        text(x.name).orElse(""),
        name(x.vmDisplayName).orElseThrow(() -> missing(where, "VmDisplayName")),
        uid(x.policySessionUid, where, "PolicySessionUid"),
        time(x.creationTime, where, "CreationTimeUTC"),
        text(x.endTime).map(t -> time(t, where, "EndTimeUTC")),
        Reported.of(TaskState.values(), text(x.state).orElse("")),
        Reported.of(SessionResult.values(), text(x.result).orElse("")),
        text(x.reason),
        longValue(x.totalSize),
        links(x));
  }

  /**
   * A task session of a query, as small as judging and reporting need: what {@link
   * #taskSession(XTaskSession)} gives, without its own {@code Href} and with its {@code Up} links
   * only (the backup server and the policy session; the {@code Alternate} link back to itself is
   * read by nobody), and with the values many sessions share taken from {@code shared}. A run keeps
   * one of these per VM, so the size of each is what the size of an estate costs.
   */
  static CdpTaskSession taskSession(XTaskSession x, Interner shared) {
    String what = "a CdpReplicaTaskSession";
    Uid id = uid(x.uid, what, "UID");
    String where = what + " (" + id + ")";
    List<Link> up = new ArrayList<>(2);
    for (XLink l : EmXml.links(x)) {
      if (l != null
          && text(l.href).isPresent()
          && Link.Rel.of(text(l.rel).orElse("")) == Link.Rel.UP) {
        up.add(shared.intern(new Link(Link.Rel.UP, text(l.type), l.href.strip(), name(l.name))));
      }
    }
    return new CdpTaskSession(
        id,
        "",
        text(x.name).orElse(""),
        name(x.vmDisplayName).orElseThrow(() -> missing(where, "VmDisplayName")),
        shared.intern(uid(x.policySessionUid, where, "PolicySessionUid")),
        time(x.creationTime, where, "CreationTimeUTC"),
        text(x.endTime).map(t -> time(t, where, "EndTimeUTC")),
        shared.intern(Reported.of(TaskState.values(), text(x.state).orElse(""))),
        shared.intern(Reported.of(SessionResult.values(), text(x.result).orElse(""))),
        text(x.reason),
        longValue(x.totalSize),
        up);
  }

  static CdpPolicySession policySession(XPolicySession x) {
    String what = "a CdpReplicaSession";
    Uid id = uid(x.uid, what, "UID");
    String where = what + " (" + id + ")";
    return new CdpPolicySession(
        id,
        text(x.href).orElse(""),
        text(x.name).orElse(""),
        uid(x.policyUid, where, "PolicyUid"),
        name(x.policyName).orElseThrow(() -> missing(where, "PolicyName")),
        text(x.policyType),
        time(x.creationTime, where, "CreationTimeUTC"),
        text(x.endTime).map(t -> time(t, where, "EndTimeUTC")),
        Reported.of(PolicySessionState.values(), text(x.state).orElse("")),
        Reported.of(SessionResult.values(), text(x.result).orElse("")),
        intValue(x.progress),
        text(x.failureMessage),
        text(x.retry).map(t -> t.equalsIgnoreCase("true")).orElse(false),
        links(x));
  }

  static CdpPolicy policy(XPolicy x) {
    Uid id = uid(x.uid, "a CdpPolicy", "UID");
    String where = "a CdpPolicy (" + id + ")";
    return new CdpPolicy(
        id,
        text(x.href).orElse(""),
        name(x.name).orElseThrow(() -> missing(where, "Name")),
        text(x.policyType),
        text(x.platform),
        text(x.description),
        text(x.scheduleConfigured).map(t -> t.equalsIgnoreCase("true")),
        text(x.scheduleEnabled).map(t -> t.equalsIgnoreCase("true")),
        text(x.nextRun).map(t -> time(t, where, "NextRun")),
        settings(x.scheduleOptions == null ? null : x.scheduleOptions.cdpReplica),
        includes(x, where),
        links(x));
  }

  /**
   * The policy's promises, leniently: a value that is absent or not a number is not known, and a
   * policy without {@code CdpReplica} options says nothing.
   */
  static CdpReplicaSettings settings(XCdpReplicaOptions x) {
    if (x == null) {
      return CdpReplicaSettings.NONE;
    }
    return new CdpReplicaSettings(
        minutesAndSeconds(x.rpoMinutes, x.rpoSeconds),
        threshold(x.rpoReporting == null ? null : x.rpoReporting.warning),
        threshold(x.rpoReporting == null ? null : x.rpoReporting.failed),
        bool(x.rpoSchedule == null ? null : x.rpoSchedule.enabled),
        hoursAndMinutes(x.shortTermHours, x.shortTermMinutes),
        hoursAndMinutes(x.longTermHours, null).filter(d -> !d.isZero()),
        intValue(x.longTermKeepDays).stream().filter(n -> n >= 0).boxed().findFirst(),
        bool(x.longTermSchedule == null ? null : x.longTermSchedule.enabled));
  }

  private static Optional<Duration> threshold(XRpoThreshold x) {
    if (x == null || !bool(x.enabled).orElse(false)) {
      return Optional.empty();
    }
    return minutesAndSeconds(x.minutes, x.seconds);
  }

  private static Optional<Duration> minutesAndSeconds(String minutes, String seconds) {
    return sum(longValue(minutes), 60, longValue(seconds), 1);
  }

  private static Optional<Duration> hoursAndMinutes(String hours, String minutes) {
    return sum(longValue(hours), 3_600, longValue(minutes), 60);
  }

  /** {@code a*unitA + b*unitB} seconds; empty when neither is known or either is negative. */
  private static Optional<Duration> sum(OptionalLong a, long unitA, OptionalLong b, long unitB) {
    if (a.isEmpty() && b.isEmpty()) {
      return Optional.empty();
    }
    long first = a.orElse(0);
    long second = b.orElse(0);
    if (first < 0 || second < 0 || first > 1_000_000 || second > 1_000_000_000) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofSeconds(first * unitA + second * unitB));
  }

  private static Optional<Boolean> bool(String raw) {
    return text(raw)
        .map(EmMapper::lower)
        .filter(t -> t.equals("true") || t.equals("false"))
        .map(t -> t.equals("true"));
  }

  /** The included objects; one without a {@code HierarchyObjRef} is an error, not dropped. */
  private static List<IncludedObject> includes(XPolicy x, String where) {
    if (x.info == null || x.info.replica == null) {
      return List.of();
    }
    List<IncludedObject> includes = new ArrayList<>();
    for (XObjectInJob o : x.info.replica.includes) {
      if (o == null) {
        continue;
      }
      includes.add(
          new IncludedObject(
              text(o.hierarchyObjRef)
                  .orElseThrow(() -> missing(where + ", an included object", "HierarchyObjRef")),
              name(o.name),
              name(o.displayName)));
    }
    return includes;
  }

  static BackupServer backupServer(XBackupServer x) {
    Uid id = uid(x.uid, "a BackupServer", "UID");
    return new BackupServer(
        id,
        text(x.href).orElse(""),
        name(x.name).orElseThrow(() -> missing("a BackupServer (" + id + ")", "Name")),
        text(x.description),
        intValue(x.port),
        text(x.version),
        intValue(x.wcfPort),
        text(x.certificateThumbprint),
        links(x));
  }

  /** Any other representation, kept as a reference of its kind. */
  static EntityRef reference(XResource x, String kind, String fallbackHref) {
    Optional<Uid> uid = text(x.uid).flatMap(EmMapper::tryUid);
    return new EntityRef(
        kind, text(x.href).orElse(fallbackHref), text(x.name).orElse(""), uid, links(x));
  }

  /** Maps an entity read by {@link EmXml#readEntity} by its kind. */
  static Resource resource(EmXml.Entity entity, String fallbackHref) {
    XResource x = entity.value();
    if (x instanceof XTaskSession t) {
      return taskSession(t);
    }
    if (x instanceof XPolicySession p) {
      return policySession(p);
    }
    if (x instanceof XPolicy p) {
      return policy(p);
    }
    if (x instanceof XBackupServer b) {
      return backupServer(b);
    }
    return reference(x, entity.kind(), fallbackHref);
  }

  static List<Link> links(XResource x) {
    List<Link> links = new ArrayList<>();
    for (XLink l : EmXml.links(x)) {
      if (l == null || text(l.href).isEmpty()) {
        continue;
      }
      links.add(
          new Link(
              Link.Rel.of(text(l.rel).orElse("")), text(l.type), l.href.strip(), name(l.name)));
    }
    return links;
  }

  /**
   * EM's {@code *UTC} times: {@code Z} with 0 to 9 fractional digits; an offset or (leniently) no
   * zone at all, read as UTC, since EM documents every such field as UTC.
   */
  static Instant time(String raw, String where, String field) {
    String text = text(raw).orElseThrow(() -> missing(where, field));
    Instant fast = EmTimes.parse(text);
    if (fast != null) {
      return fast;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException notInstant) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException notOffset) {
        try {
          return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
          throw new CdpSourceException(
              CdpSourceException.Kind.PROTOCOL,
              "EM sent %s with %s '%s', which is not a time".formatted(where, field, text));
        }
      }
    }
  }

  private static Uid uid(String raw, String where, String field) {
    String text = text(raw).orElseThrow(() -> missing(where, field));
    return tryUid(text)
        .orElseThrow(
            () ->
                new CdpSourceException(
                    CdpSourceException.Kind.PROTOCOL,
                    "EM sent %s with %s '%s', which is not a Veeam UID"
                        .formatted(where, field, text)));
  }

  private static Optional<Uid> tryUid(String text) {
    try {
      return Optional.of(Uid.parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static CdpSourceException missing(String where, String field) {
    return new CdpSourceException(
        CdpSourceException.Kind.PROTOCOL, "EM sent %s without %s".formatted(where, field));
  }

  /**
   * A name exactly as EM wrote it (a VM called {@code "web "} is not {@code "web"}: exact-name
   * selection must find it), absent when blank.
   */
  static Optional<String> name(String raw) {
    return raw == null || raw.isBlank() ? Optional.empty() : Optional.of(raw);
  }

  static Optional<String> text(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String text = raw.strip();
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  private static OptionalLong longValue(String raw) {
    Optional<String> text = text(raw);
    if (text.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(text.get()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  private static OptionalInt intValue(String raw) {
    OptionalLong value = longValue(raw);
    return value.isPresent() && value.getAsLong() == (int) value.getAsLong()
        ? OptionalInt.of((int) value.getAsLong())
        : OptionalInt.empty();
  }

  /** A resource kind without the {@code Reference} suffix, in EM's spelling. */
  static String kind(String type) {
    return EntityRef.kindOf(type.strip());
  }

  static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }
}
