package io.cdpwatch.core.check;

import java.util.Comparator;

/**
 * The state of a check or of one checked item.
 *
 * <p>The exit code follows the Nagios plugin API. The severity used for "worst of" is a separate,
 * explicit rank: OK &lt; WARNING &lt; UNKNOWN &lt; CRITICAL, so that an item we could not judge
 * never hides a failed one, and never passes for healthy.
 */
public enum Status {
  OK(0, 0),
  WARNING(1, 1),
  UNKNOWN(3, 2),
  CRITICAL(2, 3);

  /** Orders statuses from least to most severe. */
  public static final Comparator<Status> BY_SEVERITY = Comparator.comparingInt(Status::severity);

  private final int exitCode;
  private final int severity;

  Status(int exitCode, int severity) {
    this.exitCode = exitCode;
    this.severity = severity;
  }

  /** The process exit code a Nagios plugin returns for this status: 0, 1, 2 or 3. */
  public int exitCode() {
    return exitCode;
  }

  /** The rank used for "worst of": higher is worse. */
  public int severity() {
    return severity;
  }

  public boolean isWorseThan(Status other) {
    return severity > other.severity;
  }

  /** The more severe of this and {@code other}. */
  public Status worst(Status other) {
    return other.isWorseThan(this) ? other : this;
  }

  /** The most severe of {@code statuses}, or OK when there are none. */
  public static Status worstOf(Iterable<Status> statuses) {
    Status worst = OK;
    for (Status status : statuses) {
      worst = worst.worst(status);
    }
    return worst;
  }

  /** The status whose exit code is {@code code}. */
  public static Status ofExitCode(int code) {
    for (Status status : values()) {
      if (status.exitCode == code) {
        return status;
      }
    }
    throw new IllegalArgumentException("no status has exit code %d".formatted(code));
  }
}
