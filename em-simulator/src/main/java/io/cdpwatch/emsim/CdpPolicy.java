package io.cdpwatch.emsim;

import java.time.Instant;
import java.util.Objects;

/**
 * A CDP policy ({@code /cdpPolicies/{id}}).
 *
 * @param id the GUID of the policy
 * @param serverId the id of the owning {@link BackupServer}
 * @param name the policy name
 * @param description free text, may be empty
 * @param platform {@code VMware} or {@code vCloud}
 * @param scheduleConfigured whether a schedule is configured
 * @param scheduleEnabled whether the policy is enabled
 * @param nextRun the next run, or {@code null} (written only when set)
 * @param settings what it promises, or {@code null}: written without {@code PolicyScheduleOptions}
 */
public record CdpPolicy(
    String id,
    String serverId,
    String name,
    String description,
    String platform,
    boolean scheduleConfigured,
    boolean scheduleEnabled,
    Instant nextRun,
    PolicySettings settings) {

  public CdpPolicy {
    Ids.requireGuid(id, "id");
    Ids.requireGuid(serverId, "serverId");
    Objects.requireNonNull(name, "'name' must not be null");
    description = description == null ? "" : description;
    platform = platform == null ? "VMware" : platform;
  }

  /** A policy with {@link PolicySettings#DEFAULT}. */
  public CdpPolicy(
      String id,
      String serverId,
      String name,
      String description,
      String platform,
      boolean scheduleConfigured,
      boolean scheduleEnabled,
      Instant nextRun) {
    this(
        id,
        serverId,
        name,
        description,
        platform,
        scheduleConfigured,
        scheduleEnabled,
        nextRun,
        PolicySettings.DEFAULT);
  }

  /** An enabled VMware policy with a random id. */
  public static CdpPolicy of(BackupServer server, String name) {
    return new CdpPolicy(Ids.random(), server.id(), name, "", "VMware", true, true, null);
  }

  public String uid() {
    return "urn:veeam:CdpPolicy:" + id;
  }
}
