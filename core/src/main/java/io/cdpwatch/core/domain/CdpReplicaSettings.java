package io.cdpwatch.core.domain;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a CDP policy promises ({@code PolicyScheduleOptions/CdpReplica}): each part is empty when EM
 * did not say it, or said something that is not a value.
 *
 * @param rpo the recovery point objective
 * @param rpoWarning the lag at which B&R marks the replication Warning; empty when not enabled
 * @param rpoFailed the lag at which B&R marks it Failed; empty when not enabled
 * @param rpoScheduleEnabled whether the RPO applies only in the hours of its schedule
 * @param shortTermRetention how long short-term restore points are kept
 * @param longTermInterval how often a long-term restore point is made ({@code
 *     LongTermRetentionHours}); a VM's newest task session normally starts at each one
 * @param longTermKeepDays how many days long-term restore points are kept
 * @param longTermScheduleEnabled whether long-term restore points follow their own schedule
 */
public record CdpReplicaSettings(
    Optional<Duration> rpo,
    Optional<Duration> rpoWarning,
    Optional<Duration> rpoFailed,
    Optional<Boolean> rpoScheduleEnabled,
    Optional<Duration> shortTermRetention,
    Optional<Duration> longTermInterval,
    Optional<Integer> longTermKeepDays,
    Optional<Boolean> longTermScheduleEnabled) {

  /** A policy that says nothing (EM sent no settings). */
  public static final CdpReplicaSettings NONE =
      new CdpReplicaSettings(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());

  public CdpReplicaSettings {
    Objects.requireNonNull(rpo, "'rpo' must not be null");
    Objects.requireNonNull(rpoWarning, "'rpoWarning' must not be null");
    Objects.requireNonNull(rpoFailed, "'rpoFailed' must not be null");
    Objects.requireNonNull(rpoScheduleEnabled, "'rpoScheduleEnabled' must not be null");
    Objects.requireNonNull(shortTermRetention, "'shortTermRetention' must not be null");
    Objects.requireNonNull(longTermInterval, "'longTermInterval' must not be null");
    Objects.requireNonNull(longTermKeepDays, "'longTermKeepDays' must not be null");
    Objects.requireNonNull(longTermScheduleEnabled, "'longTermScheduleEnabled' must not be null");
  }
}
