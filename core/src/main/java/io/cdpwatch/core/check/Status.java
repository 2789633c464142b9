package io.cdpwatch.core.check;

import java.util.Comparator;

/**
 * The state of a check or of one checked item.
 *
 * <p>Each has a neutral state code, 0 to 3, the one monitoring systems share. The severity used for
 * "worst of" is a separate, explicit rank: OK &lt; WARNING &lt; UNKNOWN &lt; CRITICAL, so that an
 * item we could not judge never hides a failed one, and never passes for healthy.
 */
public enum Status {
  OK(0, 0),
  WARNING(1, 1),
  UNKNOWN(3, 2),
  CRITICAL(2, 3);

  // Written out rather than Comparator.comparingInt(...).reversed(): the JDK spins the classes of
  // those lambdas at run time, a few milliseconds each in a short run; ours come from the archive.

  /** Orders statuses from least to most severe. */
  public static final Comparator<Status> BY_SEVERITY =
      (a, b) -> Integer.compare(a.severity, b.severity);

  /** Orders statuses from most to least severe. */
  public static final Comparator<Status> WORST_FIRST =
      (a, b) -> Integer.compare(b.severity, a.severity);

  private final int code;
  private final int severity;

  Status(int code, int severity) {
    this.code = code;
    this.severity = severity;
  }

  /** The state code: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. */
  public int code() {
    return code;
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

  /** The status whose state code is {@code code}. */
  public static Status ofCode(int code) {
    for (Status status : values()) {
      if (status.code == code) {
        return status;
      }
    }
    throw new IllegalArgumentException("no status has state code %d".formatted(code));
  }
}
