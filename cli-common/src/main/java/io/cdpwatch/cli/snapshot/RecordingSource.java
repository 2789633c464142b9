package io.cdpwatch.cli.snapshot;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Passes every read through to EM and keeps what a {@link Snapshot} needs of it: for a task-session
 * query the newest session per VM only (the judgement keeps no more, and filtering by VM name or
 * backup server commutes with it). Queries that name a backup server are passed on unrecorded: a
 * snapshot answers from queries of every server.
 */
final class RecordingSource implements CdpSessionSource {

  private final CdpSessionSource em;
  private final List<Snapshot.Read<CdpPolicySession>> policySessions = new ArrayList<>();
  private final List<Snapshot.Read<CdpTaskSession>> taskSessions = new ArrayList<>();
  private final Map<String, Optional<CdpPolicySession>> followed = new HashMap<>();
  private Optional<Snapshot.Policies> policies = Optional.empty();

  RecordingSource(CdpSessionSource em) {
    this.em = em;
  }

  /** What was read, as the snapshot {@code key} taken at {@code takenAt}. */
  Snapshot snapshot(Snapshot.Key key, Instant takenAt) {
    return new Snapshot(
        key,
        takenAt,
        policySessions,
        policies,
        taskSessions,
        followed,
        em.certificateExpiry(),
        em.clockOffset());
  }

  @Override
  public void taskSessions(TaskSessionQuery query, Consumer<? super CdpTaskSession> sink) {
    if (query.backupServer().isPresent()) {
      em.taskSessions(query, sink);
      return;
    }
    Map<SnapshotSource.VmKey, CdpTaskSession> newest = new LinkedHashMap<>();
    em.taskSessions(
        query,
        session -> {
          newest.merge(SnapshotSource.VmKey.of(session), session, SnapshotSource::newer);
          sink.accept(session);
        });
    taskSessions.add(
        new Snapshot.Read<>(query.createdSince(), query.vmNames(), List.copyOf(newest.values())));
  }

  @Override
  public void policySessions(PolicySessionQuery query, Consumer<? super CdpPolicySession> sink) {
    if (query.backupServer().isPresent()) {
      em.policySessions(query, sink);
      return;
    }
    List<CdpPolicySession> read = new ArrayList<>();
    em.policySessions(
        query,
        session -> {
          read.add(session);
          sink.accept(session);
        });
    policySessions.add(new Snapshot.Read<>(query.createdSince(), query.policyNames(), read));
  }

  @Override
  public void policies(PolicyQuery query, Consumer<? super CdpPolicy> sink) {
    boolean all = query.policyNames().isEmpty() && query.backupServer().isEmpty();
    List<CdpPolicy> read = new ArrayList<>();
    try {
      em.policies(
          query,
          policy -> {
            read.add(policy);
            sink.accept(policy);
          });
    } catch (CdpSourceException e) {
      if (all) {
        policies =
            Optional.of(
                new Snapshot.Policies(
                    List.of(), Optional.of(new Snapshot.Refusal(e.kind(), e.getMessage()))));
      }
      throw e;
    }
    if (all) {
      policies = Optional.of(new Snapshot.Policies(read, Optional.empty()));
    }
  }

  @Override
  public Optional<CdpTaskSession> taskSession(Uid id) {
    return em.taskSession(id);
  }

  @Override
  public Optional<Resource> follow(Link link) {
    Optional<Resource> resource = em.follow(link);
    followed.put(
        link.href(),
        resource.filter(CdpPolicySession.class::isInstance).map(CdpPolicySession.class::cast));
    return resource;
  }

  @Override
  public Optional<Instant> certificateExpiry() {
    return em.certificateExpiry();
  }

  @Override
  public Optional<Duration> clockOffset() {
    return em.clockOffset();
  }
}
