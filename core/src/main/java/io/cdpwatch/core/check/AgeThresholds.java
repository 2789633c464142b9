package io.cdpwatch.core.check;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The thresholds a VM's newest task session age was held to, and where they came from.
 *
 * <p>Without {@code -w}/{@code -c} they come from the VM's policy: a new task session starts at
 * each long-term restore point, so the newest one is normally younger than the policy's long-term
 * interval. Warning at {@value #WARNING_FACTOR} intervals allows for one late or long restore
 * point; critical at {@value #CRITICAL_FACTOR} intervals means at least two in a row were missed.
 * The floors keep a short interval from alerting on an ordinary delay. A policy that names no
 * interval gets critical after {@link #DEFAULT_CRITICAL}, the contract's long-standing default.
 *
 * @param interval the policy's long-term interval, for {@link Origin#POLICY}
 */
public record AgeThresholds(Thresholds thresholds, Origin origin, Optional<Duration> interval) {

  /** Where thresholds came from. */
  public enum Origin {
    /** {@code -w}/{@code -c}, for every policy. */
    GIVEN,
    /** Derived from the policy's long-term interval. */
    POLICY,
    /** The policy names no long-term interval (or is not known). */
    DEFAULT
  }

  public static final double WARNING_FACTOR = 1.5;
  public static final double CRITICAL_FACTOR = 3;
  public static final Duration WARNING_FLOOR = Duration.ofHours(2);
  public static final Duration CRITICAL_FLOOR = Duration.ofHours(4);
  public static final Duration DEFAULT_CRITICAL = Duration.ofDays(2);

  /** Critical after {@link #DEFAULT_CRITICAL}, no warning. */
  public static final AgeThresholds DEFAULT =
      new AgeThresholds(
          new Thresholds(Optional.empty(), Optional.of(upTo(DEFAULT_CRITICAL))),
          Origin.DEFAULT,
          Optional.empty());

  public AgeThresholds {
    Objects.requireNonNull(thresholds, "'thresholds' must not be null");
    Objects.requireNonNull(origin, "'origin' must not be null");
    Objects.requireNonNull(interval, "'interval' must not be null");
  }

  /** Thresholds given on the command line. */
  public static AgeThresholds given(Thresholds thresholds) {
    return new AgeThresholds(thresholds, Origin.GIVEN, Optional.empty());
  }

  /** Derived from a policy's long-term interval; {@link #DEFAULT} when it names none. */
  public static AgeThresholds fromPolicy(Optional<Duration> longTermInterval) {
    Optional<Duration> interval = longTermInterval.filter(d -> d.toSeconds() > 0);
    if (interval.isEmpty()) {
      return DEFAULT;
    }
    long seconds = interval.get().toSeconds();
    Duration warning = atLeast(Math.round(seconds * WARNING_FACTOR), WARNING_FLOOR);
    Duration critical = atLeast(Math.round(seconds * CRITICAL_FACTOR), CRITICAL_FLOOR);
    return new AgeThresholds(
        new Thresholds(Optional.of(upTo(warning)), Optional.of(upTo(critical))),
        Origin.POLICY,
        interval);
  }

  /** CRITICAL, WARNING or OK for this age. */
  public Status evaluate(Duration age) {
    return thresholds.evaluate(age.toSeconds());
  }

  private static Duration atLeast(long seconds, Duration floor) {
    return seconds < floor.toSeconds() ? floor : Duration.ofSeconds(seconds);
  }

  /** The range {@code 0:limit} in seconds: alerts above it. */
  private static Range upTo(Duration limit) {
    return Range.parse(Long.toString(limit.toSeconds()));
  }
}
