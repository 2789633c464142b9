package io.cdpwatch.core.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A CDP policy ({@code CdpPolicy}), the configuration that CDP policy sessions run.
 *
 * @param policyType {@code CdpReplica}, the only value EM documents
 * @param platform {@code VMware} or {@code vCloud}
 * @param nextRun when EM expects the next policy session, where it says
 * @param settings what the policy promises; {@link CdpReplicaSettings#NONE} when EM did not say
 * @param includes the objects the policy protects, as EM lists them
 */
public record CdpPolicy(
    Uid id,
    String href,
    String name,
    Optional<String> policyType,
    Optional<String> platform,
    Optional<String> description,
    Optional<Boolean> scheduleConfigured,
    Optional<Boolean> scheduleEnabled,
    Optional<Instant> nextRun,
    CdpReplicaSettings settings,
    List<IncludedObject> includes,
    List<Link> links)
    implements Resource {

  public static final String TYPE = "CdpPolicy";

  public CdpPolicy {
    Objects.requireNonNull(id, "'id' must not be null");
    Objects.requireNonNull(href, "'href' must not be null");
    Objects.requireNonNull(name, "'name' must not be null");
    Objects.requireNonNull(policyType, "'policyType' must not be null");
    Objects.requireNonNull(platform, "'platform' must not be null");
    Objects.requireNonNull(description, "'description' must not be null");
    Objects.requireNonNull(scheduleConfigured, "'scheduleConfigured' must not be null");
    Objects.requireNonNull(scheduleEnabled, "'scheduleEnabled' must not be null");
    Objects.requireNonNull(nextRun, "'nextRun' must not be null");
    Objects.requireNonNull(settings, "'settings' must not be null");
    includes = List.copyOf(includes);
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

  /** The name of the backup server running it, from its {@code Up} link, when EM names it. */
  public Optional<String> backupServerName() {
    return link(Link.Rel.UP, BackupServer.TYPE).flatMap(Link::name);
  }
}
