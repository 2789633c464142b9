package io.cdpwatch.cli.snapshot;

import io.cdpwatch.core.domain.CdpPolicy;
import io.cdpwatch.core.domain.CdpPolicySession;
import io.cdpwatch.core.domain.CdpTaskSession;
import io.cdpwatch.core.port.out.CdpSourceException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one run read from Enterprise Manager for every policy and every VM, kept so that other runs
 * within {@code --snapshot-max-age} judge their own selection from it ({@link SnapshotSource}). It
 * holds no secret: no password, token or SessionId.
 *
 * @param takenAt when the run that read it started judging; its age counts from here
 * @param policySessions each policy-session query as asked, with every session EM gave
 * @param policies the policy list, or why EM would not give it; empty when not asked
 * @param taskSessions each task-session query as asked, with the newest session per VM it gave
 * @param followed each link followed to a policy session, by its href: the session, or empty when
 *     EM had none there (or something that is not a policy session)
 * @param certificateExpiry when EM's certificate stops being valid, as the read saw it
 * @param clockOffset how far EM's clock was ahead of this host's, as the read found it
 */
public record Snapshot(
    Key key,
    Instant takenAt,
    List<Read<CdpPolicySession>> policySessions,
    Optional<Policies> policies,
    List<Read<CdpTaskSession>> taskSessions,
    Map<String, Optional<CdpPolicySession>> followed,
    Optional<Instant> certificateExpiry,
    Optional<Duration> clockOffset) {

  public Snapshot {
    Objects.requireNonNull(key, "'key' must not be null");
    Objects.requireNonNull(takenAt, "'takenAt' must not be null");
    policySessions = List.copyOf(policySessions);
    Objects.requireNonNull(policies, "'policies' must not be null");
    taskSessions = List.copyOf(taskSessions);
    followed = Map.copyOf(followed);
    Objects.requireNonNull(certificateExpiry, "'certificateExpiry' must not be null");
    Objects.requireNonNull(clockOffset, "'clockOffset' must not be null");
  }

  /**
   * Which EM, account and look-back a snapshot is of: runs share one only when all match.
   *
   * @param account the cache directory's key of the URL, user and password (a run with a wrong
   *     password must not be served what the right one read)
   */
  public record Key(String baseUrl, String username, String account, Duration lookback) {
    public Key {
      Objects.requireNonNull(baseUrl, "'baseUrl' must not be null");
      Objects.requireNonNull(username, "'username' must not be null");
      Objects.requireNonNull(account, "'account' must not be null");
      Objects.requireNonNull(lookback, "'lookback' must not be null");
    }

    /** The key as one text, which the file stores and a reader compares whole. */
    String text() {
      return baseUrl + "\n" + username + "\n" + account + "\n" + lookback.toMillis();
    }
  }

  /**
   * One query with no backup server: sessions created at or after {@code since}, of the names given
   * (empty: all), and what EM answered.
   */
  public record Read<T>(Instant since, Set<String> names, List<T> items) {
    public Read {
      Objects.requireNonNull(since, "'since' must not be null");
      names = Set.copyOf(names);
      items = List.copyOf(items);
    }

    /** True when every session a query for these names since {@code from} selects is here. */
    boolean covers(Instant from, Set<String> wanted) {
      return !from.isBefore(since)
          && (names.isEmpty() || (!wanted.isEmpty() && names.containsAll(wanted)));
    }
  }

  /** Every CDP policy with settings and includes, or EM's refusal to list them. */
  public record Policies(List<CdpPolicy> all, Optional<Refusal> refused) {
    public Policies {
      all = List.copyOf(all);
      Objects.requireNonNull(refused, "'refused' must not be null");
    }
  }

  /** A failure as EM's answer gave it, so that a run judged from the snapshot says the same. */
  public record Refusal(CdpSourceException.Kind kind, String message) {
    public Refusal {
      Objects.requireNonNull(kind, "'kind' must not be null");
      Objects.requireNonNull(message, "'message' must not be null");
    }
  }
}
