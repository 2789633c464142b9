package io.cdpwatch.adapters.zabbix;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cdpwatch.core.check.AgeThresholds;
import io.cdpwatch.core.check.Range;
import io.cdpwatch.core.check.Status;
import io.cdpwatch.core.check.Thresholds;
import io.cdpwatch.core.domain.CdpPolicy;
import io.cdpwatch.core.domain.CdpPolicySession;
import io.cdpwatch.core.domain.CdpReplicaSettings;
import io.cdpwatch.core.domain.CdpTaskSession;
import io.cdpwatch.core.domain.IncludedObject;
import io.cdpwatch.core.domain.UtcTime;
import io.cdpwatch.core.port.in.CdpReport;
import io.cdpwatch.core.port.in.Finding;
import io.cdpwatch.core.port.in.PolicyVerdict;
import io.cdpwatch.core.port.in.VmVerdict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The JSON that {@code zbx_veeam_cdp} prints: the {@code collect} document for a master item, and
 * the low-level discovery arrays. Its shape is the module README's; Jackson writes every byte.
 */
final class ZabbixDocument {

  /** The version of the collect document's shape; raised only when a field changes meaning. */
  static final int VERSION = 1;

  private static final JsonFactory JSON = new JsonFactory();

  private ZabbixDocument() {}

  /** The collect document of a report. */
  static String collect(CdpReport report) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    collect(report, bytes);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /**
   * Writes the collect document of a report to {@code out} as UTF-8, without a line end; {@code
   * out} stays open. Streamed, never held whole: for 25,000 VMs it is tens of megabytes.
   */
  static void collect(CdpReport report, OutputStream out) {
    write(
        out,
        json -> {
          head(
              json,
              report.evaluatedAt(),
              Optional.empty(),
              report.status(),
              report.em().certificateDaysLeft(report.evaluatedAt()),
              clockSkew(report));
          summary(
              json,
              report.vms().size(),
              report.vmCount(Status.OK),
              report.vmCount(Status.WARNING),
              report.vmCount(Status.CRITICAL),
              report.vmCount(Status.UNKNOWN),
              report.policies().size(),
              report.policyCount(Status.OK),
              report.policyCount(Status.WARNING),
              report.policyCount(Status.CRITICAL),
              report.policyCount(Status.UNKNOWN));
          json.writeArrayFieldStart("vms");
          for (VmVerdict vm : report.vms()) {
            vm(json, vm);
          }
          json.writeEndArray();
          json.writeArrayFieldStart("policies");
          for (PolicyVerdict policy : report.policies()) {
            policy(json, policy);
          }
          json.writeEndArray();
        });
  }

  /** The collect document when there is no report: {@code error} says why, the lists are empty. */
  static String error(Instant collectedAt, String reason) {
    return write(
        json -> {
          head(
              json,
              collectedAt,
              Optional.of(reason),
              Status.UNKNOWN,
              Optional.empty(),
              Optional.empty());
          summary(json, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
          json.writeArrayFieldStart("vms");
          json.writeEndArray();
          json.writeArrayFieldStart("policies");
          json.writeEndArray();
        });
  }

  /** Low-level discovery of the report's VMs. */
  static String vmDiscovery(CdpReport report) {
    return write(
        json -> {
          json.writeStartArray();
          for (VmVerdict vm : report.vms()) {
            json.writeStartObject();
            json.writeStringField("{#VM}", vm.vm());
            json.writeStringField("{#VM.ID}", vm.key());
            json.writeStringField("{#POLICY}", vm.policy().orElse(""));
            json.writeStringField("{#POLICY.ID}", vm.policyKey().orElse(""));
            json.writeStringField("{#BACKUP.SERVER}", vm.backupServer().orElse(""));
            json.writeEndObject();
          }
          json.writeEndArray();
        });
  }

  /** Low-level discovery of the report's policies. */
  static String policyDiscovery(CdpReport report) {
    return write(
        json -> {
          json.writeStartArray();
          for (PolicyVerdict policy : report.policies()) {
            json.writeStartObject();
            json.writeStringField("{#POLICY}", policy.policy());
            json.writeStringField("{#POLICY.ID}", policy.key());
            json.writeStringField("{#BACKUP.SERVER}", policy.backupServer().orElse(""));
            json.writeEndObject();
          }
          json.writeEndArray();
        });
  }

  /**
   * @param certificateDays whole days until EM's certificate expires (negative once it has); left
   *     out without one (plain HTTP, or no answer), as every field without a value
   * @param clockOffset how far EM's clock is ahead of this host's (whole seconds, negative:
   *     behind); left out when within {@link
   *     io.cdpwatch.core.port.in.EmVerdict#CLOCK_SKEW_TOLERANCE}
   */
  private static void head(
      JsonGenerator json,
      Instant collectedAt,
      Optional<String> error,
      Status status,
      Optional<Long> certificateDays,
      Optional<Duration> clockOffset)
      throws IOException {
    json.writeStartObject();
    json.writeNumberField("version", VERSION);
    json.writeStringField("collected_at", iso(collectedAt));
    json.writeNumberField("collected_clock", collectedAt.getEpochSecond());
    if (error.isPresent()) {
      json.writeStringField("error", error.get());
    } else {
      json.writeNullField("error");
    }
    json.writeNumberField("state", status.code());
    if (certificateDays.isPresent()) {
      json.writeNumberField("certificate_expires_in_days", certificateDays.get());
    }
    if (clockOffset.isPresent()) {
      json.writeNumberField("em_clock_offset", clockOffset.get().getSeconds());
    }
  }

  /**
   * EM's clock offset when it is a finding (beyond the tolerance), zero when within it, empty when
   * no answer said.
   */
  private static Optional<Duration> clockSkew(CdpReport report) {
    return report
        .em()
        .clockOffset()
        .map(
            measured ->
                report.em().findings().stream()
                    .filter(Finding.ClockSkew.class::isInstance)
                    .map(f -> ((Finding.ClockSkew) f).offset())
                    .findFirst()
                    .orElse(Duration.ZERO));
  }

  private static final List<String> COUNTS =
      List.of(
          "vms",
          "vms_ok",
          "vms_warning",
          "vms_failed",
          "vms_unknown",
          "policies",
          "policies_ok",
          "policies_warning",
          "policies_failed",
          "policies_unknown");

  /** The summary counts, in the order of {@link #COUNTS}. */
  private static void summary(JsonGenerator json, long... counts) throws IOException {
    json.writeObjectFieldStart("summary");
    for (int i = 0; i < COUNTS.size(); i++) {
      json.writeNumberField(COUNTS.get(i), counts[i]);
    }
    json.writeEndObject();
  }

  private static void vm(JsonGenerator json, VmVerdict vm) throws IOException {
    Optional<CdpTaskSession> newest = vm.newest();
    json.writeStartObject();
    json.writeStringField("id", vm.key());
    json.writeStringField("name", vm.vm());
    json.writeStringField("policy", vm.policy().orElse(""));
    json.writeStringField("policy_id", vm.policyKey().orElse(""));
    json.writeStringField("backup_server", vm.backupServer().orElse(""));
    json.writeNumberField("state", vm.status().code());
    json.writeStringField("task_state", newest.map(s -> s.state().raw()).orElse(""));
    json.writeStringField("result", newest.map(s -> s.result().raw()).orElse(""));
    json.writeStringField("reason", newest.flatMap(CdpTaskSession::reason).orElse(""));
    if (newest.isPresent()) {
      json.writeStringField("newest_session", iso(newest.get().creationTime()));
      json.writeNumberField("newest_session_clock", newest.get().creationTime().getEpochSecond());
    }
    if (vm.age().isPresent()) {
      json.writeNumberField("age", vm.age().get().toSeconds());
    }
    if (newest.isPresent() && newest.get().totalSize().isPresent()) {
      json.writeNumberField("size", newest.get().totalSize().getAsLong());
    }
    Thresholds ages = vm.ageThresholds().thresholds();
    upperLimit(ages.warning()).ifPresent(limit -> number(json, "age_warning", limit));
    upperLimit(ages.critical()).ifPresent(limit -> number(json, "age_critical", limit));
    json.writeStringField("age_thresholds", origin(vm.ageThresholds()));
    json.writeBooleanField("missing", vm.has(Finding.Kind.MISSING));
    findings(json, vm.findings());
    json.writeEndObject();
  }

  private static void policy(JsonGenerator json, PolicyVerdict policy) throws IOException {
    Optional<CdpPolicySession> newest = policy.newest();
    json.writeStartObject();
    json.writeStringField("id", policy.key());
    json.writeStringField("name", policy.policy());
    json.writeStringField("backup_server", policy.backupServer().orElse(""));
    json.writeNumberField("state", policy.status().code());
    json.writeStringField("session_state", newest.map(s -> s.state().raw()).orElse(""));
    json.writeStringField("result", newest.map(s -> s.result().raw()).orElse(""));
    json.writeStringField("message", newest.flatMap(CdpPolicySession::failureMessage).orElse(""));
    if (newest.isPresent()) {
      json.writeStringField("newest_session", iso(newest.get().creationTime()));
      json.writeNumberField("newest_session_clock", newest.get().creationTime().getEpochSecond());
    }
    if (policy.configuration().isPresent()) {
      CdpPolicy configuration = policy.configuration().get();
      CdpReplicaSettings settings = configuration.settings();
      settings.rpo().ifPresent(d -> number(json, "rpo", d.toSeconds()));
      settings.rpoWarning().ifPresent(d -> number(json, "rpo_warning", d.toSeconds()));
      settings.rpoFailed().ifPresent(d -> number(json, "rpo_failed", d.toSeconds()));
      settings.longTermInterval().ifPresent(d -> number(json, "long_term_interval", d.toSeconds()));
      number(
          json,
          "included_vms",
          configuration.includes().stream().filter(IncludedObject::isVm).count());
      number(
          json,
          "included_containers",
          configuration.includes().stream().filter(o -> !o.isVm()).count());
    }
    json.writeBooleanField("missing", policy.has(Finding.Kind.MISSING));
    findings(json, policy.findings());
    json.writeEndObject();
  }

  private static void findings(JsonGenerator json, List<Finding> findings) throws IOException {
    json.writeArrayFieldStart("findings");
    for (Finding finding : findings) {
      json.writeStartObject();
      json.writeStringField("kind", finding.kind().name().toLowerCase(Locale.ROOT));
      json.writeNumberField("state", finding.status().code());
      if (finding instanceof Finding.TaskFailed f) {
        optional(json, "reason", f.reason());
      } else if (finding instanceof Finding.TaskWarning f) {
        optional(json, "reason", f.reason());
      } else if (finding instanceof Finding.UndocumentedResult f) {
        json.writeStringField("value", f.value());
      } else if (finding instanceof Finding.UndocumentedState f) {
        json.writeStringField("value", f.value());
      } else if (finding instanceof Finding.Stale f) {
        json.writeNumberField("age", f.age().toSeconds());
        json.writeStringField("threshold", f.violated().toString());
        json.writeStringField("thresholds_from", origin(f.applied()));
      } else if (finding instanceof Finding.NoTaskSession f) {
        json.writeNumberField("searched", f.searched().toSeconds());
        if (f.lastSeen().isPresent()) {
          json.writeStringField("last_seen", iso(f.lastSeen().get()));
        }
      } else if (finding instanceof Finding.InOtherPolicy f) {
        json.writeStringField("policy", f.policy());
      } else if (finding instanceof Finding.PolicyUnknown f) {
        json.writeStringField("policy_session", f.policySession().id());
      } else if (finding instanceof Finding.PolicyStopped f) {
        json.writeBooleanField("failed", f.failed());
        optional(json, "message", f.message());
      } else if (finding instanceof Finding.NoPolicySession f) {
        json.writeNumberField("window", f.window().toSeconds());
      } else if (finding instanceof Finding.SettingsUnavailable f) {
        json.writeStringField("reason", f.reason());
      }
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  /** "given" (-w/-c), "policy" (its long-term interval) or "default". */
  private static String origin(AgeThresholds thresholds) {
    return thresholds.origin().name().toLowerCase(Locale.ROOT);
  }

  /** The N of a plain {@code 0:N} range (alerts above N); empty for any other shape. */
  private static Optional<Long> upperLimit(Optional<Range> range) {
    return range
        .filter(r -> !r.alertsInside() && r.start() <= 0 && r.end() != Double.POSITIVE_INFINITY)
        .map(r -> (long) r.end());
  }

  private static void number(JsonGenerator json, String field, long value) {
    try {
      json.writeNumberField(field, value);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to a string cannot fail", e);
    }
  }

  private static void optional(JsonGenerator json, String field, Optional<String> value)
      throws IOException {
    if (value.isPresent()) {
      json.writeStringField(field, value.get());
    }
  }

  private static String iso(Instant instant) {
    return UtcTime.isoSeconds(instant);
  }

  @FunctionalInterface
  private interface Body {
    void write(JsonGenerator json) throws IOException;
  }

  private static void write(OutputStream out, Body body) {
    try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      body.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException("the JSON document could not be written", e);
    }
  }

  private static String write(Body body) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      body.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to a string cannot fail", e);
    }
    return text.toString();
  }
}
