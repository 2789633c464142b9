package io.cdpwatch.cli.snapshot;

import io.cdpwatch.core.domain.BackupServer;
import io.cdpwatch.core.domain.CdpPolicy;
import io.cdpwatch.core.domain.CdpPolicySession;
import io.cdpwatch.core.domain.CdpTaskSession;
import io.cdpwatch.core.domain.Link;
import io.cdpwatch.core.domain.Resource;
import io.cdpwatch.core.domain.Uid;
import io.cdpwatch.core.port.out.CdpSessionSource;
import io.cdpwatch.core.port.out.CdpSourceException;
import io.cdpwatch.core.port.out.PolicyQuery;
import io.cdpwatch.core.port.out.PolicySessionQuery;
import io.cdpwatch.core.port.out.TaskSessionQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Answers a run's queries from a {@link Snapshot}, filtering as EM and its client would: by
 * creation time, exact name, and backup server (an entity whose link names another server is left
 * out). What the snapshot cannot answer exactly throws {@link Miss}, and the run reads EM instead:
 * a query no recorded one covers, a link never followed, a session without a server name while a
 * server is asked for (EM's own filter decides those), a task session by UID.
 */
public final class SnapshotSource implements CdpSessionSource {

  private final Snapshot snapshot;

  public SnapshotSource(Snapshot snapshot) {
    this.snapshot = snapshot;
  }

  /** What the snapshot cannot answer; the run then reads EM itself. */
  public static final class Miss extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Miss(String message) {
      super(message, null, false, false);
    }
  }

  @Override
  public void taskSessions(TaskSessionQuery query, Consumer<? super CdpTaskSession> sink) {
    answer(
        snapshot.taskSessions(),
        query.createdSince(),
        query.vmNames(),
        query.backupServer(),
        CdpTaskSession::creationTime,
        CdpTaskSession::vmDisplayName,
        CdpTaskSession::backupServerLink,
        "task sessions",
        sink);
  }

  @Override
  public void policySessions(PolicySessionQuery query, Consumer<? super CdpPolicySession> sink) {
    answer(
        snapshot.policySessions(),
        query.createdSince(),
        query.policyNames(),
        query.backupServer(),
        CdpPolicySession::creationTime,
        CdpPolicySession::policyName,
        CdpPolicySession::backupServerLink,
        "policy sessions",
        sink);
  }

  @Override
  public void policies(PolicyQuery query, Consumer<? super CdpPolicy> sink) {
    Snapshot.Policies policies =
        snapshot.policies().orElseThrow(() -> new Miss("the snapshot holds no policy list"));
    if (policies.refused().isPresent()) {
      Snapshot.Refusal refusal = policies.refused().get();
      throw new CdpSourceException(refusal.kind(), refusal.message());
    }
    for (CdpPolicy policy : policies.all()) {
      // Policies are filtered on the client side only: a policy naming no server stays in.
      Optional<String> server = policy.link(Link.Rel.UP, BackupServer.TYPE).flatMap(Link::name);
      if ((query.policyNames().isEmpty() || query.policyNames().contains(policy.name()))
          && (query.backupServer().isEmpty()
              || server.isEmpty()
              || server.equals(query.backupServer()))) {
        sink.accept(policy);
      }
    }
  }

  @Override
  public Optional<CdpTaskSession> taskSession(Uid id) {
    throw new Miss("a task session by UID is read from EM");
  }

  @Override
  public Optional<Resource> follow(Link link) {
    Optional<CdpPolicySession> followed = snapshot.followed().get(link.href());
    if (followed == null) {
      throw new Miss("the snapshot did not follow " + link.href());
    }
    return followed.map(Resource.class::cast);
  }

  @Override
  public Optional<Instant> certificateExpiry() {
    return snapshot.certificateExpiry();
  }

  @Override
  public Optional<Duration> clockOffset() {
    return snapshot.clockOffset();
  }

  private static <T> void answer(
      List<Snapshot.Read<T>> reads,
      Instant since,
      Set<String> names,
      Optional<String> server,
      Function<T, Instant> created,
      Function<T, String> name,
      Function<T, Optional<Link>> serverLink,
      String what,
      Consumer<? super T> sink) {
    Snapshot.Read<T> read =
        reads.stream()
            .filter(r -> r.covers(since, names))
            .findFirst()
            .orElseThrow(() -> new Miss("the snapshot holds no such query of " + what));
    for (T item : read.items()) {
      if (created.apply(item).isBefore(since)
          || (!names.isEmpty() && !names.contains(name.apply(item)))) {
        continue;
      }
      if (server.isPresent()) {
        Optional<String> itsServer = serverLink.apply(item).flatMap(Link::name);
        if (itsServer.isEmpty()) {
          throw new Miss("some " + what + " name no backup server");
        }
        if (!itsServer.equals(server)) {
          continue;
        }
      }
      sink.accept(item);
    }
  }

  /** A VM as the judgement knows it: its display name on one backup server (empty: unnamed). */
  record VmKey(String server, String vm) {
    static VmKey of(CdpTaskSession session) {
      return new VmKey(
          session.backupServerLink().flatMap(Link::name).orElse(""), session.vmDisplayName());
    }
  }

  /** The newer of two sessions; the first on a tie, as the judgement keeps it. */
  static CdpTaskSession newer(CdpTaskSession a, CdpTaskSession b) {
    return b.creationTime().isAfter(a.creationTime()) ? b : a;
  }
}
