package io.cdpwatch.core.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A CDP replication task session ({@code CdpReplicaTaskSession}): one VM's replication within a
 * policy session, until a new long-term restore point is created.
 *
 * @param policySessionUid the parent policy session ({@code PolicySessionUid})
 * @param endTime absent while the session runs
 * @param reason EM's reason for Warning or Failed; absent when EM sends none or an empty one
 * @param totalSize bytes of all restore points the session produced, when EM sends it
 */
public record CdpTaskSession(
    Uid id,
    String href,
    String name,
    String vmDisplayName,
    Uid policySessionUid,
    Instant creationTime,
    Optional<Instant> endTime,
    Reported<TaskState> state,
    Reported<SessionResult> result,
    Optional<String> reason,
    OptionalLong totalSize,
    List<Link> links)
    implements Resource {

  public static final String TYPE = "CdpReplicaTaskSession";

  public CdpTaskSession {
    Objects.requireNonNull(id, "'id' must not be null");
    Objects.requireNonNull(href, "'href' must not be null");
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(vmDisplayName, "'vmDisplayName' must not be null");
    Objects.requireNonNull(policySessionUid, "'policySessionUid' must not be null");
    Objects.requireNonNull(creationTime, "'creationTime' must not be null");
    Objects.requireNonNull(endTime, "'endTime' must not be null");
    Objects.requireNonNull(state, "'state' must not be null");
    Objects.requireNonNull(result, "'result' must not be null");
    Objects.requireNonNull(reason, "'reason' must not be null");
    Objects.requireNonNull(totalSize, "'totalSize' must not be null");
    reason = reason.filter(text -> !text.isBlank());
    links = List.copyOf(links);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public Optional<Uid> uid() {
    return Optional.of(id);
  }

  /** The {@code Up} link to the backup server that ran this session, with its name. */
  public Optional<Link> backupServerLink() {
    return link(Link.Rel.UP, BackupServer.TYPE);
  }

  /** The {@code Up} link to the parent policy session. */
  public Optional<Link> policySessionLink() {
    return link(Link.Rel.UP, CdpPolicySession.TYPE);
  }
}
