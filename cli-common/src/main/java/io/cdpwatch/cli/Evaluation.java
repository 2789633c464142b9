package io.cdpwatch.cli;

import io.cdpwatch.cli.snapshot.ArchiveHint;
import io.cdpwatch.cli.snapshot.Snapshot;
import io.cdpwatch.cli.snapshot.SnapshotStore;
import io.cdpwatch.cli.snapshot.Snapshots;
import io.cdpwatch.core.check.Durations;
import io.cdpwatch.core.port.in.CdpReport;
import io.cdpwatch.core.port.in.Selection;
import io.cdpwatch.core.port.out.CdpSessionSource;
import io.cdpwatch.core.port.out.CdpSourceException;
import io.cdpwatch.core.service.CdpHealthService;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The judgement both commands run for a parsed command line: read the password, judge from a young
 * enough snapshot of EM or open EM (and log off). Either a report, or the one-line reason there is
 * none; never an exception.
 */
public final class Evaluation {

  private static final Logger LOG = LoggerFactory.getLogger(Evaluation.class);

  private final Optional<CdpReport> report;
  private final String failure;

  private Evaluation(Optional<CdpReport> report, String failure) {
    this.report = report;
    this.failure = failure;
  }

  /** The report; empty when the run failed ({@link #failure()} says why). */
  public Optional<CdpReport> report() {
    return report;
  }

  /** Why there is no report: one line, with what to do. */
  public String failure() {
    return failure;
  }

  /**
   * Runs the judgement of {@code parsed} (an {@link CommandLine.Action#CHECK}): from a snapshot of
   * EM when one is young enough ({@code --snapshot-max-age}), else from EM.
   */
  public static Evaluation run(
      String command,
      CommandLine.Parsed parsed,
      Map<String, String> environment,
      Clock clock,
      SourceOpener opener) {
    char[] password = null;
    boolean[] readEm = {false};
    try {
      ConnectionOptions connection = parsed.connection();
      password =
          connection.replay().isPresent()
              ? new char[0]
              : Passwords.read(
                  connection.passwordFile(), connection.allowReadablePasswordFile(), environment);
      char[] secret = password;
      long started = System.nanoTime();
      Function<CdpSessionSource, CdpReport> judge =
          source -> {
            CdpHealthService service =
                new CdpHealthService(source, clock, parsed.certificateWarning());
            return parsed
                .thresholds()
                .map(given -> service.evaluate(parsed.selection(), given))
                .orElseGet(() -> service.evaluate(parsed.selection()));
          };
      Snapshots.WithEm withEm =
          body -> {
            readEm[0] = true;
            CdpSessionSource source = opener.open(connection, secret, clock);
            try {
              return body.apply(source);
            } finally {
              close(source);
            }
          };
      Optional<SnapshotStore> snapshots = snapshotStore(parsed, opener, secret);
      CdpReport report =
          snapshots.isPresent()
              ? Snapshots.judge(
                  snapshots.get(),
                  connection.snapshotMaxAge(),
                  connection.timeout(),
                  clock,
                  judge,
                  withEm)
              : withEm.apply(judge);
      LOG.info(
          "EM {} as {}: judged {} VMs and {} policies in {} ms (timeout {}s)",
          connection.baseUrl(),
          connection.username(),
          report.vms().size(),
          report.policies().size(),
          (System.nanoTime() - started) / 1_000_000,
          connection.timeout().toSeconds());
      ArchiveHint.went(
          readEm[0] ? Optional.of(connection.baseUrl().getScheme()) : Optional.empty());
      if (report.isEmpty() && !parsed.selection().allowEmpty()) {
        return new Evaluation(Optional.empty(), nothingVisible(parsed));
      }
      return new Evaluation(Optional.of(report), "");
    } catch (CdpSourceException e) {
      LOG.debug("{} failed", command, e);
      return new Evaluation(Optional.empty(), e.getMessage());
    } catch (RuntimeException | Error e) {
      LOG.trace("internal error", e);
      return new Evaluation(
          Optional.empty(),
          "internal error in %s: run it with -vvv to see the trace on stderr and please report it"
              .formatted(command));
    } finally {
      if (password != null) {
        Arrays.fill(password, '\0');
      }
    }
  }

  /**
   * Where this run's snapshot lives; empty when it reads EM directly: {@code --snapshot-max-age 0},
   * one task session, {@code --dump} or {@code --replay}, or no cache directory (among them {@code
   * --no-session-cache}).
   */
  private static Optional<SnapshotStore> snapshotStore(
      CommandLine.Parsed parsed, SourceOpener opener, char[] password) {
    ConnectionOptions connection = parsed.connection();
    String direct =
        connection.snapshotMaxAge().isZero()
            ? "--snapshot-max-age 0"
            : parsed.selection().taskSession().isPresent()
                ? "--task-session"
                : connection.dump().isPresent()
                    ? "--dump"
                    : connection.replay().isPresent() ? "--replay" : "";
    if (!direct.isEmpty()) {
      LOG.info("no snapshot ({}): reading EM", direct);
      return Optional.empty();
    }
    Optional<Path> directory = opener.cacheDirectory(connection);
    if (directory.isEmpty()) {
      LOG.info("no snapshot (no cache directory): reading EM");
      return Optional.empty();
    }
    String baseUrl = connection.baseUrl().toString();
    try {
      Snapshot.Key key =
          new Snapshot.Key(
              baseUrl,
              connection.username(),
              EmSources.accountKey(directory.get(), connection, password),
              parsed.selection().lookback());
      return Optional.of(SnapshotStore.in(directory.get(), key));
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "no snapshot: the cache directory {} is not usable ({}); reading EM",
          directory.get(),
          e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Nothing at all to judge: far more often an account without the EM role that sees CDP (EM
   * answers such an account with empty lists, not 403) than an estate without CDP.
   */
  private static String nothingVisible(CommandLine.Parsed parsed) {
    Selection selection = parsed.selection();
    String account = parsed.connection().username();
    if (!selection.narrows()) {
      return ("no CDP policy is visible to '%s': check its Enterprise Manager role (Portal"
              + " Administrator sees every CDP policy); for an estate without CDP give --allow-empty")
          .formatted(account);
    }
    return ("no CDP policy or task session in the last %s for %s is visible to '%s': check the"
            + " selection and the account's Enterprise Manager role, or give --allow-empty")
        .formatted(Durations.format(selection.lookback()), describe(selection), account);
  }

  /**
   * What a selection narrows to, e.g. "policy CDP Gold, backup server bs01"; empty when nothing.
   */
  public static String describe(Selection selection) {
    List<String> parts = new ArrayList<>();
    if (!selection.policies().isEmpty()) {
      parts.add("policy " + String.join(", ", selection.policies()));
    }
    selection.backupServer().ifPresent(server -> parts.add("backup server " + server));
    if (selection.narrowsVms()) {
      parts.add("the selected VMs");
    }
    return String.join(", ", parts);
  }

  private static void close(CdpSessionSource source) {
    if (source instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.warn("logging off from EM failed: {}", e.getMessage());
      }
    }
  }
}
