package io.cdpwatch.cli.snapshot;

import io.cdpwatch.core.domain.CdpPolicy;
import io.cdpwatch.core.domain.CdpPolicySession;
import io.cdpwatch.core.domain.CdpReplicaSettings;
import io.cdpwatch.core.domain.CdpTaskSession;
import io.cdpwatch.core.domain.IncludedObject;
import io.cdpwatch.core.domain.Link;
import io.cdpwatch.core.domain.PolicySessionState;
import io.cdpwatch.core.domain.Reported;
import io.cdpwatch.core.domain.SessionResult;
import io.cdpwatch.core.domain.TaskState;
import io.cdpwatch.core.domain.Uid;
import io.cdpwatch.core.port.out.CdpSourceException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * The snapshot file format: plain {@link DataOutputStream} fields after a magic text and a version,
 * closed by a CRC-32 of everything before it. A file of another version, with another key, cut
 * short, or damaged anywhere is refused ({@link IOException}), never half read.
 */
final class SnapshotCodec {

  static final String MAGIC = "cdpwatch-snapshot";
  static final int VERSION = 2;

  /** No string in a snapshot is longer; a larger length is damage, not data. */
  private static final int MAX_STRING_BYTES = 1 << 20;

  private SnapshotCodec() {}

  static byte[] encode(Snapshot snapshot) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
      Out out = new Out(new DataOutputStream(bytes));
      out.data.writeUTF(MAGIC);
      out.data.writeInt(VERSION);
      out.string(snapshot.key().text());
      out.instant(snapshot.takenAt());
      out.list(snapshot.policySessions(), read -> out.read(read, out::policySession));
      out.bool(snapshot.policies().isPresent());
      if (snapshot.policies().isPresent()) {
        Snapshot.Policies policies = snapshot.policies().get();
        out.list(policies.all(), out::policy);
        out.bool(policies.refused().isPresent());
        if (policies.refused().isPresent()) {
          out.string(policies.refused().get().kind().name());
          out.string(policies.refused().get().message());
        }
      }
      out.list(snapshot.taskSessions(), read -> out.read(read, out::taskSession));
      out.list(
          List.copyOf(snapshot.followed().entrySet()),
          entry -> {
            out.string(entry.getKey());
            out.bool(entry.getValue().isPresent());
            if (entry.getValue().isPresent()) {
              out.policySession(entry.getValue().get());
            }
          });
      out.optionalInstant(snapshot.certificateExpiry());
      out.optionalDuration(snapshot.clockOffset());
      out.data.flush();
      CRC32 crc = new CRC32();
      crc.update(bytes.toByteArray());
      out.data.writeLong(crc.getValue());
      out.data.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("a byte array cannot fail to write", e);
    }
  }

  /**
   * The snapshot in {@code file}, when it is one of this version and of {@code key}.
   *
   * @throws IOException for anything else: damaged, cut short, another version or key
   */
  static Snapshot decode(byte[] file, Snapshot.Key key) throws IOException {
    if (file.length < Long.BYTES) {
      throw new IOException("too short");
    }
    int body = file.length - Long.BYTES;
    CRC32 crc = new CRC32();
    crc.update(file, 0, body);
    long stored = new DataInputStream(new ByteArrayInputStream(file, body, Long.BYTES)).readLong();
    if (crc.getValue() != stored) {
      throw new IOException("damaged (checksum mismatch)");
    }
    In in = new In(new DataInputStream(new ByteArrayInputStream(file, 0, body)));
    try {
      if (!MAGIC.equals(in.data.readUTF())) {
        throw new IOException("not a cdpwatch snapshot");
      }
      int version = in.data.readInt();
      if (version != VERSION) {
        throw new IOException("version " + version + ", not " + VERSION);
      }
      if (!key.text().equals(in.string())) {
        throw new IOException("of another EM, account or look-back");
      }
      Instant takenAt = in.instant();
      List<Snapshot.Read<CdpPolicySession>> policySessions =
          in.list(() -> in.read(in::policySession));
      Optional<Snapshot.Policies> policies = Optional.empty();
      if (in.bool()) {
        List<CdpPolicy> all = in.list(in::policy);
        Optional<Snapshot.Refusal> refused = Optional.empty();
        if (in.bool()) {
          refused =
              Optional.of(
                  new Snapshot.Refusal(
                      named(CdpSourceException.Kind.values(), in.string()), in.string()));
        }
        policies = Optional.of(new Snapshot.Policies(all, refused));
      }
      List<Snapshot.Read<CdpTaskSession>> taskSessions = in.list(() -> in.read(in::taskSession));
      Map<String, Optional<CdpPolicySession>> followed = new HashMap<>();
      int follows = in.count();
      for (int i = 0; i < follows; i++) {
        String href = in.string();
        followed.put(href, in.bool() ? Optional.of(in.policySession()) : Optional.empty());
      }
      Optional<Instant> certificateExpiry = in.optionalInstant();
      Optional<Duration> clockOffset = in.optionalDuration();
      if (in.data.available() != 0) {
        throw new IOException("trailing bytes");
      }
      return new Snapshot(
          key,
          takenAt,
          policySessions,
          policies,
          taskSessions,
          followed,
          certificateExpiry,
          clockOffset);
    } catch (RuntimeException e) {
      // A value the domain refuses (a bad UID, an unknown enum name): not a snapshot we wrote.
      throw new IOException("invalid content: " + e.getMessage(), e);
    }
  }

  @FunctionalInterface
  private interface Writer<T> {
    void write(T value) throws IOException;
  }

  @FunctionalInterface
  private interface Reader<T> {
    T read() throws IOException;
  }

  /**
   * The constant named {@code name}: {@code Enum.valueOf} finds it by reflection, whose first call
   * per enum costs a short run a millisecond or more.
   */
  private static <E extends Enum<E>> E named(E[] values, String name) throws IOException {
    for (E value : values) {
      if (value.name().equals(name)) {
        return value;
      }
    }
    throw new IOException("damaged (an unknown constant " + name + ")");
  }

  private static final class Out {
    final DataOutputStream data;

    Out(DataOutputStream data) {
      this.data = data;
    }

    void bool(boolean value) throws IOException {
      data.writeBoolean(value);
    }

    void string(String value) throws IOException {
      byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
      data.writeInt(utf8.length);
      data.write(utf8);
    }

    void optional(Optional<String> value) throws IOException {
      bool(value.isPresent());
      if (value.isPresent()) {
        string(value.get());
      }
    }

    void instant(Instant value) throws IOException {
      data.writeLong(value.getEpochSecond());
      data.writeInt(value.getNano());
    }

    void optionalInstant(Optional<Instant> value) throws IOException {
      bool(value.isPresent());
      if (value.isPresent()) {
        instant(value.get());
      }
    }

    void optionalDuration(Optional<Duration> value) throws IOException {
      bool(value.isPresent());
      if (value.isPresent()) {
        data.writeLong(value.get().getSeconds());
        data.writeInt(value.get().getNano());
      }
    }

    void optionalBoolean(Optional<Boolean> value) throws IOException {
      data.writeByte(value.map(b -> b ? 1 : 0).orElse(2));
    }

    <T> void list(List<T> values, Writer<T> each) throws IOException {
      data.writeInt(values.size());
      for (T value : values) {
        each.write(value);
      }
    }

    void strings(Set<String> values) throws IOException {
      list(List.copyOf(values), this::string);
    }

    <T> void read(Snapshot.Read<T> read, Writer<T> each) throws IOException {
      instant(read.since());
      strings(read.names());
      list(read.items(), each);
    }

    void uid(Uid uid) throws IOException {
      string(uid.type());
      string(uid.id());
    }

    void links(List<Link> links) throws IOException {
      list(
          links,
          link -> {
            string(link.rel().name());
            optional(link.type());
            string(link.href());
            optional(link.name());
          });
    }

    void taskSession(CdpTaskSession s) throws IOException {
      uid(s.id());
      string(s.href());
      string(s.name());
      string(s.vmDisplayName());
      uid(s.policySessionUid());
      instant(s.creationTime());
      optionalInstant(s.endTime());
      string(s.state().raw());
      string(s.result().raw());
      optional(s.reason());
      bool(s.totalSize().isPresent());
      if (s.totalSize().isPresent()) {
        data.writeLong(s.totalSize().getAsLong());
      }
      links(s.links());
    }

    void policySession(CdpPolicySession s) throws IOException {
      uid(s.id());
      string(s.href());
      string(s.name());
      uid(s.policyUid());
      string(s.policyName());
      optional(s.policyType());
      instant(s.creationTime());
      optionalInstant(s.endTime());
      string(s.state().raw());
      string(s.result().raw());
      bool(s.progress().isPresent());
      if (s.progress().isPresent()) {
        data.writeInt(s.progress().getAsInt());
      }
      optional(s.failureMessage());
      bool(s.retry());
      links(s.links());
    }

    void policy(CdpPolicy p) throws IOException {
      uid(p.id());
      string(p.href());
      string(p.name());
      optional(p.policyType());
      optional(p.platform());
      optional(p.description());
      optionalBoolean(p.scheduleConfigured());
      optionalBoolean(p.scheduleEnabled());
      optionalInstant(p.nextRun());
      CdpReplicaSettings settings = p.settings();
      optionalDuration(settings.rpo());
      optionalDuration(settings.rpoWarning());
      optionalDuration(settings.rpoFailed());
      optionalBoolean(settings.rpoScheduleEnabled());
      optionalDuration(settings.shortTermRetention());
      optionalDuration(settings.longTermInterval());
      bool(settings.longTermKeepDays().isPresent());
      if (settings.longTermKeepDays().isPresent()) {
        data.writeInt(settings.longTermKeepDays().get());
      }
      optionalBoolean(settings.longTermScheduleEnabled());
      list(
          p.includes(),
          object -> {
            string(object.hierarchyRef());
            optional(object.name());
            optional(object.displayName());
          });
      links(p.links());
    }
  }

  private static final class In {
    final DataInputStream data;

    In(DataInputStream data) {
      this.data = data;
    }

    boolean bool() throws IOException {
      return data.readBoolean();
    }

    int count() throws IOException {
      int count = data.readInt();
      if (count < 0 || count > data.available()) {
        throw new IOException("damaged (a count of " + count + ")");
      }
      return count;
    }

    String string() throws IOException {
      int length = data.readInt();
      if (length < 0 || length > MAX_STRING_BYTES || length > data.available()) {
        throw new IOException("damaged (a string of " + length + " bytes)");
      }
      return new String(data.readNBytes(length), StandardCharsets.UTF_8);
    }

    Optional<String> optional() throws IOException {
      return bool() ? Optional.of(string()) : Optional.empty();
    }

    Instant instant() throws IOException {
      long seconds = data.readLong();
      return Instant.ofEpochSecond(seconds, data.readInt());
    }

    Optional<Instant> optionalInstant() throws IOException {
      return bool() ? Optional.of(instant()) : Optional.empty();
    }

    Optional<Duration> optionalDuration() throws IOException {
      if (!bool()) {
        return Optional.empty();
      }
      long seconds = data.readLong();
      return Optional.of(Duration.ofSeconds(seconds, data.readInt()));
    }

    Optional<Boolean> optionalBoolean() throws IOException {
      int value = data.readByte();
      return switch (value) {
        case 0 -> Optional.of(false);
        case 1 -> Optional.of(true);
        case 2 -> Optional.empty();
        default -> throw new IOException("damaged (a boolean of " + value + ")");
      };
    }

    <T> List<T> list(Reader<T> each) throws IOException {
      int count = count();
      List<T> values = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        values.add(each.read());
      }
      return values;
    }

    Set<String> strings() throws IOException {
      return new LinkedHashSet<>(list(this::string));
    }

    <T> Snapshot.Read<T> read(Reader<T> each) throws IOException {
      Instant since = instant();
      Set<String> names = strings();
      return new Snapshot.Read<>(since, names, list(each));
    }

    Uid uid() throws IOException {
      String type = string();
      return new Uid(type, string());
    }

    List<Link> links() throws IOException {
      return list(
          () -> {
            Link.Rel rel = named(Link.Rel.values(), string());
            Optional<String> type = optional();
            String href = string();
            return new Link(rel, type, href, optional());
          });
    }

    CdpTaskSession taskSession() throws IOException {
      Uid id = uid();
      String href = string();
      String name = string();
      String vm = string();
      Uid policySession = uid();
      Instant created = instant();
      Optional<Instant> ended = optionalInstant();
      Reported<TaskState> state = Reported.of(TaskState.values(), string());
      Reported<SessionResult> result = Reported.of(SessionResult.values(), string());
      Optional<String> reason = optional();
      OptionalLong totalSize = bool() ? OptionalLong.of(data.readLong()) : OptionalLong.empty();
      return new CdpTaskSession(
          id,
          href,
          name,
          vm,
          policySession,
          created,
          ended,
          state,
          result,
          reason,
          totalSize,
          links());
    }

    CdpPolicySession policySession() throws IOException {
      Uid id = uid();
      String href = string();
      String name = string();
      Uid policy = uid();
      String policyName = string();
      Optional<String> policyType = optional();
      Instant created = instant();
      Optional<Instant> ended = optionalInstant();
      Reported<PolicySessionState> state = Reported.of(PolicySessionState.values(), string());
      Reported<SessionResult> result = Reported.of(SessionResult.values(), string());
      OptionalInt progress = bool() ? OptionalInt.of(data.readInt()) : OptionalInt.empty();
      Optional<String> failure = optional();
      boolean retry = bool();
      return new CdpPolicySession(
          id,
          href,
          name,
          policy,
          policyName,
          policyType,
          created,
          ended,
          state,
          result,
          progress,
          failure,
          retry,
          links());
    }

    CdpPolicy policy() throws IOException {
      Uid id = uid();
      String href = string();
      String name = string();
      Optional<String> policyType = optional();
      Optional<String> platform = optional();
      Optional<String> description = optional();
      Optional<Boolean> scheduleConfigured = optionalBoolean();
      Optional<Boolean> scheduleEnabled = optionalBoolean();
      Optional<Instant> nextRun = optionalInstant();
      Optional<Duration> rpo = optionalDuration();
      Optional<Duration> rpoWarning = optionalDuration();
      Optional<Duration> rpoFailed = optionalDuration();
      Optional<Boolean> rpoScheduleEnabled = optionalBoolean();
      Optional<Duration> shortTermRetention = optionalDuration();
      Optional<Duration> longTermInterval = optionalDuration();
      Optional<Integer> longTermKeepDays = bool() ? Optional.of(data.readInt()) : Optional.empty();
      Optional<Boolean> longTermScheduleEnabled = optionalBoolean();
      CdpReplicaSettings settings =
          new CdpReplicaSettings(
              rpo,
              rpoWarning,
              rpoFailed,
              rpoScheduleEnabled,
              shortTermRetention,
              longTermInterval,
              longTermKeepDays,
              longTermScheduleEnabled);
      List<IncludedObject> includes =
          list(
              () -> {
                String ref = string();
                Optional<String> objectName = optional();
                return new IncludedObject(ref, objectName, optional());
              });
      return new CdpPolicy(
          id,
          href,
          name,
          policyType,
          platform,
          description,
          scheduleConfigured,
          scheduleEnabled,
          nextRun,
          settings,
          includes,
          links());
    }
  }
}
