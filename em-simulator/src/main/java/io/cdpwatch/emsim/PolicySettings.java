package io.cdpwatch.emsim;

import java.time.Duration;

/**
 * What a simulated CDP policy promises, written as {@code PolicyScheduleOptions/CdpReplica}.
 *
 * @param rpo the recovery point objective
 * @param rpoWarning when B&R marks the replication Warning, or {@code null}: not enabled
 * @param rpoFailed when B&R marks it Failed, or {@code null}: not enabled
 * @param shortTerm how long short-term restore points are kept
 * @param longTermHours how often a long-term restore point is made, in hours
 * @param keepDays how many days long-term restore points are kept
 */
public record PolicySettings(
    Duration rpo,
    Duration rpoWarning,
    Duration rpoFailed,
    Duration shortTerm,
    int longTermHours,
    int keepDays) {

  /**
   * RPO 15 s (warning 30 s, failed 1 min), short-term 4 h, a long-term point every 8 h for 7 days.
   */
  public static final PolicySettings DEFAULT =
      new PolicySettings(
          Duration.ofSeconds(15),
          Duration.ofSeconds(30),
          Duration.ofMinutes(1),
          Duration.ofHours(4),
          8,
          7);

  public PolicySettings {
    if (rpo == null || shortTerm == null) {
      throw new IllegalArgumentException("rpo and short-term retention are required");
    }
    if (longTermHours < 0 || keepDays < 0) {
      throw new IllegalArgumentException("long-term hours and keep days must not be negative");
    }
  }
}
