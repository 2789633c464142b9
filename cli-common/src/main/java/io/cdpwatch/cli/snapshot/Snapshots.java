package io.cdpwatch.cli.snapshot;

import io.cdpwatch.core.port.in.CdpReport;
import io.cdpwatch.core.port.in.Selection;
import io.cdpwatch.core.port.out.CdpSessionSource;
import io.cdpwatch.core.port.out.CdpSourceException;
import io.cdpwatch.core.service.CdpHealthService;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One fetch, many checks: a run judges its selection from a snapshot younger than the maximum age;
 * otherwise it takes the refresh lock, reads every policy and VM from EM through a {@link
 * RecordingSource}, stores that, and judges from it. A run that finds another refreshing waits for
 * it and uses its snapshot. What a snapshot cannot answer ({@link SnapshotSource.Miss}) is read
 * from EM by that run alone.
 */
public final class Snapshots {

  private static final Logger LOG = LoggerFactory.getLogger(Snapshots.class);

  /**
   * Failures of reaching EM at all: a direct read of a narrower selection fails the same way, so
   * the run says them instead of trying again.
   */
  private static final Set<CdpSourceException.Kind> UNREACHABLE =
      Set.of(
          CdpSourceException.Kind.AUTHENTICATION,
          CdpSourceException.Kind.TLS,
          CdpSourceException.Kind.CONNECTION,
          CdpSourceException.Kind.TIMEOUT,
          CdpSourceException.Kind.UNSUPPORTED,
          CdpSourceException.Kind.CONFIGURATION);

  private Snapshots() {}

  /** Runs {@code body} with a source opened on EM, and closes (logs off) that source after. */
  @FunctionalInterface
  public interface WithEm {
    CdpReport apply(Function<CdpSessionSource, CdpReport> body);
  }

  /**
   * The report {@code judge} makes of the snapshot in {@code store} when it is at most {@code
   * maxAge} old (by {@code clock}), else of a fresh one read through {@code withEm}.
   *
   * @param wait how long to wait for another run's refresh: the run's own timeout
   * @throws CdpSourceException as reading EM does, and of kind TIMEOUT when another run held the
   *     refresh lock for all of {@code wait}
   */
  public static CdpReport judge(
      SnapshotStore store,
      Duration maxAge,
      Duration wait,
      Clock clock,
      Function<CdpSessionSource, CdpReport> judge,
      WithEm withEm) {
    SnapshotStore.Found found = store.read();
    Optional<CdpReport> served = fromFresh(found, clock.instant(), maxAge, judge, withEm);
    if (served.isPresent()) {
      return served.get();
    }
    String why = describe(found, clock.instant());
    Optional<SnapshotStore.Lock> lock;
    try {
      lock = store.lock(wait);
    } catch (IOException e) {
      LOG.warn("snapshot lock beside {} not usable ({}); reading EM", store.file(), e.getMessage());
      return withEm.apply(judge);
    }
    if (lock.isEmpty()) {
      throw new CdpSourceException(
          CdpSourceException.Kind.TIMEOUT,
          ("another check was refreshing the snapshot of EM (%s) and did not finish within the"
                  + " %ds timeout (-t)")
              .formatted(store.file(), wait.toSeconds()));
    }
    try (SnapshotStore.Lock held = lock.get()) {
      // Another run may have refreshed it while this one waited.
      served = fromFresh(store.read(), clock.instant(), maxAge, judge, withEm);
      if (served.isPresent()) {
        return served.get();
      }
      return withEm.apply(em -> refresh(store, em, why, clock, maxAge, judge));
    }
  }

  private static Optional<CdpReport> fromFresh(
      SnapshotStore.Found found,
      Instant now,
      Duration maxAge,
      Function<CdpSessionSource, CdpReport> judge,
      WithEm withEm) {
    if (!(found instanceof SnapshotStore.Found.Read read)) {
      return Optional.empty();
    }
    Duration age = Duration.between(read.snapshot().takenAt(), now);
    if (age.isNegative() || age.compareTo(maxAge) > 0) {
      return Optional.empty();
    }
    try {
      CdpReport report = judge.apply(new SnapshotSource(read.snapshot()));
      LOG.info("snapshot of {} s ago used", age.toSeconds());
      ArchiveHint.snapshotFresh(read.snapshot().takenAt().plus(maxAge), now, false);
      return Optional.of(report);
    } catch (SnapshotSource.Miss miss) {
      LOG.info(
          "snapshot of {} s ago cannot answer this selection ({}); reading EM for this run",
          age.toSeconds(),
          miss.getMessage());
      return Optional.of(withEm.apply(judge));
    }
  }

  private static String describe(SnapshotStore.Found found, Instant now) {
    if (found instanceof SnapshotStore.Found.Refused refused) {
      return "snapshot ignored (" + refused.why() + ")";
    }
    if (found instanceof SnapshotStore.Found.Read read) {
      Duration age = Duration.between(read.snapshot().takenAt(), now);
      return age.isNegative()
          ? "snapshot from the future (" + -age.toSeconds() + " s ahead) ignored"
          : "snapshot stale (" + age.toSeconds() + " s)";
    }
    return "no snapshot";
  }

  private static CdpReport refresh(
      SnapshotStore store,
      CdpSessionSource em,
      String why,
      Clock clock,
      Duration maxAge,
      Function<CdpSessionSource, CdpReport> judge) {
    RecordingSource recorder = new RecordingSource(em);
    Instant takenAt = clock.instant();
    Selection everything =
        Selection.builder().lookback(store.key().lookback()).allowEmpty(true).build();
    try {
      new CdpHealthService(recorder, clock).evaluate(everything);
    } catch (CdpSourceException e) {
      if (UNREACHABLE.contains(e.kind())) {
        throw e;
      }
      LOG.info(
          "{}; reading every policy and VM failed ({}), so this run reads its own selection",
          why,
          e.getMessage());
      return judge.apply(em);
    }
    Snapshot snapshot = recorder.snapshot(store.key(), takenAt);
    try {
      store.write(snapshot);
      LOG.info("{}, refreshed", why);
      ArchiveHint.snapshotFresh(takenAt.plus(maxAge), clock.instant(), true);
    } catch (IOException | RuntimeException e) {
      LOG.warn("{}; cannot write the snapshot {}: {}", why, store.file(), e.toString());
    }
    try {
      return judge.apply(new SnapshotSource(snapshot));
    } catch (SnapshotSource.Miss miss) {
      LOG.info("the snapshot cannot answer this selection ({}); reading EM", miss.getMessage());
      return judge.apply(em);
    }
  }
}
