package io.cdpwatch.cli;

import io.cdpwatch.core.check.Durations;
import io.cdpwatch.core.port.in.CdpReport;
import io.cdpwatch.core.port.in.Selection;
import io.cdpwatch.core.port.out.CdpSessionSource;
import io.cdpwatch.core.port.out.CdpSourceException;
import io.cdpwatch.core.service.CdpHealthService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The judgement both commands run for a parsed command line: read the password, open EM, judge, log
 * off. Either a report, or the one-line reason there is none; never an exception.
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

  /** Runs the judgement of {@code parsed} (an {@link CommandLine.Action#CHECK}). */
  public static Evaluation run(
      String command,
      CommandLine.Parsed parsed,
      Map<String, String> environment,
      Clock clock,
      SourceOpener opener) {
    char[] password = null;
    try {
      password =
          parsed.connection().replay().isPresent()
              ? new char[0]
              : Passwords.read(parsed.connection().passwordFile(), environment);
      long started = System.nanoTime();
      CdpSessionSource source = opener.open(parsed.connection(), password, clock);
      CdpReport report;
      try {
        CdpHealthService service = new CdpHealthService(source, clock, parsed.certificateWarning());
        report =
            parsed
                .thresholds()
                .map(given -> service.evaluate(parsed.selection(), given))
                .orElseGet(() -> service.evaluate(parsed.selection()));
      } finally {
        close(source);
      }
      LOG.info(
          "EM {} as {}: judged {} VMs and {} policies in {} ms (timeout {}s)",
          parsed.connection().baseUrl(),
          parsed.connection().username(),
          report.vms().size(),
          report.policies().size(),
          (System.nanoTime() - started) / 1_000_000,
          parsed.connection().timeout().toSeconds());
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
