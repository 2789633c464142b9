package io.cdpwatch.core.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A CDP replication session ({@code CdpReplicaSession}): a 24-hour session of one CDP policy.
 *
 * @param endTime absent while the session runs
 * @param progress EM documents 1 to 100 but sends 0 while working; informative only
 * @param failureMessage absent when EM sends none or an empty one
 */
public record CdpPolicySession(
    Uid id,
    String href,
    String name,
    Uid policyUid,
    String policyName,
    Optional<String> policyType,
    Instant creationTime,
    Optional<Instant> endTime,
    Reported<PolicySessionState> state,
    Reported<SessionResult> result,
    OptionalInt progress,
    Optional<String> failureMessage,
    boolean retry,
    List<Link> links)
    implements Resource {

  public static final String TYPE = "CdpReplicaSession";

  public CdpPolicySession {
    Objects.requireNonNull(id, "'id' must not be null");
    Objects.requireNonNull(href, "'href' must not be null");
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(policyUid, "'policyUid' must not be null");
    Objects.requireNonNull(policyName, "'policyName' must not be null");
    Objects.requireNonNull(policyType, "'policyType' must not be null");
    Objects.requireNonNull(creationTime, "'creationTime' must not be null");
    Objects.requireNonNull(endTime, "'endTime' must not be null");
    Objects.requireNonNull(state, "'state' must not be null");
    Objects.requireNonNull(result, "'result' must not be null");
    Objects.requireNonNull(progress, "'progress' must not be null");
    Objects.requireNonNull(failureMessage, "'failureMessage' must not be null");
    failureMessage = failureMessage.filter(text -> !text.isBlank());
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

  /** The {@code Up} link to the backup server that runs the policy, with its name. */
  public Optional<Link> backupServerLink() {
    return link(Link.Rel.UP, BackupServer.TYPE);
  }

  /** The {@code Up} link to the policy. */
  public Optional<Link> policyLink() {
    return link(Link.Rel.UP, CdpPolicy.TYPE);
  }
}
